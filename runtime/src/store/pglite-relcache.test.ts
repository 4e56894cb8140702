/**
 * The relation-cache init files through PGlite's start: kept for a directory shut down cleanly
 * (PGlite's own start, the oracle for what PostgreSQL does unaided, rewrites them), rebuilt by
 * PostgreSQL for one that was not, and removed by PostgreSQL as before when a catalog change
 * makes them stale while it runs.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { relcacheKeeper } from "./pglite-relcache.js";
import { pgliteStart, startParams } from "./pglite-start.js";
import { openDatabase } from "./sql.js";

const dir = mkdtempSync(join(tmpdir(), "causality-relcache-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const INIT_FILES = [join("global", "pg_internal.init"), join("base", "5", "pg_internal.init")];
/** Each init file's modification time and bytes (undefined when missing). */
const initFiles = (data: string) =>
  INIT_FILES.map((f) => {
    const path = join(data, f);
    return existsSync(path) ? { mtime: statSync(path).mtimeMs, bytes: readFileSync(path) } : undefined;
  });

/** A started and stopped directory (a copy of the template): shut down cleanly, with its init files. */
async function cluster(name: string): Promise<string> {
  const data = join(dir, name);
  const db = await openDatabase(data);
  await db.query("CREATE TABLE t (n integer)");
  await db.close();
  return data;
}

describe("relation-cache init files", () => {
  it("are kept through the start of a directory shut down cleanly, which PGlite alone rewrites", async () => {
    const data = await cluster("clean");
    const before = initFiles(data);
    expect(before.every((f) => f !== undefined)).toBe(true);
    await new Promise((r) => setTimeout(r, 20)); // a rewrite shows as a later mtime
    const db = await openDatabase(data);
    try {
      expect(initFiles(data)).toEqual(before);
      // The catalogs read through the kept cache: a table, its columns, a new index on it.
      await db.query("INSERT INTO t VALUES (1), (2)");
      await db.query("CREATE INDEX t_n ON t (n)");
      const rows = await db.query<{ n: number }>("SELECT n FROM t WHERE n > 1");
      expect(rows.rows).toEqual([{ n: 2 }]);
    } finally {
      await db.close();
    }
    // PGlite's own class, no keeper: PostgreSQL removes them at start and writes them again.
    const { PGlite, options } = await pgliteStart();
    const kept = initFiles(data);
    await new Promise((r) => setTimeout(r, 20));
    const plain = await PGlite.create({ ...options, startParams: startParams(PGlite), dataDir: data });
    await plain.close();
    const after = initFiles(data);
    for (const [i, f] of after.entries()) expect(f?.mtime).toBeGreaterThan(kept[i]?.mtime ?? Infinity);
  }, 600_000);

  it("are left to PostgreSQL (removed, rebuilt) for a directory copied while it ran", async () => {
    const data = await cluster("running");
    const db = await openDatabase(data);
    try {
      const copy = join(dir, "copy");
      cpSync(data, copy, { recursive: true });
      expect(relcacheKeeper(copy)).toBeUndefined();
      expect(relcacheKeeper(data)).toBeUndefined(); // running now
    } finally {
      await db.close();
    }
    expect(relcacheKeeper(data)).toBeDefined();
    const copy = join(dir, "copy");
    const before = initFiles(copy);
    await new Promise((r) => setTimeout(r, 20));
    const again = await openDatabase(copy);
    try {
      const after = initFiles(copy);
      for (const [i, f] of after.entries()) expect(f?.mtime).toBeGreaterThan(before[i]?.mtime ?? -1);
      expect((await again.query("SELECT count(*)::int AS c FROM t")).rows).toEqual([{ c: 0 }]);
    } finally {
      await again.close();
    }
  }, 600_000);

  it("are still removed by PostgreSQL when a catalog change makes them stale while it runs", async () => {
    const data = await cluster("changed");
    const db = await openDatabase(data);
    try {
      expect(initFiles(data).every((f) => f !== undefined)).toBe(true);
      // A new file for pg_class, a relation the init files describe.
      await db.exec("VACUUM FULL pg_class");
      expect(initFiles(data)).toContain(undefined);
    } finally {
      await db.close();
    }
    const again = await openDatabase(data);
    try {
      const rows = await again.query<{ relname: string }>("SELECT relname FROM pg_class WHERE relname = 't'");
      expect(rows.rows).toEqual([{ relname: "t" }]);
    } finally {
      await again.close();
    }
  }, 600_000);
});
