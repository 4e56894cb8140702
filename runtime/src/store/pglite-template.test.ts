/**
 * The PGlite template that fresh directories copy: what it keeps (the postgres database with the
 * store's tables, the WAL up to its shutdown checkpoint), that a copy writes past that WAL and
 * keeps what it wrote across a reopen, and that WAL is trimmed only from a cluster PostgreSQL shut down. PostgreSQL is
 * the oracle: its catalog and its own reading of pg_control.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS } from "./migrations.js";
import { readControlFile } from "./pg-control.js";
import { PgStore } from "./pg-store.js";
import { templateDir, trimWal } from "./pglite-template.js";
import { openDatabase } from "./sql.js";

const dir = mkdtempSync(join(tmpdir(), "causality-template-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const segments = (data: string) => readdirSync(join(data, "pg_wal")).filter((n) => /^[0-9A-F]{24}$/.test(n));

describe("PGlite template", () => {
  it("holds only the postgres database, migrated, and the WAL up to its shutdown checkpoint", async () => {
    // The machine's template (made by this open if there is none yet), read but not changed here.
    await (await PgStore.open(join(dir, "first"))).close();
    const template = templateDir();
    expect(template && existsSync(join(template, "PG_VERSION"))).toBe(true);
    if (!template) return;
    const copy = join(dir, "copy");
    cpSync(template, copy, { recursive: true });
    const db = await openDatabase(copy);
    try {
      const databases = await db.query<{ datname: string }>(
        "SELECT datname FROM pg_database ORDER BY datname",
      );
      expect(databases.rows.map((r) => r.datname)).toEqual(["postgres"]);
      const migrated = await db.query<{ version: number }>(
        "SELECT version FROM causality.migrations ORDER BY version",
      );
      expect(migrated.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      // PostgreSQL's own reading of the template's last checkpoint: the segment holding it is the
      // first the template kept, and at most the next one (a record running over its end) follows.
      const checkpoint = await db.query<{ segment: string }>(
        "SELECT pg_walfile_name(checkpoint_lsn) AS segment FROM pg_control_checkpoint()",
      );
      const kept = segments(template).sort();
      expect(kept[0]).toBe(checkpoint.rows[0]?.segment);
      expect(kept.length).toBeLessThanOrEqual(2);
    } finally {
      await db.close();
    }
  }, 600_000);

  it("a fresh directory writes past the WAL the template kept, and keeps it across a reopen", async () => {
    const data = join(dir, "fresh");
    const db = await openDatabase(data);
    const before = segments(data);
    await db.query("CREATE TABLE filler (n integer PRIMARY KEY, pad text)");
    // About 3 MB of rows (and more of WAL): past the one or two 1 MB segments the copy started with.
    for (let i = 0; i < 6; i++)
      await db.query(
        `INSERT INTO filler SELECT n, repeat(md5(n::text), 16) FROM generate_series(${i * 1000 + 1}, ${(i + 1) * 1000}) n`,
      );
    await db.close();
    expect(segments(data).length).toBeGreaterThan(before.length);
    const again = await openDatabase(data);
    try {
      const rows = await again.query<{ count: number; sum: number }>(
        "SELECT count(*)::int AS count, sum(length(pad))::int AS sum FROM filler",
      );
      expect(rows.rows[0]).toEqual({ count: 6000, sum: 6000 * 512 });
    } finally {
      await again.close();
    }
  }, 600_000);

  it("trims nothing from a cluster that was not shut down (a copy taken while it ran)", async () => {
    const running = join(dir, "running");
    const db = await openDatabase(running);
    try {
      // More than a segment of WAL since the last checkpoint: segments past its own that replay needs.
      await db.query("CREATE TABLE t (n integer, pad text)");
      await db.query("INSERT INTO t SELECT n, repeat(md5(n::text), 16) FROM generate_series(1, 4000) n");
      const taken = join(dir, "taken");
      cpSync(running, taken, { recursive: true });
      const all = segments(taken);
      expect(all.length).toBeGreaterThan(1);
      expect(trimWal(taken)).toEqual([]);
      expect(segments(taken)).toEqual(all);
    } finally {
      await db.close();
    }
    // Shut down now: the spares past its checkpoint's segment go, the segment PostgreSQL reads stays.
    trimWal(running);
    const remaining = segments(running);
    const again = await openDatabase(running);
    try {
      const rows = await again.query<{ count: number }>("SELECT count(*)::int AS count FROM t");
      expect(rows.rows[0]?.count).toBe(4000);
      const checkpoint = await again.query<{ segment: string }>(
        "SELECT pg_walfile_name(checkpoint_lsn) AS segment FROM pg_control_checkpoint()",
      );
      expect(remaining).toContain(checkpoint.rows[0]?.segment);
    } finally {
      await again.close();
    }
  }, 600_000);

  it("a database in memory starts as the template, with nothing to replay (its last checkpoint is the template's)", async () => {
    const template = templateDir();
    const control = template ? readControlFile(template) : undefined;
    expect(control?.shutDown).toBe(true);
    if (!control) return;
    const db = await openDatabase("memory");
    try {
      // Recovery would end with a checkpoint of its own; PostgreSQL reports the one it started from.
      const checkpoint = await db.query<{ lsn: string }>(
        "SELECT checkpoint_lsn::text AS lsn FROM pg_control_checkpoint()",
      );
      const lsn =
        `${(control.checkpoint >> 32n).toString(16)}/${(control.checkpoint & 0xffffffffn).toString(16)}`.toUpperCase();
      expect(checkpoint.rows[0]?.lsn).toBe(lsn);
      const migrated = await db.query<{ version: number }>(
        "SELECT version FROM causality.migrations ORDER BY version",
      );
      expect(migrated.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      await db.query("CREATE TABLE m (n integer)");
      await db.query("INSERT INTO m VALUES (1)");
      expect((await db.query("SELECT n FROM m")).rows).toEqual([{ n: 1 }]);
    } finally {
      await db.close();
    }
  }, 600_000);
});
