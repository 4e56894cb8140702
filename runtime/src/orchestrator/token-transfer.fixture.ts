/** The seed's token transfer for tests on any store: its schemas, definition and a world of executors. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { t } from "@causality/schema";
import type { DataflowSpec } from "../dataflow/definition.js";
import { defineDataflow } from "../define-dataflow.js";
import { typedDomain } from "../domains/typed-domain.js";
import type { Store } from "../store/store.js";
import { Orchestrator, type OrchestratorOptions } from "./orchestrator.js";
import type { EffectRequest, RuntimeEvent } from "./types.js";

export const input = t.record({
  sender: t.refine(t.string(), { kind: "minLength", value: 1 }),
  recipient: t.string(),
  amount: t.u64(),
});
export const state = t.record({
  status: t.union(t.literal("pending"), t.literal("validated"), t.literal("emitted"), t.literal("failed")),
  attempts: t.u32(),
  receipt: t.optionalField(t.string()),
  error: t.optionalField(t.string()),
});
export const output = t.record({ ok: t.bool(), receipt: t.union(t.string(), t.null()) });

export const TOKEN_TRANSFER = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../../fixtures/dataflows/token-transfer.json"), "utf8"),
) as DataflowSpec;

export const spec = (over: Partial<DataflowSpec> = {}): DataflowSpec => ({ ...TOKEN_TRANSFER, ...over });
export const define = (s: DataflowSpec = spec(), st = state) =>
  defineDataflow(s, { input, output, state: st });

/** An orchestrator on `store` whose executors log every call (the world outside, as the test sees it). */
export function transferWorld(store: Store, over: Partial<OrchestratorOptions> = {}) {
  const events: RuntimeEvent[] = [];
  const executed: EffectRequest[] = [];
  const orchestrator = new Orchestrator({
    store,
    domains: [
      typedDomain("ledger", "compute"),
      typedDomain("chain", "verifiable"),
      typedDomain("api", "service"),
    ],
    executors: {
      ledger: async (e) => {
        executed.push(e);
        return { ok: Number(e.params.amount) <= 100 };
      },
      chain: async (e) => {
        executed.push(e);
        return { receipt: `r-${e.params.from}-${e.params.amount}` };
      },
      api: async (e) => {
        executed.push(e);
        return { sent: true };
      },
    },
    onEvent: (e) => events.push(e),
    sleep: async () => {},
    ...over,
  });
  return { store, events, executed, orchestrator };
}
