import { transfer } from "./flow.js";

const { input, state, output } = transfer.schemas;
console.log(`dataflow ${transfer.name}`);
for (const [role, schema] of Object.entries({ input, state, output }))
  console.log(`  ${role.padEnd(6)} ${schema.id}`);

const good = { sender: "alice", recipient: "bob", amount: 1_500, token_type: "ETH" };
const bad = { sender: "", recipient: "bob", amount: -3, token_type: "DOGE", memo: 7 };
console.log(`\ninput ${JSON.stringify(good)}\n  -> ${input.is(good) ? "valid" : "invalid"}`);
const result = input.validate(bad);
console.log(`input ${JSON.stringify(bad)}`);
if (!result.success)
  for (const issue of result.errors)
    console.log(`  -> ${issue.code} at ${issue.path}: expected ${issue.expected}`);

// Every state the dataflow moves through is checked against S.
for (const next of [
  { status: "pending", attempts: 0 },
  { status: "emitted", domain: "ethereum", attempts: 1 },
  { status: "lost", attempts: 1 },
]) {
  console.log(`state ${JSON.stringify(next)} -> ${state.is(next) ? "accepted" : "rejected"}`);
}
