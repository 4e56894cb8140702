// The crash test's dataflow (the seed's token transfer) and its world: executors that append every
// execution to a log file, the outside world's own record of what ran, by whom.
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineDataflow, typedDomain } from "@causality/runtime";
import { t } from "@causality/schema";

const ROOT = join(import.meta.dirname, "../..");
const spec = JSON.parse(readFileSync(join(ROOT, "fixtures/dataflows/token-transfer.json"), "utf8"));

export const flow = defineDataflow(spec, {
  input: t.record({
    sender: t.refine(t.string(), { kind: "minLength", value: 1 }),
    recipient: t.string(),
    amount: t.u64(),
  }),
  state: t.record({
    status: t.union(t.literal("pending"), t.literal("validated"), t.literal("emitted"), t.literal("failed")),
    attempts: t.u32(),
    receipt: t.optionalField(t.string()),
    error: t.optionalField(t.string()),
  }),
  output: t.record({ ok: t.bool(), receipt: t.union(t.string(), t.null()) }),
});

export const domains = [typedDomain("ledger", "compute"), typedDomain("chain", "verifiable")];

/** Executors that log `exec <key> <pid>`; `during` runs inside the effect (the crash point hook). */
export function executors(log, during = async () => {}) {
  const run = (result) => async (e) => {
    appendFileSync(log, `exec ${e.key} ${process.pid}\n`);
    await during(e);
    return result(e);
  };
  return {
    ledger: run((e) => ({ ok: Number(e.params.amount) <= 100 })),
    chain: run((e) => ({ receipt: `r-${e.params.from}-${e.params.amount}` })),
  };
}

/** The store the test runs on: a PGlite data directory or a schema on the server. */
export async function openStore(target, schema) {
  const { PgStore } = await import("@causality/runtime");
  return PgStore.open(target, schema ? { schema } : {});
}
