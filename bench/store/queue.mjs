// pg-boss 10.4.2 against the store's own kind of queue (a table taken with FOR UPDATE SKIP LOCKED),
// on one engine, in one process: first start, jobs per second for enqueue + fetch + complete (one
// job at a time, as a step enqueues an effect and a worker takes and settles it), and
// deduplication by key. pg-boss is a devDependency used by this benchmark only. A first start is
// the queue's own setup (pg-boss's start(): its schema and migrations; the table's CREATE) on a
// database already open, so PGlite's own start is not counted for either.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@causality/runtime";
import PgBoss from "pg-boss";

const JOBS = 300;
const payload = (i) => ({
  instance: `i${i}`,
  node: "transfer",
  type: "token.transfer",
  params: { amount: i },
});

/** pg-boss on PGlite goes through its `db` option: SQL with parameters as one statement, without as a script. */
async function pgliteAdapter(dataDir) {
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create({ dataDir });
  return {
    db,
    adapter: {
      executeSql: async (text, values) => {
        if (values && values.length > 0) return db.query(text, values);
        const results = await db.exec(text);
        return results.at(-1) ?? { rows: [] };
      },
    },
  };
}

async function bossRun(engine, url, dir) {
  const schema = `pgboss_bench_${process.pid}`;
  const pglite = engine === "pglite" ? await pgliteAdapter(join(dir, "boss")) : undefined;
  const t0 = performance.now();
  const boss = new PgBoss({
    ...(pglite ? { db: pglite.adapter } : { connectionString: url, max: 4 }),
    schema,
    supervise: false,
    schedule: false,
  });
  boss.on("error", () => undefined);
  await boss.start();
  const startMs = performance.now() - t0;
  await boss.createQueue("bench");
  const t1 = performance.now();
  for (let i = 0; i < JOBS; i++) {
    await boss.send("bench", payload(i));
    const [job] = await boss.fetch("bench", { batchSize: 1 });
    await boss.complete("bench", job.id);
  }
  const rate = (JOBS / (performance.now() - t1)) * 1000;
  // Dedup: singletonKey alone (a standard queue) keeps both; a "short" queue keeps one queued per key.
  await boss.createQueue("dedup-standard");
  await boss.createQueue("dedup-short", { policy: "short" });
  const kept = {};
  for (const q of ["dedup-standard", "dedup-short"]) {
    for (let i = 0; i < 2; i++) await boss.send(q, payload(0), { singletonKey: "effect-1" });
    kept[q] = (await boss.fetch(q, { batchSize: 10 })).length;
  }
  await boss.stop({ graceful: false, wait: true });
  if (pglite) await pglite.db.close();
  else {
    const db = await openDatabase(url);
    await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.close();
  }
  return { startMs, rate, kept };
}

async function tableRun(engine, url, dir) {
  const schema = `queue_bench_${process.pid}`;
  const db = await openDatabase(engine === "pglite" ? join(dir, "table") : url);
  const t0 = performance.now();
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema};
    CREATE TABLE ${schema}.q (key text PRIMARY KEY, entry jsonb NOT NULL, locked_until timestamptz,
      enqueued_at timestamptz NOT NULL DEFAULT clock_timestamp());
    CREATE INDEX ON ${schema}.q (enqueued_at)`);
  const startMs = performance.now() - t0;
  const enqueue = (key, entry) =>
    db.prepared(`INSERT INTO ${schema}.q (key, entry) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO NOTHING`, [
      key,
      JSON.stringify(entry),
    ]);
  const fetch = () =>
    db.prepared(
      `UPDATE ${schema}.q SET locked_until = now() + interval '30 seconds' WHERE key = (
         SELECT key FROM ${schema}.q WHERE locked_until IS NULL OR locked_until < now()
         ORDER BY enqueued_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING key, entry`,
      [],
    );
  const t1 = performance.now();
  for (let i = 0; i < JOBS; i++) {
    await enqueue(`k${i}`, payload(i));
    const { rows } = await fetch();
    await db.prepared(`DELETE FROM ${schema}.q WHERE key = $1`, [rows[0].key]);
  }
  const rate = (JOBS / (performance.now() - t1)) * 1000;
  for (let i = 0; i < 2; i++) await enqueue("effect-1", payload(0));
  const kept = (await db.query(`SELECT count(*)::int AS n FROM ${schema}.q`)).rows[0].n;
  await db.exec(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
  return { startMs, rate, kept };
}

/** Both queues on one engine ("pglite": fresh data directories; "server": DATABASE_URL). */
export async function compareQueues(engine, url) {
  const dir = mkdtempSync(join(tmpdir(), "causality-queue-"));
  try {
    const boss = await bossRun(engine, url, dir);
    const table = await tableRun(engine, url, dir);
    const first = engine === "pglite" ? "first start on a fresh database" : "first start (new schema)";
    console.log(
      `queue on ${engine}: SKIP LOCKED table ${table.rate.toFixed(0)} jobs/s (enqueue+fetch+complete), pg-boss 10.4.2 ${boss.rate.toFixed(0)} jobs/s; ` +
        `table ${(table.rate / boss.rate).toFixed(2)}x pg-boss`,
    );
    console.log(
      `queue on ${engine}: ${first}: table ${table.startMs.toFixed(0)} ms, pg-boss ${boss.startMs.toFixed(0)} ms; ` +
        `two sends with one key keep: table ${table.kept}, pg-boss standard queue ${boss.kept["dedup-standard"]}, pg-boss "short" queue ${boss.kept["dedup-short"]}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
