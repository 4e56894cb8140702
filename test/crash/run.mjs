// Crash test: worker processes step token transfers while this process kills them with kill -9
// at seeded random points (inside a transaction, inside an effect, between an effect's return and
// its record, between the record and the transition, or after a random time), restarts them,
// and checks at the end: every instance completed, no effect ran again after its result was
// recorded (and every run before it was by a killed process), no transition lost or doubled, and
// every journal replays to its stored instance.
//   node test/crash/run.mjs --engine pglite|server --kills N --seed S [--instances N] [--workers N]
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { Orchestrator, replay } from "@causality/runtime";
import { domains, executors, flow, openStore } from "./flow.mjs";

const { values } = parseArgs({
  options: {
    engine: { type: "string", default: "pglite" },
    kills: { type: "string", default: "40" },
    seed: { type: "string", default: "1" },
    instances: { type: "string", default: "12" },
    workers: { type: "string" },
  },
});
const engine = values.engine;
if (engine === "server" && !process.env.DATABASE_URL) {
  console.error("crash test: --engine server needs DATABASE_URL");
  process.exit(3);
}
const kills = Number(values.kills);
const seed = Number(values.seed);
// PGlite is one process's database: one worker at a time; a server takes several at once.
const parallel = Number(values.workers ?? (engine === "server" ? 4 : 1));
const work = mkdtempSync(join(tmpdir(), "causality-crash-"));
const log = join(work, "effects.log");
writeFileSync(log, "");
const target = engine === "server" ? process.env.DATABASE_URL : join(work, "db");
const schema = engine === "server" ? `crash_${seed}_${process.pid}` : "";

// mulberry32: the same seed gives the same kill points.
let state = seed >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let x = Math.imul(state ^ (state >>> 15), 1 | state);
  x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const POINTS = ["tx", "effect", "before-record", "after-record", "time"];

async function withStore(fn) {
  const store = await openStore(target, schema || undefined);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function startInstances(n) {
  return withStore(async (store) => {
    const o = new Orchestrator({ store, domains, executors: executors(log) });
    const ids = [];
    for (let i = 0; i < n; i++) {
      const amount = 1 + Math.floor(random() * 150);
      ids.push((await o.start(flow, { sender: `s${i}`, recipient: `r${i}`, amount })).id);
    }
    return ids;
  });
}

const killed = new Set();
const at = {};
let killCount = 0;

/** One worker process; resolves when it exits (by itself or by our kill -9). */
function runWorker() {
  const point = POINTS[Math.floor(random() * POINTS.length)];
  const nth = 1 + Math.floor(random() * 6);
  const delay = 30 + Math.floor(random() * 800);
  const child = spawn(process.execPath, [join(import.meta.dirname, "worker.mjs"), target, schema, log], {
    env: { ...process.env, CRASH_AT: point === "time" ? "none:0" : `${point}:${nth}` },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const kill = (why) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killed.add(child.pid);
    if (killCount < kills) {
      killCount++;
      at[why] = (at[why] ?? 0) + 1;
    }
    child.kill("SIGKILL");
  };
  let timer;
  if (point === "time" && killCount < kills) timer = setTimeout(() => kill("time"), delay);
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (text) => {
    const hang = /HANG (\S+)/.exec(text);
    if (hang) kill(hang[1]);
  });
  return new Promise((resolve) => child.on("exit", () => resolve(clearTimeout(timer))));
}

const began = Date.now();
let ids = await startInstances(Number(values.instances));
for (let round = 0; ; round++) {
  await Promise.all(Array.from({ length: parallel }, runWorker));
  const open = await withStore((s) => s.instances({ status: "running", limit: 100_000 }));
  if (open.length === 0 && killCount >= kills) break;
  // Everything finished before enough kills: more work for the next workers.
  if (open.length === 0) ids = ids.concat(await startInstances(Number(values.instances)));
  if (round > kills * 20) throw new Error("crash test: no progress");
}

// The checks, against the store and the executors' own log.
const problems = [];
const lines = readFileSync(log, "utf8")
  .trim()
  .split("\n")
  .filter(Boolean)
  .map((l) => l.split(" "));
const recordedAt = new Map();
lines.forEach(([kind, key], i) => {
  if (kind === "recorded" && !recordedAt.has(key)) recordedAt.set(key, i);
});
const runs = new Map();
lines.forEach(([kind, key], i) => {
  if (kind !== "exec") return;
  runs.set(key, (runs.get(key) ?? 0) + 1);
  if (recordedAt.has(key) && i > recordedAt.get(key))
    problems.push(`effect ${key} ran again after its result was recorded`);
});
for (const [key, n] of runs) {
  if (n === 1) continue;
  // Runs before the recorded one must each have been cut off by a kill.
  const pids = lines.filter(([k, x]) => k === "exec" && x === key).map(([, , p]) => Number(p));
  const unkilled = pids.slice(0, -1).filter((p) => !killed.has(p));
  if (unkilled.length > 0)
    problems.push(`effect ${key} ran ${n} times, by live processes ${unkilled.join(", ")}`);
}
const expectedKinds = (ok) =>
  ok
    ? [
        "started",
        "transition",
        "enqueued",
        "effect",
        "transition",
        "transition",
        "enqueued",
        "effect",
        "transition",
        "completed",
      ]
    : ["started", "transition", "enqueued", "effect", "transition", "transition", "completed"];
await withStore(async (store) => {
  for (const id of ids) {
    const inst = await store.transaction((tx) => tx.getInstance(id));
    if (inst?.status !== "completed") {
      problems.push(`instance ${id} is ${inst?.status ?? "missing"}`);
      continue;
    }
    const journal = await store.journal(id);
    const kinds = journal.map((j) => j.kind);
    if (!isDeepStrictEqual(kinds, expectedKinds(inst.input.amount <= 100)))
      problems.push(`instance ${id}: journal ${kinds.join(",")}`);
    if (!isDeepStrictEqual(replay(journal), inst))
      problems.push(`instance ${id}: the journal does not replay to it`);
  }
  if ((await store.queuedEffects()).length > 0) problems.push("effects left in the queue");
});
const secs = ((Date.now() - began) / 1000).toFixed(1);
console.log(
  `crash test (${engine}, seed ${seed}): ${killCount} kills ${JSON.stringify(at)}, ${ids.length} instances, ` +
    `${runs.size} effect keys, ${[...runs.values()].filter((n) => n > 1).length} re-run after a kill, ${secs} s`,
);
if (engine === "server") {
  const { openDatabase } = await import("@causality/runtime");
  const db = await openDatabase(target);
  await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.close();
}
rmSync(work, { recursive: true, force: true });
if (problems.length > 0) {
  for (const p of problems.slice(0, 20)) console.error(`  ${p}`);
  console.error(`crash test: ${problems.length} problems`);
  process.exit(1);
}
console.log("crash test: every instance completed; no effect ran twice for one key; every journal replays");
