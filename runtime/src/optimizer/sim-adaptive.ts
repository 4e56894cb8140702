/**
 * The adaptive policy of the simulation: the real optimizer (AdaptivePlacer: DomainMonitor,
 * AdaptiveStrategySelector, place) fed only with what a dispatcher sees. The monitor runs on the
 * simulation's clock and takes queue depths, starts, answers, failures and timeouts as they
 * happen, never the outage schedule. Its settings are the tuned ones in DEFAULT_ADAPTIVE_CONFIG.
 */
import { AdaptiveStrategySelector, type Thresholds } from "./adaptive.js";
import { AdaptivePlacer, type LoadSignal } from "./adaptive-placer.js";
import { DomainMonitor } from "./monitor.js";
import type { PolicyContext, SimPolicy } from "./sim-policies.js";
import { BUILTIN_STRATEGIES } from "./strategy.js";

export interface AdaptiveConfig {
  /** Load bands of the selector (entering a mode takes more than staying in it). */
  readonly thresholds: Thresholds;
  /** A mode is kept at least this long before the next switch. */
  readonly dwellMs: number;
  /** Weight of each load reading in the smoothed load the bands compare. */
  readonly smoothing: number;
  readonly loadSignal: LoadSignal;
  /** Weight of a new observation in the monitor's moving averages. */
  readonly monitorAlpha: number;
  /** Place retries with latency optimization (they are late already). */
  readonly retryForLatency: boolean;
  /** Failures in a row that take a domain out, and for how long. */
  readonly breakAfter: number;
  readonly cooldownMs: number;
  /** How fast an old observation fades back to the domain's profile. */
  readonly halfLifeMs: number;
}

/**
 * Tuned on the seed-42 traces (docs/optimizer.md has the sweep): the busiest domain's fullness
 * (`peak`) is the load, because that is where effects start to wait; smoothed with weight 0.05
 * per reading and a 2 s dwell, so single bursts do not move the mode and a steady load never does.
 * The low band is narrow (enter at 0.05): cost minimization sends everything to the cheapest
 * domain, whose latency and failure rate make the slowest 1% of jobs, so it is kept for a nearly
 * idle system.
 */
export const DEFAULT_ADAPTIVE_CONFIG: AdaptiveConfig = Object.freeze({
  thresholds: Object.freeze({ enterHigh: 0.75, leaveHigh: 0.55, enterLow: 0.05, leaveLow: 0.2 }),
  dwellMs: 2000,
  smoothing: 0.05,
  loadSignal: "peak",
  monitorAlpha: 0.2,
  retryForLatency: true,
  breakAfter: 3,
  cooldownMs: 5000,
  halfLifeMs: 10_000,
});

export function adaptivePolicy(
  ctx: PolicyContext,
  config: AdaptiveConfig = DEFAULT_ADAPTIVE_CONFIG,
): SimPolicy {
  const monitor = new DomainMonitor(config.monitorAlpha, {
    clock: ctx.now,
    breakAfter: config.breakAfter,
    cooldownMs: config.cooldownMs,
    halfLifeMs: config.halfLifeMs,
  });
  // The baseline is the profile: what the dispatcher was told about the domain, not what it is.
  for (const d of ctx.domains)
    monitor.register(d.domain.id, d.capacity, {
      latencyMs: d.domain.profile.latencyMs,
      failureRate: 1 - d.domain.profile.reliability / 100,
    });
  const selector = new AdaptiveStrategySelector(
    BUILTIN_STRATEGIES.balanced!,
    ctx.hint.explicitStrategy,
    config.thresholds,
    config.dwellMs,
    config.smoothing,
  );
  const placer = new AdaptivePlacer({
    domains: ctx.domains.map((d) => d.domain),
    hint: ctx.hint,
    monitor,
    selector,
    loadSignal: config.loadSignal,
    retryStrategy: config.retryForLatency ? BUILTIN_STRATEGIES.latency_optimization! : null,
  });
  return {
    choose: (job, attempt, now) => placer.place(job.action, now, attempt).domain,
    observer: {
      queued: (d, depth) => monitor.queued(d, depth),
      started: (d, executionMs) => monitor.started(d, executionMs),
      finished: (d, latencyMs, failed, executionMs, ticket) =>
        monitor.finished(d, latencyMs, failed, executionMs, ticket),
    },
    switches: () => selector.events,
  };
}
