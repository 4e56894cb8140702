import { defineDataflow, type EffectRequest, optimizerPlacer, typedDomain } from "@causality/runtime";
import { typeSchema } from "@causality/schema";
import type { TokenTransferInput, TransferOutput, TransferState } from "./types.js";

/**
 * The seed's token transfer as a process dataflow: check the balance on the ledger, and if it
 * covers the amount, emit the transfer on a verifiable domain the optimizer chooses (so the effect
 * must be deterministic), then report the receipt. The plugin injects the three schemas.
 */
export const transfer = defineDataflow<TokenTransferInput, TransferOutput, TransferState>({
  name: "token-transfer",
  defaultDomain: "ledger",
  initialState: '(record "status" "pending" "attempts" 0)',
  nodes: [
    { id: "start", kind: "start" },
    {
      id: "check-balance",
      kind: "action",
      effect: {
        type: "balance.check",
        params: { account: "${input.sender}", amount: "${input.amount}", token: "${input.token_type}" },
      },
      handler: `(update-dataflow-instance-state
                  (assoc state
                    "status" (if (get result "sufficient") "validated" "failed")
                    "attempts" (+ (get state "attempts") 1)))`,
    },
    {
      id: "funded?",
      kind: "choice",
      condition: '(evaluate-gating-condition (= (get state "status") "validated"))',
    },
    {
      id: "transfer",
      kind: "action",
      effect: {
        type: "token.transfer",
        params: {
          from: "${input.sender}",
          to: "${input.recipient}",
          amount: "${input.amount}",
          token: "${input.token_type}",
        },
        deterministic: true,
      },
      handler: '(assoc state "status" "emitted" "receipt" (get result "receipt"))',
      retry: { attempts: 3, intervalMs: 10, backoff: 2 },
    },
    {
      id: "done",
      kind: "end",
      output:
        '(if (= (get state "status") "emitted") (record "ok" true "receipt" (get state "receipt")) (record "ok" false "receipt" nil))',
    },
  ],
  edges: [
    { from: "start", to: "check-balance" },
    { from: "check-balance", to: "funded?" },
    { from: "funded?", to: "transfer", when: "true" },
    { from: "funded?", to: "done", when: "false" },
    { from: "transfer", to: "done" },
  ],
});

export const transferInput = typeSchema<TokenTransferInput>();

/**
 * The domains the example runs on: a ledger of balances, and two verifiable domains that can carry
 * a transfer — a fast chain and a cheaper, slower rollup. Which one runs it is the optimizer's choice,
 * by the instance's strategy.
 */
export const domains = [
  typedDomain("ledger", "compute", {}, ["balance.check"]),
  // A chain that confirms in a quarter of a second at the full fee, and a rollup that settles its
  // batches every 12 s at a fifth of it: Balanced takes the chain, cost minimization the rollup.
  typedDomain("chain", "verifiable", { latencyMs: 250, costFactor: 100 }, ["token.transfer"]),
  typedDomain("rollup", "verifiable", { latencyMs: 12_000, costFactor: 20 }, ["token.transfer"]),
];

/** Places inherited actions (both of this dataflow's) by strategy, limits and domain capabilities. */
export const placer = optimizerPlacer();

const balances: Record<string, number> = { alice: 1_000, bob: 20 };
let height = 100;
let batch = 0;

export const executors = {
  ledger: async (e: EffectRequest) => ({
    sufficient: (balances[String(e.params.account)] ?? 0) >= Number(e.params.amount),
  }),
  chain: async (e: EffectRequest) => ({
    receipt: `0xblock${++height}:${e.params.from}->${e.params.to}:${e.params.amount}${e.params.token}`,
  }),
  rollup: async (e: EffectRequest) => ({
    receipt: `0xrollup${++batch}:${e.params.from}->${e.params.to}:${e.params.amount}${e.params.token}`,
  }),
};
