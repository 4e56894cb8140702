/**
 * The stores every store test runs on: memory, PGlite (in memory, one database per test file,
 * a fresh schema per store), and a PostgreSQL server when DATABASE_URL is set.
 * CAUSALITY_TEST_ENGINES (names, comma-separated) keeps some of them: mutation testing runs the
 * orchestrator's tests on the memory store only, where one PGlite start per run would dominate.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { MemoryStore } from "./memory-store.js";
import { PgStore } from "./pg-store.js";
import { openDatabase, type SqlDatabase } from "./sql.js";
import type { Store } from "./store.js";

export type OpenStore = () => Promise<Store>;

const opened: { db: SqlDatabase; schemas: string[] }[] = [];

const warm: (() => Promise<unknown>)[] = [];

function onDatabase(target: string | undefined): OpenStore {
  let db: Promise<{ db: SqlDatabase; schemas: string[] }> | undefined;
  const connect = () =>
    (db ??= openDatabase(target).then((d) => {
      const entry = { db: d, schemas: [] as string[] };
      opened.push(entry);
      return entry;
    }));
  warm.push(connect);
  return async () => {
    const entry = await connect();
    const schema = `t_${randomBytes(6).toString("hex")}`;
    entry.schemas.push(schema);
    return PgStore.on(entry.db, schema);
  };
}

// PGlite's start (WebAssembly, initdb) takes seconds, minutes on a loaded machine: once per file,
// before the tests, with a hook timeout of its own rather than inside the first test's budget.
beforeAll(async () => {
  for (const connect of warm) await connect();
}, 600_000);

afterAll(async () => {
  for (const { db, schemas } of opened.splice(0)) {
    if (db.engine === "server") for (const s of schemas) await db.exec(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await db.close();
  }
});

const only = process.env.CAUSALITY_TEST_ENGINES?.split(",").map((n) => n.trim());
const kept = (name: string) => only === undefined || only.includes(name);

// onDatabase registers its engine for the warm-up: an engine left out is never started.
export const ENGINES: [string, OpenStore][] = [
  ...(kept("memory") ? [["memory", async () => new MemoryStore()] as [string, OpenStore]] : []),
  ...(kept("pglite") ? [["pglite", onDatabase(undefined)] as [string, OpenStore]] : []),
  ...(process.env.DATABASE_URL && kept("postgresql server")
    ? [["postgresql server", onDatabase(process.env.DATABASE_URL)] as [string, OpenStore]]
    : []),
];
