// One crash-test worker process: steps instances until none is left. With CRASH_AT=<point>:<n> it
// stops at the n-th time it reaches <point>, prints "HANG <point>" and waits for its kill -9.
// Points: tx (inside a transaction, before commit), effect (inside an executor), before-record
// (the executor returned, its result not recorded yet), after-record (recorded, not yet applied).
import { appendFileSync } from "node:fs";
import { Orchestrator } from "@causality/runtime";
import { domains, executors, flow, openStore } from "./flow.mjs";

const [target, schema, log] = process.argv.slice(2);
const [point, count] = (process.env.CRASH_AT ?? "none:0").split(":");
let seen = 0;
const hit = async (where) => {
  if (where !== point || ++seen !== Number(count)) return;
  process.stdout.write(`HANG ${where}\n`);
  await new Promise(() => setInterval(() => {}, 1000));
};

const store = await openStore(target, schema || undefined);
const transaction = store.transaction.bind(store);
store.transaction = (work) =>
  transaction(async (tx) => {
    const result = await work(tx);
    await hit("tx");
    return result;
  });
const recordEffect = store.recordEffect.bind(store);
store.recordEffect = async (record) => {
  await hit("before-record");
  await recordEffect(record);
  appendFileSync(log, `recorded ${record.key} ${process.pid}\n`);
  await hit("after-record");
};
const orchestrator = new Orchestrator({
  store,
  domains,
  executors: executors(log, () => hit("effect")),
  leaseMs: 400,
  effectTimeoutMs: 2_000,
  sleep: async () => {},
});
orchestrator.register(flow);
let errors = 0;
const steps = await orchestrator.work({
  batch: 4,
  onError: (e, id) => {
    errors++;
    process.stderr.write(`instance ${id}: ${e.message}\n`);
  },
});
// Leased instances of a killed worker come free after their lease: wait and look again.
await new Promise((r) => setTimeout(r, 500));
const more = await orchestrator.work({ batch: 4 });
process.stdout.write(`DONE ${steps + more} ${errors}\n`);
await store.close();
process.exit(errors > 0 ? 1 : 0);
