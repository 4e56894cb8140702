/**
 * A fresh PGlite data directory without running initdb each time: initdb in WebAssembly takes
 * seconds, opening an initialised directory a fraction of that. The first fresh directory on a
 * machine runs initdb once into a template (a cluster holding only what `initialise` wrote, the
 * store's empty tables, shut down cleanly; kept small, since every fresh directory copies it);
 * every fresh directory after it starts as a copy of that template, and a database in memory with
 * the template's files written into PGlite's in-memory file system. The template is keyed by
 * the PGlite version, since its files are that version's, and by how it is made (FORMAT); set
 * CAUSALITY_PGLITE_TEMPLATE to put it elsewhere (or to "off" to run initdb every time).
 */
import {
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { copyFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { PGlite, PGliteOptions } from "@electric-sql/pglite";
import { readControlFile } from "./pg-control.js";
import { type PgliteStart, startParams } from "./pglite-start.js";

/** Raised when templates are made differently, so that one made the old way is not reused. */
// 5: made with the start's connection sizes, which pg_control records (a copy started with other
// sizes would log the change at its first start).
const FORMAT = 5;

/** What a new template gets written into it before it is shut down (the store's tables). */
export type Initialise = (db: PGlite) => Promise<unknown>;

/**
 * 1MB WAL segments instead of 16MB: a fresh directory copies the template's pg_wal, and a store's
 * transactions are small (max_wal_size still bounds the WAL between checkpoints, not the segment size).
 */
const INITDB_PARAMS = ["--wal-segsize=1"];

/** Where the template for the installed PGlite lives, or undefined when templates are off. */
export function templateDir(): string | undefined {
  const chosen = process.env.CAUSALITY_PGLITE_TEMPLATE;
  if (chosen === "off") return undefined;
  if (chosen) return chosen;
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
  return join(cache, "causality", `pglite-${pgliteVersion()}-${FORMAT}`);
}

function pgliteVersion(): string {
  // The package's exports hide its package.json: read it next to the resolved entry (dist/...).
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  let dir = dirname(entry);
  for (let i = 0; i < 4 && !existsSync(join(dir, "package.json")); i++) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/** True when `dataDir` holds no cluster yet (missing or empty). */
export function isFresh(dataDir: string): boolean {
  return !existsSync(dataDir) || readdirSync(dataDir).length === 0;
}

/**
 * The template's directory, made first if there is none; undefined when templates are off or one
 * could not be made (the caller then lets PGlite run initdb).
 */
async function ensureTemplate(
  start: () => Promise<PgliteStart>,
  initialise?: Initialise,
): Promise<string | undefined> {
  const template = templateDir();
  if (!template) return undefined;
  try {
    if (!existsSync(join(template, "PG_VERSION"))) await makeTemplate(template, await start(), initialise);
    return template;
  } catch {
    return undefined;
  }
}

/** The template's directory when it is there already. */
function readyTemplate(): string | undefined {
  const template = templateDir();
  return template && existsSync(join(template, "PG_VERSION")) ? template : undefined;
}

/**
 * A PGlite file system for the fresh `dataDir` that is being filled from the template while PGlite
 * loads: the files are copied on libuv's threads while this thread parses PGlite's JavaScript and
 * sets up its WebAssembly, and PGlite waits for them (its initial sync) only before PostgreSQL
 * starts. A copy that fails leaves `dataDir` empty: PGlite then runs initdb in it, as without a
 * template. Returns the file system and the template, or undefined when there is no template (and
 * none could be made).
 */
export async function seedingFromTemplate(
  dataDir: string,
  start: () => Promise<PgliteStart>,
  initialise?: Initialise,
): Promise<{ fs: NonNullable<PGliteOptions["fs"]>; template: string } | undefined> {
  // With the template there, the copy starts before this first waits (before PGlite's files are read).
  const template = readyTemplate() ?? (await ensureTemplate(start, initialise));
  if (!template) return undefined;
  const copied = copyTree(template, dataDir).catch(() => {
    for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true });
  });
  const { NodeFS } = await import("@electric-sql/pglite/nodefs");
  class Seeded extends NodeFS {
    override async initialSyncFs(): Promise<void> {
      await copied;
    }
  }
  return { fs: new Seeded(dataDir), template };
}

/** Copies the tree `from` into `to`: the directories first, then the files, several at a time. */
async function copyTree(from: string, to: string): Promise<void> {
  const { dirs, files } = listTree(from);
  mkdirSync(to, { recursive: true });
  for (const dir of dirs) mkdirSync(join(to, dir));
  let next = 0;
  const copier = async () => {
    for (let file = files[next++]; file !== undefined; file = files[next++])
      await copyFile(join(from, file), join(to, file), constants.COPYFILE_FICLONE);
  };
  // As many as libuv's default thread pool has threads.
  await Promise.all(Array.from({ length: 4 }, copier));
}

/** Every directory (parents first) and file under `root`, by their paths relative to it. */
function listTree(root: string): { dirs: string[]; files: string[] } {
  const tree = { dirs: [] as string[], files: [] as string[] };
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        tree.dirs.push(path);
        walk(path);
      } else tree.files.push(path);
    }
  };
  walk("");
  return tree;
}

/** The part of PGlite's Emscripten module that filling its file system uses. */
interface EmscriptenFiles {
  FS: { mkdirTree(path: string): void; writeFile(path: string, data: Uint8Array): void };
  ENV: Record<string, string>;
}

/**
 * A database in memory that starts as a copy of the template: PGlite's in-memory file system with
 * the template's files written into its data directory before PostgreSQL starts. The template was
 * shut down cleanly, so PostgreSQL replays nothing (the dump of a running database that PGlite's
 * loadDataDir takes would be recovered at every start). Returns the file system and the template
 * (for the start: see pglite-relcache.ts), or undefined when templates are off or one could not be made.
 */
export async function templateInMemory(
  start: () => Promise<PgliteStart>,
  initialise?: Initialise,
): Promise<{ fs: NonNullable<PGliteOptions["fs"]>; template: string } | undefined> {
  const template = await ensureTemplate(start, initialise);
  if (!template) return undefined;
  let files: { dirs: string[]; files: [string, Uint8Array][] };
  try {
    files = readTree(template);
  } catch {
    return undefined;
  }
  const { MemoryFS } = await start();
  class TemplateCopy extends MemoryFS {
    override async initialSyncFs(): Promise<void> {
      const mod = this.pg?.Module as unknown as EmscriptenFiles;
      const root = mod.ENV.PGDATA;
      for (const dir of files.dirs) mod.FS.mkdirTree(`${root}/${dir}`);
      for (const [path, data] of files.files) mod.FS.writeFile(`${root}/${path}`, data);
    }
  }
  return { fs: new TemplateCopy(), template };
}

/** Every directory (parents first) and file under `root`, the files read. */
function readTree(root: string): { dirs: string[]; files: [string, Uint8Array][] } {
  const { dirs, files } = listTree(root);
  return { dirs, files: files.map((path): [string, Uint8Array] => [path, readFileSync(join(root, path))]) };
}

/** A name beside `path` for building something that is then renamed into place. */
const aside = (path: string) => `${path}.${process.pid}.${Date.now()}`;

async function makeTemplate(
  template: string,
  { PGlite, options, create }: PgliteStart,
  initialise: Initialise | undefined,
): Promise<void> {
  mkdirSync(dirname(template), { recursive: true });
  // Built aside and renamed into place: a process starting at the same time never sees half a template.
  const building = aside(template);
  try {
    const db = await create({
      ...options,
      startParams: startParams(PGlite),
      dataDir: building,
      initDbStartParams: INITDB_PARAMS,
    });
    try {
      await initialise?.(db);
      await dropTemplateDatabases(db);
    } finally {
      await db.close();
    }
    trimWal(building);
    settle(building, template, join(template, "PG_VERSION"));
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

/**
 * Drops template0 and template1, two thirds of what initdb writes (14 of 22 MB): PGlite runs the one
 * database it opens (postgres) and makes no other from them. (CREATE DATABASE in a store's PGlite
 * then fails for want of template1.)
 */
async function dropTemplateDatabases(db: PGlite): Promise<void> {
  await db.exec("UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')");
  await db.exec("DROP DATABASE template0");
  await db.exec("DROP DATABASE template1");
}

/** The file names of WAL segments: timeline, then the segment number in two halves (8 hex digits each). */
const SEGMENT = /^[0-9A-F]{24}$/;

/**
 * Removes the WAL segments past the end of the WAL of a cluster that was shut down cleanly: spares
 * that PostgreSQL recycled ahead of need (6 of the 7 segments a new template has), which it makes
 * again when it reaches them. Removes nothing unless pg_control says the cluster was shut down (its
 * last record is that checkpoint) and the checkpoint's segment is there. Returns the names removed.
 */
export function trimWal(dataDir: string): string[] {
  const control = readControlFile(dataDir);
  if (!control?.shutDown) return [];
  const { checkpoint } = control;
  const wal = join(dataDir, "pg_wal");
  const segments = readdirSync(wal).filter((name) => SEGMENT.test(name));
  const sizes = new Set(segments.map((name) => statSync(join(wal, name)).size));
  const [size] = sizes;
  // Segment sizes are powers of two from 1MB to 1GB; all of a cluster's are the same.
  if (sizes.size !== 1 || size === undefined || size < 2 ** 20 || size > 2 ** 30 || (size & (size - 1)) !== 0)
    return [];
  const segmentSize = BigInt(size);
  const perId = 2n ** 32n / segmentSize;
  const number = checkpoint / segmentSize;
  const hex = (n: bigint) => n.toString(16).toUpperCase().padStart(8, "0");
  const suffix = (n: bigint) => hex(n / perId) + hex(n % perId);
  const holding = segments.find((name) => name.slice(8) === suffix(number));
  if (!holding) return [];
  // The checkpoint record (well under a kilobyte) may run on into the next segment near the end of its own.
  const last = checkpoint % segmentSize > segmentSize - 65536n ? number + 1n : number;
  const timeline = holding.slice(0, 8);
  const removed = segments.filter((name) => name.startsWith(timeline) && name.slice(8) > suffix(last));
  for (const name of removed) rmSync(join(wal, name));
  return removed;
}

/** Renames `built` to `target`, unless another process put its own there first (`done` exists). */
function settle(built: string, target: string, done: string): void {
  try {
    renameSync(built, target);
  } catch (e) {
    if (!existsSync(done)) throw e;
  }
}
