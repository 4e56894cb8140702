// Runtime benchmark (issue 8): transitions per second of the token-transfer dataflow on the
// in-memory store, and the share of time spent in validation and in the handler language, both
// timed inside the run: every validator call the orchestrator makes and every handler evaluation.

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
const defined = defineDataflow(spec, { input, output, state });

// Validation time, measured inside the transitions: the definition the orchestrator runs carries
// schemas whose validator methods are timed wrappers around the real ones (the schemas themselves
// are frozen, so the definition gets wrapping copies; ids and definition id are unchanged).
let validationNs = 0n;
let validationCalls = 0;
function timed(schema) {
  const wrap =
    (fn) =>
    (...args) => {
      const t0 = process.hrtime.bigint();
      try {
        return fn(...args);
      } finally {
        validationNs += process.hrtime.bigint() - t0;
        validationCalls++;
      }
    };
  return {
    ...schema,
    is: wrap(schema.is),
    equals: wrap(schema.equals),
    assert: wrap(schema.assert),
    validate: wrap(schema.validate),
  };
}
const schemas = Object.assign(() => schemas, {
  input: timed(defined.schemas.input),
  output: timed(defined.schemas.output),
  state: timed(defined.schemas.state),
});
const flow = { ...defined, schemas };

// Time in the handler language, measured by wrapping the interpreter.
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

// The cost of one timing wrapper around nothing (two hrtime reads), reported beside the figure.
let probeNs = 0n;
const P = 100_000;
for (let i = 0; i < P; i++) {
  const t0 = process.hrtime.bigint();
  probeNs += process.hrtime.bigint() - t0;
}

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
// At least the input, the initial state and the output of every instance went through the wrappers.
if (validationCalls < 3 * N) throw new Error(`only ${validationCalls} validator calls for ${N} instances`);
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
console.log(
  `  measured inside the run: ${validationCalls.toLocaleString("en")} validator calls (${(Number(validationNs) / validationCalls / 1000).toFixed(2)} us each, timer ~${(Number(probeNs) / P / 1000).toFixed(2)} us of it)`,
);
