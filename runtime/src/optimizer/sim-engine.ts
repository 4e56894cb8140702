/**
 * The discrete-event engine: one time-ordered event queue of arrivals, dispatches (retries),
 * answers and timeouts. Each domain runs `capacity` attempts at once and queues the rest in order;
 * a domain that is down does not answer, so its attempts hang until the timeout, holding their
 * slot. A failed or timed-out attempt is placed again at once (the policy decides where), up to
 * MAX_ATTEMPTS. The policy's observer hears what a dispatcher would, when it happens.
 */
import { acceptsDeterminism } from "../domains/typed-domain.js";
import { executionTimeMs } from "./cost-model.js";
import { OptimizerError } from "./errors.js";
import type { CandidateScore } from "./placement.js";
import { EventQueue } from "./sim-events.js";
import type { SimLogEntry } from "./sim-log.js";
import type { SimPolicy } from "./sim-policies.js";
import {
  answers,
  attemptDraw,
  HORIZON_MS,
  type Job,
  MAX_ATTEMPTS,
  REFUSAL_MS,
  RETRY_INFEASIBLE_MS,
  type SimDomain,
  TIMEOUT_MS,
} from "./sim-world.js";

/** What a run leaves behind, before it is summarized. */
export interface EngineOutcome {
  /** Completion time (arrival to success) of every job that completed. */
  readonly latency: ReadonlyMap<number, number>;
  readonly totalCost: number;
  readonly violations: number;
  /** Slot time taken, hung attempts included. */
  readonly busyMs: number;
  readonly retries: number;
}

export interface EngineInput {
  readonly domains: readonly SimDomain[];
  readonly jobs: readonly Job[];
  readonly policy: SimPolicy;
  readonly seed: number;
  /** Cost and hard-limit check of a job on a domain (profile numbers). */
  readonly price: (job: Job, domain: SimDomain) => CandidateScore;
  readonly log?: (entry: SimLogEntry) => void;
}

interface Run {
  readonly job: Job;
  readonly attempt: number;
  readonly domain: DomainState;
  startedAt: number;
  /** The observer's ticket for this attempt. */
  ticket: number;
}

interface DomainState {
  readonly sim: SimDomain;
  readonly queue: Run[];
  busy: number;
}

type SimEvent =
  | { readonly kind: "arrive"; readonly job: Job }
  | { readonly kind: "dispatch"; readonly job: Job; readonly attempt: number }
  | { readonly kind: "answer"; readonly run: Run; readonly failed: boolean }
  | { readonly kind: "timeout"; readonly run: Run };

export class Engine {
  /** The simulation's clock: the time of the event being handled. */
  now = 0;
  private readonly events = new EventQueue<SimEvent>();
  private readonly states: Map<string, DomainState>;
  private readonly latency = new Map<number, number>();
  private totalCost = 0;
  private violations = 0;
  private busyMs = 0;
  private retries = 0;
  private switchesLogged = 0;

  constructor(private readonly input: EngineInput) {
    this.states = new Map(input.domains.map((sim) => [sim.domain.id, { sim, queue: [], busy: 0 }]));
  }

  run(): EngineOutcome {
    for (const job of this.input.jobs) this.events.push(job.at, { kind: "arrive", job });
    for (
      let next = this.events.pop();
      next !== undefined && next.at <= HORIZON_MS;
      next = this.events.pop()
    ) {
      this.now = next.at;
      const e = next.event;
      switch (e.kind) {
        case "arrive":
          this.dispatch(e.job, 0);
          break;
        case "dispatch":
          this.dispatch(e.job, e.attempt);
          break;
        case "answer":
          // A domain bills the work it did, failed or not; a hung attempt did none.
          this.totalCost += this.input.price(e.run.job, e.run.domain.sim).cost;
          this.finish(e.run, e.failed ? "failed" : "answered", this.now - e.run.startedAt);
          break;
        case "timeout":
          this.finish(e.run, "timed-out", TIMEOUT_MS);
          break;
      }
    }
    return {
      latency: this.latency,
      totalCost: this.totalCost,
      violations: this.violations,
      busyMs: this.busyMs,
      retries: this.retries,
    };
  }

  private dispatch(job: Job, attempt: number): void {
    if (attempt >= MAX_ATTEMPTS) return; // out of attempts: the job never gets a completion time
    if (attempt > 0) this.retries++;
    const { policy, log } = this.input;
    let domainId: string;
    try {
      domainId = policy.choose(job, attempt, this.now);
    } catch (e) {
      if (!(e instanceof OptimizerError)) throw e;
      this.logSwitches();
      log?.({ at: this.now, kind: "no-domain", job: job.id, attempt });
      this.events.push(this.now + RETRY_INFEASIBLE_MS, { kind: "dispatch", job, attempt: attempt + 1 });
      return;
    }
    this.logSwitches();
    log?.({ at: this.now, kind: "placed", job: job.id, attempt, domain: domainId });
    const state = this.states.get(domainId)!;
    if (!this.input.price(job, state.sim).feasible) this.violations++;
    if (!acceptsDeterminism(state.sim.domain.kind, job.action.deterministic)) {
      log?.({ at: this.now, kind: "refused", job: job.id, attempt, domain: domainId });
      this.events.push(this.now + REFUSAL_MS, { kind: "dispatch", job, attempt: attempt + 1 });
      return;
    }
    state.queue.push({ job, attempt, domain: state, startedAt: Number.NaN, ticket: -1 });
    this.startWaiting(state);
  }

  /** Gives free slots to the attempts waiting, in order; the outcome of each is scheduled now. */
  private startWaiting(state: DomainState): void {
    const { sim } = state;
    const observer = this.input.policy.observer;
    while (state.busy < sim.capacity && state.queue.length > 0) {
      const run = state.queue.shift()!;
      run.startedAt = this.now;
      state.busy++;
      run.ticket = observer?.started(sim.domain.id, executionMs(run.job)) ?? -1;
      const draw = attemptDraw(this.input.seed, run.job.id, run.attempt);
      const serviceMs = (sim.domain.profile.latencyMs + executionMs(run.job)) * draw.jitter;
      if (answers(sim, this.now, serviceMs)) {
        const failed = draw.failure < sim.failureRate;
        this.events.push(this.now + serviceMs, { kind: "answer", run, failed });
      } else this.events.push(this.now + TIMEOUT_MS, { kind: "timeout", run });
    }
    observer?.queued(sim.domain.id, state.queue.length);
  }

  private finish(run: Run, outcome: "answered" | "failed" | "timed-out", waitedMs: number): void {
    const state = run.domain;
    const domain = state.sim.domain.id;
    const { log } = this.input;
    log?.({ at: this.now, kind: outcome, job: run.job.id, attempt: run.attempt, domain });
    state.busy--;
    this.busyMs += waitedMs;
    const failed = outcome !== "answered";
    // The policy hears of it now, not at dispatch: the answer, its latency, or the timeout.
    this.input.policy.observer?.finished(domain, waitedMs, failed, executionMs(run.job), run.ticket);
    this.startWaiting(state);
    if (failed) this.dispatch(run.job, run.attempt + 1);
    else {
      const ms = this.now - run.job.at;
      this.latency.set(run.job.id, ms);
      log?.({ at: this.now, kind: "completed", job: run.job.id, latencyMs: ms });
    }
  }

  private logSwitches(): void {
    const all = this.input.policy.switches();
    for (; this.switchesLogged < all.length; this.switchesLogged++)
      this.input.log?.({ at: this.now, kind: "switched", switch: all[this.switchesLogged]! });
  }
}

function executionMs(job: Job): number {
  return executionTimeMs(job.action.model, job.action.units);
}
