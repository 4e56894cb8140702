// Runtime benchmark (issue 8): transitions per second of the token-transfer dataflow on the
// in-memory store, and the share of time spent in validation and in the handler language.

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
const flow = defineDataflow(
  {
    name: "token-transfer",
    defaultDomain: "ledger",
    initialState: '(record "status" "pending" "attempts" 0)',
    nodes: [
      { id: "start", kind: "start" },
      {
        id: "check",
        kind: "action",
        effect: { type: "balance.check", params: { account: "${input.sender}", amount: "${input.amount}" } },
        handler:
          '(update-dataflow-instance-state (assoc state "status" (if (get result "ok") "validated" "failed") "attempts" (+ (get state "attempts") 1)))',
      },
      {
        id: "funded",
        kind: "choice",
        condition: '(evaluate-gating-condition (= (get state "status") "validated"))',
      },
      {
        id: "transfer",
        kind: "action",
        effect: {
          type: "token.transfer",
          params: { from: "${input.sender}", to: "${input.recipient}", amount: "${input.amount}" },
        },
        domain: { kind: "fixed", domain: "chain" },
        handler: '(assoc state "status" "emitted" "receipt" (get result "receipt"))',
      },
      { id: "done", kind: "end", output: '(record "ok" true "receipt" (get state "receipt"))' },
      { id: "refused", kind: "end", output: '(record "ok" false "receipt" nil)' },
    ],
    edges: [
      { from: "start", to: "check" },
      { from: "check", to: "funded" },
      { from: "funded", to: "transfer", when: "true" },
      { from: "funded", to: "refused", when: "false" },
      { from: "transfer", to: "done" },
    ],
  },
  { input, output, state },
);

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
