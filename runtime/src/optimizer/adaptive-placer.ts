/**
 * Adaptive placement as one object: the monitor's view of the domains, the adaptive strategy
 * selector fed with the load the monitor reports, and `place`. A retried effect is already late,
 * so it is placed with the retry strategy (latency optimization by default) whatever the load
 * mode. A strategy the user chose explicitly in the hint is used for everything, retries too.
 */
import type { TypedDomain } from "../domains/typed-domain.js";
import type { AdaptiveStrategySelector } from "./adaptive.js";
import type { ProcessDataflowInitiationHint } from "./hints.js";
import type { DomainMonitor } from "./monitor.js";
import { type ActionRequirement, type PlacementDecision, place } from "./placement.js";
import { BUILTIN_STRATEGIES, type OptimizationStrategy, strategyById } from "./strategy.js";

/** Which load the selector compares with its bands: the mean fullness of the domains, or the busiest one's. */
export type LoadSignal = "mean" | "peak";

export interface AdaptivePlacerOptions {
  readonly domains: readonly TypedDomain[];
  readonly hint: ProcessDataflowInitiationHint;
  readonly monitor: DomainMonitor;
  readonly selector: AdaptiveStrategySelector;
  readonly loadSignal?: LoadSignal;
  /** For attempts after the first; `null` places retries like first attempts. */
  readonly retryStrategy?: OptimizationStrategy | null;
  readonly strategies?: Readonly<Record<string, OptimizationStrategy>>;
}

export class AdaptivePlacer {
  private readonly explicit: OptimizationStrategy | undefined;

  constructor(private readonly options: AdaptivePlacerOptions) {
    const strategies = options.strategies ?? BUILTIN_STRATEGIES;
    this.explicit = options.hint.explicitStrategy
      ? strategyById(strategies, options.hint.preferredStrategyId)
      : undefined;
  }

  /** The strategy for an attempt now; also moves the selector with the current load. */
  strategyFor(attempt: number, now: number): OptimizationStrategy {
    if (this.explicit) return this.explicit;
    const m = this.options.monitor;
    const strategy = this.options.selector.observe(
      this.options.loadSignal === "peak" ? m.peakLoad() : m.systemLoad(),
      now,
    );
    const retry =
      this.options.retryStrategy === undefined
        ? BUILTIN_STRATEGIES.latency_optimization!
        : this.options.retryStrategy;
    return attempt > 0 && retry ? retry : strategy;
  }

  place(action: ActionRequirement, now: number, attempt = 0): PlacementDecision {
    const m = this.options.monitor;
    return place({
      action,
      domains: this.options.domains,
      strategy: this.strategyFor(attempt, now),
      hint: this.options.hint,
      load: (id) => m.load(id),
    });
  }
}
