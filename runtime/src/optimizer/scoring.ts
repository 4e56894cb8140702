/**
 * Scores that keep magnitudes. Cost and latency count by how many times the best feasible
 * candidate's they are, on a log scale: a candidate's term is `w · (1 − log10(x / best))`, so the
 * best on an axis gets the full weight and each tenfold beyond it costs the whole weight again.
 * Differences between two candidates depend on their own numbers only (`log10(xa / xb)`), never on
 * which other domains happen to be feasible, and equal weights mean "twice as fast is worth twice
 * the cost" at every magnitude. Min-max normalization, used before, scored any cheaper/faster pair
 * 0 and 1 whatever the gap, so under Balanced every such pair tied.
 */
import type { ProcessDataflowInitiationHint } from "./hints.js";
import type { OptimizationStrategy } from "./strategy.js";

/** Two scores closer than this are a tie (broken by the preference order, then the domain id). */
export const SCORE_TOLERANCE = 1e-9;

/** Whether two scores are a tie. */
export function tied(a: number, b: number): boolean {
  return Math.abs(a - b) < SCORE_TOLERANCE;
}

/**
 * How many tenfolds `x` is above `best` (0 for the best). Counted from 1 (`(x + 1) / (best + 1)`)
 * so that a cost of 0 or a latency of 0 ms is defined and still ranks first.
 */
export function decadesAbove(x: number, best: number): number {
  return Math.log10((x + 1) / (best + 1));
}

/** What a score needs from a candidate. */
export interface Scorable {
  readonly cost: number;
  readonly latencyMs: number;
  readonly reliability: number;
}

export interface ScoreParts {
  /**
   * Inputs, each a plain number: priority = (hint priority / 100) · (reliability / 100), 0..1;
   * latency and cost = decades above the fastest / cheapest feasible candidate (0 = the best;
   * 0.301 = twice, 1 = ten times).
   */
  readonly normalized: { readonly priority: number; readonly latency: number; readonly cost: number };
  /** Weighted terms: wP · priority, wL · (1 − latency), wC · (1 − cost). */
  readonly subScores: { readonly priority: number; readonly latency: number; readonly cost: number };
  readonly score: number;
}

/** The best (lowest) cost and latency over the feasible candidates: the scales' reference points. */
export function bests(feasible: readonly Scorable[]): { cost: number; latencyMs: number } {
  let cost = Number.POSITIVE_INFINITY;
  let latencyMs = Number.POSITIVE_INFINITY;
  for (const c of feasible) {
    if (c.cost < cost) cost = c.cost;
    if (c.latencyMs < latencyMs) latencyMs = c.latencyMs;
  }
  return { cost, latencyMs };
}

export function scoreParts(
  c: Scorable,
  best: { cost: number; latencyMs: number },
  strategy: OptimizationStrategy,
  hint: ProcessDataflowInitiationHint,
): ScoreParts {
  const normalized = {
    priority: (hint.priority / 100) * (c.reliability / 100),
    latency: decadesAbove(c.latencyMs, best.latencyMs),
    cost: decadesAbove(c.cost, best.cost),
  };
  const subScores = {
    priority: strategy.priorityWeight * normalized.priority,
    latency: strategy.latencyWeight * (1 - normalized.latency),
    cost: strategy.costWeight * (1 - normalized.cost),
  };
  return { normalized, subScores, score: subScores.priority + subScores.latency + subScores.cost };
}
