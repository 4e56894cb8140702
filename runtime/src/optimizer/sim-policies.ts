/**
 * The placement policies the simulation compares. Baselines: round-robin and random (blind to
 * limits and rules), always-cheapest and always-fastest (the feasible domain with the lowest profile
 * cost or latency), and each built-in strategy applied statically (real placement on profile
 * numbers, no monitoring). The adaptive policy (sim-adaptive.ts) runs the real optimizer on what a
 * dispatcher sees.
 */
import type { TypedDomain } from "../domains/typed-domain.js";
import type { StrategySwitch } from "./adaptive.js";
import type { ProcessDataflowInitiationHint } from "./hints.js";
import { type CandidateScore, evaluate, place } from "./placement.js";
import { type AdaptiveConfig, adaptivePolicy, DEFAULT_ADAPTIVE_CONFIG } from "./sim-adaptive.js";
import { type Job, prng, type SimDomain } from "./sim-world.js";
import { BUILTIN_STRATEGIES, strategyById } from "./strategy.js";

export type PolicyName =
  | "adaptive"
  | "round-robin"
  | "random"
  | "always-cheapest"
  | "always-fastest"
  | "static:capital_efficiency"
  | "static:latency_optimization"
  | "static:cost_minimization"
  | "static:balanced";

export const POLICIES: readonly PolicyName[] = [
  "adaptive",
  "round-robin",
  "random",
  "always-cheapest",
  "always-fastest",
  "static:capital_efficiency",
  "static:latency_optimization",
  "static:cost_minimization",
  "static:balanced",
];

/** The fixed strategies adaptive has to beat: the static built-ins and the single-criterion ones. */
export const FIXED_POLICIES: readonly PolicyName[] = POLICIES.filter(
  (p) => p.startsWith("static:") || p.startsWith("always-"),
);

/** What the dispatcher sees as it happens; only the adaptive policy listens. */
export interface DispatchObserver {
  /** Effects waiting for a slot on the domain, whenever that number changes. */
  queued(domain: string, depth: number): void;
  /** An attempt got a slot; the returned ticket comes back with its `finished`. */
  started(domain: string, executionMs: number): number;
  /** An attempt answered (or timed out: then `latencyMs` is the timeout); `executionMs` is the model's. */
  finished(domain: string, latencyMs: number, failed: boolean, executionMs: number, ticket: number): void;
}

export interface SimPolicy {
  /** The domain for this attempt; an OptimizerError when the policy finds nothing feasible. */
  choose(job: Job, attempt: number, now: number): string;
  readonly observer?: DispatchObserver;
  /** Strategy switches so far, each with its reason (adaptive only). */
  switches(): readonly StrategySwitch[];
}

export interface PolicyContext {
  readonly domains: readonly SimDomain[];
  readonly hint: ProcessDataflowInitiationHint;
  readonly seed: number;
  /** The simulation's clock. */
  readonly now: () => number;
}

export function makePolicy(
  name: PolicyName,
  ctx: PolicyContext,
  adaptive: AdaptiveConfig = DEFAULT_ADAPTIVE_CONFIG,
): SimPolicy {
  const all: TypedDomain[] = ctx.domains.map((d) => d.domain);
  const fixed = (choose: (job: Job) => string): SimPolicy => ({ choose, switches: () => [] });
  const byProfile = (job: Job, key: (c: CandidateScore) => number) =>
    evaluate({ action: job.action, domains: all, strategy: BUILTIN_STRATEGIES.balanced!, hint: ctx.hint })
      .filter((c) => c.feasible)
      .sort((a, b) => key(a) - key(b) || (a.domain < b.domain ? -1 : 1))[0]!.domain;
  switch (name) {
    case "adaptive":
      return adaptivePolicy(ctx, adaptive);
    case "round-robin": {
      let next = 0;
      return fixed(() => all[next++ % all.length]!.id);
    }
    case "random": {
      const pick = prng(ctx.seed + 7);
      return fixed(() => all[Math.floor(pick() * all.length)]!.id);
    }
    case "always-cheapest":
      return fixed((job) => byProfile(job, (c) => c.cost));
    case "always-fastest":
      return fixed((job) => byProfile(job, (c) => c.latencyMs));
    default: {
      const strategy = strategyById(BUILTIN_STRATEGIES, name.slice("static:".length));
      return fixed((job) => place({ action: job.action, domains: all, strategy, hint: ctx.hint }).domain);
    }
  }
}
