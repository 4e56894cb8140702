/**
 * What every PGlite start in this process shares, prepared once and while other start work (a
 * template copy) goes on: PGlite's module, its WebAssembly compiled from pglite.wasm (9 MB), the
 * file-system bundle it unpacks at each start (pglite.data); the start parameters; and the class
 * started (PGlite with a cheaper query for its array types).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { MemoryFS, PGlite, PGliteOptions } from "@electric-sql/pglite";
import { relcacheKeeper } from "./pglite-relcache.js";

/**
 * PostgreSQL zeroes its shared buffers at every start, which in WebAssembly took ~580 ms of a
 * ~1.3 s open at the default 128MB. 16MB (2048 pages) holds the store's hot rows and indexes;
 * smaller sizes started no faster (bench/store measures the start and the throughput with it).
 * CAUSALITY_PGLITE_SHARED_BUFFERS sets another size (a large store that wants more cache).
 */
export const SHARED_BUFFERS = "16MB";

/**
 * PGlite runs PostgreSQL in single-user mode: one backend, no WAL senders or replication slots.
 * PostgreSQL sizes its shared memory (process slots, lock tables) for max_connections and those,
 * and sets it up at every start: sized for them, 21MB instead of 24MB, ~45 ms less CPU per start
 * (medians of 10-12 on a loaded machine). 4 connections: more than the 3 reserved for superusers.
 */
export const SINGLE_USER_SIZES = ["max_connections=4", "max_wal_senders=0", "max_replication_slots=0"];

/** PGlite's start parameters with the store's shared_buffers and the sizes above. */
export function startParams(PGlite: { defaultStartParams: readonly string[] }): string[] {
  const size = process.env.CAUSALITY_PGLITE_SHARED_BUFFERS || SHARED_BUFFERS;
  // PGlite reports a value PostgreSQL refuses only as a failed start: say what is wrong here.
  if (!/^[1-9][0-9]*(kB|MB|GB)$/.test(size))
    throw new Error(`CAUSALITY_PGLITE_SHARED_BUFFERS: expected a size such as 16MB or 512kB (got "${size}")`);
  return [
    ...PGlite.defaultStartParams,
    ...SINGLE_USER_SIZES.flatMap((p) => ["-c", p]),
    "-c",
    `shared_buffers=${size}`,
  ];
}

type WasmModule = NonNullable<PGliteOptions["pgliteWasmModule"]>;
/** The global WebAssembly, which this project's TypeScript libraries (ES, Node) do not declare. */
const wasmApi = (
  globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> } }
).WebAssembly;

export type PgliteStartOptions = Pick<PGliteOptions, "pgliteWasmModule" | "fsBundle">;

export interface PgliteStart {
  readonly PGlite: typeof PGlite;
  readonly MemoryFS: typeof MemoryFS;
  readonly options: PgliteStartOptions;
  /**
   * A started PGlite (as PGlite.create), of the class below. `shutDownAs` is a directory whose
   * pg_control says how the cluster about to start was last shut down (its data directory, or the
   * template its files were copied from): a clean shutdown keeps the relation-cache init files.
   */
  create(options: PGliteOptions, shutDownAs?: string): Promise<PGlite>;
}

type PgliteModule = typeof import("@electric-sql/pglite");
type Parser = PgliteModule["types"]["parsers"][number];

/**
 * PGlite, but reading which types have array types (for parsing and serialising their arrays)
 * with one plain scan of pg_type: PGlite's own query joins pg_type to itself with GROUP BY and
 * ORDER BY, and planning that on a just-started, cold catalog took ~0.15 s of each start. An element
 * type names its array type in typarray, so the scan yields the same (element, array) pairs, less
 * the join's row for types without one (typarray 0, which no column has). Sent as a simple query
 * (exec) and filtered here, it cost less than with a WHERE clause through PGlite's query.
 */
function storePglite({ PGlite, types }: PgliteModule): PgliteStart["create"] {
  class StorePglite extends PGlite {
    override async _initArrayTypes(): Promise<void> {
      const [result] = await this.exec("SELECT oid, typarray FROM pg_catalog.pg_type");
      for (const row of result?.rows ?? []) {
        const [oid, typarray] = [Number(row.oid), Number(row.typarray)];
        if (!typarray) continue;
        // Looked up when called, as PGlite's own: a parser set later for the element applies.
        this.serializers[typarray] = (x) => types.arraySerializer(x, this.serializers[oid], typarray);
        this.parsers[typarray] = (x) => types.arrayParser(x, this.parsers[oid] as Parser, typarray);
      }
    }
  }
  return async (options, shutDownAs) => {
    const keeper = shutDownAs === undefined ? undefined : relcacheKeeper(shutDownAs);
    const extensions = keeper ? { ...options.extensions, relcacheKeeper: keeper } : options.extensions;
    // PGlite.create makes a PGlite whatever class it is called on: construct, then wait as it does.
    const db = new StorePglite({ ...options, extensions });
    await db.waitReady;
    return db;
  };
}

let prepared: Promise<PgliteStart> | undefined;

/** PGlite and its start options; the first call starts preparing them, later calls share that. */
export function pgliteStart(): Promise<PgliteStart> {
  prepared ??= prepare();
  return prepared;
}

async function prepare(): Promise<PgliteStart> {
  // Read here, before the first await: the compile then runs on V8's own threads while this
  // thread copies a template (synchronously, which was faster than copying file by file with
  // await on a loaded machine) and parses PGlite's JavaScript.
  let files: { wasm: Promise<WasmModule>; bundle: Blob } | undefined;
  try {
    // The module's own files, next to its resolved entry (dist/index.*).
    const dist = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
    const wasm = wasmApi.compile(readFileSync(join(dist, "pglite.wasm")));
    wasm.catch(() => undefined);
    files = { wasm, bundle: new Blob([readFileSync(join(dist, "pglite.data"))]) };
  } catch {
    // A PGlite whose files moved: it finds and compiles its own, as it would without these options.
  }
  const module = await import("@electric-sql/pglite");
  const { PGlite, MemoryFS } = module;
  const create = storePglite(module);
  const pgliteWasmModule = await files?.wasm.catch(() => undefined);
  if (!files || !pgliteWasmModule) return { PGlite, MemoryFS, create, options: {} };
  return { PGlite, MemoryFS, create, options: { pgliteWasmModule, fsBundle: files.bundle } };
}
