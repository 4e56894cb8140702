export {
  AdaptiveStrategySelector,
  DEFAULT_THRESHOLDS,
  type LoadMode,
  type StrategySwitch,
  type Thresholds,
} from "./adaptive.js";
export { AdaptivePlacer, type AdaptivePlacerOptions, type LoadSignal } from "./adaptive-placer.js";
export {
  costModel,
  DEFAULT_COST_MODEL,
  type EffectCostModel,
  executionTimeMs,
  KIND_COST_FACTOR,
  totalCost,
} from "./cost-model.js";
export { definitionActions } from "./definition-actions.js";
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
  type ActionExplanation,
  type CandidateExplanation,
  type CandidateOutcome,
  explainCandidates,
  explainPlan,
  type LimitCheck,
  type PlanExplanation,
} from "./explain.js";
export { formatPlanExplanation } from "./explain-text.js";
export {
  type HintInput,
  initiationHint,
  type ProcessDataflowInitiationHint,
  type ResourceConstraints,
} from "./hints.js";
export { type DomainBaseline, DomainMonitor, type DomainStats, type MonitorOptions } from "./monitor.js";
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
  ranked,
  score,
} from "./placement.js";
export { type OptimizerPlacerOptions, optimizerPlacer } from "./placer.js";
export { type Plan, type PlanInput, type PlannedAction, planDataflow, type ScheduledAction } from "./plan.js";
export { decadesAbove, SCORE_TOLERANCE, type ScoreParts } from "./scoring.js";
export {
  type AdaptiveConfig,
  COST_LIMIT,
  DEFAULT_ADAPTIVE_CONFIG,
  type DispatchObserver,
  FIXED_POLICIES,
  HORIZON_MS,
  type Job,
  MAX_ATTEMPTS,
  POLICIES,
  type PolicyName,
  type PolicyResult,
  percentile,
  prng,
  type SimDomain,
  type SimLogEntry,
  type SimOptions,
  type SimPolicy,
  simDomains,
  simulate,
  TIMEOUT_MS,
  type TraceKind,
  trace,
} from "./simulation.js";
export { BUILTIN_STRATEGIES, defineStrategy, type OptimizationStrategy, strategyById } from "./strategy.js";
