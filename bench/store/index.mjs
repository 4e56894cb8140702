// Store benchmark (issue 13), ratios measured in one process:
// 1. durable transitions per second on each engine (PGlite in a data directory; the server when
//    DATABASE_URL is set) against that engine's physical floor measured in the same run: a bare
//    loop of one transaction doing one UPDATE and one INSERT of the same sizes as a transition's;
// 2. throughput with 1, 2 and 4 worker processes on the server;
// 3. 10,000 instances in flight on the server: a worker's peak RSS against 100 in flight;
// 4. how long a PGlite store takes to open (start.mjs), and its throughput by shared_buffers.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeStored, Orchestrator, openDatabase, PgStore } from "@causality/runtime";
import { domains, executors, flow } from "../../test/crash/flow.mjs";
import { compareQueues } from "./queue.mjs";
import { startTimes } from "./start.mjs";

const url = process.env.DATABASE_URL;
const input = (i) => ({ sender: `s${i}`, recipient: `r${i}`, amount: 1 + (i % 150) });
const WRITES = new Set(["transition", "enqueued", "completed", "failed"]);

/** Time spent inside SQL, by wrapping the store's database handle. */
function timed(store) {
  const db = store.db;
  const clock = { ns: 0n, statements: 0 };
  const time =
    (f) =>
    async (...args) => {
      const t0 = process.hrtime.bigint();
      clock.statements++;
      try {
        return await f(...args);
      } finally {
        clock.ns += process.hrtime.bigint() - t0;
      }
    };
  const wrap = (c) => ({ query: time((text, params) => c.query(text, params)) });
  store.db = {
    ...wrap(db),
    prepared: time((text, params) => db.prepared(text, params)),
    transaction: (work) => db.transaction((c) => work(wrap(c))),
  };
  return clock;
}

async function durable(target, label, n, rounds = 4) {
  const store = await PgStore.open(target, { schema: `bench_${process.pid}` });
  const o = new Orchestrator({ store, domains, executors: executors("/dev/null"), sleep: async () => {} });
  const ids = [];
  for (let i = 0; i <= n; i++) ids.push((await o.start(flow, input(i))).id);
  // One instance first (warm-up): the sizes of a real transition's writes, the instance row's data and a journal entry.
  const sample = await o.run(ids.shift());
  const entry = (await store.journal(sample.id)).find((j) => j.kind === "transition");
  const dataText = JSON.stringify(encodeStored(sample));
  const stateText = JSON.stringify(encodeStored(entry.state));
  const detailText = JSON.stringify(encodeStored(entry.detail));
  // The floor: one-UPDATE-one-INSERT transactions of those sizes, on the same engine.
  const db = store.db;
  const schema = store.schema;
  await db.query(`CREATE TABLE ${schema}.floor_rows (id text PRIMARY KEY, version integer, data jsonb)`);
  await db.query(
    `CREATE TABLE ${schema}.floor_log (id text, seq integer, state jsonb, detail jsonb, PRIMARY KEY (id, seq))`,
  );
  for (let i = 0; i < 50; i++)
    await db.query(`INSERT INTO ${schema}.floor_rows VALUES ($1, 1, $2::jsonb)`, [`r${i}`, dataText]);
  let seq = 0;
  const floor = async (count) => {
    for (let i = 0; i < count; i++, seq++)
      await db.transaction(async (c) => {
        await c.query(
          `UPDATE ${schema}.floor_rows SET version = version + 1, data = $2::jsonb WHERE id = $1`,
          [`r${seq % 50}`, dataText],
        );
        await c.query(`INSERT INTO ${schema}.floor_log VALUES ($1, $2, $3::jsonb, $4::jsonb)`, [
          `r${seq % 50}`,
          seq,
          stateText,
          detailText,
        ]);
      });
  };
  // Rounds alternate the two, each floor round as many transactions as the durable round before it
  // made: a machine whose load changes during the run weighs on both alike.
  const clock = timed(store);
  let ms = 0;
  let floorMs = 0;
  let transitions = 0;
  let statements = 0;
  let sqlNs = 0n;
  const size = Math.ceil(ids.length / rounds);
  for (let r = 0; r < rounds; r++) {
    const group = ids.slice(r * size, (r + 1) * size);
    [clock.statements, clock.ns] = [0, 0n];
    const t0 = performance.now();
    for (const id of group) await o.run(id);
    ms += performance.now() - t0;
    [statements, sqlNs] = [statements + clock.statements, sqlNs + clock.ns];
    let made = 0;
    for (const id of group) made += (await store.journal(id)).filter((j) => WRITES.has(j.kind)).length;
    transitions += made;
    const f0 = performance.now();
    await floor(made);
    floorMs += performance.now() - f0;
  }
  const rate = (transitions / ms) * 1000;
  const floorRate = (transitions / floorMs) * 1000;
  console.log(
    `${label}: ${rate.toFixed(0)} durable transitions/s (${transitions} in ${ms.toFixed(0)} ms, ${(statements / transitions).toFixed(1)} statements each, ${((Number(sqlNs) / 1e6 / ms) * 100).toFixed(0)}% of the time in SQL); ` +
      `floor ${floorRate.toFixed(0)} tx/s; ratio ${(rate / floorRate).toFixed(2)}x (${rounds} alternating rounds)`,
  );
  await store.db.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
  await store.close();
}

/** k worker processes on one store: the time from "go" to all done, and each one's peak RSS. */
async function workers(target, schema, k, seconds = 0) {
  const children = Array.from({ length: k }, () =>
    spawn(process.execPath, [join(import.meta.dirname, "worker.mjs"), target, schema, String(seconds)], {
      stdio: ["pipe", "pipe", "inherit"],
    }),
  );
  const lines = children.map((c) => {
    c.stdout.setEncoding("utf8");
    let buffer = "";
    const waiters = [];
    c.stdout.on("data", (t) => {
      buffer += t;
      let i = buffer.indexOf("\n");
      while (i >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        waiters.shift()?.(line);
        i = buffer.indexOf("\n");
      }
    });
    return () => new Promise((r) => waiters.push(r));
  });
  await Promise.all(lines.map((next) => next()));
  const t0 = performance.now();
  for (const c of children) c.stdin.write("go\n");
  const done = (await Promise.all(lines.map((next) => next()))).map((l) => l.split(" ").map(Number));
  return {
    ms: performance.now() - t0,
    steps: done.reduce((s, d) => s + d[1], 0),
    rss: done.map((d) => d[2]),
  };
}

async function seed(target, schema, n) {
  const store = await PgStore.open(target, { schema });
  const o = new Orchestrator({ store, domains, executors: executors("/dev/null") });
  for (let i = 0; i < n; i += 50)
    await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, j) => o.start(flow, input(i + j))));
  await store.close();
}

async function dropSchema(target, schema) {
  const db = await openDatabase(target);
  await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.close();
}

/**
 * PGlite's throughput with the store's shared_buffers against PostgreSQL's default (128MB, which
 * costs ~0.6 s of every start): both against the floor, in one process.
 */
async function buffers(dir) {
  for (const size of ["128MB", "16MB"]) {
    process.env.CAUSALITY_PGLITE_SHARED_BUFFERS = size;
    await durable(join(dir, `db-${size}`), `PGlite (data directory), shared_buffers=${size}`, 60);
  }
  delete process.env.CAUSALITY_PGLITE_SHARED_BUFFERS;
}

// `node bench/store/index.mjs [durable] [start] [buffers] [queue] [workers] [inflight]` runs only the parts named (all by default).
const only = process.argv.slice(2);
const part = (name) => only.length === 0 || only.includes(name);
const dir = mkdtempSync(join(tmpdir(), "causality-bench-"));
try {
  if (part("durable")) await durable(join(dir, "db"), "PGlite (data directory)", 60);
  if (part("start")) startTimes(dir);
  if (part("buffers")) await buffers(dir);
  if (part("queue")) await compareQueues("pglite");
  if (!url) console.log("server: skipped (set DATABASE_URL to measure the PostgreSQL server)");
  else {
    if (part("durable")) await durable(url, "PostgreSQL server", 200);
    if (part("queue")) await compareQueues("server", url);
    let one;
    for (const k of part("workers") ? [1, 2, 4] : []) {
      const schema = `bench_w${k}_${process.pid}`;
      await seed(url, schema, 240);
      const r = await workers(url, schema, k);
      const rate = (r.steps / r.ms) * 1000;
      one ??= rate;
      console.log(
        `server, ${k} worker process(es): ${rate.toFixed(0)} steps/s (${r.steps} steps in ${r.ms.toFixed(0)} ms), ${(rate / one).toFixed(2)}x one worker`,
      );
      await dropSchema(url, schema);
    }
    for (const n of part("inflight") ? [100, 10_000] : []) {
      const schema = `bench_f${n}_${process.pid}`;
      await seed(url, schema, n);
      const r = await workers(url, schema, 1, 15);
      console.log(
        `server, ${n} instances in flight: worker peak RSS ${(r.rss[0] / 1024).toFixed(0)} MB over 15 s (${r.steps} steps)`,
      );
      await dropSchema(url, schema);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
