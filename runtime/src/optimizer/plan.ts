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
import { type ActionRequirement, type DomainLoad, type PlacementDecision, place } from "./placement.js";
import { BUILTIN_STRATEGIES, type OptimizationStrategy } from "./strategy.js";

export interface PlannedAction extends ActionRequirement {
  /** Ids of the actions whose output this one needs. */
  readonly after: readonly string[];
}

export interface Plan {
  readonly strategy: string;
  readonly decisions: readonly PlacementDecision[];
  readonly totalCost: number;
  /** Longest path of latencies (with transfers) through the `after` edges. */
  readonly completionMs: number;
  /** Why the plan's strategy differs from the preferred one, if it does. */
  readonly override?: string;
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
  const finish = new Map<string, number>();
  let totalCost = 0;
  for (const action of order(input.actions)) {
    // Charge the transfer from the predecessor that finishes last (the one on the critical path).
    const last = [...action.after].sort((a, b) => (finish.get(b) ?? 0) - (finish.get(a) ?? 0))[0];
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
    const start = Math.max(0, ...action.after.map((d) => finish.get(d) ?? 0));
    finish.set(action.id, start + decision.latencyMs);
  }
  const completionMs = Math.max(0, ...finish.values());
  return { strategy: strategy.id, decisions: [...placed.values()], totalCost, completionMs };
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
  ].filter((id) => id !== input.strategy.id && strategies[id]);
  const reasons = [`${input.strategy.id}: ${broken.join("; ")}`];
  for (const id of fallbacks) {
    const plan = planWith(input, strategies[id]!);
    const still = violations(plan, input.hint);
    if (still.length === 0)
      return {
        ...plan,
        override: `${input.strategy.id} broke a hard limit (${broken.join("; ")}); ${id} meets it`,
      };
    reasons.push(`${id}: ${still.join("; ")}`);
  }
  throw new OptimizerError(
    "OPT2005_INFEASIBLE",
    "no strategy yields a plan within the dataflow's budgets",
    reasons,
  );
}
