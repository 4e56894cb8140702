/**
 * `explainPlan(plan)`: why every action of a plan went where it did. For each action, every
 * candidate domain with the inputs of its score (cost and latency in decades above the best, priority), the weighted
 * terms and the total, and the reason it won or lost: dropped as infeasible, a lower score, or a
 * tie broken by the preference order or the domain id. Then the plan's totals against the
 * dataflow's limits, and the strategy override with its reason when the planner made one.
 * Plain data, so the CLI or a UI can print it (explain-text.ts prints it as text).
 */

import { type CandidateScore, type PlacementDecision, preferenceRank } from "./placement.js";
import type { Plan } from "./plan.js";
import { tied } from "./scoring.js";

export type CandidateOutcome =
  | "chosen"
  | "infeasible"
  | "lower score"
  | "tie: preference order"
  | "tie: domain id";

export interface CandidateExplanation {
  readonly domain: string;
  readonly outcome: CandidateOutcome;
  /** Why it won or lost, in words. */
  readonly reason: string;
  readonly cost: number;
  readonly latencyMs: number;
  readonly reliability: number;
  readonly transfer: { readonly cost: number; readonly timeMs: number };
  /** Only for feasible candidates. */
  readonly normalized?: CandidateScore["normalized"];
  readonly subScores?: CandidateScore["subScores"];
  readonly total?: number;
}

export interface ActionExplanation {
  readonly action: string;
  readonly domain: string;
  readonly startMs: number;
  readonly finishMs: number;
  readonly candidates: readonly CandidateExplanation[];
}

/** A total against the dataflow's limit, when the hint sets one. */
export interface LimitCheck {
  readonly value: number;
  readonly limit?: number;
  readonly within: boolean;
}

export interface PlanExplanation {
  readonly strategy: string;
  readonly requestedStrategy: string;
  readonly override?: string;
  readonly rejected?: readonly string[];
  readonly actions: readonly ActionExplanation[];
  readonly totals: {
    readonly cost: LimitCheck;
    readonly transferCost: number;
    /** Completion time over the critical path, transfer times included. */
    readonly latencyMs: LimitCheck;
    readonly criticalPath: readonly string[];
    readonly criticalTransferMs: number;
  };
}

export function explainPlan(plan: Plan): PlanExplanation {
  const schedule = new Map(plan.schedule.map((s) => [s.action, s]));
  const check = (value: number, limit: number | undefined): LimitCheck =>
    limit === undefined ? { value, within: true } : { value, limit, within: value <= limit };
  return {
    strategy: plan.strategy,
    requestedStrategy: plan.requestedStrategy,
    ...(plan.override === undefined ? {} : { override: plan.override }),
    ...(plan.rejected === undefined ? {} : { rejected: plan.rejected }),
    actions: plan.decisions.map((d) => ({
      action: d.action,
      domain: d.domain,
      startMs: schedule.get(d.action)?.startMs ?? 0,
      finishMs: schedule.get(d.action)?.finishMs ?? d.latencyMs,
      candidates: explainCandidates(d),
    })),
    totals: {
      cost: check(plan.totalCost, plan.limits.costBudget),
      transferCost: plan.transferCost,
      latencyMs: check(plan.completionMs, plan.limits.maxLatencyMs),
      criticalPath: plan.criticalPath,
      criticalTransferMs: plan.criticalTransferMs,
    },
  };
}

/** Every candidate of one decision with its outcome; the winner first, then as they were listed. */
export function explainCandidates(decision: PlacementDecision): CandidateExplanation[] {
  const winner = decision.candidates.find((c) => c.domain === decision.domain)!;
  const feasible = decision.candidates.filter((c) => c.feasible);
  const rivals = feasible.filter((c) => c !== winner);
  // The closest rival: a tie, if there is one, is what the winner's reason has to mention.
  const runnerUp = rivals.reduce<CandidateScore | undefined>(
    (best, c) => (best === undefined || c.score! > best.score! ? c : best),
    undefined,
  );
  const out = decision.candidates.map((c): CandidateExplanation => {
    const base = {
      domain: c.domain,
      cost: c.cost,
      latencyMs: c.latencyMs,
      reliability: c.reliability,
      transfer: c.transfer,
    };
    if (!c.feasible) return { ...base, outcome: "infeasible", reason: c.reason ?? "infeasible" };
    const scored = {
      ...base,
      ...(c.normalized ? { normalized: c.normalized } : {}),
      ...(c.subScores ? { subScores: c.subScores } : {}),
      ...(c.score === undefined ? {} : { total: c.score }),
    };
    if (c === winner)
      return { ...scored, outcome: "chosen", reason: winnerReason(winner, runnerUp, decision) };
    return { ...scored, ...loserReason(c, winner, decision) };
  });
  return [out.find((c) => c.domain === decision.domain)!, ...out.filter((c) => c.domain !== decision.domain)];
}

function winnerReason(
  winner: CandidateScore,
  runnerUp: CandidateScore | undefined,
  decision: PlacementDecision,
): string {
  if (runnerUp === undefined) return "the only feasible domain";
  const score = winner.score!.toFixed(3);
  if (!tied(runnerUp.score!, winner.score!))
    return `best score ${score}, ahead of ${runnerUp.domain} (${runnerUp.score!.toFixed(3)})`;
  return `tied with ${runnerUp.domain} at ${score}; ${tieBreak(winner, runnerUp, decision).why}`;
}

function loserReason(
  c: CandidateScore,
  winner: CandidateScore,
  decision: PlacementDecision,
): { outcome: CandidateOutcome; reason: string } {
  if (!tied(c.score!, winner.score!)) {
    return {
      outcome: "lower score",
      reason: `score ${c.score!.toFixed(3)} < ${winner.score!.toFixed(3)} of ${winner.domain}`,
    };
  }
  const tie = tieBreak(winner, c, decision);
  return { outcome: tie.outcome, reason: `tied with ${winner.domain} at ${c.score!.toFixed(3)}; ${tie.why}` };
}

/** How placement ordered two candidates with equal scores (the same rule as `ranked`). */
function tieBreak(
  first: CandidateScore,
  second: CandidateScore,
  decision: PlacementDecision,
): { outcome: CandidateOutcome; why: string } {
  const a = preferenceRank(decision.preferenceOrder, first.domain);
  const b = preferenceRank(decision.preferenceOrder, second.domain);
  if (a !== b) {
    return {
      outcome: "tie: preference order",
      why: `${first.domain} comes first in the domain preference order`,
    };
  }
  return { outcome: "tie: domain id", why: `${first.domain} sorts first by domain id` };
}
