/**
 * Starting and transitions: each function here runs inside one store transaction and never calls
 * an executor or sleeps (effects run in effects.ts, before the transition that applies them).
 * Every transition is validated: the input against I at start, every new state against S, the
 * output against O at the end; a value that fails is rejected with the validator's issues, the
 * state stays as it was and the error is recorded on the instance.
 */
import { randomUUID } from "node:crypto";
import type { ValidationIssue } from "@causality/schema";
import type { NodeSpec } from "../dataflow/definition.js";
import type { ParallelBlock } from "../dataflow/parallel.js";
import { LispError } from "../lisp/errors.js";
import { fromLisp, toLisp, truthy, type Value } from "../lisp/evaluator.js";
import { OptimizerError } from "../optimizer/errors.js";
import type { HintInput } from "../optimizer/hints.js";
import {
  type DefinitionRecord,
  type Instance,
  type PlacementRecord,
  StoreDataError,
  type Tx,
} from "../store/store.js";
import { blocksOf, branchInstance, joinBranches } from "./branches.js";
import type { EffectOutcome, PerformedEffect } from "./effects.js";
import { writeFailure } from "./failure.js";
import { bindings, handlerInterpreter } from "./handlers.js";
import { type ActionNode, chooseDomain, fill, refusal } from "./placement.js";
import { plainData } from "./plain-data.js";
import { startIssues } from "./redacting-tx.js";
import {
  type AnyDataflow,
  type Awaiting,
  errorOf,
  InputRejected,
  isBranches,
  isEffect,
  isSubflow,
  type QueuedEffect,
  type Runtime,
} from "./types.js";

/** What the step before the transaction found: an effect's outcome, or the awaited sub-dataflow's instance. */
export type Prepared =
  | PerformedEffect
  | { readonly keyBase: string; readonly child: Instance }
  | { readonly keyBase: string; readonly children: readonly Instance[] };

export class Transitions {
  constructor(
    private readonly rt: Runtime,
    private readonly register: (def: AnyDataflow) => void,
  ) {}

  private interp(def: AnyDataflow, inst: Instance | undefined, node: string, input: unknown, state: unknown) {
    return handlerInterpreter(this.rt.definitions, def, { node, instance: inst?.id ?? "", input, state });
  }

  private rejectInput(
    def: AnyDataflow,
    node: string,
    role: "input" | "state",
    issues: readonly ValidationIssue[],
  ): never {
    const told = startIssues(this.rt.redactions, def, issues);
    this.rt.emit({ type: "validation.failed", instance: "", node, role, issues: told });
    throw new InputRejected(issues);
  }

  async start(tx: Tx, def: AnyDataflow, raw: unknown, hint?: HintInput): Promise<Instance> {
    this.register(def);
    const startNode = def.nodes?.find((n) => n.kind === "start")?.id ?? "start";
    // Plain data first, copied: validators and handlers never meet a Proxy or a getter.
    const data = plainData(raw);
    if (!data.ok) this.rejectInput(def, startNode, "input", data.issues);
    const input = data.value;
    const checked = def.schemas.input.validate(input);
    if (!checked.success) this.rejectInput(def, startNode, "input", checked.errors);
    let state: unknown = {};
    if (def.initialState) {
      try {
        state = fromLisp(
          this.interp(def, undefined, "(initialState)", input, {}).run(def.initialState, {
            input: toLisp(input),
          }),
        );
      } catch (e) {
        if (!(e instanceof LispError)) throw e;
        const issue = {
          code: e.code,
          path: "$input",
          expected: "an input initialState accepts",
          value: e.message,
        };
        this.rejectInput(def, startNode, "state", [issue]);
      }
    }
    const stateCheck = def.schemas.state.validate(state);
    if (!stateCheck.success) this.rejectInput(def, startNode, "state", relabel(stateCheck.errors, "state"));
    const instance: Instance = {
      id: randomUUID(),
      definitionId: def.definitionId,
      schemaIds: { input: def.schemas.input.id, output: def.schemas.output.id, state: def.schemas.state.id },
      input,
      state,
      node: startNode,
      status: "running",
      version: 1,
      ...(hint ? { hint } : {}),
    };
    await tx.putDefinition(definitionRecord(def));
    await tx.putInstance(instance);
    const { state: _s, node: _n, status: _st, version: _v, ...identity } = instance;
    await tx.appendJournal({
      instance: instance.id,
      node: instance.node,
      kind: "started",
      state,
      detail: identity,
    });
    this.rt.emit({ type: "instance.started", instance: instance.id, definition: def.definitionId });
    return instance;
  }

  /**
   * One transition of a running instance, applying what the step prepared outside the transaction.
   * `known` is the instance as the caller last read or wrote it: the store writes only over that
   * version, so it is not read again.
   */
  async step(tx: Tx, id: string, prepared?: Prepared, known?: Instance): Promise<Instance> {
    const inst = known ?? (await tx.getInstance(id));
    if (!inst) throw new Error(`no instance ${id}`);
    if (inst.status !== "running") return inst;
    const def = this.rt.definitions.get(inst.definitionId);
    if (!def)
      throw new StoreDataError(
        id,
        `its definition ${inst.definitionId} is not registered with this orchestrator`,
      );
    // A stored state is checked like a new one: a row edited by hand, or a schema changed under it, stops here.
    const stored = def.schemas.state.validate(inst.state);
    if (!stored.success) {
      const issues = describeIssues(relabel(stored.errors, "state"));
      throw new StoreDataError(
        id,
        `its stored state no longer matches state schema ${def.schemas.state.id}: ${issues}`,
      );
    }
    const node = def.nodes?.find((n) => n.id === inst.node);
    if (!node)
      return this.fail(tx, inst, "RT6001_UNKNOWN_NODE", `node ${inst.node} is not in the definition`);
    const span = this.rt.tracer?.startSpan(`causality ${def.name} ${node.id}`, {
      attributes: {
        "causality.instance": inst.id,
        "causality.node": node.id,
        "causality.definition": def.definitionId,
      },
    });
    try {
      const after = await this.transition(tx, def, inst, node, prepared);
      if (after.status === "failed")
        span?.setStatus?.({ code: 2, message: after.error?.message ?? "failed" });
      return after;
    } catch (e) {
      if (e instanceof LispError) {
        span?.setStatus?.({ code: 2, message: e.message });
        return this.fail(tx, inst, e.code, e.message);
      }
      span?.setStatus?.({ code: 2, message: errorOf(e).message });
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
    prepared?: Prepared,
  ): Promise<Instance> {
    const edges = (def.edges ?? []).filter((e) => e.from === node.id);
    const next = (when?: string) =>
      edges.find((e) => e.when === when)?.to ?? edges.find((e) => e.when === undefined)!.to;
    const awaiting = inst.awaiting as Awaiting | undefined;
    // What the step prepared must be for what the instance waits on now; anything else waits for a fresh step.
    const matching = prepared && awaiting && prepared.keyBase === awaiting.keyBase ? prepared : undefined;
    if (awaiting && (!matching || "busy" in matching)) return inst;
    switch (node.kind) {
      case "start":
        return this.move(tx, inst, node.id, next(), inst.state);
      case "join":
        // A branch instance ends at its block's join; the parent moves on from there.
        if (inst.branch?.join === node.id) return this.finishBranch(tx, inst, node.id);
        return this.move(tx, inst, node.id, next(), inst.state);
      case "subflow":
        if (!awaiting) return this.callSubflow(tx, inst, node);
        if (!isSubflow(awaiting) || !matching || !("child" in matching))
          return this.fail(tx, inst, "RT6001_UNKNOWN_NODE", `node ${node.id}: awaits something else`);
        return this.returnFromSubflow(tx, def, inst, node, matching.child, next());
      case "parallel": {
        const block = blocksOf(def).get(node.id)!;
        if (!awaiting) return this.fork(tx, inst, block);
        if (!isBranches(awaiting) || !matching || !("children" in matching))
          return this.fail(tx, inst, "RT6001_UNKNOWN_NODE", `node ${node.id}: awaits something else`);
        if (matching.children.some((c) => c.status === "running")) return inst;
        const joined = joinBranches(block, inst.state, matching.children);
        if (!joined.ok) return this.fail(tx, inst, joined.code, joined.message);
        const at = joined.domain === undefined ? inst : { ...inst, domain: joined.domain };
        return this.advance(tx, def, at, node.id, block.join, joined.state);
      }
      case "choice": {
        const taken = truthy(
          this.interp(def, inst, node.id, inst.input, inst.state).run(node.condition, bindings(inst)),
        );
        return this.move(tx, inst, node.id, taken ? next("true") : next("false"), inst.state);
      }
      case "end":
        return this.end(tx, def, inst, node);
      case "action": {
        const catchEdge = edges.find((x) => x.when === "catch");
        // First transition at an action: choose the domain and enqueue the effect (committed with it).
        if (!awaiting) return this.enqueue(tx, def, inst, node);
        if (!isEffect(awaiting) || !matching || "child" in matching || "children" in matching) return inst;
        if ("busy" in matching) return inst;
        if ("error" in matching) {
          if (catchEdge) return this.caught(tx, def, inst, node.id, catchEdge.to, matching.error);
          const where = awaiting.afterwards ? `emitted effect on ${awaiting.domain}: ` : "";
          return this.fail(
            tx,
            inst,
            "RT6004_EFFECT_FAILED",
            `node ${node.id}: ${where}${matching.error.message}`,
          );
        }
        await this.noteEffect(tx, inst, node.id, matching);
        // An emitted effect ran: the next one, or the move the handler decided on.
        if (awaiting.afterwards) {
          const [first, ...rest] = awaiting.afterwards.rest;
          if (first)
            return this.await(tx, inst, node.id, { ...first, afterwards: { ...awaiting.afterwards, rest } });
          return this.move(
            tx,
            { ...inst, domain: awaiting.afterwards.domain },
            node.id,
            next(),
            awaiting.afterwards.state,
          );
        }
        return this.handle(tx, def, inst, node, matching, next());
      }
    }
  }

  /** The action's handler on its effect's result: the new state, and the effects it emits (queued). */
  private async handle(
    tx: Tx,
    def: AnyDataflow,
    inst: Instance,
    node: ActionNode,
    ran: EffectOutcome,
    to: string,
  ): Promise<Instance> {
    let pending: Value | undefined;
    const emitted: { effect: unknown; domain: string }[] = [];
    const interp = handlerInterpreter(this.rt.definitions, def, {
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
      ? interp.run(node.handler, { ...bindings(inst), result: toLisp(ran.result) })
      : toLisp(inst.state);
    const state = fromLisp(pending ?? value);
    const checked = def.schemas.state.validate(state);
    if (!checked.success) return this.reject(tx, inst, node.id, "state", checked.errors);
    if (emitted.length === 0) return this.move(tx, { ...inst, domain: ran.domain }, node.id, to, state);
    // Emitted effects go through the queue one after another, each a step of its own.
    const queued: QueuedEffect[] = [];
    for (const [i, { effect, domain }] of emitted.entries()) {
      const e = (effect ?? {}) as {
        type?: unknown;
        params?: Record<string, unknown>;
        deterministic?: unknown;
      };
      const deterministic = e.deterministic === true;
      const refused = refusal(this.rt, node.id, domain, deterministic, true);
      if (refused) return this.fail(tx, inst, refused.code, refused.message);
      queued.push({
        keyBase: `${inst.id}:${node.id}:${inst.version}:emit:${i}`,
        type: String(e.type ?? "effect"),
        params: e.params ?? {},
        deterministic,
        domain,
      });
    }
    const [first, ...rest] = queued;
    return this.await(tx, inst, node.id, { ...first!, afterwards: { state, domain: ran.domain, rest } });
  }

  /** An action's first transition: choose the domain, check it may run the effect, enqueue it. */
  private async enqueue(tx: Tx, def: AnyDataflow, inst: Instance, node: ActionNode): Promise<Instance> {
    let placement: PlacementRecord;
    const siblings = inst.branch ? await siblingDomains(tx, inst) : undefined;
    try {
      placement = chooseDomain(this.rt, def, inst, node, siblings);
    } catch (e) {
      if (!(e instanceof OptimizerError)) throw e;
      // One line: what failed, then every domain's reason.
      const reasons = e.reasons.length > 0 ? ` (${e.reasons.join("; ")})` : "";
      const head = e.message.split("\n")[0];
      return this.fail(tx, inst, "RT6009_INFEASIBLE", `node ${node.id}: ${head}${reasons}`);
    }
    const { domain } = placement;
    const deterministic = node.effect.deterministic === true;
    const refused = refusal(this.rt, node.id, domain, deterministic);
    if (refused) return this.fail(tx, inst, refused.code, refused.message);
    return this.await(
      tx,
      inst,
      node.id,
      {
        keyBase: `${inst.id}:${node.id}:${inst.version}`,
        type: node.effect.type,
        params: fill(node.effect.params, inst.input, inst.state),
        deterministic,
        domain,
      },
      placement,
    );
  }

  /** The instance now waits on `awaiting` (an effect goes into the queue with this transaction). */
  private async await(
    tx: Tx,
    inst: Instance,
    node: string,
    awaiting: Awaiting,
    placement?: PlacementRecord,
  ): Promise<Instance> {
    const before = inst.awaiting as Awaiting | undefined;
    if (before && isEffect(before)) await tx.completeEffect(before.keyBase);
    const next: Instance = { ...inst, awaiting, version: inst.version + 1 };
    await tx.putInstance(next);
    if (isEffect(awaiting)) {
      const { afterwards: _, ...effect } = awaiting;
      await tx.enqueueEffect({ instance: inst.id, node, ...effect });
    }
    await tx.appendJournal({
      instance: inst.id,
      node,
      kind: "enqueued",
      detail: { version: next.version, awaiting },
      ...(placement ? { placement } : {}),
    });
    if (isEffect(awaiting))
      this.rt.emit({
        type: "effect.enqueued",
        instance: inst.id,
        node,
        domain: awaiting.domain,
        key: awaiting.keyBase,
      });
    return next;
  }

  /** A sub-dataflow node starts the callee as an instance of its own (same transaction) and waits on it. */
  private async callSubflow(tx: Tx, inst: Instance, node: Extract<NodeSpec, { kind: "subflow" }>) {
    const callee = node.dataflow as unknown as AnyDataflow;
    let child: Instance;
    try {
      child = await this.start(tx, callee, fill(node.input, inst.input, inst.state));
    } catch (e) {
      if (e instanceof InputRejected)
        return this.fail(tx, inst, "RT6007_SUBFLOW_INPUT", `node ${node.id}: ${e.message}`, e.issues);
      throw e;
    }
    return this.await(tx, inst, node.id, {
      keyBase: `${inst.id}:${node.id}:${inst.version}`,
      subflow: child.id,
    });
  }

  private async returnFromSubflow(
    tx: Tx,
    def: AnyDataflow,
    inst: Instance,
    node: Extract<NodeSpec, { kind: "subflow" }>,
    child: Instance,
    to: string,
  ): Promise<Instance> {
    if (child.status === "running") return inst;
    if (child.status !== "completed") {
      const callee = node.dataflow.name;
      const why = child.error?.message ?? "did not finish";
      return this.fail(
        tx,
        inst,
        "RT6008_SUBFLOW_FAILED",
        `node ${node.id}: ${callee} ${child.status}: ${why}`,
      );
    }
    const out = (child.output ?? {}) as Record<string, unknown>;
    const state = { ...(inst.state as object) } as Record<string, unknown>;
    for (const [field, from] of Object.entries(node.output ?? {})) state[field] = out[from];
    return this.advance(tx, def, inst, node.id, to, state);
  }

  private async end(tx: Tx, def: AnyDataflow, inst: Instance, node: Extract<NodeSpec, { kind: "end" }>) {
    const output = fromLisp(
      this.interp(def, inst, node.id, inst.input, inst.state).run(node.output, bindings(inst)),
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
    this.rt.emit({ type: "instance.completed", instance: inst.id, output });
    return done;
  }

  /** The journal entry and event of an effect that ran (or was replayed) for this transition. */
  private async noteEffect(tx: Tx, inst: Instance, node: string, o: EffectOutcome): Promise<void> {
    await tx.appendJournal({
      instance: inst.id,
      node,
      kind: "effect",
      detail: { key: o.key, domain: o.domain, result: o.result },
    });
    this.rt.emit({
      type: "effect",
      instance: inst.id,
      node,
      domain: o.domain,
      key: o.key,
      replayed: o.replayed,
    });
  }

  private async move(tx: Tx, inst: Instance, from: string, to: string, state: unknown): Promise<Instance> {
    const target = to;
    await this.settle(tx, inst);
    const { pending: _, awaiting: _a, ...base } = inst;
    const next: Instance = { ...base, node: target, state, version: inst.version + 1 };
    await tx.putInstance(next);
    await tx.appendJournal({
      instance: inst.id,
      node: target,
      kind: "transition",
      state,
      detail: {
        from,
        version: next.version,
        ...(next.domain ? { domain: next.domain } : {}),
      },
    });
    this.rt.emit({ type: "transition", instance: inst.id, from, to: target });
    return next;
  }

  /** A fork: one branch instance per branch, in edge order, started with this transaction; the parent waits on them. */
  private async fork(tx: Tx, inst: Instance, block: ParallelBlock): Promise<Instance> {
    const ids: string[] = [];
    for (const branch of block.branches) {
      const child = branchInstance(inst, block, branch);
      await tx.putInstance(child);
      const { state, node: _n, status: _st, version: _v, ...identity } = child;
      await tx.appendJournal({
        instance: child.id,
        node: child.node,
        kind: "started",
        state,
        detail: identity,
      });
      ids.push(child.id);
    }
    return this.await(tx, inst, block.parallel, {
      keyBase: `${inst.id}:${block.parallel}:${inst.version}`,
      branches: ids,
    });
  }

  /** A branch instance at its join: done, its state is its output (the parent joins it). */
  private async finishBranch(tx: Tx, inst: Instance, join: string): Promise<Instance> {
    const done: Instance = { ...inst, status: "completed", output: inst.state, version: inst.version + 1 };
    await tx.putInstance(done);
    await tx.appendJournal({
      instance: inst.id,
      node: join,
      kind: "completed",
      state: inst.state,
      detail: { output: inst.state, version: done.version },
    });
    return done;
  }

  /** A transition settles the effect it waited on: it leaves the queue with it. */
  private async settle(tx: Tx, inst: Instance): Promise<void> {
    const awaiting = inst.awaiting as Awaiting | undefined;
    if (awaiting && isEffect(awaiting)) await tx.completeEffect(awaiting.keyBase);
  }

  /** A failed effect taken by the node's catch edge: the message goes to `state.error`. */
  private caught(tx: Tx, def: AnyDataflow, inst: Instance, from: string, to: string, failure: Error) {
    return this.advance(tx, def, inst, from, to, { ...(inst.state as object), error: failure.message });
  }

  /** Moves to `to` with a new state, once it passes S (else the transition is rejected). */
  private async advance(tx: Tx, def: AnyDataflow, inst: Instance, from: string, to: string, state: unknown) {
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
    this.rt.emit({ type: "validation.failed", instance: inst.id, node, role, issues });
    await tx.appendJournal({ instance: inst.id, node, kind: "rejected", detail: { role, issues } });
    return this.fail(
      tx,
      inst,
      role === "state" ? "RT6005_STATE_REJECTED" : "RT6006_OUTPUT_REJECTED",
      `node ${node}: the new ${role} does not match its schema`,
      issues,
    );
  }

  async fail(
    tx: Tx,
    inst: Instance,
    code: string,
    message: string,
    issues?: readonly ValidationIssue[],
  ): Promise<Instance> {
    // The state stays as it was; only the status and the error change.
    const failed = await writeFailure(tx, inst, issues ? { code, message, issues } : { code, message });
    this.rt.emit({ type: "instance.failed", instance: inst.id, node: inst.node, code, message });
    return failed;
  }
}

/** Where the other branches of the block this branch belongs to have effects queued or running now. */
async function siblingDomains(tx: Tx, inst: Instance): Promise<string[]> {
  const parent = await tx.getInstance(inst.branch!.parent);
  const awaiting = parent?.awaiting as Awaiting | undefined;
  if (!awaiting || !isBranches(awaiting)) return [];
  const out: string[] = [];
  for (const id of awaiting.branches) {
    if (id === inst.id) continue;
    const sibling = (await tx.getInstance(id))?.awaiting as Awaiting | undefined;
    if (sibling && isEffect(sibling) && !sibling.afterwards) out.push(sibling.domain);
  }
  return out;
}

/** A definition as data for the store: its spec, the three TypeExprs, and callees by their id. */
export function definitionRecord(def: AnyDataflow): DefinitionRecord {
  const nodes = (def.nodes ?? []).map((n) =>
    n.kind === "subflow"
      ? { ...n, dataflow: { name: n.dataflow.name, definitionId: n.dataflow.definitionId } }
      : n,
  );
  const { input, output, state } = def.schemas;
  return {
    id: def.definitionId,
    name: def.name,
    schemaIds: { input: input.id, output: output.id, state: state.id },
    spec: {
      name: def.name,
      nodes,
      edges: def.edges ?? [],
      ...(def.defaultDomain === undefined ? {} : { defaultDomain: def.defaultDomain }),
      ...(def.initialState === undefined ? {} : { initialState: def.initialState }),
      schemas: { input: input.expr, output: output.expr, state: state.expr },
    },
  };
}

function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.code} at ${i.path}`).join(", ");
}

/** Validators name the checked value `$input`; a state or output issue says `$state.x` / `$output.x`. */
export function relabel(issues: readonly ValidationIssue[], role: "state" | "output"): ValidationIssue[] {
  return issues.map((i) => (i.path.startsWith("$input") ? { ...i, path: `$${role}${i.path.slice(6)}` } : i));
}
