export {
  AdaptiveStrategySelector,
  DEFAULT_THRESHOLDS,
  type LoadMode,
  type StrategySwitch,
  type Thresholds,
} from "./adaptive.js";
export {
  costModel,
  DEFAULT_COST_MODEL,
  type EffectCostModel,
  executionTimeMs,
  KIND_COST_FACTOR,
  totalCost,
} from "./cost-model.js";
export { OptimizerError, type OptimizerErrorCode } from "./errors.js";
export {
  type DataflowEstimate,
  DEFAULT_RESOURCES,
  type EstimatedNode,
  estimateDataflow,
  estimateNode,
  type ResourceUsageEstimate,
} from "./estimate.js";
export {
  type HintInput,
  initiationHint,
  type ProcessDataflowInitiationHint,
  type ResourceConstraints,
} from "./hints.js";
export { DomainMonitor, type DomainStats } from "./monitor.js";
export {
  type ActionRequirement,
  type CandidateScore,
  congestion,
  type DomainLoad,
  evaluate,
  explain,
  type PlacementDecision,
  type PlacementInput,
  place,
  score,
} from "./placement.js";
export { type OptimizerPlacerOptions, optimizerPlacer } from "./placer.js";
export { type Plan, type PlanInput, type PlannedAction, planDataflow } from "./plan.js";
export {
  type Job,
  POLICIES,
  type PolicyName,
  type PolicyResult,
  prng,
  type SimDomain,
  simDomains,
  simulate,
  type TraceKind,
  trace,
} from "./simulation.js";
export { BUILTIN_STRATEGIES, defineStrategy, type OptimizationStrategy } from "./strategy.js";
