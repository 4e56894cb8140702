/**
 * Adaptive strategy selection with hysteresis: under high load switch towards latency optimization,
 * under low load towards cost minimization, back to the base strategy in between. Entering and
 * leaving a mode use different thresholds, so a load hovering at one threshold does not flap; the
 * readings can be smoothed and a mode kept for a minimum dwell (counted from the first reading too).
 * A strategy the user chose explicitly is never switched by load. Every switch is an event.
 */
import { BUILTIN_STRATEGIES, type OptimizationStrategy } from "./strategy.js";

export type LoadMode = "low" | "normal" | "high";

export interface StrategySwitch {
  readonly at: number;
  readonly from: string;
  readonly to: string;
  readonly mode: LoadMode;
  readonly load: number;
  readonly reason: string;
}

export interface Thresholds {
  readonly enterHigh: number;
  readonly leaveHigh: number;
  readonly enterLow: number;
  readonly leaveLow: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({
  enterHigh: 0.75,
  leaveHigh: 0.55,
  enterLow: 0.25,
  leaveLow: 0.4,
});

export class AdaptiveStrategySelector {
  private mode: LoadMode = "normal";
  readonly events: StrategySwitch[] = [];
  private readonly listeners: ((event: StrategySwitch) => void)[] = [];
  private current: OptimizationStrategy;
  private since = Number.NEGATIVE_INFINITY;
  private smoothed: number | undefined;

  constructor(
    private readonly base: OptimizationStrategy = BUILTIN_STRATEGIES.balanced!,
    private readonly explicit = false,
    private readonly thresholds: Thresholds = DEFAULT_THRESHOLDS,
    /** A mode is kept at least this long (ms) before the next switch: time hysteresis. */
    private readonly minDwellMs = 0,
    /** Weight of each reading in the smoothed load the bands compare (1 = no smoothing). */
    private readonly smoothing = 1,
  ) {
    this.current = base;
  }

  get strategy(): OptimizationStrategy {
    return this.current;
  }

  /** Calls `listener` with every switch from now on (the runtime turns them into events). */
  onSwitch(listener: (event: StrategySwitch) => void): void {
    this.listeners.push(listener);
  }

  /** Feeds the current system load (0..1); returns the strategy to use now. */
  observe(reading: number, at: number): OptimizationStrategy {
    this.smoothed =
      this.smoothed === undefined ? reading : this.smoothed + this.smoothing * (reading - this.smoothed);
    const load = this.smoothed;
    // The first reading starts the clock: the selector watches the load for a dwell before it
    // leaves the base strategy, rather than judging the whole run by the empty system at its start.
    if (this.since === Number.NEGATIVE_INFINITY) this.since = at;
    if (this.explicit || (this.minDwellMs > 0 && at - this.since < this.minDwellMs)) return this.current;
    const t = this.thresholds;
    let next: LoadMode = this.mode;
    if (this.mode === "normal") next = load >= t.enterHigh ? "high" : load <= t.enterLow ? "low" : "normal";
    else if (this.mode === "high" && load < t.leaveHigh) next = load <= t.enterLow ? "low" : "normal";
    else if (this.mode === "low" && load > t.leaveLow) next = load >= t.enterHigh ? "high" : "normal";
    if (next !== this.mode) {
      const to =
        next === "high"
          ? BUILTIN_STRATEGIES.latency_optimization!
          : next === "low"
            ? BUILTIN_STRATEGIES.cost_minimization!
            : this.base;
      const reason =
        next === "high"
          ? `load ${load.toFixed(2)} >= ${t.enterHigh}: favour latency`
          : next === "low"
            ? `load ${load.toFixed(2)} <= ${t.enterLow}: favour cost`
            : `load ${load.toFixed(2)} back in the normal band: ${this.base.id}`;
      const event: StrategySwitch = { at, from: this.current.id, to: to.id, mode: next, load, reason };
      this.events.push(event);
      for (const listener of this.listeners) listener(event);
      this.mode = next;
      this.current = to;
      this.since = at;
    }
    return this.current;
  }
}
