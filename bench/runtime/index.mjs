// Runtime benchmark (issue 8): transitions per second of the token-transfer dataflow on the
// in-memory store, and the share of time spent in validation and in the handler language.

import { readFileSync } from "node:fs";
import { defineDataflow, Interpreter, MemoryStore, Orchestrator, typedDomain } from "@causality/runtime";
import { t } from "@causality/schema";

const input = t.record({
  sender: t.refine(t.string(), { kind: "minLength", value: 1 }),
  recipient: t.string(),
  amount: t.u64(),
  token_type: t.union(t.literal("ETH"), t.literal("USDC")),
});
const state = t.record({
  status: t.union(t.literal("pending"), t.literal("validated"), t.literal("emitted"), t.literal("failed")),
  attempts: t.u32(),
  receipt: t.optionalField(t.string()),
});
const output = t.record({ ok: t.bool(), receipt: t.union(t.string(), t.null()) });
// The same token-transfer definition the orchestrator tests use (a data fixture).
const spec = JSON.parse(
  readFileSync(new URL("../../fixtures/dataflows/token-transfer.json", import.meta.url), "utf8"),
);
const flow = defineDataflow(spec, { input, output, state });

// Time in the handler language, measured by wrapping the interpreter; validation is timed on the
// same values afterwards (the schemas are frozen objects, so they are not wrapped).
let handlerNs = 0n;
const run = Interpreter.prototype.run;
Interpreter.prototype.run = function (...args) {
  const t0 = process.hrtime.bigint();
  try {
    return run.apply(this, args);
  } finally {
    handlerNs += process.hrtime.bigint() - t0;
  }
};

const orchestrator = new Orchestrator({
  store: new MemoryStore(),
  domains: [typedDomain("ledger", "compute"), typedDomain("chain", "verifiable")],
  executors: { ledger: async () => ({ ok: true }), chain: async (e) => ({ receipt: `r-${e.key}` }) },
  sleep: async () => {},
});
const N = Number(process.env.INSTANCES ?? 3000);
let transitions = 0;
const t0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) {
  const inst = await orchestrator.start(flow, {
    sender: "alice",
    recipient: "bob",
    amount: i,
    token_type: "ETH",
  });
  const done = await orchestrator.run(inst.id);
  if (done.status !== "completed") throw new Error("instance did not complete");
  transitions += done.version; // one version per transition, the start included
}
const totalNs = process.hrtime.bigint() - t0;
// Every instance validates its input once, a state per transition, and its output once.
const sampleState = { status: "emitted", attempts: 1, receipt: "r-1" };
const v0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) {
  flow.schemas.input.validate({ sender: "alice", recipient: "bob", amount: i, token_type: "ETH" });
  flow.schemas.output.validate({ ok: true, receipt: "r-1" });
}
for (let i = 0; i < transitions; i++) flow.schemas.state.validate(sampleState);
const validationNs = process.hrtime.bigint() - v0;
const pct = (ns) => ((Number(ns) / Number(totalNs)) * 100).toFixed(1);
console.log(
  `runtime: ${N} token transfers, ${transitions} transitions in ${(Number(totalNs) / 1e6).toFixed(0)} ms`,
);
console.log(
  `  ${Math.round(transitions / (Number(totalNs) / 1e9)).toLocaleString("en")} transitions/s on the in-memory store`,
);
console.log(
  `  validation ${pct(validationNs)}% + handler language ${pct(handlerNs)}% = ${pct(validationNs + handlerNs)}% of the time (goal < 20%)`,
);
