/**
 * PGlite's start options: PGlite's own parameters plus shared_buffers, one compile per process, and
 * the class started, whose array types are PGlite's own (PostgreSQL running PGlite's query is the oracle).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { PgStore } from "./pg-store.js";
import { pgliteStart, startParams } from "./pglite-start.js";

const saved = process.env.CAUSALITY_PGLITE_SHARED_BUFFERS;
afterEach(() => {
  if (saved === undefined) delete process.env.CAUSALITY_PGLITE_SHARED_BUFFERS;
  else process.env.CAUSALITY_PGLITE_SHARED_BUFFERS = saved;
});

describe("PGlite start options", () => {
  it("keep PGlite's parameters, size shared memory for one backend and set shared_buffers (16MB, or the environment's size)", () => {
    delete process.env.CAUSALITY_PGLITE_SHARED_BUFFERS;
    expect(startParams(PGlite)).toEqual([
      ...PGlite.defaultStartParams,
      ...["-c", "max_connections=4", "-c", "max_wal_senders=0", "-c", "max_replication_slots=0"],
      ...["-c", "shared_buffers=16MB"],
    ]);
    process.env.CAUSALITY_PGLITE_SHARED_BUFFERS = "128MB";
    expect(startParams(PGlite).slice(-2)).toEqual(["-c", "shared_buffers=128MB"]);
  });

  it("refuse a size PostgreSQL would not read, saying which variable", () => {
    for (const bad of ["16", "lots", "16 MB", "0MB", "16MB; x"]) {
      process.env.CAUSALITY_PGLITE_SHARED_BUFFERS = bad;
      expect(() => startParams(PGlite)).toThrow(`CAUSALITY_PGLITE_SHARED_BUFFERS: expected a size`);
    }
  });

  it("compile PGlite's WebAssembly once per process and hand the same module to every start", async () => {
    const [a, b] = [await pgliteStart(), await pgliteStart()];
    expect(a.PGlite).toBe(PGlite);
    expect(Object.prototype.toString.call(a.options.pgliteWasmModule)).toBe("[object WebAssembly.Module]");
    expect(b.options.pgliteWasmModule).toBe(a.options.pgliteWasmModule);
    expect(a.options.fsBundle?.size).toBeGreaterThan(1_000_000);
  }, 120_000);

  it("start a PGlite with the start's sizes that knows the array types PGlite's own query finds, and parses and sends arrays", async () => {
    const dir = mkdtempSync(join(tmpdir(), "causality-arrays-"));
    const { PGlite: Base, options, create } = await pgliteStart();
    try {
      // A data directory as a store has it (from the template), then started on its own.
      await (await PgStore.open(join(dir, "db"))).close();
      const setup = await create({ ...options, startParams: startParams(Base), dataDir: join(dir, "db") });
      // Types made by a user: their array types must be found when PGlite starts next.
      await setup.exec(`
        CREATE TYPE pair AS (n integer, s text);
        CREATE TYPE mood AS ENUM ('ok', 'sad');
        CREATE DOMAIN small AS integer CHECK (VALUE < 10);
        CREATE TABLE things (id integer, tags text[]);
      `);
      await setup.close();
      const db = await create({ ...options, startParams: startParams(Base), dataDir: join(dir, "db") });
      try {
        expect(db).toBeInstanceOf(PGlite);
        // PostgreSQL took the start's sizes.
        const sizes = await db.query<{ c: string; w: string; b: string }>(
          "SELECT current_setting('max_connections') AS c, current_setting('max_wal_senders') AS w, current_setting('shared_buffers') AS b",
        );
        expect(sizes.rows[0]).toEqual({ c: "4", w: "0", b: "16MB" });
        const own = await db.query<{ oid: number; typarray: number | null }>(`
          SELECT b.oid, b.typarray
          FROM pg_catalog.pg_type a
          LEFT JOIN pg_catalog.pg_type b ON b.oid = a.typelem
          WHERE a.typcategory = 'A'
          GROUP BY b.oid, b.typarray
          ORDER BY b.oid
        `);
        const arrays = own.rows.filter((r) => r.typarray).map((r) => String(r.typarray));
        expect(arrays.length).toBeGreaterThan(50);
        const names = await db.query<{ typname: string }>(
          `SELECT typname FROM pg_type WHERE oid = ANY('{${arrays.join(",")}}'::oid[]) AND typname IN ('_pair', '_mood', '_things', '_int4')`,
        );
        expect(names.rows.map((r) => r.typname).sort()).toEqual(["_int4", "_mood", "_pair", "_things"]);
        for (const typarray of arrays) {
          expect(db.parsers[typarray], `parser for ${typarray}`).toBeTypeOf("function");
          expect(db.serializers[typarray], `serializer for ${typarray}`).toBeTypeOf("function");
        }
        const read = await db.query(
          `SELECT ARRAY[1, 2]::int4[] AS ints, '{x,"y z",NULL}'::text[] AS texts, ARRAY['ok', 'sad']::mood[] AS moods,
             '{{1.5},{2}}'::float8[] AS nested`,
        );
        expect(read.rows[0]).toEqual({
          ints: [1, 2],
          texts: ["x", "y z", null],
          moods: ["ok", "sad"],
          nested: [[1.5], [2]],
        });
        const sent = await db.query("SELECT $1::int4[] AS ints, $2::text[] AS texts", [
          [3, 4],
          ['a"b', "c,d"],
        ]);
        expect(sent.rows[0]).toEqual({ ints: [3, 4], texts: ['a"b', "c,d"] });
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
