/**
 * A seeded, deterministic discrete-event simulation of effects placed on domains, to compare
 * placement policies on the same arrival traces (sim-world.ts: domains, traces, rules;
 * sim-engine.ts: the event loop; sim-policies.ts: the policies). Every job either completes or
 * counts as failed, with an infinite completion time in the percentiles. The adaptive policy runs
 * the real optimizer and only learns what a dispatcher would.
 */
import type { TypedDomain } from "../domains/typed-domain.js";
import { initiationHint, type ProcessDataflowInitiationHint } from "./hints.js";
import { type CandidateScore, evaluate } from "./placement.js";
import { type AdaptiveConfig, DEFAULT_ADAPTIVE_CONFIG } from "./sim-adaptive.js";
import { Engine } from "./sim-engine.js";
import type { SimLogEntry } from "./sim-log.js";
import { makePolicy, type PolicyName } from "./sim-policies.js";
import { percentile } from "./sim-stats.js";
import { ARRIVALS_MS, COST_LIMIT, type Job, simDomains, type TraceKind, trace } from "./sim-world.js";
import { BUILTIN_STRATEGIES } from "./strategy.js";

export { type AdaptiveConfig, DEFAULT_ADAPTIVE_CONFIG } from "./sim-adaptive.js";
export type { SimLogEntry } from "./sim-log.js";
export {
  type DispatchObserver,
  FIXED_POLICIES,
  POLICIES,
  type PolicyName,
  type SimPolicy,
} from "./sim-policies.js";
export { percentile } from "./sim-stats.js";
export {
  attemptDraw,
  COST_LIMIT,
  HORIZON_MS,
  type Job,
  MAX_ATTEMPTS,
  prng,
  type SimDomain,
  simDomains,
  TIMEOUT_MS,
  type TraceKind,
  trace,
} from "./sim-world.js";

export interface PolicyResult {
  readonly policy: string;
  /** Completion times (arrival to success) over every job; one that never completes counts as Infinity. */
  readonly p50: number;
  readonly p99: number;
  /** What the attempts that ran cost (answered or failed by the domain; timeouts and refusals are free). */
  readonly totalCost: number;
  /** Placements that break the hint's hard limit or a domain's rule (determinism). */
  readonly violations: number;
  /** Busy slot time (hung attempts included) over the capacity during the 60 s of arrivals. */
  readonly utilization: number;
  readonly completed: number;
  /** Jobs that used up their attempts or were still unfinished at the horizon. */
  readonly failed: number;
  /** Attempts after the first. */
  readonly retries: number;
  readonly switches: number;
}

export interface SimOptions {
  /** Called with every placement, answer, failure, timeout, completion and switch as it happens. */
  readonly log?: (entry: SimLogEntry) => void;
  /** Settings of the adaptive policy to try instead of the tuned defaults. */
  readonly adaptive?: Partial<AdaptiveConfig>;
}

export function simulate(
  kind: TraceKind,
  policyName: PolicyName,
  seed = 42,
  options: SimOptions = {},
): PolicyResult {
  const domains = simDomains(kind);
  const hint = initiationHint(
    { resourceConstraints: { maxCostPerEffect: COST_LIMIT } },
    BUILTIN_STRATEGIES,
    domains.map((d) => d.domain),
  );
  const jobs = trace(kind, seed);
  let engine: Engine | undefined;
  const policy = makePolicy(
    policyName,
    { domains, hint, seed, now: () => engine?.now ?? 0 },
    { ...DEFAULT_ADAPTIVE_CONFIG, ...options.adaptive },
  );
  const price = pricing(hint);
  engine = new Engine({
    domains,
    jobs,
    policy,
    seed,
    price: (job, d) => price(job, d.domain),
    ...(options.log ? { log: options.log } : {}),
  });
  const out = engine.run();
  const times = jobs.map((j) => out.latency.get(j.id) ?? Number.POSITIVE_INFINITY);
  const capacity = domains.reduce((a, d) => a + d.capacity, 0);
  return {
    policy: policyName,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    totalCost: out.totalCost,
    violations: out.violations,
    utilization: out.busyMs / (capacity * ARRIVALS_MS),
    completed: out.latency.size,
    failed: jobs.length - out.latency.size,
    retries: out.retries,
    switches: policy.switches().length,
  };
}

/** Cost and hard-limit check of a job on one domain, on profile numbers (remembered per kind of job). */
function pricing(hint: ProcessDataflowInitiationHint): (job: Job, domain: TypedDomain) => CandidateScore {
  const memo = new Map<string, CandidateScore>();
  return (job, domain) => {
    const key = `${domain.id}/${job.action.units}/${job.action.deterministic}`;
    let c = memo.get(key);
    if (c === undefined) {
      const strategy = BUILTIN_STRATEGIES.balanced!;
      c = evaluate({ action: job.action, domains: [domain], strategy, hint })[0]!;
      memo.set(key, c);
    }
    return c;
  };
}
