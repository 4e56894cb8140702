/**
 * The orchestrator: runs dataflow instances node by node. A step is: claim the instance (one
 * worker owns its next step at a time, by a lease in the store that expires if the worker dies),
 * run what it waits on outside any transaction (its queued effect, under a claimed idempotency
 * key, with retries and a timeout; or its sub-dataflow instance), then apply the outcome in one
 * transaction (transitions.ts). A crash anywhere leaves either the effect's recorded result or
 * nothing, and the next owner carries on without running the effect twice.
 */
import { randomUUID } from "node:crypto";
import type { TypeExpr } from "@causality/schema";
import { OptimizerError } from "../optimizer/errors.js";
import { initiationHint } from "../optimizer/hints.js";
import { BUILTIN_STRATEGIES } from "../optimizer/strategy.js";
import { ConflictError, type Instance, StoreDataError, type Tx } from "../store/store.js";
import { claimMsOf, effectBudgetMs, performEffect } from "./effects.js";
import { CANCELLED, cancelInstance, retryInstance } from "./operator.js";
import { Redactions, redactingStore } from "./redacting-tx.js";
import { type Prepared, Transitions } from "./transitions.js";
import {
  type AnyDataflow,
  type Awaiting,
  errorOf,
  isBranches,
  isEffect,
  isSubflow,
  type OrchestratorOptions,
  type Runtime,
  type RuntimeEvent,
  type SpanTracer,
  type StartOptions,
} from "./types.js";
import { upgradeInstance } from "./upgrade.js";

export {
  CANCELLED,
  cancelInstance,
  OperatorError,
  type OperatorErrorCode,
  retryInstance,
} from "./operator.js";
export { fill } from "./placement.js";
export * from "./types.js";
export { UpgradeError, type UpgradeErrorCode } from "./upgrade.js";

export const DEFAULT_LEASE_MS = 30_000;

export interface WorkOptions {
  /** How many instances to claim at a time. Default 16. */
  readonly batch?: number;
  readonly signal?: AbortSignal;
  /** Return once no instance is runnable (the default); false polls every `idleMs` until `signal` aborts. */
  readonly untilIdle?: boolean;
  readonly idleMs?: number;
  /** Told of every instance whose step failed, with its id. */
  readonly onError?: (error: Error, instance: string) => void;
  /** How long an instance whose step failed is left alone. Default 60 s. */
  readonly quarantineMs?: number;
}

/**
 * What one attempt at a step did: the instance after it, whether another owner held it, whether
 * its transaction gave the lease back (then no statement of its own does), and the key of the
 * effect it enqueued and claimed with it (the next step runs it without a claim of its own).
 */
interface StepResult {
  readonly instance: Instance;
  readonly busy: boolean;
  readonly released?: boolean;
  readonly claimed?: string;
}

/** What a step's own transaction does with the lease, besides the transition. */
interface StepPolicy {
  /** The instance as the caller last saw it, if it has it. */
  readonly known?: Instance;
  /** Give the lease back with the transition when this holds of the instance it wrote (and it claimed nothing). */
  readonly release: (after: Instance) => boolean;
  /** Claim the first key of an effect the transition enqueues: the caller runs it next. */
  readonly claimNext?: boolean;
  /** A key claimed by the step before (its `claimed`). */
  readonly preclaimed?: string;
}

const ALWAYS = () => true;
/** Steps a worker makes on one instance under one claim at most (a loop of effects yields then). */
const MAX_CHAINED = 16;
const FINISHED = (after: Instance) => after.status !== "running";

export class Orchestrator {
  private readonly definitions = new Map<string, AnyDataflow>();
  private readonly transitions: Transitions;
  private readonly runtime: Runtime;
  private readonly redactions: Redactions;
  private tracer: SpanTracer | undefined;
  /** Each step claims under its own token, so two steps in one process exclude each other too. */
  private readonly worker = randomUUID();
  private steps = 0;

  constructor(private readonly options: OrchestratorOptions) {
    this.tracer = options.tracer;
    const self = this;
    this.redactions = new Redactions(this.definitions);
    this.runtime = {
      options,
      definitions: this.definitions,
      redactions: this.redactions,
      emit: (e) => this.emit(e),
      get tracer() {
        return self.tracer;
      },
    };
    this.transitions = new Transitions(this.runtime, (def) => this.register(def));
    // With @opentelemetry/api installed (an optional peer), transitions become spans by default.
    if (!this.tracer) {
      const api = "@opentelemetry/api";
      import(api)
        .then((otel: { trace?: { getTracer(name: string): SpanTracer } }) => {
          this.tracer ??= otel.trace?.getTracer("@causality/runtime");
        })
        .catch(() => undefined);
    }
  }

  private emit(event: RuntimeEvent): void {
    if (this.options.onEvent) this.options.onEvent(this.redactions.event(event));
    else if (event.type === "instance.completed" || event.type === "instance.failed")
      this.redactions.event(event);
  }

  /** A store transaction whose journal and queue writes are redacted (redacting-tx.ts). */
  private transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.options.store.transaction((tx) => work(this.redactions.tx(tx)));
  }

  register(def: AnyDataflow): void {
    this.definitions.set(def.definitionId, def);
  }

  /**
   * Starts an instance: the input is checked to be plain data and against I, the hint against the
   * domains (an unknown strategy, a negative budget or an unknown domain is refused); nothing is
   * stored when either fails.
   */
  async start(def: AnyDataflow, input: unknown, options: StartOptions = {}): Promise<Instance> {
    const span = this.tracer?.startSpan(`causality ${def.name} instance.start`, {
      attributes: { "causality.definition": def.definitionId },
    });
    try {
      if (options.hint) {
        initiationHint(options.hint, BUILTIN_STRATEGIES, this.options.domains);
        const named = options.hint.dataflowDefinitionId;
        if (named !== undefined && named !== def.definitionId) {
          throw new OptimizerError(
            "OPT2003_BAD_HINT",
            `the hint is for dataflow ${named}, not ${def.name} (${def.definitionId})`,
          );
        }
      }
      const started = await this.transaction((tx) => this.transitions.start(tx, def, input, options.hint));
      return structuredClone(started);
    } catch (e) {
      span?.setStatus?.({ code: 2, message: errorOf(e).message });
      throw e;
    } finally {
      span?.end();
    }
  }

  /** Runs until the instance completes or fails (or `maxSteps` transitions); waits while another owner steps it. */
  async run(id: string, maxSteps = 10_000): Promise<Instance> {
    const { store } = this.options;
    const leaseMs = this.options.leaseMs ?? DEFAULT_LEASE_MS;
    let inst = await this.get(id);
    let wait = 1;
    for (let i = 0; i < maxSteps && inst.status === "running"; ) {
      const token = this.token();
      let busy = !(await store.claimInstance(id, token, leaseMs));
      if (!busy) {
        const claimed = Date.now();
        // Each step starts from the instance as last read or written here (a step over a version
        // that moved meanwhile conflicts and writes nothing; we then read it again).
        let known: Instance | undefined = inst;
        let released = false;
        let preclaimed: string | undefined;
        try {
          // Steps under one claim while it is fresh: a lease round trip per third of a lease, not
          // per step (an effect claimed with the step before runs under it: that claim renewed it).
          while (
            i < maxSteps &&
            inst.status === "running" &&
            (preclaimed !== undefined || Date.now() - claimed < leaseMs / 3)
          ) {
            // The step that ends the instance gives the lease back in its own transaction; one
            // that enqueues an effect claims it in its transaction for the next step to run.
            const r = await this.stepOrConflict(id, token, {
              known,
              release: FINISHED,
              claimNext: i + 1 < maxSteps,
              preclaimed,
            });
            released = r.released === true;
            preclaimed = r.claimed;
            inst = r.instance;
            known = r.busy ? undefined : inst;
            if (r.busy) {
              busy = true;
              break;
            }
            i++;
            wait = 1;
          }
        } finally {
          if (!released) await store.releaseInstance(id, token);
        }
      } else inst = await this.get(id);
      if (busy) {
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait = Math.min(wait * 2, 100);
      }
    }
    return inst;
  }

  /**
   * Moves a running instance to `def`, another version of its definition, in one transaction: its
   * state migrated by `def`'s declared migrations when the state schema changed incompatibly, and
   * validated against the new schema (upgrade.ts). Throws an UpgradeError naming the instance and
   * both ids when it cannot move; the instance is then as it was.
   */
  async upgrade(id: string, def: AnyDataflow): Promise<Instance> {
    this.register(def);
    const before = await this.get(id);
    if (before.definitionId === def.definitionId) return before;
    const oldState = await this.stateExprOf(before.definitionId);
    const moved = await this.transaction((tx) =>
      upgradeInstance(this.runtime, tx, id, def, before.definitionId, oldState),
    );
    return structuredClone(moved);
  }

  /**
   * Upgrades every running instance of an older version of `def` (a definition with the same
   * name and another id). One that cannot move is reported to `onError` and stays as it was; the
   * others move. Returns how many moved.
   */
  async upgradeAll(def: AnyDataflow, onError?: (error: Error, instance: string) => void): Promise<number> {
    const { store } = this.options;
    const names = new Map<string, string | undefined>();
    let moved = 0;
    for (const row of await store.instances({ status: "running", limit: Number.MAX_SAFE_INTEGER })) {
      if (row.definitionId === def.definitionId) continue;
      if (!names.has(row.definitionId))
        names.set(
          row.definitionId,
          this.definitions.get(row.definitionId)?.name ?? (await store.definition(row.definitionId))?.name,
        );
      if (names.get(row.definitionId) !== def.name) continue;
      try {
        await this.upgrade(row.id, def);
        moved++;
      } catch (e) {
        (
          onError ??
          ((x: Error) => {
            throw x;
          })
        )(errorOf(e), row.id);
      }
    }
    return moved;
  }

  /** The state TypeExpr of a definition: registered here, or the store's copy of it. */
  private async stateExprOf(definitionId: string): Promise<TypeExpr | undefined> {
    const registered = this.definitions.get(definitionId);
    if (registered) return registered.schemas.state.expr;
    const stored = (await this.options.store.definition(definitionId))?.spec as
      | { schemas?: { state?: TypeExpr } }
      | undefined;
    return stored?.schemas?.state;
  }

  /** Cancels a running or waiting instance (and the branches or sub-dataflow it waits on); see operator.ts. */
  async cancel(id: string, reason = "cancelled by an operator"): Promise<Instance> {
    const failed = await cancelInstance(
      await redactingStore(this.options.store, id, this.definitions),
      id,
      reason,
    );
    this.emit({ type: "instance.failed", instance: id, node: failed.node, code: CANCELLED, message: reason });
    return structuredClone(failed);
  }

  /** Makes a failed instance run again from the node it failed at; `run` or a worker carries it on. */
  async retry(id: string): Promise<Instance> {
    return structuredClone(
      await retryInstance(await redactingStore(this.options.store, id, this.definitions), id),
    );
  }

  /** The stored instance, as a copy: changing it changes nothing stored. */
  async get(id: string): Promise<Instance> {
    const inst = await this.transaction((tx) => tx.getInstance(id));
    if (!inst) throw new Error(`no instance ${id}`);
    return structuredClone(inst);
  }

  /**
   * One transition, in one transaction, by the step's owner. An instance waiting on an effect has
   * it run first, outside any transaction; one whose next step another owner holds is returned as
   * it is.
   */
  async step(id: string): Promise<Instance> {
    return (await this.attempt(id)).instance;
  }

  /**
   * Steps every running instance in the store nobody else holds, `batch` at a time: what
   * `causality worker` runs. It returns once nothing is runnable, or with `untilIdle: false`
   * polls until `signal` aborts. An instance whose step throws (bad stored data, an unknown
   * definition) is reported to `onError` with its id and left alone for `quarantineMs`, while the
   * others keep running. Returns how many steps it made.
   */
  async work(options: WorkOptions = {}): Promise<number> {
    const { store } = this.options;
    const batch = options.batch ?? 16;
    const leaseMs = this.options.leaseMs ?? DEFAULT_LEASE_MS;
    const report = options.onError ?? (() => undefined);
    // A queue entry whose instance is gone is reported once; it cannot be run.
    for (const entry of await store.queuedEffects()) {
      const found = await this.transaction((tx) => tx.getInstance(entry.instance)).catch(() => true);
      if (!found)
        report(
          new StoreDataError(entry.instance, `queue entry ${entry.keyBase} names no stored instance`),
          entry.instance,
        );
    }
    let made = 0;
    while (!options.signal?.aborted) {
      const token = this.token();
      const ids = await store.claimRunnable(token, leaseMs, batch);
      if (ids.length === 0) {
        if (options.untilIdle !== false) return made;
        await new Promise((r) => setTimeout(r, options.idleMs ?? 50));
        continue;
      }
      await Promise.all(
        ids.map(async (id) => {
          try {
            // A step that enqueues an effect claims it, and the next step runs it under this claim.
            let r = await this.stepClaimed(id, token, { release: ALWAYS, claimNext: true });
            for (let chained = 1; !r.busy; chained++) {
              made++;
              if (!r.claimed) break;
              r = await this.stepClaimed(id, token, {
                known: r.instance,
                release: ALWAYS,
                claimNext: chained < MAX_CHAINED,
                preclaimed: r.claimed,
              });
            }
            if (!r.released) await store.releaseInstance(id, token);
          } catch (e) {
            // Another owner moved the instance on after our lease lapsed: its step stands, ours is dropped.
            if (e instanceof ConflictError) {
              await store.releaseInstance(id, token);
              return;
            }
            // Keep the lease for a while: no worker spins on an instance that cannot step.
            report(errorOf(e), id);
            await store.claimInstance(id, token, options.quarantineMs ?? 60_000).catch(() => undefined);
          }
        }),
      );
    }
    return made;
  }

  private token(): string {
    return `${this.worker}:${++this.steps}`;
  }

  private async attempt(id: string): Promise<StepResult> {
    const token = this.token();
    const leaseMs = this.options.leaseMs ?? DEFAULT_LEASE_MS;
    if (!(await this.options.store.claimInstance(id, token, leaseMs)))
      return { instance: await this.get(id), busy: true };
    let released = false;
    try {
      const r = await this.stepOrConflict(id, token, { release: ALWAYS });
      released = r.released === true;
      return r;
    } finally {
      if (!released) await this.options.store.releaseInstance(id, token);
    }
  }

  /** Keeps renewing the lease on `id` (a third of the lease at a time) until `work` settles. */
  private async holding<T>(id: string, token: string, work: Promise<T>): Promise<T> {
    const leaseMs = this.options.leaseMs ?? DEFAULT_LEASE_MS;
    const renew = () => this.options.store.claimInstance(id, token, leaseMs).catch(() => false);
    const timer = setInterval(renew, Math.max(1, Math.floor(leaseMs / 3)));
    try {
      return await work;
    } finally {
      clearInterval(timer);
    }
  }

  private async stepOrConflict(id: string, token: string, policy: StepPolicy): Promise<StepResult> {
    try {
      return await this.stepClaimed(id, token, policy);
    } catch (e) {
      // Another owner stepped it after our lease lapsed: nothing of ours was written; look again.
      if (e instanceof ConflictError) return { instance: await this.get(id), busy: true };
      throw e;
    }
  }

  /** A step under a claim this orchestrator holds (`token`); see StepPolicy. */
  private async stepClaimed(id: string, token: string, policy: StepPolicy): Promise<StepResult> {
    const before = policy.known ?? (await this.get(id));
    const awaiting = before.status === "running" ? (before.awaiting as Awaiting | undefined) : undefined;
    let prepared: Prepared | undefined;
    if (awaiting && isSubflow(awaiting)) {
      prepared = { keyBase: awaiting.keyBase, child: await this.run(awaiting.subflow) };
    } else if (awaiting && isBranches(awaiting)) {
      // Every branch runs at once (each an instance: another worker may be stepping it meanwhile);
      // the parent's lease is renewed while they run, however long that takes.
      const children = await this.holding(id, token, Promise.all(awaiting.branches.map((b) => this.run(b))));
      prepared = { keyBase: awaiting.keyBase, children };
    } else if (awaiting) {
      const def = this.definitions.get(before.definitionId);
      const node = def?.nodes?.find((n) => n.id === before.node);
      if (node?.kind === "action") {
        // Each attempt's key claim extends the lease over the effect's budget (effects.ts).
        const leaseMs = this.options.leaseMs ?? DEFAULT_LEASE_MS;
        prepared = await performEffect(
          this.runtime,
          token,
          before,
          node,
          awaiting,
          leaseMs,
          policy.preclaimed,
        );
        if ("busy" in prepared) return { instance: before, busy: true };
      }
    }
    let released = false;
    let claimed: string | undefined;
    const after = await this.transaction(async (tx) => {
      const next = await this.transitions.step(tx, id, prepared, before);
      if (policy.claimNext) claimed = await this.claimEnqueued(tx, token, before, next);
      released = claimed === undefined && policy.release(next);
      if (released) await tx.releaseInstance(id, token);
      return next;
    });
    return { instance: structuredClone(after), busy: false, released, ...(claimed ? { claimed } : {}) };
  }

  /**
   * Claims, in the transaction that enqueued it, the first key of the effect `next` now waits on
   * (with the lease over its budget); the key names the version this transaction writes, so no
   * one else can have claimed it. Returns the key, or undefined when `next` enqueued no effect.
   */
  private async claimEnqueued(tx: Tx, token: string, before: Instance, next: Instance) {
    const awaiting = next.status === "running" ? (next.awaiting as Awaiting | undefined) : undefined;
    if (!awaiting || !isEffect(awaiting) || next.version === before.version) return undefined;
    if ((before.awaiting as { keyBase?: string } | undefined)?.keyBase === awaiting.keyBase) return undefined;
    const node = this.definitions.get(next.definitionId)?.nodes?.find((n) => n.id === next.node);
    if (node?.kind !== "action") return undefined;
    const key = `${awaiting.keyBase}:0`;
    const leaseMs = (this.options.leaseMs ?? DEFAULT_LEASE_MS) + effectBudgetMs(this.runtime, node);
    await tx.claimEffect(key, token, claimMsOf(this.runtime, node), { instance: next.id, ms: leaseMs });
    return key;
  }
}
