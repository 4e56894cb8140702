/**
 * The orchestrator: runs dataflow instances node by node. Every transition is one store
 * transaction and is validated — the input against I at start, every new state against S, the
 * output against O at the end; a value that fails is rejected with the validator's issues, the
 * state stays as it was and the error is recorded on the instance. Effects go to the executor of
 * the chosen domain with an idempotency key (instance, node, attempt): a key already executed
 * returns its recorded result instead of running again.
 */
import { randomUUID } from "node:crypto";
import type { ValidationIssue } from "@causality/schema";
import type { EffectTemplate, NodeSpec } from "../dataflow/definition.js";
import type { DefinedDataflow } from "../define-dataflow.js";
import { acceptsDeterminism, type TypedDomain } from "../domains/typed-domain.js";
import { LispError } from "../lisp/errors.js";
import { fromLisp, type HostFn, Interpreter, Rec, toLisp, truthy, type Value } from "../lisp/evaluator.js";
import type { Pos } from "../lisp/pos.js";
import { DEFAULT_COST_MODEL, executionTimeMs } from "../optimizer/cost-model.js";
import { OptimizerError } from "../optimizer/errors.js";
import { type HintInput, initiationHint } from "../optimizer/hints.js";
import type { DomainMonitor } from "../optimizer/monitor.js";
import { BUILTIN_STRATEGIES } from "../optimizer/strategy.js";
import type { EffectRecord, Instance, Store, Tx } from "../store/store.js";

export interface EffectRequest {
  readonly key: string;
  readonly instance: string;
  readonly node: string;
  readonly type: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly deterministic: boolean;
  readonly domain: string;
}

export type Executor = (effect: EffectRequest) => Promise<unknown>;

export type RuntimeEvent =
  | { readonly type: "instance.started"; readonly instance: string; readonly definition: string }
  | { readonly type: "transition"; readonly instance: string; readonly from: string; readonly to: string }
  | {
      readonly type: "effect";
      readonly instance: string;
      readonly node: string;
      readonly domain: string;
      readonly key: string;
      readonly replayed: boolean;
    }
  | {
      readonly type: "validation.failed";
      readonly instance: string;
      readonly node: string;
      readonly role: "input" | "state" | "output";
      readonly issues: readonly ValidationIssue[];
    }
  | {
      readonly type: "effect.enqueued";
      readonly instance: string;
      readonly node: string;
      readonly domain: string;
      /** The idempotency key base; attempt n runs as `<key>:<n>`. */
      readonly key: string;
    }
  | {
      readonly type: "effect.failed";
      readonly instance: string;
      readonly node: string;
      readonly domain: string;
      readonly key: string;
      readonly attempt: number;
      readonly message: string;
    }
  | { readonly type: "instance.completed"; readonly instance: string; readonly output: unknown }
  | {
      readonly type: "instance.failed";
      readonly instance: string;
      readonly node: string;
      readonly code: string;
      readonly message: string;
    };

export interface OrchestratorOptions {
  readonly store: Store;
  readonly domains: readonly TypedDomain[];
  readonly executors: Readonly<Record<string, Executor>>;
  /** Chooses a domain for an action whose policy is "inherit" (the optimizer plugs in here: `optimizerPlacer`). */
  readonly placer?: Placer;
  /** Fed with every effect's start, latency and failure (the optimizer's moving averages). */
  readonly monitor?: DomainMonitor;
  readonly onEvent?: (event: RuntimeEvent) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  /** An OpenTelemetry tracer (`trace.getTracer(...)` of @opentelemetry/api): one span per transition. */
  readonly tracer?: SpanTracer;
}

/** An effect enqueued by an action's first transition; attempt n runs under the key `<keyBase>:<n>`. */
export interface QueuedEffect {
  readonly keyBase: string;
  readonly type: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly deterministic: boolean;
  readonly domain: string;
}

/** What running a queued effect gave: its result (run now or replayed), or the last error. */
interface EffectOutcome {
  readonly keyBase: string;
  readonly key: string;
  readonly domain: string;
  readonly result: unknown;
  readonly replayed: boolean;
}
type PerformedEffect = EffectOutcome | { readonly keyBase: string; readonly error: Error };

async function settle(o: PerformedEffect): Promise<EffectOutcome> {
  if ("error" in o) throw o.error;
  return o;
}

/** Where a piece of handler code runs, and what it may change. */
interface HandlerContext {
  readonly node: string;
  readonly instance: string;
  readonly input: unknown;
  readonly state: unknown;
  readonly onUpdate?: ((v: Value) => void) | undefined;
  readonly onEmit?: ((effect: unknown, domain: string) => void) | undefined;
}

/** What a placer knows about the action it places, besides the effect and the domains. */
export interface PlacementContext {
  readonly instance: string;
  readonly node: string;
  /** The instance's initiation hint, as given to `start` (validated there). */
  readonly hint?: HintInput;
  /** The domain of the instance's previous effect, so a cross-domain transfer is charged. */
  readonly previousDomain?: string;
}

export type Placer = (
  effect: EffectTemplate,
  candidates: readonly TypedDomain[],
  context: PlacementContext,
) => string;

export interface StartOptions {
  /** `ProcessDataflowInitiationHint` fields (strategy, priority, limits, budgets...), checked before anything starts. */
  readonly hint?: HintInput;
}

/** The part of an OpenTelemetry Span the orchestrator uses (status code 2 is OpenTelemetry's ERROR). */
export interface TraceSpan {
  end(): void;
  setStatus?(status: { code: number; message?: string }): unknown;
}

/** The part of an OpenTelemetry Tracer the orchestrator uses, so the API stays an optional dependency. */
export interface SpanTracer {
  startSpan(name: string, options?: { attributes?: Record<string, string> }): TraceSpan;
}

/** Thrown by `start` when the input does not match the dataflow's input schema; nothing is created. */
export class InputRejected extends Error {
  override readonly name = "InputRejected";
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(`input rejected: ${issues.map((i) => `${i.code} at ${i.path}`).join(", ")}`);
  }
}

type AnyDataflow = DefinedDataflow<unknown, unknown, unknown>;

export class Orchestrator {
  private readonly definitions = new Map<string, AnyDataflow>();

  private tracer: SpanTracer | undefined;

  constructor(private readonly options: OrchestratorOptions) {
    this.tracer = options.tracer;
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
    this.options.onEvent?.(event);
  }

  register(def: AnyDataflow): void {
    this.definitions.set(def.definitionId, def);
  }

  /**
   * Starts an instance: the input is checked against I and the hint against the domains (an
   * unknown strategy, a negative budget or an unknown domain is refused); nothing is stored when
   * either fails.
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
      return await this.options.store.transaction((tx) => this.startIn(tx, def, input, options.hint));
    } catch (e) {
      span?.setStatus?.({ code: 2, message: e instanceof Error ? e.message : String(e) });
      throw e;
    } finally {
      span?.end();
    }
  }

  private async startIn(tx: Tx, def: AnyDataflow, input: unknown, hint?: HintInput): Promise<Instance> {
    this.register(def);
    const start = def.nodes?.find((n) => n.kind === "start");
    const checked = def.schemas.input.validate(input);
    if (!checked.success) {
      this.emit({
        type: "validation.failed",
        instance: "",
        node: start?.id ?? "start",
        role: "input",
        issues: checked.errors,
      });
      throw new InputRejected(checked.errors);
    }
    const state = def.initialState
      ? fromLisp(
          this.interpreter(def, { node: "(initialState)", instance: "", input, state: {} }).run(
            def.initialState,
            {
              input: toLisp(input),
            },
          ),
        )
      : {};
    const stateCheck = def.schemas.state.validate(state);
    if (!stateCheck.success) {
      const issues = relabel(stateCheck.errors, "state");
      this.emit({
        type: "validation.failed",
        instance: "",
        node: start?.id ?? "start",
        role: "state",
        issues,
      });
      throw new InputRejected(issues);
    }
    const instance: Instance = {
      id: randomUUID(),
      definitionId: def.definitionId,
      schemaIds: { input: def.schemas.input.id, output: def.schemas.output.id, state: def.schemas.state.id },
      input,
      state,
      node: start?.id ?? "start",
      status: "running",
      version: 1,
      ...(hint ? { hint } : {}),
    };
    await tx.putInstance(instance);
    const { state: _s, node: _n, status: _st, version: _v, ...identity } = instance;
    await tx.appendJournal({
      instance: instance.id,
      node: instance.node,
      kind: "started",
      state,
      detail: identity,
    });
    this.emit({ type: "instance.started", instance: instance.id, definition: def.definitionId });
    return instance;
  }

  /** Runs until the instance completes or fails (or `maxSteps` transitions). */
  async run(id: string, maxSteps = 10_000): Promise<Instance> {
    let inst = await this.get(id);
    for (let i = 0; i < maxSteps && inst.status === "running"; i++) inst = await this.step(id);
    return inst;
  }

  async get(id: string): Promise<Instance> {
    const inst = await this.options.store.transaction((tx) => tx.getInstance(id));
    if (!inst) throw new Error(`no instance ${id}`);
    return inst;
  }

  /**
   * One transition, in one transaction. An instance waiting on an effect has it run first, outside
   * any transaction (retries and backoff included, each result recorded by idempotency key), and the
   * transition then applies the outcome: transactions stay short, and a crash between the two finds
   * the effect enqueued (or its result recorded) and carries on without running it twice.
   */
  async step(id: string): Promise<Instance> {
    const before = await this.get(id);
    const outcome = before.status === "running" && before.awaiting ? await this.perform(before) : undefined;
    return this.options.store.transaction((tx) => this.stepIn(tx, id, outcome));
  }

  /** Runs an instance's queued effect outside any transaction. */
  private async perform(inst: Instance): Promise<PerformedEffect | undefined> {
    const queued = inst.awaiting as QueuedEffect;
    const def = this.definitions.get(inst.definitionId);
    const node = def?.nodes?.find((n) => n.id === inst.node);
    if (node?.kind !== "action") return undefined; // the transition reports what is wrong
    const lookup = (key: string) => this.options.store.transaction((tx) => tx.getEffect(key));
    try {
      return await this.runEffect(lookup, inst, node, queued);
    } catch (e) {
      return { keyBase: queued.keyBase, error: e instanceof Error ? e : new Error(String(e)) };
    }
  }

  private async stepIn(tx: Tx, id: string, outcome?: PerformedEffect): Promise<Instance> {
    const inst = await tx.getInstance(id);
    if (!inst) throw new Error(`no instance ${id}`);
    if (inst.status !== "running") return inst;
    const def = this.definitions.get(inst.definitionId);
    if (!def) throw new Error(`definition ${inst.definitionId} is not registered with this orchestrator`);
    const node = def.nodes?.find((n) => n.id === inst.node);
    if (!node)
      return this.fail(tx, inst, "RT6001_UNKNOWN_NODE", `node ${inst.node} is not in the definition`);
    const span = this.tracer?.startSpan(`causality ${def.name} ${node.id}`, {
      attributes: {
        "causality.instance": inst.id,
        "causality.node": node.id,
        "causality.definition": def.definitionId,
      },
    });
    try {
      const after = await this.transition(tx, def, inst, node, outcome);
      if (after.status === "failed")
        span?.setStatus?.({ code: 2, message: after.error?.message ?? "failed" });
      return after;
    } catch (e) {
      if (e instanceof LispError) {
        span?.setStatus?.({ code: 2, message: e.message });
        return this.fail(tx, inst, e.code, e.message);
      }
      span?.setStatus?.({ code: 2, message: e instanceof Error ? e.message : String(e) });
      throw e;
    } finally {
      span?.end();
    }
  }

  private async transition(
    tx: Tx,
    def: AnyDataflow,
    inst: Instance,
    node: NodeSpec,
    outcome?: PerformedEffect,
  ): Promise<Instance> {
    const edges = (def.edges ?? []).filter((e) => e.from === node.id);
    const next = (when?: string) =>
      edges.find((e) => e.when === when)?.to ?? edges.find((e) => e.when === undefined)!.to;
    switch (node.kind) {
      case "start":
      case "join":
        return this.move(tx, inst, node.id, next(), inst.state);
      case "subflow": {
        // The callee runs to its end inside this transition's transaction: all of it commits or none.
        const callee = node.dataflow as unknown as AnyDataflow;
        let child: Instance;
        try {
          child = await this.startIn(tx, callee, fill(node.input, inst.input, inst.state));
        } catch (e) {
          if (e instanceof InputRejected)
            return this.fail(tx, inst, "RT6007_SUBFLOW_INPUT", `node ${node.id}: ${e.message}`, e.issues);
          throw e;
        }
        for (let i = 0; i < 10_000 && child.status === "running"; i++)
          child = await this.stepIn(tx, child.id);
        if (child.status !== "completed") {
          return this.fail(
            tx,
            inst,
            "RT6008_SUBFLOW_FAILED",
            `node ${node.id}: ${callee.name} ${child.status}: ${child.error?.message ?? "did not finish"}`,
          );
        }
        const out = (child.output ?? {}) as Record<string, unknown>;
        const state = { ...(inst.state as object) } as Record<string, unknown>;
        for (const [field, from] of Object.entries(node.output ?? {})) state[field] = out[from];
        return this.advance(tx, def, inst, node.id, next(), state);
      }
      case "parallel": {
        const branches = edges.filter((e) => e.when === undefined).map((e) => e.to);
        return this.move(
          tx,
          { ...inst, pending: [...branches.slice(1), ...(inst.pending ?? [])] },
          node.id,
          branches[0]!,
          inst.state,
        );
      }
      case "choice": {
        const taken = truthy(
          this.interpreter(def, {
            node: node.id,
            instance: inst.id,
            input: inst.input,
            state: inst.state,
          }).run(node.condition, this.bindings(inst)),
        );
        return this.move(tx, inst, node.id, taken ? next("true") : next("false"), inst.state);
      }
      case "end": {
        const output = fromLisp(
          this.interpreter(def, {
            node: node.id,
            instance: inst.id,
            input: inst.input,
            state: inst.state,
          }).run(node.output, this.bindings(inst)),
        );
        // The output leaves the system: keys O does not declare (a state field passed through) are rejected.
        const checked = def.schemas.output.validate(output, { exact: true });
        if (!checked.success) return this.reject(tx, inst, node.id, "output", checked.errors);
        const done: Instance = { ...inst, status: "completed", output, version: inst.version + 1 };
        await tx.putInstance(done);
        await tx.appendJournal({
          instance: inst.id,
          node: node.id,
          kind: "completed",
          state: inst.state,
          detail: { output, version: done.version },
        });
        this.emit({ type: "instance.completed", instance: inst.id, output });
        return done;
      }
      case "action": {
        const catchEdge = edges.find((x) => x.when === "catch");
        // First transition at an action: choose the domain and enqueue the effect (committed with it).
        if (!inst.awaiting) return this.enqueue(tx, def, inst, node);
        // Second: the effect's outcome, run outside the transaction by `step` (or here, inside a
        // sub-dataflow's transaction, where there is no outside), goes through the handler.
        const queued = inst.awaiting as QueuedEffect;
        let ran: EffectOutcome;
        try {
          ran =
            outcome !== undefined && outcome.keyBase === queued.keyBase
              ? await settle(outcome)
              : await this.runEffect((key) => tx.getEffect(key), inst, node, queued);
        } catch (e) {
          const failed = e instanceof Error ? e : new Error(String(e));
          if (catchEdge) return this.caught(tx, def, inst, node.id, catchEdge.to, failed);
          return this.fail(tx, inst, "RT6004_EFFECT_FAILED", `node ${node.id}: ${failed.message}`);
        }
        await this.noteEffect(tx, inst, node.id, ran);
        const domain = ran.domain;
        const result = ran.result;
        let pending: Value | undefined;
        const emitted: { effect: unknown; domain: string }[] = [];
        const interp = this.interpreter(def, {
          node: node.id,
          instance: inst.id,
          input: inst.input,
          state: inst.state,
          onUpdate: (v) => {
            pending = v;
          },
          onEmit: (effect, domain) => emitted.push({ effect, domain }),
        });
        const value = node.handler
          ? interp.run(node.handler, { ...this.bindings(inst), result: toLisp(result) })
          : toLisp(inst.state);
        const state = fromLisp(pending ?? value);
        const checked = def.schemas.state.validate(state);
        if (!checked.success) return this.reject(tx, inst, node.id, "state", checked.errors);
        const problem = await this.executeEmitted(tx, inst, node, emitted);
        if (problem?.failed && catchEdge)
          return this.caught(tx, def, inst, node.id, catchEdge.to, problem.failed);
        if (problem) return this.fail(tx, inst, problem.code, problem.message);
        return this.move(tx, { ...inst, domain }, node.id, next(), state);
      }
    }
  }

  private bindings(inst: Instance): Record<string, Value> {
    return { input: toLisp(inst.input), state: toLisp(inst.state), instance: inst.id };
  }

  /** An action's first transition: choose the domain, check it may run the effect, enqueue it. */
  private async enqueue(
    tx: Tx,
    def: AnyDataflow,
    inst: Instance,
    node: Extract<NodeSpec, { kind: "action" }>,
  ): Promise<Instance> {
    let domain: string;
    try {
      domain = this.chooseDomain(def, inst, node);
    } catch (e) {
      if (!(e instanceof OptimizerError)) throw e;
      // One line: what failed, then every domain's reason.
      const reasons = e.reasons.length > 0 ? ` (${e.reasons.join("; ")})` : "";
      const head = e.message.split("\n")[0];
      return this.fail(tx, inst, "RT6009_INFEASIBLE", `node ${node.id}: ${head}${reasons}`);
    }
    const target = this.options.domains.find((d) => d.id === domain);
    // Only an effect marked deterministic may run where determinism is required.
    const deterministic = node.effect.deterministic === true;
    if (!target)
      return this.fail(tx, inst, "RT6002_UNKNOWN_DOMAIN", `node ${node.id}: no domain "${domain}"`);
    if (!acceptsDeterminism(target.kind, deterministic)) {
      return this.fail(
        tx,
        inst,
        "RT6003_NOT_DETERMINISTIC",
        `node ${node.id}: ${target.kind} domain "${domain}" refuses a non-deterministic effect`,
      );
    }
    const awaiting: QueuedEffect = {
      keyBase: `${inst.id}:${node.id}:${inst.version}`,
      type: node.effect.type,
      params: fill(node.effect.params, inst.input, inst.state),
      deterministic,
      domain,
    };
    const next: Instance = { ...inst, awaiting, version: inst.version + 1 };
    await tx.putInstance(next);
    await tx.enqueueEffect({ instance: inst.id, node: node.id, ...awaiting });
    await tx.appendJournal({
      instance: inst.id,
      node: node.id,
      kind: "enqueued",
      detail: { version: next.version, awaiting },
    });
    this.emit({ type: "effect.enqueued", instance: inst.id, node: node.id, domain, key: awaiting.keyBase });
    return next;
  }

  private chooseDomain(
    def: AnyDataflow,
    inst: Instance,
    node: Extract<NodeSpec, { kind: "action" }>,
  ): string {
    const policy = node.domain ?? { kind: "inherit" as const };
    if (policy.kind === "fixed") return policy.domain;
    if (policy.kind === "parameter")
      return String(
        policy.field.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], inst.input),
      );
    if (this.options.placer) {
      return this.options.placer(node.effect, this.options.domains, {
        instance: inst.id,
        node: node.id,
        ...(inst.hint ? { hint: inst.hint as HintInput } : {}),
        ...(inst.domain ? { previousDomain: inst.domain } : {}),
      });
    }
    return def.defaultDomain ?? this.options.domains[0]!.id;
  }

  /**
   * Runs one effect with the node's retry policy: attempt n has the key `<base>:<n>`, a key already
   * recorded is replayed, a result is recorded the moment the executor returns (`recordEffect`,
   * outside any transaction: an effect cannot be rolled back). Throws the last error when every
   * attempt failed.
   */
  private async runEffect(
    lookup: (key: string) => Promise<EffectRecord | undefined>,
    inst: Instance,
    node: Extract<NodeSpec, { kind: "action" }>,
    effect: QueuedEffect,
  ): Promise<EffectOutcome> {
    const { domain, keyBase } = effect;
    const executor = this.options.executors[domain];
    if (!executor) throw new Error(`no executor registered for domain "${domain}"`);
    const attempts = node.retry?.attempts ?? 1;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const key = `${keyBase}:${attempt}`;
      const known = await lookup(key);
      if (known) return { keyBase, key, domain, result: known.result, replayed: true };
      const request: EffectRequest = {
        key,
        instance: inst.id,
        node: node.id,
        type: effect.type,
        params: effect.params,
        deterministic: effect.deterministic,
        domain,
      };
      let result: unknown;
      const began = Date.now();
      // The monitor keeps a domain's overhead: what the cost model's execution time does not explain.
      const executionMs = executionTimeMs(DEFAULT_COST_MODEL, node.effect.units ?? 1);
      const ticket = this.options.monitor?.started(domain, executionMs);
      const span = this.tracer?.startSpan(`causality effect ${effect.type} @ ${domain}`, {
        attributes: { "causality.instance": inst.id, "causality.node": node.id, "causality.effect.key": key },
      });
      try {
        result = await executor(request);
        this.options.monitor?.finished(domain, Date.now() - began, false, executionMs, ticket);
        span?.end();
      } catch (e) {
        this.options.monitor?.finished(domain, Date.now() - began, true, executionMs, ticket);
        span?.setStatus?.({ code: 2, message: e instanceof Error ? e.message : String(e) });
        span?.end();
        lastError = e;
        this.emit({
          type: "effect.failed",
          instance: inst.id,
          node: node.id,
          domain,
          key,
          attempt,
          message: e instanceof Error ? e.message : String(e),
        });
        if (attempt + 1 < attempts) {
          const wait = (node.retry?.intervalMs ?? 0) * (node.retry?.backoff ?? 1) ** attempt;
          await (this.options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(wait);
        }
        continue;
      }
      await this.options.store.recordEffect({ key, domain, effect: request, result });
      return { keyBase, key, domain, result, replayed: false };
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }

  /** The journal entry and event of an effect that ran (or was replayed) for this transition. */
  private async noteEffect(tx: Tx, inst: Instance, node: string, o: EffectOutcome): Promise<void> {
    await tx.appendJournal({
      instance: inst.id,
      node,
      kind: "effect",
      detail: { key: o.key, domain: o.domain, result: o.result },
    });
    this.emit({
      type: "effect",
      instance: inst.id,
      node,
      domain: o.domain,
      key: o.key,
      replayed: o.replayed,
    });
  }

  /**
   * Runs the effects a handler asked for with `emit-effect-on-domain`, in order, each with the
   * node's retry policy; returns the problem that stops the transition, if any (a failed effect
   * as `failed`, so the node's catch edge can take it).
   */
  private async executeEmitted(
    tx: Tx,
    inst: Instance,
    node: Extract<NodeSpec, { kind: "action" }>,
    emitted: readonly { effect: unknown; domain: string }[],
  ): Promise<{ code: string; message: string; failed?: Error } | undefined> {
    for (const [i, { effect, domain }] of emitted.entries()) {
      const e = (effect ?? {}) as {
        type?: unknown;
        params?: Record<string, unknown>;
        deterministic?: unknown;
      };
      const target = this.options.domains.find((d) => d.id === domain);
      if (!target || !this.options.executors[domain])
        return {
          code: "RT6002_UNKNOWN_DOMAIN",
          message: `node ${node.id}: emitted effect names unknown domain "${domain}"`,
        };
      const deterministic = e.deterministic === true;
      if (!acceptsDeterminism(target.kind, deterministic)) {
        return {
          code: "RT6003_NOT_DETERMINISTIC",
          message: `node ${node.id}: ${target.kind} domain "${domain}" refuses a non-deterministic effect`,
        };
      }
      try {
        const outcome = await this.runEffect((key) => tx.getEffect(key), inst, node, {
          keyBase: `${inst.id}:${node.id}:${inst.version}:emit:${i}`,
          type: String(e.type ?? "effect"),
          params: e.params ?? {},
          deterministic,
          domain,
        });
        await this.noteEffect(tx, inst, node.id, outcome);
      } catch (err) {
        const failed = err instanceof Error ? err : new Error(String(err));
        return {
          code: "RT6004_EFFECT_FAILED",
          message: `node ${node.id}: emitted effect on ${domain}: ${failed.message}`,
          failed,
        };
      }
    }
    return undefined;
  }

  /**
   * The interpreter of one piece of handler code, with the seed's six combinators bound to this
   * instance. State updates and emissions exist only in action handlers; elsewhere they are errors
   * rather than silently doing nothing.
   */
  private interpreter(def: AnyDataflow, at: HandlerContext, depth = 0): Interpreter {
    const host = (name: string, pos: Pos, detail: string) =>
      new LispError("LISP4008_HOST", `${name}: ${detail}`, pos);
    const definitionOf = (v: Value | undefined, name: string, pos: Pos): AnyDataflow => {
      if (v === undefined || v === null) return def;
      const id =
        v instanceof Rec
          ? String(fromLisp(v.entries.get("definitionId") ?? null, pos))
          : String(fromLisp(v, pos));
      const found = id === def.definitionId ? def : this.definitions.get(id);
      if (!found) throw host(name, pos, `no dataflow definition ${id} is registered`);
      return found;
    };
    const fns = new Map<string, HostFn>([
      [
        "get-dataflow-definition",
        (args, pos) => {
          const target = definitionOf(args[0], "get-dataflow-definition", pos);
          return toLisp({
            name: target.name,
            definitionId: target.definitionId,
            defaultDomain: target.defaultDomain ?? null,
            node: at.node,
            nodes: (target.nodes ?? []).map((n) => ({ id: n.id, kind: n.kind })),
            edges: (target.edges ?? []).map((e) => ({ from: e.from, to: e.to, when: e.when ?? null })),
          });
        },
      ],
      [
        "update-dataflow-instance-state",
        (args, pos) => {
          if (!at.onUpdate)
            throw host(
              "update-dataflow-instance-state",
              pos,
              `only action handlers update the state (here: ${at.node})`,
            );
          // The seed's form names the instance: (update-dataflow-instance-state id new-state).
          if (args.length >= 2 && String(fromLisp(args[0] ?? null, pos)) !== at.instance)
            throw host("update-dataflow-instance-state", pos, "a handler updates its own instance only");
          const value = (args.length >= 2 ? args[1] : args[0]) ?? null;
          at.onUpdate(value);
          return value;
        },
      ],
      [
        "validate-input-against-schema",
        (args, pos) =>
          definitionOf(args[1], "validate-input-against-schema", pos).schemas.input.is(
            fromLisp(args[0] ?? null, pos),
          ),
      ],
      [
        "evaluate-gating-condition",
        (args, pos) => {
          // (evaluate-gating-condition "choice-id" context): that node's condition, with `state`
          // bound to the context; (evaluate-gating-condition value): the truth of the value.
          const target = typeof args[0] === "string" ? def.nodes?.find((n) => n.id === args[0]) : undefined;
          if (target?.kind !== "choice") return truthy(args[0] ?? null);
          if (depth >= 8) throw host("evaluate-gating-condition", pos, "conditions nested more than 8 deep");
          const state = args[1] === undefined ? toLisp(at.state) : (args[1] ?? null);
          return truthy(
            this.interpreter(
              def,
              { ...at, node: target.id, onUpdate: undefined, onEmit: undefined },
              depth + 1,
            ).run(target.condition, { input: toLisp(at.input), state }),
          );
        },
      ],
      [
        "instantiate-effect-from-node",
        (args, pos) => {
          const target = def.nodes?.find((n) => n.id === fromLisp(args[0] ?? null, pos));
          if (target?.kind !== "action")
            throw host(
              "instantiate-effect-from-node",
              pos,
              `no action node ${String(fromLisp(args[0] ?? null, pos))}`,
            );
          const params = fill(target.effect.params, at.input, at.state);
          // The seed's second argument: parameter values that replace the template's.
          const extra = args[1] instanceof Rec ? (fromLisp(args[1], pos) as Record<string, unknown>) : {};
          return toLisp({
            type: target.effect.type,
            params: { ...params, ...extra },
            deterministic: target.effect.deterministic === true,
          });
        },
      ],
      [
        "emit-effect-on-domain",
        (args, pos) => {
          if (!at.onEmit)
            throw host("emit-effect-on-domain", pos, `only action handlers emit effects (here: ${at.node})`);
          // The seed's order is (domain effect); (effect domain) is read too.
          const [domain, effect] = args[0] instanceof Rec ? [args[1], args[0]] : [args[0], args[1]];
          // Recorded now, executed by the orchestrator after the handler (idempotently, in order).
          at.onEmit(fromLisp(effect ?? null, pos), String(fromLisp(domain ?? null, pos)));
          return new Rec(
            new Map([
              ["domain", domain ?? null],
              ["effect", effect ?? null],
            ]),
          );
        },
      ],
    ]);
    return new Interpreter(fns);
  }

  private async move(tx: Tx, inst: Instance, from: string, to: string, state: unknown): Promise<Instance> {
    // A branch that reaches its join hands over to the next pending branch; the last one passes.
    const def = this.definitions.get(inst.definitionId);
    const atJoin = def?.nodes?.find((n) => n.id === to)?.kind === "join";
    const pending = inst.pending ?? [];
    const target = atJoin && pending.length > 0 ? pending[0]! : to;
    const rest = atJoin ? pending.slice(1) : pending;
    // A transition settles the effect it waited on: it leaves the queue with it.
    if (inst.awaiting) await tx.completeEffect((inst.awaiting as QueuedEffect).keyBase);
    const { pending: _, awaiting: _a, ...base } = inst;
    const next: Instance = {
      ...base,
      ...(rest.length > 0 ? { pending: rest } : {}),
      node: target,
      state,
      version: inst.version + 1,
    };
    await tx.putInstance(next);
    await tx.appendJournal({
      instance: inst.id,
      node: target,
      kind: "transition",
      state,
      detail: {
        from,
        version: next.version,
        ...(next.pending ? { pending: next.pending } : {}),
        ...(next.domain ? { domain: next.domain } : {}),
      },
    });
    this.emit({ type: "transition", instance: inst.id, from, to: target });
    return next;
  }

  /** A failed effect taken by the node's catch edge: the message goes to `state.error`. */
  private caught(
    tx: Tx,
    def: AnyDataflow,
    inst: Instance,
    from: string,
    to: string,
    failure: Error,
  ): Promise<Instance> {
    return this.advance(tx, def, inst, from, to, { ...(inst.state as object), error: failure.message });
  }

  /** Moves to `to` with a new state, once it passes S (else the transition is rejected). */
  private async advance(
    tx: Tx,
    def: AnyDataflow,
    inst: Instance,
    from: string,
    to: string,
    state: unknown,
  ): Promise<Instance> {
    const checked = def.schemas.state.validate(state);
    if (!checked.success) return this.reject(tx, inst, from, "state", checked.errors);
    return this.move(tx, inst, from, to, state);
  }

  private async reject(
    tx: Tx,
    inst: Instance,
    node: string,
    role: "state" | "output",
    found: readonly ValidationIssue[],
  ): Promise<Instance> {
    const issues = relabel(found, role);
    this.emit({ type: "validation.failed", instance: inst.id, node, role, issues });
    await tx.appendJournal({ instance: inst.id, node, kind: "rejected", detail: { role, issues } });
    return this.fail(
      tx,
      inst,
      role === "state" ? "RT6005_STATE_REJECTED" : "RT6006_OUTPUT_REJECTED",
      `node ${node}: the new ${role} does not match its schema`,
      issues,
    );
  }

  private async fail(
    tx: Tx,
    inst: Instance,
    code: string,
    message: string,
    issues?: readonly ValidationIssue[],
  ): Promise<Instance> {
    // The state stays as it was; only the status and the error change.
    if (inst.awaiting) await tx.completeEffect((inst.awaiting as QueuedEffect).keyBase);
    const { awaiting: _a, ...rest } = inst;
    const failed: Instance = {
      ...rest,
      status: "failed",
      version: inst.version + 1,
      error: issues ? { code, message, issues } : { code, message },
    };
    await tx.putInstance(failed);
    await tx.appendJournal({
      instance: inst.id,
      node: inst.node,
      kind: "failed",
      state: inst.state,
      detail: { version: failed.version, error: failed.error },
    });
    this.emit({ type: "instance.failed", instance: inst.id, node: inst.node, code, message });
    return failed;
  }
}

/** Validators name the checked value `$input`; a state or output issue says `$state.x` / `$output.x`. */
function relabel(issues: readonly ValidationIssue[], role: "state" | "output"): ValidationIssue[] {
  return issues.map((i) => (i.path.startsWith("$input") ? { ...i, path: `$${role}${i.path.slice(6)}` } : i));
}

const PLACEHOLDER = /\$\{(input|state)((?:\.[A-Za-z_$][A-Za-z0-9_$]*)+)\}/g;

/** Fills "${input.x}" / "${state.y}" placeholders; a value that is one whole placeholder keeps its type. */
export function fill(
  params: Readonly<Record<string, unknown>>,
  input: unknown,
  state: unknown,
): Record<string, unknown> {
  const lookup = (root: string, path: string) =>
    path
      .slice(1)
      .split(".")
      .reduce<unknown>(
        (o, k) =>
          o !== null && typeof o === "object" && Object.hasOwn(o, k)
            ? (o as Record<string, unknown>)[k]
            : undefined,
        root === "input" ? input : state,
      );
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== "string") out[k] = v;
    else {
      const whole = /^\$\{(input|state)((?:\.[A-Za-z_$][A-Za-z0-9_$]*)+)\}$/.exec(v);
      out[k] = whole
        ? lookup(whole[1]!, whole[2]!)
        : v.replace(PLACEHOLDER, (_, root: string, path: string) => String(lookup(root, path)));
    }
  }
  return out;
}
