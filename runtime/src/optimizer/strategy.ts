/**
 * Optimization strategies: weights on priority, latency and cost (the seed's OptimizationStrategy).
 * The four built-ins keep the reference weights.
 */
import { OptimizerError } from "./errors.js";

export interface OptimizationStrategy {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly priorityWeight: number;
  readonly latencyWeight: number;
  readonly costWeight: number;
}

export const BUILTIN_STRATEGIES: Readonly<Record<string, OptimizationStrategy>> = Object.freeze({
  capital_efficiency: strategy(
    "capital_efficiency",
    "CapitalEfficiency",
    "resource utilization first, moderate latency and cost",
    0.8,
    0.3,
    0.5,
  ),
  latency_optimization: strategy(
    "latency_optimization",
    "LatencyOptimization",
    "fastest completion, accepts higher cost",
    0.5,
    0.9,
    0.2,
  ),
  cost_minimization: strategy(
    "cost_minimization",
    "CostMinimization",
    "lowest cost, accepts longer execution",
    0.4,
    0.2,
    0.9,
  ),
  balanced: strategy(
    "balanced",
    "Balanced",
    "reasonable latency, cost and utilization together",
    0.6,
    0.6,
    0.6,
  ),
});

function strategy(
  id: string,
  name: string,
  description: string,
  p: number,
  l: number,
  c: number,
): OptimizationStrategy {
  return Object.freeze({ id, name, description, priorityWeight: p, latencyWeight: l, costWeight: c });
}

/** A user-defined strategy, checked: weights finite and >= 0, not all zero. */
export function defineStrategy(s: OptimizationStrategy): OptimizationStrategy {
  for (const key of ["priorityWeight", "latencyWeight", "costWeight"] as const) {
    const w = s[key];
    if (!Number.isFinite(w) || w < 0) {
      throw new OptimizerError(
        "OPT2001_BAD_STRATEGY",
        `strategy "${s.id}": ${key} must be a finite number >= 0 (got ${w})`,
      );
    }
  }
  if (s.priorityWeight + s.latencyWeight + s.costWeight === 0) {
    throw new OptimizerError(
      "OPT2001_BAD_STRATEGY",
      `strategy "${s.id}": at least one weight must be above 0`,
    );
  }
  return Object.freeze({ ...s });
}

/**
 * The strategy named `id`, looked up as an own property only: `toString` or `constructor` are
 * members of every object, not strategies (`OPT2002_UNKNOWN_STRATEGY`).
 */
export function strategyById(
  strategies: Readonly<Record<string, OptimizationStrategy>>,
  id: string,
): OptimizationStrategy {
  if (!Object.hasOwn(strategies, id)) {
    throw new OptimizerError(
      "OPT2002_UNKNOWN_STRATEGY",
      `unknown strategy "${id}" (known: ${Object.keys(strategies).join(", ")})`,
    );
  }
  return strategies[id]!;
}
