/**
 * The two PostgreSQL engines behind one small interface, so the store's SQL is written once:
 * PGlite (PostgreSQL compiled to WebAssembly, in this process: in memory or in a data directory)
 * and a PostgreSQL server through a `pg` pool (`postgres://...`).
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { PGlite, PGliteOptions } from "@electric-sql/pglite";
import type { Pool, PoolClient } from "pg";
import { pgliteStart, startParams } from "./pglite-start.js";
import { isFresh, seedingFromTemplate, templateInMemory } from "./pglite-template.js";
import { sqlLiteral } from "./sql-literal.js";

export interface SqlClient {
  query<R = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }>;
}

export interface SqlDatabase extends SqlClient {
  /** "pglite" or "server". */
  readonly engine: "pglite" | "server";
  /**
   * A statement run often, outside any transaction: parsed and planned once (per connection), then
   * only executed. Planning a transition's statement costs more than running it, in PGlite most of all.
   */
  prepared<R = Record<string, unknown>>(
    text: string,
    params: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }>;
  /** Runs `work` in one transaction (BEGIN .. COMMIT, ROLLBACK when it throws). */
  transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T>;
  /** Several statements without parameters, in one round trip. */
  exec(text: string): Promise<void>;
  close(): Promise<void>;
}

/** True for a `postgres://` or `postgresql://` address; anything else names a PGlite data directory. */
export function isServerUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//.test(target);
}

export interface OpenOptions {
  /** Connections in a server's pool (default 4). */
  readonly poolSize?: number;
  /**
   * Run once in a new PGlite template (pglite-template.ts): what it writes, every fresh directory
   * and database in memory starts with (the store's tables, so its migrations are already done).
   */
  readonly initialiseTemplate?: (db: Pick<SqlDatabase, "transaction">) => Promise<unknown>;
}

/**
 * Opens `target`: a PostgreSQL URL (a server, with a pool of `poolSize` connections), a data
 * directory for PGlite, or `memory` / undefined for PGlite in memory.
 */
export async function openDatabase(target?: string, options: OpenOptions = {}): Promise<SqlDatabase> {
  if (target !== undefined && isServerUrl(target)) return openServer(target, options.poolSize ?? 4);
  return openPglite(target === undefined || target === "memory" ? undefined : target, options);
}

const pgliteClient = (c: Pick<PGlite, "query">): SqlClient => ({
  query: async <R>(text: string, params: readonly unknown[] = []) => {
    const r = await c.query<R>(text, params as unknown[]);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  },
});

/** Statement shapes kept prepared; a rare shape past these (a wide fork) is planned each time. */
const MAX_PREPARED = 64;

async function openPglite(
  dataDir: string | undefined,
  { initialiseTemplate }: OpenOptions,
): Promise<SqlDatabase> {
  const initialise =
    initialiseTemplate &&
    ((t: PGlite) =>
      initialiseTemplate({ transaction: (work) => t.transaction((tx) => work(pgliteClient(tx))) }));
  // PGlite makes the data directory itself but not its parents.
  if (dataDir !== undefined) mkdirSync(dirname(resolve(dataDir)), { recursive: true });
  // A fresh directory's copy starts first (on libuv's threads), then PGlite's files are read and its
  // WebAssembly compiles (on V8's) while this thread loads PGlite's JavaScript (pglite-start.ts).
  const seeding =
    dataDir !== undefined && isFresh(dataDir)
      ? seedingFromTemplate(dataDir, pgliteStart, initialise)
      : undefined;
  const starting = pgliteStart();
  let where: Pick<PGliteOptions, "dataDir" | "fs"> = { dataDir };
  // The directory whose pg_control tells how the cluster about to start was shut down (pglite-relcache.ts).
  let shutDownAs = dataDir;
  const seeded = await seeding;
  if (seeded) [where, shutDownAs] = [{ fs: seeded.fs }, seeded.template];
  if (dataDir === undefined) {
    const memory = await templateInMemory(pgliteStart, initialise);
    if (memory) [where, shutDownAs] = [{ fs: memory.fs }, memory.template];
  }
  const { PGlite, options, create } = await starting;
  const db: PGlite = await create({ ...options, startParams: startParams(PGlite), ...where }, shutDownAs);
  const wrap = pgliteClient;
  // PGlite's query() parses each statement anew and takes no statement name: its prepared
  // statements are SQL ones (PREPARE once, then EXECUTE with the values as literals).
  // Callers at once share one PREPARE (the map holds it from the moment it is asked for).
  const names = new Map<string, Promise<string>>();
  let made = 0;
  const literal = (v: unknown) => (v === null || v === undefined ? "NULL" : sqlLiteral(String(v)));
  return {
    engine: "pglite",
    ...wrap(db),
    prepared: async <R>(text: string, params: readonly unknown[]) => {
      let name = names.get(text);
      if (name === undefined) {
        if (names.size >= MAX_PREPARED) return wrap(db).query<R>(text, params);
        const chosen = `causality_${++made}`;
        name = db.query(`PREPARE ${chosen} AS ${text}`).then(() => chosen);
        names.set(text, name);
        // A statement that failed to prepare is tried again next time (and fails with its own error).
        name.catch(() => names.delete(text));
      }
      const args = params.length === 0 ? "" : `(${params.map(literal).join(", ")})`;
      // A simple-protocol query: one message to PGlite instead of parse, describe, bind, execute, sync.
      const [r] = await db.exec(`EXECUTE ${await name}${args}`);
      return { rows: (r?.rows ?? []) as R[], rowCount: r?.affectedRows ?? r?.rows.length ?? 0 };
    },
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    exec: async (text) => {
      await db.exec(text);
    },
    close: () => db.close(),
  };
}

async function openServer(url: string, max: number): Promise<SqlDatabase> {
  const pg = (await import("pg")).default;
  const pool: Pool = new pg.Pool({ connectionString: url, max });
  // An idle connection that the server drops must not crash the process.
  pool.on("error", () => undefined);
  const wrap = (c: Pool | PoolClient): SqlClient => ({
    query: async <R>(text: string, params: readonly unknown[] = []) => {
      const r = await c.query(text, params as unknown[]);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
    },
  });
  // pg keeps a named statement per connection and prepares it again on a new one.
  const names = new Map<string, string>();
  return {
    engine: "server",
    ...wrap(pool),
    prepared: async <R>(text: string, params: readonly unknown[]) => {
      let name = names.get(text);
      if (name === undefined && names.size < MAX_PREPARED) {
        name = `causality_${names.size + 1}`;
        names.set(text, name);
      }
      const r = await pool.query({ ...(name ? { name } : {}), text, values: params as unknown[] });
      return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
    },
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(wrap(client));
        await client.query("COMMIT");
        return result;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    exec: async (text) => {
      await pool.query(text);
    },
    close: () => pool.end(),
  };
}
