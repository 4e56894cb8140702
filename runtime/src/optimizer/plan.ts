/**
 * Whole-dataflow plans: every action placed in dependency order, transfers charged between a step
 * and the steps it follows, and the dataflow's own `maxLatencyMs` (over the critical path) and
 * `costBudget` (over everything) respected. When the preferred strategy's plan breaks a budget,
 * the planner tries the strategy aimed at that budget and says so; if none fits, the plan is
 * infeasible with every reason.
 */
import type { TypedDomain } from "../domains/typed-domain.js";
import { OptimizerError } from "./errors.js";
import type { ProcessDataflowInitiationHint } from "./hints.js";
import {
  type ActionRequirement,
  type CandidateScore,
  type DomainLoad,
  type PlacementDecision,
  place,
} from "./placement.js";
import { BUILTIN_STRATEGIES, type OptimizationStrategy, strategyById } from "./strategy.js";

export interface PlannedAction extends ActionRequirement {
  /** Ids of the actions whose output this one needs. */
  readonly after: readonly string[];
}

/** When an action runs in the plan, in ms from the plan's start, and where its input comes from. */
export interface ScheduledAction {
  readonly action: string;
  readonly startMs: number;
  readonly finishMs: number;
  /** The predecessor whose domain the transfer is charged from (the one finishing last). */
  readonly after?: string;
}

export interface Plan {
  readonly strategy: string;
  /** The strategy the caller asked for; differs from `strategy` only with an `override`. */
  readonly requestedStrategy: string;
  readonly decisions: readonly PlacementDecision[];
  /** Every action's cost, transfers included. */
  readonly totalCost: number;
  /** The part of `totalCost` spent on cross-domain transfers. */
  readonly transferCost: number;
  /** Longest path of latencies (with transfers) through the `after` edges. */
  readonly completionMs: number;
  /** The actions on that longest path, first to last, and the transfer time spent along it. */
  readonly criticalPath: readonly string[];
  readonly criticalTransferMs: number;
  readonly schedule: readonly ScheduledAction[];
  /** The dataflow's limits the plan was checked against (from the hint). */
  readonly limits: { readonly maxLatencyMs?: number; readonly costBudget?: number };
  /** Why the plan's strategy differs from the preferred one, if it does. */
  readonly override?: string;
  /** The strategies tried before this one and the limits each broke. */
  readonly rejected?: readonly string[];
}

export interface PlanInput {
  readonly actions: readonly PlannedAction[];
  readonly domains: readonly TypedDomain[];
  readonly strategy: OptimizationStrategy;
  readonly hint: ProcessDataflowInitiationHint;
  readonly load?: (domain: string) => DomainLoad | undefined;
  readonly strategies?: Readonly<Record<string, OptimizationStrategy>>;
}

function order(actions: readonly PlannedAction[]): PlannedAction[] {
  const byId = new Map(actions.map((a) => [a.id, a]));
  const out: PlannedAction[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (a: PlannedAction) => {
    if (state.get(a.id) === 2) return;
    if (state.get(a.id) === 1)
      throw new OptimizerError("OPT2005_INFEASIBLE", `actions form a cycle through "${a.id}"`);
    state.set(a.id, 1);
    for (const dep of a.after) {
      const d = byId.get(dep);
      if (!d)
        throw new OptimizerError("OPT2005_INFEASIBLE", `action "${a.id}" follows unknown action "${dep}"`);
      visit(d);
    }
    state.set(a.id, 2);
    out.push(a);
  };
  for (const a of actions) visit(a);
  return out;
}

function planWith(input: PlanInput, strategy: OptimizationStrategy): Plan {
  const domainById = new Map(input.domains.map((d) => [d.id, d]));
  const placed = new Map<string, PlacementDecision>();
  const schedule = new Map<string, ScheduledAction>();
  let totalCost = 0;
  let transferCost = 0;
  const finishOf = (id: string) => schedule.get(id)?.finishMs ?? 0;
  for (const action of order(input.actions)) {
    // Charge the transfer from the predecessor that finishes last (the one on the critical path).
    let last: string | undefined;
    for (const dep of action.after) if (last === undefined || finishOf(dep) > finishOf(last)) last = dep;
    const from = last === undefined ? undefined : domainById.get(placed.get(last)!.domain);
    const decision = place({
      action,
      domains: input.domains,
      strategy,
      hint: input.hint,
      load: input.load,
      ...(from ? { from } : {}),
    });
    placed.set(action.id, decision);
    totalCost += decision.cost;
    transferCost += chosen(decision).transfer.cost;
    const startMs = last === undefined ? 0 : finishOf(last);
    const step = { action: action.id, startMs, finishMs: startMs + decision.latencyMs };
    schedule.set(action.id, last === undefined ? step : { ...step, after: last });
  }
  // Walk back from the action finishing last along the predecessors the transfers came from.
  let end: ScheduledAction | undefined;
  for (const s of schedule.values()) if (end === undefined || s.finishMs > end.finishMs) end = s;
  const criticalPath: string[] = [];
  let criticalTransferMs = 0;
  for (let s = end; s !== undefined; s = s.after === undefined ? undefined : schedule.get(s.after)) {
    criticalPath.unshift(s.action);
    criticalTransferMs += chosen(placed.get(s.action)!).transfer.timeMs;
  }
  return {
    strategy: strategy.id,
    requestedStrategy: input.strategy.id,
    decisions: [...placed.values()],
    totalCost,
    transferCost,
    completionMs: end?.finishMs ?? 0,
    criticalPath,
    criticalTransferMs,
    schedule: [...schedule.values()],
    limits: {
      ...(input.hint.maxLatencyMs === undefined ? {} : { maxLatencyMs: input.hint.maxLatencyMs }),
      ...(input.hint.costBudget === undefined ? {} : { costBudget: input.hint.costBudget }),
    },
  };
}

/** The winning candidate of a decision. */
function chosen(decision: PlacementDecision): CandidateScore {
  return decision.candidates.find((c) => c.domain === decision.domain)!;
}

function violations(plan: Plan, hint: ProcessDataflowInitiationHint): string[] {
  const out: string[] = [];
  if (hint.costBudget !== undefined && plan.totalCost > hint.costBudget)
    out.push(`total cost ${plan.totalCost} > costBudget ${hint.costBudget}`);
  if (hint.maxLatencyMs !== undefined && plan.completionMs > hint.maxLatencyMs)
    out.push(`completion ${plan.completionMs} ms > maxLatencyMs ${hint.maxLatencyMs}`);
  return out;
}

export function planDataflow(input: PlanInput): Plan {
  const strategies = input.strategies ?? BUILTIN_STRATEGIES;
  const first = planWith(input, input.strategy);
  const broken = violations(first, input.hint);
  if (broken.length === 0) return first;
  // Try the strategies aimed at what broke, cheapest-first for cost, fastest-first for latency.
  const fallbacks = [
    ...(broken.some((b) => b.startsWith("total cost")) ? ["cost_minimization"] : []),
    ...(broken.some((b) => b.startsWith("completion")) ? ["latency_optimization"] : []),
    "balanced",
  ].filter((id) => id !== input.strategy.id && Object.hasOwn(strategies, id));
  const reasons = [`${input.strategy.id}: ${broken.join("; ")}`];
  for (const id of fallbacks) {
    const plan = planWith(input, strategyById(strategies, id));
    const still = violations(plan, input.hint);
    if (still.length === 0)
      return {
        ...plan,
        override: `${input.strategy.id} broke a hard limit (${broken.join("; ")}); ${id} meets it`,
        rejected: reasons,
      };
    reasons.push(`${id}: ${still.join("; ")}`);
  }
  throw new OptimizerError(
    "OPT2005_INFEASIBLE",
    "no strategy yields a plan within the dataflow's budgets",
    reasons,
  );
}
