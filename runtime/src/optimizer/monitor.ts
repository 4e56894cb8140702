/**
 * Monitoring: what a dispatcher can see of its domains, fed back into placement as DomainLoad.
 * Per domain: the effects in flight and how long each has been out, the queue of effects waiting
 * for a slot (predicted demand), and moving averages of the domain's overhead and failure rate from
 * the effects that answered. Nothing is read from the domain itself: a domain that stops answering
 * shows as effects overdue in flight, then as timeouts that open its circuit breaker.
 */
import { CircuitBreaker } from "./breaker.js";
import { FadingAverage } from "./fading-average.js";
import type { DomainLoad } from "./placement.js";

/** The overhead and failure rate a domain is expected to have without observations (its profile). */
export interface DomainBaseline {
  readonly latencyMs: number;
  readonly failureRate: number;
}

export interface MonitorOptions {
  /** The clock ages and cooldowns are measured on (the simulation passes its own). */
  readonly clock?: () => number;
  /** Failures in a row that open a domain's breaker (default 3). */
  readonly breakAfter?: number;
  /** How long an open breaker keeps the domain out before a probe (default 5000 ms, doubling per failed probe). */
  readonly cooldownMs?: number;
  /** For domains registered with a baseline: how fast the averages fade back to it (default 10000 ms). */
  readonly halfLifeMs?: number;
}

/** The raw numbers of one domain, for reports and tests. */
export interface DomainStats {
  readonly latencyMs?: number;
  readonly failureRate?: number;
  readonly queueDepth: number;
  readonly inFlight: number;
  readonly capacity: number;
  readonly up: boolean;
  readonly breakerOpen: boolean;
}

interface Domain {
  readonly capacity: number;
  readonly overhead: FadingAverage;
  readonly failures: FadingAverage;
  readonly breaker: CircuitBreaker;
  /** Effects out now by ticket: when each started and the model's execution time for it. */
  readonly inFlight: Map<number, { readonly at: number; readonly executionMs: number }>;
  queueDepth: number;
  lastQueueDepth: number;
  up: boolean;
}

export class DomainMonitor {
  private readonly domains = new Map<string, Domain>();
  private readonly clock: () => number;
  private readonly breakAfter: number;
  private readonly cooldownMs: number;
  private readonly halfLifeMs: number;
  private ticket = 0;

  /** `alpha` is the weight of a new observation in the exponential moving averages. */
  constructor(
    private readonly alpha = 0.2,
    options: MonitorOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.breakAfter = options.breakAfter ?? 3;
    this.cooldownMs = options.cooldownMs ?? 5000;
    this.halfLifeMs = options.halfLifeMs ?? 10_000;
  }

  register(domain: string, capacity: number, baseline?: DomainBaseline): void {
    this.domains.set(domain, {
      capacity: Math.max(1, capacity),
      overhead: new FadingAverage(this.alpha, this.halfLifeMs, baseline?.latencyMs),
      failures: new FadingAverage(this.alpha, this.halfLifeMs, baseline?.failureRate),
      breaker: new CircuitBreaker(this.breakAfter, this.cooldownMs),
      inFlight: new Map(),
      queueDepth: 0,
      lastQueueDepth: 0,
      up: true,
    });
  }

  private get(domain: string): Domain {
    const d = this.domains.get(domain);
    if (!d) throw new Error(`domain "${domain}" is not registered with the monitor`);
    return d;
  }

  /** An effect went out to the domain; the ticket identifies it to `finished`. */
  started(domain: string, executionMs = 0): number {
    const t = this.ticket++;
    this.get(domain).inFlight.set(t, { at: this.clock(), executionMs });
    return t;
  }

  /**
   * An effect answered, failed or timed out (then `latencyMs` is the time waited). Pass the model's
   * `executionMs`: the average keeps only the domain's overhead, because placement adds the
   * execution time of the action it places (counting it here too would count it twice). Without a
   * ticket the oldest effect out is taken as the one that finished.
   */
  finished(domain: string, latencyMs: number, failed: boolean, executionMs = 0, ticket?: number): void {
    const d = this.get(domain);
    const key = ticket ?? d.inFlight.keys().next().value;
    if (key !== undefined) d.inFlight.delete(key);
    const now = this.clock();
    d.overhead.add(Math.max(0, latencyMs - executionMs), now);
    d.failures.add(failed ? 1 : 0, now);
    d.breaker.record(failed, now);
  }

  /** The number of effects waiting for a slot on the domain, whenever it changes. */
  queued(domain: string, depth: number): void {
    const d = this.get(domain);
    d.lastQueueDepth = depth;
    d.queueDepth = d.queueDepth + this.alpha * (depth - d.queueDepth);
  }

  /** Health from outside (a health check); the breaker decides on top of it. */
  setUp(domain: string, up: boolean): void {
    this.get(domain).up = up;
  }

  load(domain: string): DomainLoad | undefined {
    const d = this.domains.get(domain);
    if (!d) return undefined;
    const now = this.clock();
    const overhead = this.overhead(d, now);
    const failureRate = d.failures.value(now);
    // Predicted demand: a queue that just grew counts at once, one that just drained fades out
    // (bursts come back), so the larger of the last depth and its moving average.
    const demand = Math.max(d.lastQueueDepth, d.queueDepth) / d.capacity;
    return {
      utilization: Math.min(1, d.inFlight.size / d.capacity),
      slots: d.capacity,
      up: d.up && d.breaker.allows(now, d.inFlight.size),
      demand,
      ...(overhead === undefined ? {} : { observedLatencyMs: overhead }),
      ...(failureRate === undefined ? {} : { observedFailureRate: failureRate }),
    };
  }

  /**
   * The overhead to expect: the average of what answered, but at least what the oldest effect
   * still out has already taken beyond its execution time. An effect overdue in flight is the
   * first sign of a domain that stopped answering, long before its timeout.
   */
  private overhead(d: Domain, now: number): number | undefined {
    const average = d.overhead.value(now);
    let overdue = 0;
    for (const e of d.inFlight.values()) overdue = Math.max(overdue, now - e.at - e.executionMs);
    if (average === undefined) return overdue > 0 ? overdue : undefined;
    return Math.max(average, overdue);
  }

  /** How full each domain that is up is, queued work included (0..1 each). */
  private fullness(): number[] {
    return [...this.domains.keys()]
      .map((id) => this.load(id)!)
      .filter((l) => l.up)
      .map((l) => Math.min(1, l.utilization + (l.demand ?? 0)));
  }

  /** Mean fullness of the domains that are up (1 when none is). */
  systemLoad(): number {
    const f = this.fullness();
    return f.length === 0 ? 1 : f.reduce((a, b) => a + b, 0) / f.length;
  }

  /** Fullness of the busiest domain that is up: where work starts to wait first (1 when none is up). */
  peakLoad(): number {
    const f = this.fullness();
    return f.length === 0 ? 1 : Math.max(...f);
  }

  snapshot(domain: string): DomainStats {
    const d = this.get(domain);
    const now = this.clock();
    const latencyMs = d.overhead.value(now);
    const failureRate = d.failures.value(now);
    return {
      ...(latencyMs === undefined ? {} : { latencyMs }),
      ...(failureRate === undefined ? {} : { failureRate }),
      queueDepth: d.queueDepth,
      inFlight: d.inFlight.size,
      capacity: d.capacity,
      up: d.up,
      breakerOpen: d.breaker.open,
    };
  }
}
