/**
 * The optimizer as the orchestrator's placer: actions whose domain policy is "inherit" are placed
 * by strategy, hints and the monitor's view of the domains, and every decision is kept for
 * `explain`. With `preferParallelExecution` in the hint, the effects of sibling parallel branches
 * count as demand on their domains, so branches spread over domains that can run them.
 */
import type { EffectTemplate } from "../dataflow/definition.js";
import type { TypedDomain } from "../domains/typed-domain.js";
import type { PlacementContext } from "../orchestrator/orchestrator.js";
import type { AdaptiveStrategySelector, StrategySwitch } from "./adaptive.js";
import { DEFAULT_COST_MODEL } from "./cost-model.js";
import { initiationHint, type ProcessDataflowInitiationHint } from "./hints.js";
import type { DomainMonitor } from "./monitor.js";
import { type DomainLoad, type PlacementDecision, place } from "./placement.js";
import { BUILTIN_STRATEGIES, type OptimizationStrategy, strategyById } from "./strategy.js";

export interface OptimizerPlacerOptions {
  readonly strategy?: OptimizationStrategy;
  /** When given, the strategy follows the load (the explicit `strategy` is then ignored). */
  readonly adaptive?: AdaptiveStrategySelector;
  readonly hint?: ProcessDataflowInitiationHint;
  readonly monitor?: DomainMonitor;
  readonly onDecision?: (decision: PlacementDecision) => void;
  /** Every strategy switch of `adaptive`, with its reason (an event for the caller's stream). */
  readonly onSwitch?: (event: StrategySwitch) => void;
}

export function optimizerPlacer(
  options: OptimizerPlacerOptions = {},
): (effect: EffectTemplate, candidates: readonly TypedDomain[], context?: PlacementContext) => string {
  if (options.adaptive && options.onSwitch) options.adaptive.onSwitch(options.onSwitch);
  return (effect, candidates, context) => {
    // The instance's own hint (given to `start`) wins over the placer's default one.
    const hint = context?.hint
      ? initiationHint(context.hint, BUILTIN_STRATEGIES, candidates)
      : (options.hint ?? initiationHint({}, BUILTIN_STRATEGIES, candidates));
    // A strategy the user chose explicitly is honoured; load only moves the default one.
    const strategy =
      options.adaptive && !hint.explicitStrategy
        ? options.adaptive.observe(options.monitor?.systemLoad() ?? 0, Date.now())
        : options.strategy && !hint.explicitStrategy
          ? options.strategy
          : strategyById(BUILTIN_STRATEGIES, hint.preferredStrategyId);
    const from = context?.previousDomain
      ? candidates.find((d) => d.id === context.previousDomain)
      : undefined;
    // Sibling branches' effects on a domain wait there like queued demand, one service time each,
    // when the hint prefers parallel execution: so branches spread over domains (explained as latency).
    const siblings = hint.preferParallelExecution ? (context?.siblingDomains ?? []) : [];
    const load =
      options.monitor || siblings.length > 0
        ? (id: string): DomainLoad | undefined => {
            const seen = options.monitor?.load(id);
            const n = siblings.filter((d) => d === id).length;
            if (n === 0) return seen;
            const base = seen ?? { utilization: 0, up: true };
            return { ...base, demand: (base.demand ?? 0) + n / (base.slots ?? 1) };
          }
        : undefined;
    const decision = place({
      action: {
        id: context?.node ?? effect.type,
        effectType: effect.type,
        deterministic: effect.deterministic === true,
        units: effect.units ?? 1,
        model: DEFAULT_COST_MODEL,
      },
      domains: candidates,
      strategy,
      hint,
      ...(from ? { from } : {}),
      ...(load ? { load } : {}),
    });
    options.onDecision?.(decision);
    context?.explain?.(decision);
    return decision.domain;
  };
}
