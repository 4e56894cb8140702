/**
 * Placement: which domain runs an action. Candidates that cannot run it (capability, determinism,
 * availability) or would break a hard limit are dropped with a reason; the rest are scored by the
 * strategy's weights over min-max normalized cost and latency (latency grown by the domain's
 * utilization) and a priority term (reliability, weighted by the work's priority). Ties go to the
 * domain preference order, then the domain id, so equal inputs always give the same choice.
 * Every decision keeps its explanation.
 */
import { acceptsDeterminism, type TypedDomain, transferCost } from "../domains/typed-domain.js";
import { type EffectCostModel, executionTimeMs, KIND_COST_FACTOR, totalCost } from "./cost-model.js";
import { OptimizerError } from "./errors.js";
import type { ProcessDataflowInitiationHint } from "./hints.js";
import type { OptimizationStrategy } from "./strategy.js";

export interface ActionRequirement {
  readonly id: string;
  readonly effectType: string;
  readonly deterministic: boolean;
  readonly units: number;
  readonly model: EffectCostModel;
  readonly memoryBytes?: number;
}

/** What the monitor knows about a domain right now. */
export interface DomainLoad {
  /** 0..1: busy share of the domain's capacity. */
  readonly utilization: number;
  readonly up: boolean;
  /** Observed moving averages, when there are observations. */
  readonly observedLatencyMs?: number;
  readonly observedFailureRate?: number;
}

export interface CandidateScore {
  readonly domain: string;
  readonly feasible: boolean;
  /** Why the candidate was dropped. */
  readonly reason?: string;
  readonly cost: number;
  readonly latencyMs: number;
  readonly reliability: number;
  readonly subScores?: { readonly priority: number; readonly latency: number; readonly cost: number };
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

/** The utilization-dependent slowdown of a queue (M/M/1-like, capped so it stays finite). */
export function congestion(utilization: number): number {
  return 1 / (1 - Math.min(Math.max(utilization, 0), 0.95));
}

export function evaluate(input: PlacementInput): CandidateScore[] {
  const { action, hint } = input;
  const limits = hint.resourceConstraints;
  return input.domains.map((d): CandidateScore => {
    const load = input.load?.(d.id);
    const factor = KIND_COST_FACTOR[d.kind] * (d.profile.costFactor / 100);
    const transfer =
      input.from && input.from.id !== d.id ? transferCost(input.from.kind, d.kind) : { cost: 0, timeMs: 0 };
    const cost =
      totalCost({ ...action.model, domainCostFactor: action.model.domainCostFactor * factor }, action.units) +
      transfer.cost;
    const base =
      (load?.observedLatencyMs ?? d.profile.latencyMs) + executionTimeMs(action.model, action.units);
    const latencyMs = Math.round(base * congestion(load?.utilization ?? 0)) + transfer.timeMs;
    const reliability =
      load?.observedFailureRate === undefined ? d.profile.reliability : 100 * (1 - load.observedFailureRate);
    const drop = (reason: string): CandidateScore => ({
      domain: d.id,
      feasible: false,
      reason,
      cost,
      latencyMs,
      reliability,
    });
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
    if (limits.maxMemoryBytes !== undefined && (action.memoryBytes ?? 0) > limits.maxMemoryBytes) {
      return drop(`memory ${action.memoryBytes} > maxMemoryBytes ${limits.maxMemoryBytes}`);
    }
    return { domain: d.id, feasible: true, cost, latencyMs, reliability };
  });
}

export function score(
  candidates: CandidateScore[],
  strategy: OptimizationStrategy,
  hint: ProcessDataflowInitiationHint,
): CandidateScore[] {
  const feasible = candidates.filter((c) => c.feasible);
  const range = (f: (c: CandidateScore) => number) => {
    const xs = feasible.map(f);
    return { min: Math.min(...xs), max: Math.max(...xs) };
  };
  const cost = range((c) => c.cost);
  const lat = range((c) => c.latencyMs);
  const norm = (x: number, r: { min: number; max: number }) =>
    r.max === r.min ? 0 : (x - r.min) / (r.max - r.min);
  return candidates.map((c) => {
    if (!c.feasible) return c;
    const subScores = {
      priority: strategy.priorityWeight * (hint.priority / 100) * (c.reliability / 100),
      latency: strategy.latencyWeight * (1 - norm(c.latencyMs, lat)),
      cost: strategy.costWeight * (1 - norm(c.cost, cost)),
    };
    return { ...c, subScores, score: subScores.priority + subScores.latency + subScores.cost };
  });
}

/** Best first: score, then the hint's domain preference order, then the domain id. */
function rank(hint: ProcessDataflowInitiationHint): (a: CandidateScore, b: CandidateScore) => number {
  const pref = (id: string) => {
    const i = hint.domainPreferenceOrder.indexOf(id);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return (a, b) =>
    (b.score ?? -1) - (a.score ?? -1) ||
    pref(a.domain) - pref(b.domain) ||
    (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0);
}

export function place(input: PlacementInput): PlacementDecision {
  const scored = score(evaluate(input), input.strategy, input.hint);
  const feasible = scored.filter((c) => c.feasible).sort(rank(input.hint));
  if (feasible.length === 0) {
    throw new OptimizerError(
      "OPT2005_INFEASIBLE",
      `no domain can run action "${input.action.id}"`,
      scored.map((c) => `${c.domain}: ${c.reason}`),
    );
  }
  const best = feasible[0]!;
  const runnerUp = feasible[1];
  const why = runnerUp
    ? `${best.domain} scored ${best.score!.toFixed(3)} under ${input.strategy.name}, ahead of ${runnerUp.domain} (${runnerUp.score!.toFixed(3)})`
    : `${best.domain} is the only feasible domain`;
  return {
    action: input.action.id,
    domain: best.domain,
    strategy: input.strategy.id,
    cost: best.cost,
    latencyMs: best.latencyMs,
    candidates: scored,
    why,
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
