/**
 * The seed's EffectCostModel with the reference defaults and formulas:
 *   total cost(n)     = trunc((base + perUnit * n) * complexity * domainFactor)
 *   execution time(n) = trunc(duration * sqrt(n) * complexity)
 */
import type { DomainKind } from "../domains/typed-domain.js";

export interface EffectCostModel {
  readonly baseCost: number;
  readonly resourceCostPerUnit: number;
  readonly complexityMultiplier: number;
  readonly domainCostFactor: number;
  readonly estimatedDurationMs: number;
}

export const DEFAULT_COST_MODEL: EffectCostModel = Object.freeze({
  baseCost: 100,
  resourceCostPerUnit: 10,
  complexityMultiplier: 1.0,
  domainCostFactor: 1.0,
  estimatedDurationMs: 1000,
});

export function costModel(overrides: Partial<EffectCostModel> = {}): EffectCostModel {
  return { ...DEFAULT_COST_MODEL, ...overrides };
}

export function totalCost(model: EffectCostModel, units: number): number {
  return Math.trunc(
    (model.baseCost + model.resourceCostPerUnit * units) *
      model.complexityMultiplier *
      model.domainCostFactor,
  );
}

export function executionTimeMs(model: EffectCostModel, units: number): number {
  return Math.trunc(model.estimatedDurationMs * Math.sqrt(units) * model.complexityMultiplier);
}

/**
 * Per-kind cost factors: verifiable domains pay for proof generation, service domains for external
 * API calls, compute domains are the baseline. Multiplied with a domain's own profile cost factor.
 */
export const KIND_COST_FACTOR: Readonly<Record<DomainKind, number>> = Object.freeze({
  verifiable: 3.0,
  service: 1.5,
  compute: 1.0,
});
