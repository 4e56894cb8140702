/**
 * Opening a store migrates only what is missing, and an up-to-date schema is opened with one read:
 * no transaction, no advisory lock, no DDL. The statements are those the database was sent.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS } from "./migrations.js";
import { PgStore } from "./pg-store.js";
import { openDatabase, type SqlDatabase } from "./sql.js";

let db: SqlDatabase;
beforeAll(async () => {
  db = await openDatabase("memory");
}, 600_000);
afterAll(() => db?.close());

/** `db`, recording the statements sent outside and inside transactions. */
function recording(): { db: SqlDatabase; sent: string[]; transactions: number } {
  const log = { sent: [] as string[], transactions: 0 };
  const recorded: SqlDatabase = {
    ...db,
    query: (text, params) => {
      log.sent.push(text);
      return db.query(text, params);
    },
    transaction: (work) => {
      log.transactions++;
      return db.transaction((c) =>
        work({
          query: (text, params) => {
            log.sent.push(text);
            return c.query(text, params);
          },
        }),
      );
    },
  };
  return Object.assign(log, { db: recorded });
}

const schema = () => `m_${randomBytes(5).toString("hex")}`;
const versions = async (s: string) =>
  (await db.query<{ version: number }>(`SELECT version FROM ${s}.migrations ORDER BY version`)).rows.map(
    (r) => r.version,
  );

describe("opening a store", () => {
  it("migrates a new schema in one transaction, under the advisory lock", async () => {
    const s = schema();
    const r = recording();
    await PgStore.on(r.db, s);
    expect(r.transactions).toBe(1);
    expect(r.sent.some((t) => t.includes("pg_advisory_xact_lock"))).toBe(true);
    expect(await versions(s)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it("opens an up-to-date schema with one read: no transaction, no lock, no DDL", async () => {
    const s = schema();
    await PgStore.on(db, s);
    const r = recording();
    await PgStore.on(r.db, s);
    expect(r.transactions).toBe(0);
    expect(r.sent).toEqual([`SELECT version FROM ${s}.migrations`]);
  });

  it("applies a migration a schema lacks, and only that one", async () => {
    const s = schema();
    await PgStore.on(db, s);
    const last = MIGRATIONS[MIGRATIONS.length - 1];
    if (!last) throw new Error("no migrations");
    // Undo the last migration as a store of the release before it has it (version 2: a column, two indexes).
    expect(last.version).toBe(2);
    await db.exec(`
      ALTER TABLE ${s}.journal DROP COLUMN placement;
      DROP INDEX ${s}.instances_by_change;
      DROP INDEX ${s}.effects_by_key_pattern;
      DELETE FROM ${s}.migrations WHERE version = 2;
    `);
    const r = recording();
    await PgStore.on(r.db, s);
    expect(r.transactions).toBe(1);
    expect(r.sent.filter((t) => /^\s*(CREATE|ALTER)\b/.test(t) && !t.includes("IF NOT EXISTS"))).toHaveLength(
      last.sql.split(";").filter((t) => t.trim()).length,
    );
    expect(await versions(s)).toEqual(MIGRATIONS.map((m) => m.version));
    const column = await db.query(
      "SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'journal' AND column_name = 'placement'",
      [s],
    );
    expect(column.rows).toHaveLength(1);
  });
});
