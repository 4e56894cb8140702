// A bench worker process: opens the store, says READY, waits for "go" on stdin, steps instances
// until none is left (or for --seconds), then prints its steps and its peak RSS.
import { Orchestrator } from "@causality/runtime";
import { domains, executors, flow, openStore } from "../../test/crash/flow.mjs";

const [target, schema, seconds] = process.argv.slice(2);
const store = await openStore(target, schema);
const orchestrator = new Orchestrator({
  store,
  domains,
  executors: executors("/dev/null"),
  sleep: async () => {},
});
orchestrator.register(flow);
process.stdout.write("READY\n");
await new Promise((r) => process.stdin.once("data", r));
const stop = new AbortController();
if (Number(seconds) > 0) setTimeout(() => stop.abort(), Number(seconds) * 1000);
const steps = await orchestrator.work({ batch: 16, signal: stop.signal });
process.stdout.write(`DONE ${steps} ${process.resourceUsage().maxRSS}\n`);
await store.close();
process.exit(0);
