/**
 * The orchestrator's transitions (transitions.ts) seen from outside, each against an oracle of its
 * own: the journal must replay to the stored instance (store/replay.ts rebuilds it from the entries
 * alone), the events and error codes are the ones docs/runtime.md lists, idempotency keys have the
 * documented shape `instance:node:version[:emit:i]:attempt`, and issue paths are rooted at the value
 * they describe (`$input`, `$state`, `$output`).
 */
import { type TypeExpr, t } from "@causality/schema";
import { describe, expect, it } from "vitest";
import type { DataflowSpec } from "../dataflow/definition.js";
import { defineDataflow } from "../define-dataflow.js";
import { typedDomain } from "../domains/typed-domain.js";
import { MemoryStore } from "../store/memory-store.js";
import { replay } from "../store/replay.js";
import { type Instance, StoreDataError } from "../store/store.js";
import { type EffectRequest, InputRejected, Orchestrator, type RuntimeEvent } from "./orchestrator.js";
import { Redactions } from "./redacting-tx.js";
import { type Prepared, Transitions } from "./transitions.js";
import type { AnyDataflow, Awaiting } from "./types.js";

type Node = NonNullable<DataflowSpec["nodes"]>[number];

const input = t.record({ n: t.u32() });
const output = t.record({ total: t.u32() });
const state = t.record({
  total: t.optionalField(t.u32()),
  error: t.optionalField(t.string()),
});

interface Span {
  name: string;
  attributes?: Record<string, string>;
  status?: { code: number; message?: string };
  ended: boolean;
}

function world(
  executor: (e: EffectRequest) => Promise<unknown> = async () => ({ v: 1 }),
  store = new MemoryStore(),
) {
  const events: RuntimeEvent[] = [];
  const executed: EffectRequest[] = [];
  const spans: Span[] = [];
  const orchestrator = new Orchestrator({
    store,
    domains: [
      typedDomain("svc", "service"),
      typedDomain("other", "service"),
      typedDomain("vault", "verifiable"),
    ],
    executors: {
      svc: async (e) => {
        executed.push(e);
        return executor(e);
      },
      other: async (e) => {
        executed.push(e);
        return executor(e);
      },
      vault: async (e) => {
        executed.push(e);
        return executor(e);
      },
    },
    onEvent: (e) => events.push(e),
    sleep: async () => {},
    tracer: {
      startSpan: (name, options) => {
        const span: Span = {
          name,
          ended: false,
          ...(options?.attributes ? { attributes: options.attributes } : {}),
        };
        spans.push(span);
        return {
          end: () => {
            span.ended = true;
          },
          setStatus: (s) => {
            span.status = s;
          },
        };
      },
    },
  });
  return { store, events, executed, spans, orchestrator };
}

/** begin -> work -> finish (node ids other than the usual ones, so nothing works by a default name). */
function flow(
  work: Node,
  opts: {
    initialState?: string | null;
    end?: string;
    catchTo?: string;
    state?: TypeExpr;
    name?: string;
  } = {},
) {
  const initialState =
    opts.initialState === undefined ? '(record "total" (get input "n"))' : opts.initialState;
  return defineDataflow(
    {
      name: opts.name ?? "steps",
      defaultDomain: "svc",
      ...(initialState === null ? {} : { initialState }),
      nodes: [
        { id: "begin", kind: "start" },
        work,
        { id: "finish", kind: "end", output: opts.end ?? '(record "total" (get state "total"))' },
      ],
      edges: [
        { from: "begin", to: "work" },
        { from: "work", to: "finish" },
        ...(opts.catchTo ? [{ from: "work", to: opts.catchTo, when: "catch" as const }] : []),
      ],
    },
    { input, output, state: opts.state ?? state },
  );
}

const action = (handler: string, effect: object = { type: "svc.call", params: { n: "${input.n}" } }): Node =>
  ({ id: "work", kind: "action", effect, handler }) as Node;

/** The journal replays to the stored instance: every transition wrote what it changed. */
async function expectReplays(w: ReturnType<typeof world>, id: string): Promise<Instance> {
  const stored = await w.orchestrator.get(id);
  expect(replay(await w.store.journal(id))).toEqual(stored);
  return stored;
}

describe("start", () => {
  it("starts at the start node whatever its id, with version 1, the schema ids, and a started entry that replays", async () => {
    const w = world();
    const def = flow(action("state"));
    const hint = { strategy: "latency_optimization" };
    const inst = await w.orchestrator.start(def, { n: 3 }, { hint });
    expect(inst).toEqual({
      id: inst.id,
      definitionId: def.definitionId,
      schemaIds: { input: def.schemas.input.id, output: def.schemas.output.id, state: def.schemas.state.id },
      input: { n: 3 },
      state: { total: 3 },
      node: "begin",
      status: "running",
      version: 1,
      hint,
    });
    const journal = await w.store.journal(inst.id);
    expect(journal).toHaveLength(1);
    expect(journal[0]).toMatchObject({
      instance: inst.id,
      node: "begin",
      kind: "started",
      state: { total: 3 },
    });
    expect(journal[0]!.detail).toEqual({
      id: inst.id,
      definitionId: def.definitionId,
      schemaIds: inst.schemaIds,
      input: { n: 3 },
      hint,
    });
    await expectReplays(w, inst.id);
    expect(w.events).toEqual([{ type: "instance.started", instance: inst.id, definition: def.definitionId }]);
    // Without a hint the instance has none (not an undefined one).
    const plain = await w.orchestrator.start(def, { n: 4 });
    expect(Object.keys(plain)).not.toContain("hint");
  });

  it("keeps the definition in the store: the spec, the schemas and its optional fields only when given", async () => {
    const w = world();
    const def = flow(action("state"));
    await w.orchestrator.start(def, { n: 1 });
    const record = await w.store.definition(def.definitionId);
    expect(record).toMatchObject({
      id: def.definitionId,
      name: "steps",
      schemaIds: { input: def.schemas.input.id, output: def.schemas.output.id, state: def.schemas.state.id },
      spec: {
        name: "steps",
        defaultDomain: "svc",
        initialState: '(record "total" (get input "n"))',
        schemas: {
          input: def.schemas.input.expr,
          output: def.schemas.output.expr,
          state: def.schemas.state.expr,
        },
      },
    });
    const spec = record!.spec as DataflowSpec;
    expect(spec.nodes!.map((n) => n.id)).toEqual(["begin", "work", "finish"]);
    expect(spec.edges).toEqual(def.edges);
    // The start node listed last: the instance starts there, not at the first node.
    const bare = defineDataflow(
      {
        name: "bare",
        nodes: [
          { id: "e", kind: "end", output: '(record "total" 1)' },
          { id: "s", kind: "start" },
        ],
        edges: [{ from: "s", to: "e" }],
      },
      { input, output, state },
    );
    const done = await w.orchestrator.run((await w.orchestrator.start(bare, { n: 1 })).id);
    // No initialState: the state starts as the empty record.
    expect(done).toMatchObject({ status: "completed", output: { total: 1 } });
    expect((await w.store.journal(done.id))[0]).toMatchObject({ node: "s", state: {} });
    const bareSpec = (await w.store.definition(bare.definitionId))!.spec as Record<string, unknown>;
    expect(Object.keys(bareSpec)).not.toContain("defaultDomain");
    expect(Object.keys(bareSpec)).not.toContain("initialState");
  });

  it("a refused input or initial state names the start node and its role, and stores nothing", async () => {
    const w = world();
    const err = await w.orchestrator.start(flow(action("state")), { n: -1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputRejected);
    expect((err as InputRejected).issues.map((i) => i.path)).toEqual(["$input.n"]);
    const notData = await w.orchestrator
      .start(flow(action("state")), { n: () => 1 })
      .catch((e: unknown) => e);
    expect((notData as InputRejected).issues).toMatchObject([{ code: "not_data", path: "$input.n" }]);
    const badState = flow(action("state"), { initialState: '(record "total" "x")' });
    const stateErr = await w.orchestrator.start(badState, { n: 1 }).catch((e: unknown) => e);
    expect((stateErr as InputRejected).issues.map((i) => i.path)).toEqual(["$state.total"]);
    expect(w.events.map((e) => e.type === "validation.failed" && [e.instance, e.node, e.role])).toEqual([
      ["", "begin", "input"],
      ["", "begin", "input"],
      ["", "begin", "state"],
    ]);
    expect(await w.store.instances({})).toEqual([]);
  });

  it("an initialState that fails is an input issue with the handler language's code and message", async () => {
    const w = world();
    const def = flow(action("state"), {
      initialState: '(if (> (get input "n") 5) (error "n too big") (record))',
    });
    const err = (await w.orchestrator.start(def, { n: 9 }).catch((e: unknown) => e)) as InputRejected;
    expect(err).toBeInstanceOf(InputRejected);
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ path: "$input", expected: "an input initialState accepts" });
    expect(err.issues[0]!.code).toMatch(/^LISP/);
    expect(String(err.issues[0]!.value)).toContain("n too big");
    expect(w.events).toMatchObject([{ type: "validation.failed", node: "begin", role: "state" }]);
    expect(await w.store.instances({})).toEqual([]);
    // A host error inside initialState names it as the place (as DF5007 does at build).
    const updating = flow(action("state"), { initialState: "(update-dataflow-instance-state (record))" });
    const host = (await w.orchestrator.start(updating, { n: 1 }).catch((e: unknown) => e)) as InputRejected;
    expect(String(host.issues[0]!.value)).toContain("(here: (initialState))");
    // The same definition starts with an input its initialState accepts.
    expect((await w.orchestrator.start(def, { n: 2 })).state).toEqual({});
  });
});

describe("step", () => {
  it("refuses an unknown instance and leaves a finished one as it is", async () => {
    const w = world();
    await expect(w.orchestrator.step("nope")).rejects.toThrow(/no instance nope/);
    const done = await w.orchestrator.run((await w.orchestrator.start(flow(action("state")), { n: 2 })).id);
    expect(done.status).toBe("completed");
    expect(await w.orchestrator.step(done.id)).toEqual(done);
    await expectReplays(w, done.id);
  });

  it("refuses an instance whose definition is not registered, or whose stored state breaks S, naming it", async () => {
    const w = world();
    const def = flow(action("state"));
    const inst = await w.orchestrator.start(def, { n: 2 });
    const other = world(undefined, w.store);
    await expect(other.orchestrator.step(inst.id)).rejects.toThrow(
      new StoreDataError(
        inst.id,
        `its definition ${def.definitionId} is not registered with this orchestrator`,
      ),
    );
    await w.store.transaction((tx) =>
      tx.putInstance({ ...inst, state: { total: "x", error: 5 }, version: 2 }),
    );
    const err = await w.orchestrator.step(inst.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreDataError);
    expect((err as Error).message).toBe(
      `instance ${inst.id}: its stored state no longer matches state schema ${def.schemas.state.id}: invalid_type at $state.total, invalid_type at $state.error`,
    );
  });

  it("an instance at a node its definition lacks fails with RT6001 and its state kept", async () => {
    const w = world();
    const inst = await w.orchestrator.start(flow(action("state")), { n: 2 });
    await w.store.transaction((tx) => tx.putInstance({ ...inst, node: "gone", version: 2 }));
    const after = await w.orchestrator.step(inst.id);
    expect(after).toMatchObject({
      status: "failed",
      state: { total: 2 },
      error: { code: "RT6001_UNKNOWN_NODE", message: "node gone is not in the definition" },
    });
    expect(w.events.at(-1)).toEqual({
      type: "instance.failed",
      instance: inst.id,
      node: "gone",
      code: "RT6001_UNKNOWN_NODE",
      message: "node gone is not in the definition",
    });
  });

  it("one span per transition, named and attributed, with an error status when it fails", async () => {
    const w = world();
    const def = defineDataflow(
      {
        name: "steps",
        nodes: [
          { id: "begin", kind: "start" },
          { id: "work", kind: "choice", condition: '(error "no way")' },
          { id: "finish", kind: "end", output: '(record "total" 1)' },
        ],
        edges: [
          { from: "begin", to: "work" },
          { from: "work", to: "finish", when: "true" },
          { from: "work", to: "finish" },
        ],
      },
      { input, output, state },
    );
    const inst = await w.orchestrator.start(def, { n: 1 });
    await w.orchestrator.step(inst.id);
    const failed = await w.orchestrator.step(inst.id);
    expect(failed).toMatchObject({ status: "failed", error: { message: expect.stringContaining("no way") } });
    expect(failed.error!.code).toMatch(/^LISP/);
    const steps = w.spans.filter((s) => s.name !== "causality steps instance.start");
    expect(steps.map((s) => [s.name, s.ended, s.status?.code])).toEqual([
      ["causality steps begin", true, undefined],
      ["causality steps work", true, 2],
    ]);
    expect(steps[1]!.status!.message).toBe(failed.error!.message);
    expect(steps[1]!.attributes).toEqual({
      "causality.instance": inst.id,
      "causality.node": "work",
      "causality.definition": def.definitionId,
    });
    await expectReplays(w, inst.id);
  });
});

describe("tracing with a minimal tracer", () => {
  it("spans without setStatus (it is optional) still end when a transition fails or throws", async () => {
    const ended: string[] = [];
    const orchestrator = new Orchestrator({
      store: new MemoryStore(),
      domains: [typedDomain("svc", "service")],
      executors: { svc: async () => ({}) },
      tracer: { startSpan: (name) => ({ end: () => ended.push(name) }) },
      sleep: async () => {},
    });
    const rejected = flow(action("state"), { end: '(record "total" "many")' });
    const failed = await orchestrator.run((await orchestrator.start(rejected, { n: 1 })).id);
    expect(failed.error?.code).toBe("RT6006_OUTPUT_REJECTED");
    const throwing = flow(action('(error "handler broke")'));
    const broke = await orchestrator.run((await orchestrator.start(throwing, { n: 1 })).id);
    expect(broke).toMatchObject({
      status: "failed",
      error: { message: expect.stringContaining("handler broke") },
    });
    expect(ended.filter((n) => n === "causality steps finish")).toHaveLength(1);
    expect(ended.filter((n) => n === "causality steps work")).toHaveLength(4);
  });
});

describe("actions", () => {
  it("enqueue, effect, apply: keys, events and journal entries as documented, and the journal replays", async () => {
    const w = world(async () => ({ v: 5 }));
    const def = flow(action('(assoc state "total" (+ (get state "total") (get result "v")))'));
    const inst = await w.orchestrator.start(def, { n: 2 });
    const done = await w.orchestrator.run(inst.id);
    expect(done).toMatchObject({
      status: "completed",
      state: { total: 7 },
      output: { total: 7 },
      domain: "svc",
    });
    // Version 2 enqueued the effect (started 1, begin -> work 2): key instance:node:version:attempt.
    const keyBase = `${inst.id}:work:2`;
    expect(w.executed.map((e) => [e.key, e.type, e.params, e.domain, e.deterministic])).toEqual([
      [`${keyBase}:0`, "svc.call", { n: 2 }, "svc", false],
    ]);
    expect(w.events).toEqual([
      { type: "instance.started", instance: inst.id, definition: def.definitionId },
      { type: "transition", instance: inst.id, from: "begin", to: "work" },
      { type: "effect.enqueued", instance: inst.id, node: "work", domain: "svc", key: keyBase },
      {
        type: "effect",
        instance: inst.id,
        node: "work",
        domain: "svc",
        key: `${keyBase}:0`,
        replayed: false,
      },
      { type: "transition", instance: inst.id, from: "work", to: "finish" },
      { type: "instance.completed", instance: inst.id, output: { total: 7 } },
    ]);
    const journal = await w.store.journal(inst.id);
    expect(journal.map((j) => [j.kind, j.node])).toEqual([
      ["started", "begin"],
      ["transition", "work"],
      ["enqueued", "work"],
      ["effect", "work"],
      ["transition", "finish"],
      ["completed", "finish"],
    ]);
    expect(journal[1]!.detail).toEqual({ from: "begin", version: 2 });
    expect(journal[2]!.detail).toMatchObject({
      version: 3,
      awaiting: { keyBase, domain: "svc", type: "svc.call" },
    });
    expect(journal[2]!.placement).toMatchObject({ domain: "svc" });
    expect(journal[3]!.detail).toEqual({ key: `${keyBase}:0`, domain: "svc", result: { v: 5 } });
    expect(journal[4]).toMatchObject({
      state: { total: 7 },
      detail: { from: "work", version: 4, domain: "svc" },
    });
    expect(journal[5]).toMatchObject({ state: { total: 7 }, detail: { output: { total: 7 }, version: 5 } });
    expect(done.version).toBe(5);
    await expectReplays(w, inst.id);
    expect(await w.store.queuedEffects()).toEqual([]);
  });

  it("a state set by update-dataflow-instance-state wins over the handler's value; no handler keeps the state", async () => {
    const w = world();
    const updated = await w.orchestrator.start(
      flow(action('(do (update-dataflow-instance-state (record "total" 8)) 5)')),
      { n: 2 },
    );
    expect(await w.orchestrator.run(updated.id)).toMatchObject({ status: "completed", state: { total: 8 } });
    const bare = flow({ id: "work", kind: "action", effect: { type: "svc.call", params: {} } } as Node);
    const kept = await w.orchestrator.run((await w.orchestrator.start(bare, { n: 6 })).id);
    expect(kept).toMatchObject({ status: "completed", state: { total: 6 }, output: { total: 6 } });
    await expectReplays(w, kept.id);
  });

  it("emitted effects run in order after the handler, keyed :emit:i, typed and marked as emitted; then the state applies", async () => {
    const w = world(async (e) => ({ got: e.type }));
    const handler =
      '(do (emit-effect-on-domain (record "type" "mail" "params" (record "to" 1) "deterministic" true) "vault") ' +
      '(emit-effect-on-domain (record) "other") (emit-effect-on-domain "svc" nil) (assoc state "total" 9))';
    const inst = await w.orchestrator.start(flow(action(handler)), { n: 2 });
    let at = inst;
    const seen: Instance[] = [];
    while (at.status === "running") {
      at = await w.orchestrator.step(inst.id);
      seen.push(at);
    }
    expect(at).toMatchObject({ status: "completed", state: { total: 9 }, domain: "svc" });
    // The handler ran at version 3 (enqueue made it 3): emitted keys are instance:node:3:emit:i:attempt.
    expect(w.executed.map((e) => [e.key, e.type, e.params, e.domain, e.deterministic])).toEqual([
      [`${inst.id}:work:2:0`, "svc.call", { n: 2 }, "svc", false],
      [`${inst.id}:work:3:emit:0:0`, "mail", { to: 1 }, "vault", true],
      [`${inst.id}:work:3:emit:1:0`, "effect", {}, "other", false],
      [`${inst.id}:work:3:emit:2:0`, "effect", {}, "svc", false],
    ]);
    // The handler's state waits for its emitted effects: still 2 while they run.
    const waiting = seen.filter((i) => i.node === "work" && i.awaiting !== undefined);
    expect(waiting.map((i) => (i.state as { total: number }).total)).toEqual([2, 2, 2, 2]);
    // Only the action's own effect was placed; emitted ones name their domain.
    const enqueued = (await w.store.journal(inst.id)).filter((j) => j.kind === "enqueued");
    expect(enqueued.map((j) => j.placement !== undefined)).toEqual([true, false, false, false]);
    expect(
      w.events
        .filter((e) => e.type === "effect.enqueued")
        .map((e) => e.type === "effect.enqueued" && e.domain),
    ).toEqual(["svc", "vault", "other", "svc"]);
    await expectReplays(w, inst.id);
    expect(await w.store.queuedEffects()).toEqual([]);
  });

  it("an emitted effect a domain refuses fails the instance: non-deterministic on a verifiable domain, or an unknown domain", async () => {
    const w = world();
    const refused = await w.orchestrator.start(
      flow(action('(do (emit-effect-on-domain (record "type" "mail" "deterministic" "yes") "vault") state)')),
      { n: 2 },
    );
    expect(await w.orchestrator.run(refused.id)).toMatchObject({
      status: "failed",
      state: { total: 2 },
      error: { code: "RT6003_NOT_DETERMINISTIC" },
    });
    const unknown = await w.orchestrator.start(
      flow(action('(do (emit-effect-on-domain (record "type" "mail") "nowhere") state)')),
      { n: 2 },
    );
    expect(await w.orchestrator.run(unknown.id)).toMatchObject({
      status: "failed",
      error: { code: "RT6002_UNKNOWN_DOMAIN" },
    });
    expect(w.executed.map((e) => e.type)).toEqual(["svc.call", "svc.call"]);
    await expectReplays(w, refused.id);
  });

  it("a failed emitted effect fails the instance naming its domain, or takes the catch edge with the state from before", async () => {
    const failing = async (e: EffectRequest) => {
      if (e.type === "mail") throw new Error("mail down");
      return { v: 1 };
    };
    const handler = '(do (emit-effect-on-domain (record "type" "mail") "other") (assoc state "total" 9))';
    const w = world(failing);
    const inst = await w.orchestrator.start(flow(action(handler)), { n: 2 });
    const failed = await w.orchestrator.run(inst.id);
    expect(failed).toMatchObject({
      status: "failed",
      state: { total: 2 },
      error: { code: "RT6004_EFFECT_FAILED" },
    });
    expect(failed.error!.message).toMatch(/^node work: emitted effect on other: .*mail down/);
    const own = world(async () => {
      throw new Error("svc down");
    });
    const plain = await own.orchestrator.run(
      (await own.orchestrator.start(flow(action("state")), { n: 2 })).id,
    );
    expect(plain.error!.message).toMatch(/^node work: .*svc down/);
    expect(plain.error!.message).not.toContain("emitted effect");
    const caught = world(failing);
    const viaCatch = await caught.orchestrator.start(flow(action(handler), { catchTo: "finish" }), { n: 2 });
    const done = await caught.orchestrator.run(viaCatch.id);
    expect(done.status).toBe("completed");
    expect(done.state).toEqual({ total: 2, error: expect.stringContaining("mail down") });
    await expectReplays(caught, viaCatch.id);
  });
});

describe("end", () => {
  it("an output O refuses is rejected at the end node: journaled, told, the instance failed with its state", async () => {
    const w = world();
    const inst = await w.orchestrator.start(flow(action("state"), { end: '(record "total" "many")' }), {
      n: 2,
    });
    const failed = await w.orchestrator.run(inst.id);
    expect(failed).toMatchObject({
      status: "failed",
      node: "finish",
      state: { total: 2 },
      error: {
        code: "RT6006_OUTPUT_REJECTED",
        message: "node finish: the new output does not match its schema",
        issues: [expect.objectContaining({ path: "$output.total" })],
      },
    });
    expect(failed.output).toBeUndefined();
    const rejected = (await w.store.journal(inst.id)).filter((j) => j.kind === "rejected");
    expect(rejected).toEqual([
      expect.objectContaining({ node: "finish", detail: { role: "output", issues: failed.error!.issues } }),
    ]);
    expect(w.events.filter((e) => e.type === "validation.failed")).toEqual([
      {
        type: "validation.failed",
        instance: inst.id,
        node: "finish",
        role: "output",
        issues: failed.error!.issues,
      },
    ]);
    expect(w.events.at(-1)).toMatchObject({
      type: "instance.failed",
      node: "finish",
      code: "RT6006_OUTPUT_REJECTED",
    });
    // A transition that fails the instance (rather than throwing) marks its span too.
    const last = w.spans.filter((x) => x.name === "causality steps finish");
    expect(last.map((x) => [x.ended, x.status])).toEqual([
      [true, { code: 2, message: "node finish: the new output does not match its schema" }],
    ]);
    expect(
      w.spans.filter((x) => x.name === "causality steps work").every((x) => x.status === undefined),
    ).toBe(true);
    await expectReplays(w, inst.id);
  });

  it("a state a handler breaks is rejected at the action with $state paths", async () => {
    const w = world();
    const inst = await w.orchestrator.start(flow(action('(assoc state "total" "x")')), { n: 2 });
    const failed = await w.orchestrator.run(inst.id);
    expect(failed.error).toMatchObject({
      code: "RT6005_STATE_REJECTED",
      message: "node work: the new state does not match its schema",
      issues: [{ path: "$state.total" }],
    });
    expect(w.events.filter((e) => e.type === "validation.failed")).toMatchObject([
      { instance: inst.id, node: "work", role: "state" },
    ]);
    await expectReplays(w, inst.id);
  });
});

describe("sub-dataflows", () => {
  const calleeInput = t.record({ amount: t.u32(), tag: t.literal("#${input.n}") });
  const callee = (end: string, input: TypeExpr) =>
    defineDataflow(
      {
        name: "fee",
        nodes: [
          { id: "s", kind: "start" },
          { id: "e", kind: "end", output: end },
        ],
        edges: [{ from: "s", to: "e" }],
      },
      { input, output: t.record({ fee: t.u32() }), state: t.record({}) },
    );
  // The build check reads a partial placeholder as its literal text ("#${input.n}" fits the
  // literal), so the callee's input check at run time is what refuses the filled "#2".
  const caller = (end: string, tagged: boolean) =>
    flow({
      id: "work",
      kind: "subflow",
      dataflow: callee(end, tagged ? calleeInput : t.record({ amount: t.u32() })),
      input: { amount: "${input.n}", ...(tagged ? { tag: "#${input.n}" } : {}) },
      output: { total: "fee" },
    } as Node);

  it("maps the callee's output into the state; the wait is keyed instance:node:version and replays", async () => {
    const w = world();
    const def = flow({
      id: "work",
      kind: "subflow",
      dataflow: defineDataflow(
        {
          name: "fee",
          nodes: [
            { id: "s", kind: "start" },
            { id: "e", kind: "end", output: '(record "fee" (* 10 (get input "amount")))' },
          ],
          edges: [{ from: "s", to: "e" }],
        },
        { input: t.record({ amount: t.u32() }), output: t.record({ fee: t.u32() }), state: t.record({}) },
      ),
      input: { amount: "${input.n}" },
      output: { total: "fee" },
    } as Node);
    const inst = await w.orchestrator.start(def, { n: 4 });
    const done = await w.orchestrator.run(inst.id);
    expect(done).toMatchObject({ status: "completed", state: { total: 40 }, output: { total: 40 } });
    const enqueued = (await w.store.journal(inst.id)).find((j) => j.kind === "enqueued");
    const child = (enqueued!.detail as { awaiting: { subflow: string } }).awaiting.subflow;
    expect(enqueued!.detail).toEqual({
      version: 3,
      awaiting: { keyBase: `${inst.id}:work:2`, subflow: child },
    });
    // Waiting on a sub-dataflow enqueues no effect.
    expect(w.events.filter((e) => e.type === "effect.enqueued")).toEqual([]);
    expect(await w.orchestrator.get(child)).toMatchObject({
      status: "completed",
      input: { amount: 4 },
      output: { fee: 40 },
    });
    const record = await w.store.definition(def.definitionId);
    const node = (record!.spec as DataflowSpec).nodes!.find((n) => n.id === "work");
    // A callee is kept by name and id, not inline.
    expect((node as unknown as { dataflow: unknown }).dataflow).toEqual({
      name: "fee",
      definitionId: (
        def.nodes!.find((n) => n.id === "work") as unknown as { dataflow: { definitionId: string } }
      ).dataflow.definitionId,
    });
    await expectReplays(w, inst.id);
  });

  it("a callee whose output is not mapped leaves the caller's state as it was", async () => {
    const w = world();
    const def = caller('(record "fee" 1)', false);
    const unmapped = flow({
      ...(def.nodes!.find((n) => n.id === "work") as object),
      output: undefined,
    } as Node);
    const done = await w.orchestrator.run((await w.orchestrator.start(unmapped, { n: 5 })).id);
    expect(done).toMatchObject({ status: "completed", state: { total: 5 }, output: { total: 5 } });
    await expectReplays(w, done.id);
  });

  it("an input the callee refuses fails the caller with RT6007 and the callee's issues; no callee instance is kept", async () => {
    const w = world();
    const inst = await w.orchestrator.start(caller('(record "fee" 1)', true), { n: 2 });
    const failed = await w.orchestrator.run(inst.id);
    expect(failed).toMatchObject({
      status: "failed",
      node: "work",
      state: { total: 2 },
      error: { code: "RT6007_SUBFLOW_INPUT", issues: [expect.objectContaining({ path: "$input.tag" })] },
    });
    expect(failed.error!.message).toMatch(/^node work: input rejected: .* at \$input\.tag$/);
    expect((await w.store.instances({})).map((i) => i.id)).toEqual([inst.id]);
    await expectReplays(w, inst.id);
  });

  it("a callee that fails fails the caller with RT6008, naming the callee, its status and its error", async () => {
    const w = world();
    const inst = await w.orchestrator.start(caller('(record "fee" "x")', false), { n: 2 });
    const failed = await w.orchestrator.run(inst.id);
    expect(failed).toMatchObject({
      status: "failed",
      state: { total: 2 },
      error: { code: "RT6008_SUBFLOW_FAILED" },
    });
    expect(failed.error!.message).toBe(
      "node work: fee failed: node e: the new output does not match its schema",
    );
    await expectReplays(w, inst.id);
  });
});

describe("a step given something the instance does not wait on", () => {
  /** The transitions alone over `store`, with `defs` registered: the orchestrator prepares only what fits. */
  function direct(store: MemoryStore, defs: AnyDataflow[]) {
    const definitions = new Map(defs.map((d) => [d.definitionId, d]));
    const transitions = new Transitions(
      {
        options: { store, domains: [typedDomain("svc", "service")], executors: {} },
        definitions,
        redactions: new Redactions(definitions),
        emit: () => undefined,
        tracer: undefined,
      },
      (d) => definitions.set(d.definitionId, d),
    );
    return (id: string, prepared: Prepared) => store.transaction((tx) => transitions.step(tx, id, prepared));
  }

  const callee = defineDataflow(
    {
      name: "one",
      nodes: [
        { id: "s", kind: "start" },
        { id: "e", kind: "end", output: '(record "fee" 1)' },
      ],
      edges: [{ from: "s", to: "e" }],
    },
    { input: t.record({}), output: t.record({ fee: t.u32() }), state: t.record({}) },
  );

  /** Runs `def` until it waits at `work`: the instance, what it awaits, and the store. */
  async function waiting(def: AnyDataflow) {
    const w = world();
    const inst = await w.orchestrator.start(def, { n: 1 });
    await w.orchestrator.step(inst.id);
    const at = await w.orchestrator.step(inst.id);
    expect(at.awaiting).toBeDefined();
    return { w, at, awaiting: at.awaiting as Awaiting };
  }

  it("a sub-dataflow: another key, branches, or a callee still running leave it as it was", async () => {
    const def = flow({
      id: "work",
      kind: "subflow",
      dataflow: callee,
      input: {},
      output: { total: "fee" },
    } as Node);
    const { w, at, awaiting } = await waiting(def);
    const step = direct(w.store, [def, callee]);
    const child = await w.orchestrator.get((awaiting as { subflow: string }).subflow);
    expect(child.status).toBe("running");
    expect(
      await step(at.id, { keyBase: "another", child: { ...child, status: "completed", output: { fee: 1 } } }),
    ).toEqual(at);
    expect(await step(at.id, { keyBase: awaiting.keyBase, child })).toEqual(at);
    expect(await w.orchestrator.get(at.id)).toEqual(at);
    const wrong = await step(at.id, { keyBase: awaiting.keyBase, children: [child] });
    expect(wrong).toMatchObject({
      status: "failed",
      error: { code: "RT6001_UNKNOWN_NODE", message: "node work: awaits something else" },
    });
  });

  it("an effect: a sub-dataflow's or branches' outcome under its key leaves it as it was", async () => {
    const { w, at, awaiting } = await waiting(flow(action("state")));
    const step = direct(w.store, [flow(action("state"))]);
    expect(await step(at.id, { keyBase: awaiting.keyBase, child: at })).toEqual(at);
    expect(await step(at.id, { keyBase: awaiting.keyBase, children: [] })).toEqual(at);
    expect(await step(at.id, { keyBase: awaiting.keyBase, busy: true })).toEqual(at);
    expect(await w.orchestrator.get(at.id)).toEqual(at);
  });

  it("branches: a running branch keeps the parent waiting; a sub-dataflow's outcome fails it", async () => {
    const pstate = t.record({
      a: t.optionalField(t.string()),
      b: t.optionalField(t.string()),
      total: t.optionalField(t.u32()),
    });
    const def = defineDataflow(
      {
        name: "fork",
        defaultDomain: "svc",
        nodes: [
          { id: "begin", kind: "start" },
          { id: "work", kind: "parallel", branches: { left: ["a"], right: ["b"] } },
          {
            id: "left",
            kind: "action",
            effect: { type: "svc.call", params: {} },
            handler: '(assoc state "a" "x")',
          },
          {
            id: "right",
            kind: "action",
            effect: { type: "svc.call", params: {} },
            handler: '(assoc state "b" "y")',
          },
          { id: "join", kind: "join" },
          { id: "finish", kind: "end", output: '(record "total" 1)' },
        ],
        edges: [
          { from: "begin", to: "work" },
          { from: "work", to: "left" },
          { from: "work", to: "right" },
          { from: "left", to: "join" },
          { from: "right", to: "join" },
          { from: "join", to: "finish" },
        ],
      },
      { input, output, state: pstate },
    );
    const { w, at, awaiting } = await waiting(def);
    const step = direct(w.store, [def]);
    const branch = await w.orchestrator.get((awaiting as { branches: string[] }).branches[0]!);
    expect(branch.status).toBe("running");
    expect(await step(at.id, { keyBase: awaiting.keyBase, children: [branch] })).toEqual(at);
    expect(await w.orchestrator.get(at.id)).toEqual(at);
    expect(await step(at.id, { keyBase: awaiting.keyBase, child: branch })).toMatchObject({
      status: "failed",
      error: { code: "RT6001_UNKNOWN_NODE", message: "node work: awaits something else" },
    });
  });
});

describe("parallel branches", () => {
  it("a branch's placer is told the domains its siblings' own effects wait on, not emitted ones", async () => {
    const bstate = t.record({
      a: t.optionalField(t.string()),
      b: t.optionalField(t.string()),
      c: t.optionalField(t.string()),
      total: t.optionalField(t.u32()),
    });
    const act = (id: string, handler: string): Node =>
      ({ id, kind: "action", effect: { type: `svc.${id}`, params: {} }, handler }) as Node;
    const def = defineDataflow(
      {
        name: "three",
        nodes: [
          { id: "begin", kind: "start" },
          { id: "work", kind: "parallel", branches: { left: ["a"], mid: ["b"], right: ["c"] } },
          act("left", '(assoc state "a" "x")'),
          act("mid", '(do (emit-effect-on-domain "svc" (record "type" "note")) (assoc state "b" "y"))'),
          act("right", '(assoc state "c" "z")'),
          { id: "join", kind: "join" },
          { id: "finish", kind: "end", output: '(record "total" 3)' },
        ],
        edges: [
          { from: "begin", to: "work" },
          { from: "work", to: "left" },
          { from: "work", to: "mid" },
          { from: "work", to: "right" },
          { from: "left", to: "join" },
          { from: "mid", to: "join" },
          { from: "right", to: "join" },
          { from: "join", to: "finish" },
        ],
      },
      { input, output, state: bstate },
    );
    const told: [string, readonly string[] | undefined][] = [];
    const orchestrator = new Orchestrator({
      store: new MemoryStore(),
      domains: [typedDomain("svc", "service"), typedDomain("other", "service")],
      executors: { svc: async () => ({}), other: async () => ({}) },
      placer: (_effect, _domains, context) => {
        told.push([context.node, context.siblingDomains]);
        return context.node === "left" ? "svc" : "other";
      },
      sleep: async () => {},
    });
    const inst = await orchestrator.start(def, { n: 1 });
    await orchestrator.step(inst.id);
    const forked = await orchestrator.step(inst.id);
    const [left, mid, right] = (forked.awaiting as { branches: string[] }).branches as [
      string,
      string,
      string,
    ];
    expect((await orchestrator.get(left)).node).toBe("left");
    await orchestrator.step(mid); // enqueues mid's effect on "other"; nothing else waits yet
    await orchestrator.step(left); // mid waits on "other"
    const emitted = await orchestrator.step(mid); // mid ran: it now waits on its emitted effect
    expect((emitted.awaiting as { afterwards?: unknown }).afterwards).toBeDefined();
    await orchestrator.step(right); // left waits on "svc"; mid's emitted effect is not counted
    expect(told).toEqual([
      ["mid", undefined],
      ["left", ["other"]],
      ["right", ["svc"]],
    ]);
    const done = await orchestrator.run(inst.id);
    expect(done).toMatchObject({
      status: "completed",
      state: { a: "x", b: "y", c: "z" },
      output: { total: 3 },
    });
  });
});
