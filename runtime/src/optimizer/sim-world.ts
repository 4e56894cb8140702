/**
 * The simulated world: seeded random numbers, the domains every trace runs on (capacities,
 * latencies, failure rates, costs, outages) and the arrival traces. Each attempt of a job draws its
 * service-time jitter and its failure from its own seeded stream (common random numbers), so every
 * policy meets the same luck for the same job and attempt, whatever domain it picks.
 */
import { type TypedDomain, typedDomain } from "../domains/typed-domain.js";
import { DEFAULT_COST_MODEL } from "./cost-model.js";
import type { ActionRequirement } from "./placement.js";

/** Per-effect hard limit of every job: the effect may cost at most this much. */
export const COST_LIMIT = 600;
/** How long a dispatcher waits for an answer before it gives up on an attempt. */
export const TIMEOUT_MS = 2000;
/** Attempts per job: the first and four retries. */
export const MAX_ATTEMPTS = 5;
/** When a policy finds no feasible domain, the job tries again this much later. */
export const RETRY_INFEASIBLE_MS = 200;
/** A domain refuses an effect it may not run (determinism) after one round trip. */
export const REFUSAL_MS = 50;
/** Jobs arrive for this long... */
export const ARRIVALS_MS = 60_000;
/** ...and the ones not finished by this time count as failed. */
export const HORIZON_MS = 120_000;

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

/** The luck of one attempt: its service-time factor (0.8..1.2) and a uniform draw for failure. */
export function attemptDraw(seed: number, job: number, attempt: number): { jitter: number; failure: number } {
  const rand = prng((seed ^ Math.imul(job + 1, 0x9e3779b1) ^ Math.imul(attempt + 1, 0x85ebca6b)) >>> 0);
  rand(); // the first output of a fresh stream is the least mixed
  return { jitter: 0.8 + 0.4 * rand(), failure: rand() };
}

/**
 * Whether an effect running on the domain from `start` for `ms` gets an answer: not if the domain
 * is down when it starts or goes down before it ends (the effect then hangs until its timeout).
 */
export function answers(domain: SimDomain, start: number, ms: number): boolean {
  return !(domain.outages ?? []).some(([a, b]) => start < b && start + ms > a);
}
