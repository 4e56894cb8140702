/**
 * Placement: which domain runs an action. Candidates that cannot run it (a fixed domain, capability,
 * determinism, availability) or would break a hard limit are dropped with a reason; the rest are
 * scored by the strategy's weights over cost and latency as log-ratios to the best candidate's
 * (scoring.ts) and a priority term (reliability, weighted by the work's priority). Latency is the domain's overhead plus the
 * execution time, grown by its utilization (as its slots fill) and by its predicted demand (the
 * effects already waiting for it): that is the load balancing across domains. Ties go to the
 * domain preference order, then the domain id, so equal inputs always give the same choice.
 * Every decision keeps what `explain` and `explainPlan` need.
 */
import { acceptsDeterminism, type TypedDomain, transferCost } from "../domains/typed-domain.js";
import { type EffectCostModel, executionTimeMs, KIND_COST_FACTOR, totalCost } from "./cost-model.js";
import { OptimizerError } from "./errors.js";
import { DEFAULT_RESOURCES } from "./estimate.js";
import type { ProcessDataflowInitiationHint } from "./hints.js";
import { bests, type ScoreParts, scoreParts, tied } from "./scoring.js";
import type { OptimizationStrategy } from "./strategy.js";

export interface ActionRequirement {
  readonly id: string;
  readonly effectType: string;
  readonly deterministic: boolean;
  readonly units: number;
  readonly model: EffectCostModel;
  /** Resources the effect needs (defaults: DEFAULT_RESOURCES; cpu time: its execution time). */
  readonly cpuTimeMs?: number;
  readonly memoryBytes?: number;
  readonly storageBytes?: number;
  readonly networkBytes?: number;
  /** The definition fixes this action on one domain: every other domain is dropped, with that reason. */
  readonly fixedDomain?: string;
}

/** What the monitor knows about a domain right now. */
export interface DomainLoad {
  /** 0..1: busy share of the domain's capacity (effects running over slots). */
  readonly utilization: number;
  /** Effects the domain runs at once (default 1): how fast the utilization turns into waiting. */
  readonly slots?: number;
  readonly up: boolean;
  /**
   * Predicted demand: effects waiting for a slot, per slot of capacity. A new effect waits about one
   * service time for each, so it adds to the latency on top of the utilization's congestion.
   */
  readonly demand?: number;
  /**
   * Observed moving average of the domain's own overhead per effect: end-to-end latency minus the
   * model's execution time. It replaces the profile latency; the execution time is added once.
   */
  readonly observedLatencyMs?: number;
  readonly observedFailureRate?: number;
}

export interface CandidateScore {
  readonly domain: string;
  readonly feasible: boolean;
  /** Why the candidate was dropped. */
  readonly reason?: string;
  /** Effect cost plus the transfer's cost. */
  readonly cost: number;
  /** Expected latency under the current load plus the transfer's time. */
  readonly latencyMs: number;
  readonly reliability: number;
  /** The transfer from the previous step's domain (zero on the same domain or without one). */
  readonly transfer: { readonly cost: number; readonly timeMs: number };
  /** Inputs of the score (scoring.ts): cost and latency in decades above the best, priority 0..1. */
  readonly normalized?: ScoreParts["normalized"];
  /** Weighted terms of the score: priority, (1 - latency) and (1 - cost), each times its weight. */
  readonly subScores?: ScoreParts["subScores"];
  readonly score?: number;
}

export interface PlacementDecision {
  readonly action: string;
  readonly domain: string;
  readonly strategy: string;
  readonly cost: number;
  readonly latencyMs: number;
  readonly candidates: readonly CandidateScore[];
  readonly why: string;
  /** The hint's domain preference order the ties were broken with (then the domain id). */
  readonly preferenceOrder: readonly string[];
}

export interface PlacementInput {
  readonly action: ActionRequirement;
  readonly domains: readonly TypedDomain[];
  readonly strategy: OptimizationStrategy;
  readonly hint: ProcessDataflowInitiationHint;
  readonly load?: (domain: string) => DomainLoad | undefined;
  /** The domain the data comes from (previous step), to charge the transfer. */
  readonly from?: TypedDomain;
}

/**
 * The utilization-dependent slowdown of a domain with `slots` effects running at once: 1 + the
 * expected wait in service times, by Sakasegawa's approximation of an M/M/c queue,
 * rho^(sqrt(2(c+1)) - 1) / (c (1 - rho)). With one slot that is the M/M/1 1/(1 - rho); with more,
 * it stays near 1 while slots are free and climbs as they fill. Utilization is capped at 0.95 so
 * the factor stays finite.
 */
export function congestion(utilization: number, slots = 1): number {
  const rho = Math.min(Math.max(utilization, 0), 0.95);
  if (slots <= 1) return 1 / (1 - rho);
  return 1 + rho ** (Math.sqrt(2 * (slots + 1)) - 1) / (slots * (1 - rho));
}

const NO_TRANSFER = Object.freeze({ cost: 0, timeMs: 0 });

export function evaluate(input: PlacementInput): CandidateScore[] {
  const { action, hint } = input;
  const limits = hint.resourceConstraints;
  return input.domains.map((d): CandidateScore => {
    const load = input.load?.(d.id);
    const factor = KIND_COST_FACTOR[d.kind] * (d.profile.costFactor / 100);
    const transfer =
      input.from && input.from.id !== d.id ? transferCost(input.from.kind, d.kind) : NO_TRANSFER;
    const cost =
      totalCost({ ...action.model, domainCostFactor: action.model.domainCostFactor * factor }, action.units) +
      transfer.cost;
    // The observed latency is the domain's overhead (execution excluded), so execution counts once.
    const base =
      (load?.observedLatencyMs ?? d.profile.latencyMs) + executionTimeMs(action.model, action.units);
    const slowdown = congestion(load?.utilization ?? 0, load?.slots) + (load?.demand ?? 0);
    const latencyMs = Math.round(base * slowdown) + transfer.timeMs;
    const reliability =
      load?.observedFailureRate === undefined ? d.profile.reliability : 100 * (1 - load.observedFailureRate);
    const drop = (reason: string): CandidateScore => ({
      domain: d.id,
      feasible: false,
      reason,
      cost,
      latencyMs,
      reliability,
      transfer,
    });
    if (action.fixedDomain !== undefined && action.fixedDomain !== d.id)
      return drop(`the definition fixes this action on "${action.fixedDomain}"`);
    if (d.capabilities && !d.capabilities.includes(action.effectType))
      return drop(`cannot run effect type "${action.effectType}"`);
    if (!acceptsDeterminism(d.kind, action.deterministic))
      return drop(`${d.kind} domain runs deterministic effects only`);
    if (load && !load.up) return drop("unavailable");
    if (limits.maxCostPerEffect !== undefined && cost > limits.maxCostPerEffect)
      return drop(`cost ${cost} > maxCostPerEffect ${limits.maxCostPerEffect}`);
    if (limits.maxLatencyMsPerEffect !== undefined && latencyMs > limits.maxLatencyMsPerEffect) {
      return drop(`latency ${latencyMs} ms > maxLatencyMsPerEffect ${limits.maxLatencyMsPerEffect}`);
    }
    if (limits.minReliability !== undefined && reliability < limits.minReliability) {
      return drop(`reliability ${reliability.toFixed(1)} < minReliability ${limits.minReliability}`);
    }
    const needs = {
      cpuTimeMs: action.cpuTimeMs ?? executionTimeMs(action.model, action.units),
      memoryBytes: action.memoryBytes ?? DEFAULT_RESOURCES.memoryBytes,
      storageBytes: action.storageBytes ?? DEFAULT_RESOURCES.storageBytes,
      networkBytes: action.networkBytes ?? DEFAULT_RESOURCES.networkBytes,
    };
    for (const [need, limit] of [
      ["cpuTimeMs", "maxCpuTimeMs"],
      ["memoryBytes", "maxMemoryBytes"],
      ["storageBytes", "maxStorageBytes"],
      ["networkBytes", "maxNetworkBytes"],
    ] as const) {
      const max = limits[limit];
      if (max !== undefined && needs[need] > max) return drop(`${need} ${needs[need]} > ${limit} ${max}`);
    }
    return { domain: d.id, feasible: true, cost, latencyMs, reliability, transfer };
  });
}

export function score(
  candidates: CandidateScore[],
  strategy: OptimizationStrategy,
  hint: ProcessDataflowInitiationHint,
): CandidateScore[] {
  const best = bests(candidates.filter((c) => c.feasible));
  return candidates.map((c) => {
    if (!c.feasible) return c;
    const { normalized, subScores, score } = scoreParts(c, best, strategy, hint);
    // Spelled out rather than spread: this runs for every candidate of every decision.
    return {
      domain: c.domain,
      feasible: true,
      cost: c.cost,
      latencyMs: c.latencyMs,
      reliability: c.reliability,
      transfer: c.transfer,
      normalized,
      subScores,
      score,
    };
  });
}

/** Position in the preference order; domains not listed come after every listed one. */
export function preferenceRank(order: readonly string[], domain: string): number {
  const i = order.indexOf(domain);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

/** The tie-break: the hint's domain preference order, then the domain id. */
export function byPreference(order: readonly string[]): (a: CandidateScore, b: CandidateScore) => number {
  return (a, b) =>
    preferenceRank(order, a.domain) - preferenceRank(order, b.domain) ||
    (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0);
}

/**
 * Scored feasible candidates best first: by score, where scores within SCORE_TOLERANCE of a group's
 * top score are a tie, ordered by the preference order, then the domain id.
 */
export function ranked(feasible: readonly CandidateScore[], order: readonly string[]): CandidateScore[] {
  const byScore = [...feasible].sort((a, b) => b.score! - a.score!);
  const out: CandidateScore[] = [];
  for (let i = 0; i < byScore.length; ) {
    let j = i + 1;
    while (j < byScore.length && tied(byScore[i]!.score!, byScore[j]!.score!)) j++;
    out.push(...byScore.slice(i, j).sort(byPreference(order)));
    i = j;
  }
  return out;
}

export function place(input: PlacementInput): PlacementDecision {
  const scored = score(evaluate(input), input.strategy, input.hint);
  const feasible = ranked(
    scored.filter((c) => c.feasible),
    input.hint.domainPreferenceOrder,
  );
  if (feasible.length === 0) {
    throw new OptimizerError(
      "OPT2005_INFEASIBLE",
      `no domain can run action "${input.action.id}"`,
      scored.map((c) => `${c.domain}: ${c.reason}`),
    );
  }
  const best = feasible[0]!;
  const runnerUp = feasible[1];
  const tie = runnerUp !== undefined && tied(best.score!, runnerUp.score!);
  const breaker =
    tie && input.hint.domainPreferenceOrder.includes(best.domain)
      ? "the domain preference order"
      : "domain id";
  const why = !runnerUp
    ? `${best.domain} is the only feasible domain`
    : tie
      ? `${best.domain} and ${runnerUp.domain} tie at ${best.score!.toFixed(3)} under ${input.strategy.name}; ${best.domain} goes first by ${breaker}`
      : `${best.domain} scored ${best.score!.toFixed(3)} under ${input.strategy.name}, ahead of ${runnerUp.domain} (${runnerUp.score!.toFixed(3)})`;
  return {
    action: input.action.id,
    domain: best.domain,
    strategy: input.strategy.id,
    cost: best.cost,
    latencyMs: best.latencyMs,
    candidates: scored,
    why,
    preferenceOrder: input.hint.domainPreferenceOrder,
  };
}

/** Every candidate of a decision, with its sub-scores and why it won or lost, as text lines. */
export function explain(decision: PlacementDecision): string[] {
  const lines = [`${decision.action} -> ${decision.domain} (${decision.strategy}): ${decision.why}`];
  for (const c of decision.candidates) {
    if (!c.feasible) {
      lines.push(`  ${c.domain}: dropped, ${c.reason}`);
      continue;
    }
    const s = c.subScores!;
    const verdict = c.domain === decision.domain ? "chosen" : "lost";
    lines.push(
      `  ${c.domain}: ${verdict}, score ${c.score!.toFixed(3)} = priority ${s.priority.toFixed(3)} + latency ${s.latency.toFixed(3)} + cost ${s.cost.toFixed(3)} (cost ${c.cost}, latency ${c.latencyMs} ms, reliability ${c.reliability.toFixed(1)})`,
    );
  }
  return lines;
}
