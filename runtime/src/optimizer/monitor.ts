/**
 * Monitoring: per-domain moving averages of observed latency, failures and queue depth, and the
 * current utilization (in-flight effects over capacity). Fed back into placement as DomainLoad.
 */
import type { DomainLoad } from "./placement.js";

export interface DomainStats {
  latencyMs?: number;
  failureRate?: number;
  queueDepth: number;
  inFlight: number;
  capacity: number;
  up: boolean;
}

export class DomainMonitor {
  private readonly stats = new Map<string, DomainStats>();

  /** `alpha` is the weight of a new observation in the exponential moving averages. */
  constructor(private readonly alpha = 0.2) {}

  register(domain: string, capacity: number): void {
    this.stats.set(domain, { queueDepth: 0, inFlight: 0, capacity: Math.max(1, capacity), up: true });
  }

  private get(domain: string): DomainStats {
    const s = this.stats.get(domain);
    if (!s) throw new Error(`domain "${domain}" is not registered with the monitor`);
    return s;
  }

  started(domain: string): void {
    this.get(domain).inFlight++;
  }

  finished(domain: string, latencyMs: number, failed: boolean): void {
    const s = this.get(domain);
    s.inFlight = Math.max(0, s.inFlight - 1);
    s.latencyMs =
      s.latencyMs === undefined ? latencyMs : s.latencyMs + this.alpha * (latencyMs - s.latencyMs);
    const f = failed ? 1 : 0;
    s.failureRate = s.failureRate === undefined ? f : s.failureRate + this.alpha * (f - s.failureRate);
  }

  queued(domain: string, depth: number): void {
    const s = this.get(domain);
    s.queueDepth = s.queueDepth + this.alpha * (depth - s.queueDepth);
  }

  setUp(domain: string, up: boolean): void {
    this.get(domain).up = up;
  }

  load(domain: string): DomainLoad | undefined {
    const s = this.stats.get(domain);
    if (!s) return undefined;
    // Queued work counts as demand to come: predicted utilization, not only the present one.
    const utilization = Math.min(1, (s.inFlight + s.queueDepth) / s.capacity);
    return {
      utilization,
      up: s.up,
      ...(s.latencyMs === undefined ? {} : { observedLatencyMs: s.latencyMs }),
      ...(s.failureRate === undefined ? {} : { observedFailureRate: s.failureRate }),
    };
  }

  /** Mean utilization over the domains that are up. */
  systemLoad(): number {
    const up = [...this.stats.entries()].filter(([, s]) => s.up).map(([d]) => this.load(d)!.utilization);
    return up.length === 0 ? 1 : up.reduce((a, b) => a + b, 0) / up.length;
  }
}
