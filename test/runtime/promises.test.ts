/**
 * The runtime's promises (docs/runtime.md, design §5), each checked from outside through the public
 * API: every value a transition produces — the initial state, the state after an action, a
 * sub-dataflow's result and a catch edge, the output — is validated, and one that fails is rejected
 * with its issues while the stored state stays exactly what it was; a new orchestrator over the
 * same store carries an instance on without running an effect twice; a stale write is refused;
 * retries wait as configured; `(error ...)` fails the instance.
 */
import {
  ConflictError,
  type DataflowSpec,
  defineDataflow,
  type EffectRequest,
  InputRejected,
  type Instance,
  MemoryStore,
  Orchestrator,
  type RuntimeEvent,
  typedDomain,
} from "@causality/runtime";
import { type TypeExpr, t } from "@causality/schema";
import { describe, expect, it } from "vitest";

const input = t.record({ n: t.u32() });
const output = t.record({ total: t.u32() });
const state = t.record({
  total: t.u32(),
  fee: t.optionalField(t.literal(0)),
  error: t.optionalField(t.refine(t.string(), { kind: "maxLength", value: 5 })),
});

type Node = NonNullable<DataflowSpec["nodes"]>[number];

/** start -> work -> end, where `work` is the node under test. */
function flow(work: Node, opts: { initialState?: string; end?: string; catchTo?: string } = {}) {
  return defineDataflow(
    {
      name: "promise",
      defaultDomain: "svc",
      initialState: opts.initialState ?? '(record "total" (get input "n"))',
      nodes: [
        { id: "start", kind: "start" },
        work,
        { id: "end", kind: "end", output: opts.end ?? '(record "total" (get state "total"))' },
      ],
      edges: [
        { from: "start", to: "work" },
        { from: "work", to: "end" },
        ...(opts.catchTo ? [{ from: "work", to: opts.catchTo, when: "catch" as const }] : []),
      ],
    },
    { input, output, state },
  );
}

const action = (handler: string, retry?: object): Node =>
  ({
    id: "work",
    kind: "action",
    effect: { type: "svc.call", params: { n: "${input.n}" } },
    handler,
    ...(retry ? { retry } : {}),
  }) as Node;

function world(executor: (e: EffectRequest) => Promise<unknown>, store = new MemoryStore()) {
  const events: RuntimeEvent[] = [];
  const sleeps: number[] = [];
  const orchestrator = new Orchestrator({
    store,
    domains: [typedDomain("svc", "service")],
    executors: { svc: executor },
    onEvent: (e) => events.push(e),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { store, events, sleeps, orchestrator };
}

const ok = async () => ({ ok: true });

/** Runs to the node under test, then one step further (the transition that is checked). */
async function atWork(o: Orchestrator, id: string): Promise<Instance> {
  let inst = await o.get(id);
  while (inst.status === "running" && (inst.node !== "work" || !inst.awaiting)) {
    inst = await o.step(id);
  }
  return inst;
}

/** Steps until the instance settles: the last running instance and what its last step made of it. */
async function lastStep(o: Orchestrator, id: string): Promise<[Instance, Instance]> {
  let before = await o.get(id);
  let after = before;
  while (after.status === "running") {
    before = after;
    after = await o.step(id);
  }
  return [before, after];
}

/** The rejection contract: failed with the code and issue path, state and journal state unchanged. */
async function expectRejected(
  w: ReturnType<typeof world>,
  before: Instance,
  after: Instance,
  code: string,
  path: string,
  role: "state" | "output",
) {
  expect(after.status).toBe("failed");
  expect(after.error).toMatchObject({ code, issues: [expect.objectContaining({ path })] });
  expect(after.state).toEqual(before.state);
  expect(after.output).toBeUndefined();
  expect(after.version).toBe(before.version + 1);
  const stored = await w.orchestrator.get(after.id);
  expect(stored).toEqual(after);
  const journal = await w.store.journal(after.id);
  expect(journal.at(-2)).toMatchObject({ kind: "rejected", detail: { role } });
  expect(journal.at(-1)).toMatchObject({ kind: "failed", state: before.state });
  expect(w.events.some((e) => e.type === "validation.failed" && e.role === role)).toBe(true);
}

describe("every value a transition produces is validated; a rejected one leaves the state as it was", () => {
  it("the initial state: start refuses it and stores nothing", async () => {
    const w = world(ok);
    const def = flow(action("state"), { initialState: '(record "total" (str "x" (get input "n")))' });
    const err = await w.orchestrator.start(def, { n: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputRejected);
    expect((err as InputRejected).issues.map((i) => i.path)).toEqual(["$state.total"]);
    expect(w.events.map((e) => e.type)).toEqual(["validation.failed"]);
    expect(await w.store.queuedEffects()).toEqual([]);
  });

  it("the state an action's handler returns", async () => {
    const w = world(ok);
    const inst = await w.orchestrator.start(flow(action('(assoc state "total" -1)')), { n: 1 });
    const before = await atWork(w.orchestrator, inst.id);
    const after = await w.orchestrator.step(inst.id);
    await expectRejected(w, before, after, "RT6005_STATE_REJECTED", "$state.total", "state");
  });

  it("the state a catch edge writes (the failure's message in state.error)", async () => {
    const w = world(async () => {
      throw new Error("far too long a message");
    });
    const inst = await w.orchestrator.start(flow(action("state"), { catchTo: "end" }), { n: 1 });
    const before = await atWork(w.orchestrator, inst.id);
    const after = await w.orchestrator.step(inst.id);
    await expectRejected(w, before, after, "RT6005_STATE_REJECTED", "$state.error", "state");
    // The same edge with a message that fits goes through.
    const w2 = world(async () => {
      throw new Error("no");
    });
    const i2 = await w2.orchestrator.start(flow(action("state"), { catchTo: "end" }), { n: 1 });
    expect(await w2.orchestrator.run(i2.id)).toMatchObject({
      status: "completed",
      state: { total: 1, error: "no" },
    });
  });

  it("the state a sub-dataflow's result is mapped into", async () => {
    const callee = (fee: string, feeType: TypeExpr) =>
      defineDataflow(
        {
          name: "fee",
          nodes: [
            { id: "start", kind: "start" },
            { id: "end", kind: "end", output: `(record "fee" ${fee})` },
          ],
          edges: [{ from: "start", to: "end" }],
        },
        { input, output: t.record({ fee: feeType }), state: t.record({}) },
      );
    const sub = (dataflow: unknown): Node =>
      ({
        id: "work",
        kind: "subflow",
        dataflow,
        input: { n: "${input.n}" },
        output: { fee: "fee" },
      }) as never;
    const checked = flow(sub(callee("0", t.literal(0))));
    // The callee changed after the parent was checked against it (redeployed with a wider output):
    // only the run-time check stands between its result and the state.
    const widened = {
      ...checked,
      nodes: checked.nodes!.map((n) => (n.id === "work" ? sub(callee("3", t.u32())) : n)),
    } as typeof checked;
    const w = world(ok);
    const inst = await w.orchestrator.start(widened, { n: 1 });
    const [before, after] = await lastStep(w.orchestrator, inst.id);
    expect(before.node).toBe("work");
    await expectRejected(w, before, after, "RT6005_STATE_REJECTED", "$state.fee", "state");
    const fine = await w.orchestrator.start(checked, { n: 1 });
    expect(await w.orchestrator.run(fine.id)).toMatchObject({ status: "completed", state: { fee: 0 } });
  });

  it("the output", async () => {
    const w = world(ok);
    const inst = await w.orchestrator.start(flow(action("state"), { end: '(record "total" "many")' }), {
      n: 1,
    });
    let before = await w.orchestrator.get(inst.id);
    while (before.node !== "end") before = await w.orchestrator.step(inst.id);
    const after = await w.orchestrator.step(inst.id);
    await expectRejected(w, before, after, "RT6006_OUTPUT_REJECTED", "$output.total", "output");
  });
});

describe("handler errors", () => {
  it("(error ...) in a handler fails the instance with the message; the state stays", async () => {
    const w = world(ok);
    const inst = await w.orchestrator.start(flow(action('(error "refused: " (get input "n"))')), { n: 7 });
    const before = await atWork(w.orchestrator, inst.id);
    const after = await w.orchestrator.step(inst.id);
    expect(after.status).toBe("failed");
    expect(after.error?.code).toBe("LISP4008_HOST");
    expect(after.error?.message).toMatch(/handler error: refused:\s+7/);
    expect(after.state).toEqual(before.state);
    expect(await w.orchestrator.get(inst.id)).toEqual(after);
  });
});

describe("durability", () => {
  it("a new orchestrator over the same store carries an instance on; the effect runs once", async () => {
    const store = new MemoryStore();
    const calls: string[] = [];
    const executor = async (e: EffectRequest) => {
      calls.push(e.key);
      return { ok: true };
    };
    const def = flow(action('(assoc state "total" (+ (get state "total") 1))'));
    const first = world(executor, store);
    const inst = await first.orchestrator.start(def, { n: 1 });
    const waiting = await atWork(first.orchestrator, inst.id);
    expect(waiting.awaiting).toBeDefined();
    // The first orchestrator runs the effect, then "dies" before the transition that applies it commits.
    const commit = store.transaction.bind(store);
    let crash = true;
    store.transaction = (work) =>
      commit(async (tx) => {
        const r = await work(tx);
        if (crash && !(await tx.getInstance(inst.id))?.awaiting) {
          crash = false;
          throw new Error("process killed");
        }
        return r;
      });
    await expect(first.orchestrator.step(inst.id)).rejects.toThrow(/process killed/);
    expect(calls).toHaveLength(1);
    // A new orchestrator knows nothing but the store and the definition.
    const second = world(executor, store);
    second.orchestrator.register(def);
    const done = await second.orchestrator.run(inst.id);
    expect(done).toMatchObject({ status: "completed", output: { total: 2 } });
    expect(calls).toHaveLength(1);
    expect(await store.queuedEffects()).toEqual([]);
  });

  it("a write over a version that moved is refused, and nothing of that transaction lands", async () => {
    const w = world(ok);
    const inst = await w.orchestrator.start(flow(action("state")), { n: 1 });
    const stale = await w.orchestrator.get(inst.id);
    const moved = await w.orchestrator.step(inst.id);
    expect(moved.version).toBe(stale.version + 1);
    const journalBefore = await w.store.journal(inst.id);
    await expect(
      w.store.transaction(async (tx) => {
        await tx.appendJournal({ instance: inst.id, node: "x", kind: "transition" });
        await tx.putInstance({ ...stale, node: "end", version: stale.version + 1 });
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await w.orchestrator.get(inst.id)).toEqual(moved);
    expect(await w.store.journal(inst.id)).toEqual(journalBefore);
  });
});

describe("retries", () => {
  const failing = (times: number) => {
    let left = times;
    const at: number[] = [];
    return {
      at,
      executor: async () => {
        at.push(performance.now());
        if (left-- > 0) throw new Error("down");
        return { ok: true };
      },
    };
  };

  it("wait intervalMs * backoff^attempt between attempts, and give up after `attempts`", async () => {
    const f = failing(3);
    const w = world(f.executor);
    const def = flow(action("state", { attempts: 4, intervalMs: 5, backoff: 3 }));
    const inst = await w.orchestrator.start(def, { n: 1 });
    expect(await w.orchestrator.run(inst.id)).toMatchObject({ status: "completed" });
    expect(w.sleeps).toEqual([5, 15, 45]);
    expect(f.at).toHaveLength(4);
    const g = failing(9);
    const w2 = world(g.executor);
    const i2 = await w2.orchestrator.start(def, { n: 1 });
    expect(await w2.orchestrator.run(i2.id)).toMatchObject({
      status: "failed",
      error: { code: "RT6004_EFFECT_FAILED" },
    });
    expect(g.at).toHaveLength(4);
  });

  it("the default sleep really waits (wall clock)", async () => {
    const f = failing(2);
    const orchestrator = new Orchestrator({
      store: new MemoryStore(),
      domains: [typedDomain("svc", "service")],
      executors: { svc: f.executor },
    });
    const inst = await orchestrator.start(
      flow(action("state", { attempts: 3, intervalMs: 30, backoff: 2 })),
      {
        n: 1,
      },
    );
    expect(await orchestrator.run(inst.id)).toMatchObject({ status: "completed" });
    // Timers may fire a little early by rounding, never much.
    expect(f.at[1]! - f.at[0]!).toBeGreaterThanOrEqual(28);
    expect(f.at[2]! - f.at[1]!).toBeGreaterThanOrEqual(58);
  });
});
