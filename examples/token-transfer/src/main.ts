import { join } from "node:path";
import {
  Orchestrator,
  optimizerPlacer,
  PgStore,
  type RuntimeEvent,
  type StartOptions,
} from "@causality/runtime";
import { domains, executors, transfer } from "./flow.js";

const { input, state, output } = transfer.schemas;
console.log(`dataflow ${transfer.name} ${transfer.definitionId}`);
for (const [role, schema] of Object.entries({ input, state, output }))
  console.log(`  ${role.padEnd(6)} ${schema.id}`);

const trace = (e: RuntimeEvent) => {
  if (e.type === "transition") console.log(`    ${e.from} -> ${e.to}`);
  if (e.type === "effect") console.log(`    effect on ${e.domain} (${e.key.split(":").slice(1).join(":")})`);
  if (e.type === "validation.failed" && e.role !== "input")
    console.log(`    ${e.role} rejected: ${e.issues.map((i) => `${i.code} at ${i.path}`).join(", ")}`);
};
// The optimizer chooses the domain of each action; every decision is printed with its reason.
const placer = optimizerPlacer({
  onDecision: (d) => console.log(`    placed ${d.action} on ${d.domain} (${d.strategy}): ${d.why}`),
});
// Durable by default: PGlite (PostgreSQL in this process) keeps the instances in a data directory,
// so a second run sees the first run's; CAUSALITY_DB=postgres://... puts them on a server instead.
const db = process.env.CAUSALITY_DB ?? join(import.meta.dirname, "../.causality/db");
const store = await PgStore.open(db);
const earlier = await store.instances({ limit: 1000 });
console.log(`\nstore ${db} (${store.engine}): ${earlier.length} instances from earlier runs`);
for (const i of earlier.slice(0, 8))
  console.log(`  ${i.id} ${i.status} at ${i.node} (${i.updatedAt.toISOString()})`);
const orchestrator = new Orchestrator({
  store,
  domains,
  executors,
  placer,
  onEvent: trace,
});

const runs: [unknown, StartOptions][] = [
  [{ sender: "alice", recipient: "bob", amount: 150, token_type: "ETH" }, {}],
  // The same transfer when cost matters more than latency: the cheaper rollup carries it.
  [
    { sender: "alice", recipient: "bob", amount: 150, token_type: "ETH" },
    { hint: { preferredStrategyId: "cost_minimization" } },
  ],
  [{ sender: "bob", recipient: "carol", amount: 500, token_type: "USDC" }, {}],
  [{ sender: "", recipient: "bob", amount: -3, token_type: "DOGE" }, {}],
];
for (const [value, options] of runs) {
  console.log(
    `\nstart ${JSON.stringify(value)}${options.hint ? ` with hint ${JSON.stringify(options.hint)}` : ""}`,
  );
  try {
    const started = await orchestrator.start(transfer, value, options);
    const done = await orchestrator.run(started.id);
    console.log(`  -> ${done.status}: ${JSON.stringify(done.output ?? done.error)}`);
  } catch (e) {
    const issues = (e as { issues?: { code: string; path: string; expected: string }[] }).issues ?? [];
    console.log(`  -> input rejected`);
    for (const issue of issues)
      console.log(`     ${issue.code} at ${issue.path}: expected ${issue.expected}`);
  }
}
console.log(`\n${(await store.instances({ limit: 1000 })).length} instances in the store now; see them with`);
console.log(`  npx causality instances --db ${db}`);
await store.close();
