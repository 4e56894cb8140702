/**
 * A seeded, deterministic discrete-event simulation of effects placed on domains, to compare
 * placement policies on the same arrival traces. The "adaptive" policy runs the real optimizer:
 * DomainMonitor feedback, AdaptiveStrategySelector and placement with utilization. Baselines:
 * round-robin, random, always-cheapest, always-fastest, and each built-in strategy applied
 * statically (profile numbers only, no monitoring).
 */
import { acceptsDeterminism, type TypedDomain, typedDomain } from "../domains/typed-domain.js";
import { AdaptiveStrategySelector } from "./adaptive.js";
import { DEFAULT_COST_MODEL, executionTimeMs } from "./cost-model.js";
import { OptimizerError } from "./errors.js";
import { initiationHint } from "./hints.js";
import { DomainMonitor } from "./monitor.js";
import { type ActionRequirement, evaluate, place } from "./placement.js";
import { BUILTIN_STRATEGIES } from "./strategy.js";

export interface SimDomain {
  readonly domain: TypedDomain;
  /** Effects it runs at once. */
  readonly capacity: number;
  readonly failureRate: number;
  /** [start, end) windows in ms when the domain is down. */
  readonly outages?: readonly (readonly [number, number])[];
}

export interface Job {
  readonly id: number;
  readonly at: number;
  readonly action: ActionRequirement;
}

export interface PolicyResult {
  readonly policy: string;
  readonly p50: number;
  readonly p99: number;
  readonly totalCost: number;
  readonly violations: number;
  readonly utilization: number;
  readonly completed: number;
  readonly switches: number;
}

/** mulberry32: small, fast, and the same sequence on every machine for a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type TraceKind = "steady" | "bursty" | "spike" | "outage";

/** The domains every trace runs on; the outage trace takes the fastest one down for a while. */
export function simDomains(trace: TraceKind): SimDomain[] {
  return [
    {
      domain: typedDomain("fast", "compute", { latencyMs: 30, costFactor: 260 }),
      capacity: 6,
      failureRate: 0.01,
      ...(trace === "outage" ? { outages: [[20_000, 45_000]] as const } : {}),
    },
    {
      domain: typedDomain("mid", "compute", { latencyMs: 120, costFactor: 140 }),
      capacity: 6,
      failureRate: 0.02,
    },
    {
      domain: typedDomain("cheap", "compute", { latencyMs: 350, costFactor: 60 }),
      capacity: 6,
      failureRate: 0.03,
    },
    {
      domain: typedDomain("api", "service", { latencyMs: 90, costFactor: 100 }),
      capacity: 4,
      failureRate: 0.05,
    },
    {
      domain: typedDomain("zk", "verifiable", { latencyMs: 250, costFactor: 100 }),
      capacity: 3,
      failureRate: 0.01,
    },
  ];
}

/** Arrival trace: 60 s of jobs; rates per second by trace kind. */
export function trace(kind: TraceKind, seed: number): Job[] {
  const rand = prng(seed);
  const jobs: Job[] = [];
  const rate = (t: number) => {
    switch (kind) {
      case "steady":
      case "outage":
        return 8;
      case "bursty":
        return Math.floor(t / 5000) % 2 === 0 ? 3 : 14;
      case "spike":
        return t >= 25_000 && t < 35_000 ? 26 : 4;
    }
  };
  let t = 0;
  let id = 0;
  while (t < 60_000) {
    t += (-Math.log(1 - rand()) / rate(t)) * 1000;
    const units = 1 + Math.floor(rand() * 4);
    const deterministic = rand() < 0.8;
    jobs.push({
      id: id++,
      at: t,
      action: {
        id: `job${id}`,
        effectType: "work",
        deterministic,
        units,
        model: { ...DEFAULT_COST_MODEL, estimatedDurationMs: 120 },
      },
    });
  }
  return jobs;
}

export type PolicyName =
  | "adaptive"
  | "round-robin"
  | "random"
  | "always-cheapest"
  | "always-fastest"
  | "static:capital_efficiency"
  | "static:latency_optimization"
  | "static:cost_minimization"
  | "static:balanced";

export const POLICIES: readonly PolicyName[] = [
  "adaptive",
  "round-robin",
  "random",
  "always-cheapest",
  "always-fastest",
  "static:capital_efficiency",
  "static:latency_optimization",
  "static:cost_minimization",
  "static:balanced",
];

/** Bottleneck-utilization bands of the simulated adaptive policy (wide, so modes do not flap). */
const ADAPTIVE_THRESHOLDS = { enterHigh: 0.75, leaveHigh: 0.55, enterLow: 0.25, leaveLow: 0.4 } as const;
const ADAPTIVE_DWELL_MS = 0;
/** Weight of each new bottleneck reading in the load the selector sees. */
const LOAD_SMOOTHING = 0.05;

/** Per-job hard limit: the effect may cost at most this much. */
const COST_LIMIT = 600;

interface Slot {
  busyUntil: number;
}

export function simulate(kind: TraceKind, policy: PolicyName, seed = 42): PolicyResult {
  const domains = simDomains(kind);
  const all = domains.map((d) => d.domain);
  const jobs = trace(kind, seed);
  const rand = prng(seed ^ 0x9e3779b9);
  const pick = prng(seed + 7);
  const hint = initiationHint(
    { resourceConstraints: { maxCostPerEffect: COST_LIMIT } },
    BUILTIN_STRATEGIES,
    all,
  );
  const monitor = new DomainMonitor(0.2);
  for (const d of domains) monitor.register(d.domain.id, d.capacity);
  // Smoothed, so one burst of arrivals does not flip the mode back and forth.
  const selector = new AdaptiveStrategySelector(
    BUILTIN_STRATEGIES.balanced!,
    false,
    ADAPTIVE_THRESHOLDS,
    ADAPTIVE_DWELL_MS,
    LOAD_SMOOTHING,
  );
  const slots = new Map(
    domains.map((d) => [d.domain.id, Array.from({ length: d.capacity }, (): Slot => ({ busyUntil: 0 }))]),
  );
  const inFlight = new Map<string, number[]>(domains.map((d) => [d.domain.id, []]));
  const byId = new Map(domains.map((d) => [d.domain.id, d]));
  const down = (id: string, t: number) => (byId.get(id)!.outages ?? []).some(([a, b]) => t >= a && t < b);
  let rr = 0;
  let busyMs = 0;
  let totalCost = 0;
  let violations = 0;
  const completions: number[] = [];

  const choose = (job: Job, t: number): string => {
    const candidates = evaluate({
      action: job.action,
      domains: all,
      strategy: BUILTIN_STRATEGIES.balanced!,
      hint,
    });
    switch (policy) {
      case "round-robin":
        return all[rr++ % all.length]!.id;
      case "random":
        return all[Math.floor(pick() * all.length)]!.id;
      case "always-cheapest":
        return [...candidates].sort((a, b) => a.cost - b.cost || (a.domain < b.domain ? -1 : 1))[0]!.domain;
      case "always-fastest":
        return [...candidates].sort((a, b) => a.latencyMs - b.latencyMs || (a.domain < b.domain ? -1 : 1))[0]!
          .domain;
      case "adaptive": {
        // Monitoring: what is running or queued on each domain now, plus the observed averages.
        const utilization = new Map<string, number>();
        for (const d of domains) {
          const list = inFlight.get(d.domain.id)!.filter((end) => end > t);
          inFlight.set(d.domain.id, list);
          monitor.setUp(d.domain.id, !down(d.domain.id, t));
          utilization.set(d.domain.id, Math.min(1, list.length / d.capacity));
        }
        // The load that hurts is the bottleneck's: the busiest domain still up.
        const up = domains.filter((d) => !down(d.domain.id, t));
        const bottleneck = Math.max(0, ...up.map((d) => inFlight.get(d.domain.id)!.length / d.capacity));
        const strategy = selector.observe(bottleneck, t);
        const load = (id: string) => {
          const observed = monitor.load(id);
          return observed && { ...observed, utilization: utilization.get(id) ?? 0 };
        };
        return place({ action: job.action, domains: all, strategy, hint, load }).domain;
      }
      default: {
        const strategy = BUILTIN_STRATEGIES[policy.slice("static:".length)]!;
        return place({ action: job.action, domains: all, strategy, hint }).domain;
      }
    }
  };

  for (const job of jobs) {
    let t = job.at;
    let done = false;
    for (let attempt = 0; attempt < 5 && !done; attempt++) {
      let domainId: string;
      try {
        domainId = choose(job, t);
      } catch (e) {
        if (e instanceof OptimizerError) {
          t += 200;
          continue;
        }
        throw e;
      }
      const sim = byId.get(domainId)!;
      const d = sim.domain;
      const candidate = evaluate({
        action: job.action,
        domains: [d],
        strategy: BUILTIN_STRATEGIES.balanced!,
        hint,
      })[0]!;
      // A placement the limits forbid is a violation (baselines do not look at limits).
      if (!candidate.feasible && candidate.reason !== "unavailable") violations++;
      if (!acceptsDeterminism(d.kind, job.action.deterministic)) {
        t += 50;
        continue;
      }
      totalCost += candidate.cost;
      const pool = slots.get(domainId)!;
      const slot = pool.reduce((a, b) => (b.busyUntil < a.busyUntil ? b : a));
      const start = Math.max(t, slot.busyUntil);
      const service =
        (d.profile.latencyMs + executionTimeMs(job.action.model, job.action.units)) * (0.8 + 0.4 * rand());
      if (down(domainId, start)) {
        // The effect times out on a domain that is down.
        t = start + 2000;
        monitor.finished(domainId, 2000, true);
        continue;
      }
      const end = start + service;
      slot.busyUntil = end;
      busyMs += service;
      inFlight.get(domainId)!.push(end);
      monitor.started(domainId);
      const failed = rand() < sim.failureRate;
      monitor.finished(domainId, end - t, failed);
      t = end;
      if (!failed) {
        done = true;
        completions.push(end - job.at);
      }
    }
  }
  completions.sort((a, b) => a - b);
  const q = (p: number) =>
    Math.round(completions[Math.min(completions.length - 1, Math.floor(p * completions.length))] ?? 0);
  const capacity = domains.reduce((a, d) => a + d.capacity, 0);
  return {
    policy,
    p50: q(0.5),
    p99: q(0.99),
    totalCost,
    violations,
    utilization: busyMs / (capacity * 60_000),
    completed: completions.length,
    switches: selector.events.length,
  };
}
