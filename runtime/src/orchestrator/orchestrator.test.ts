import { t } from "@causality/schema";
import { describe, expect, it } from "vitest";
import type { DataflowSpec } from "../dataflow/definition.js";
import { defineDataflow } from "../define-dataflow.js";
import { typedDomain } from "../domains/typed-domain.js";
import { optimizerPlacer } from "../optimizer/placer.js";
import { MemoryStore } from "../store/memory-store.js";
import { replay } from "../store/replay.js";
import { type EffectRequest, InputRejected, Orchestrator, type RuntimeEvent } from "./orchestrator.js";
import { define, input, output, spec, state } from "./token-transfer.fixture.js";

function world(opts: { failTransfers?: number } = {}) {
  const store = new MemoryStore();
  const events: RuntimeEvent[] = [];
  const executed: EffectRequest[] = [];
  let failures = opts.failTransfers ?? 0;
  const orchestrator = new Orchestrator({
    store,
    domains: [typedDomain("ledger", "compute"), typedDomain("chain", "verifiable")],
    executors: {
      ledger: async (e) => {
        executed.push(e);
        return { ok: Number(e.params.amount) <= 100 };
      },
      chain: async (e) => {
        executed.push(e);
        if (failures-- > 0) throw new Error("node unreachable");
        return { receipt: `r-${e.params.from}-${e.params.amount}` };
      },
    },
    onEvent: (e) => events.push(e),
    sleep: async () => {},
  });
  return { store, events, executed, orchestrator };
}

describe("orchestrator", () => {
  it("runs the token transfer: effects, choice, output, journal", async () => {
    const { orchestrator, executed, store } = world();
    const flow = define();
    const inst = await orchestrator.start(flow, { sender: "alice", recipient: "bob", amount: 40 });
    const done = await orchestrator.run(inst.id);
    expect(done).toMatchObject({
      status: "completed",
      output: { ok: true, receipt: "r-alice-40" },
      node: "done",
    });
    expect(executed.map((e) => [e.type, e.domain, e.params])).toEqual([
      ["balance.check", "ledger", { account: "alice", amount: 40 }],
      ["token.transfer", "chain", { from: "alice", to: "bob", amount: 40, memo: "pay bob" }],
    ]);
    const journal = await store.journal(inst.id);
    // An action is two transitions: one enqueues its effect, the next applies its outcome.
    expect(journal.map((j) => j.kind)).toEqual([
      "started",
      "transition",
      "enqueued",
      "effect",
      "transition",
      "transition",
      "enqueued",
      "effect",
      "transition",
      "completed",
    ]);
    expect(await store.queuedEffects()).toEqual([]);
    // Replaying the journal's states gives the stored state.
    const replayed = journal.filter((j) => j.state !== undefined).at(-1)!.state;
    expect(replayed).toEqual(done.state);
  });

  it("takes the default edge when the condition is false", async () => {
    const { orchestrator } = world();
    const inst = await orchestrator.start(define(), { sender: "alice", recipient: "bob", amount: 500 });
    expect(await orchestrator.run(inst.id)).toMatchObject({
      status: "completed",
      output: { ok: false, receipt: null },
    });
  });

  it("rejects a bad input with the issues and creates no instance", async () => {
    const { orchestrator, events } = world();
    await expect(
      orchestrator.start(define(), { sender: "", recipient: "bob", amount: -1 }),
    ).rejects.toThrowError(InputRejected);
    try {
      await orchestrator.start(define(), { sender: "", recipient: "bob", amount: -1 });
    } catch (e) {
      expect((e as InputRejected).issues.map((i) => i.path)).toEqual(["$input.sender", "$input.amount"]);
    }
    // Observable, but no instance: the event names none.
    expect(
      events.map((e) => [e.type, (e as { role?: string }).role, (e as { instance: string }).instance]),
    ).toEqual([
      ["validation.failed", "input", ""],
      ["validation.failed", "input", ""],
    ]);
  });

  it("rejects a new state that breaks the state schema: state unchanged, error recorded", async () => {
    const { orchestrator, events } = world();
    const bad = spec();
    const nodes = bad.nodes!.map((n) =>
      n.id === "check" && n.kind === "action" ? { ...n, handler: '(assoc state "status" "lost")' } : n,
    );
    const inst = await orchestrator.start(define({ ...bad, nodes }), {
      sender: "alice",
      recipient: "bob",
      amount: 1,
    });
    const failed = await orchestrator.run(inst.id);
    expect(failed.status).toBe("failed");
    expect(failed.state).toEqual({ status: "pending", attempts: 0 });
    expect(failed.error).toMatchObject({
      code: "RT6005_STATE_REJECTED",
      issues: [{ code: "invalid_type", path: "$state.status" }],
    });
    expect(events.some((e) => e.type === "validation.failed" && e.role === "state")).toBe(true);
  });

  it("retries a failing effect with backoff, each attempt its own idempotency key", async () => {
    const { orchestrator, events } = world({ failTransfers: 2 });
    const inst = await orchestrator.start(define(), { sender: "alice", recipient: "bob", amount: 10 });
    expect(await orchestrator.run(inst.id)).toMatchObject({ status: "completed" });
    const keys = events.filter((e) => e.type === "effect").map((e) => (e as { key: string }).key);
    expect(keys.at(-1)).toMatch(/:transfer:\d+:2$/);
  });

  it("refuses a non-deterministic effect on a verifiable domain", async () => {
    const { orchestrator } = world();
    const s = spec();
    const nodes = s.nodes!.map((n) =>
      n.id === "transfer" && n.kind === "action"
        ? { ...n, effect: { ...n.effect, deterministic: false } }
        : n,
    );
    const inst = await orchestrator.start(define({ ...s, nodes }), {
      sender: "alice",
      recipient: "bob",
      amount: 10,
    });
    expect((await orchestrator.run(inst.id)).error).toMatchObject({ code: "RT6003_NOT_DETERMINISTIC" });
  });

  it("an unmarked effect counts as non-deterministic: a verifiable domain refuses it", async () => {
    const { orchestrator, executed } = world();
    const s = spec();
    const nodes = s.nodes!.map((n) => {
      if (n.id !== "transfer" || n.kind !== "action") return n;
      const { deterministic: _, ...effect } = n.effect;
      return { ...n, effect };
    });
    const inst = await orchestrator.start(define({ ...s, nodes }), {
      sender: "alice",
      recipient: "bob",
      amount: 10,
    });
    expect((await orchestrator.run(inst.id)).error).toMatchObject({ code: "RT6003_NOT_DETERMINISTIC" });
    expect(executed.some((e) => e.type === "token.transfer")).toBe(false);
  });

  it("an effect is enqueued with its transition, runs outside it, and is replayed if applying it fails to commit", async () => {
    const { orchestrator, executed, store } = world();
    const inst = await orchestrator.start(define(), { sender: "alice", recipient: "bob", amount: 10 });
    await orchestrator.step(inst.id); // start -> check
    const waiting = await orchestrator.step(inst.id); // enqueue the balance check
    expect(waiting.node).toBe("check");
    expect(waiting.awaiting).toMatchObject({ type: "balance.check", domain: "ledger" });
    expect((await store.queuedEffects()).map((e) => [e.node, e.keyBase])).toEqual([
      ["check", `${inst.id}:check:2`],
    ]);
    expect(executed).toHaveLength(0);
    // The transaction that applies the outcome fails after the effect ran (a lost connection).
    const commit = store.transaction.bind(store);
    let failNext = true;
    store.transaction = async (work) =>
      commit(async (tx) => {
        const result = await work(tx);
        // Only the transaction that applies the outcome (the instance no longer waits in it) fails.
        if (failNext && !(await tx.getInstance(inst.id))?.awaiting) {
          failNext = false;
          throw new Error("connection lost before commit");
        }
        return result;
      });
    await expect(orchestrator.step(inst.id)).rejects.toThrow(/connection lost/);
    expect(executed.filter((e) => e.type === "balance.check")).toHaveLength(1);
    expect((await orchestrator.get(inst.id)).awaiting).toBeDefined();
    // The retry finds the recorded result: the effect is not run a second time.
    const applied = await orchestrator.step(inst.id);
    expect(applied.node).toBe("funded");
    expect(executed.filter((e) => e.type === "balance.check")).toHaveLength(1);
    expect(await store.queuedEffects()).toEqual([]);
    expect(await orchestrator.run(inst.id)).toMatchObject({ status: "completed" });
  });

  it("the journal replays to the stored instance: completed, failed, and mid-run", async () => {
    const { orchestrator, store } = world({ failTransfers: 5 });
    const ok = await orchestrator.start(
      define(),
      { sender: "alice", recipient: "bob", amount: 40 },
      {
        hint: { priority: 80 },
      },
    );
    await orchestrator.step(ok.id);
    await orchestrator.step(ok.id);
    expect(replay(await store.journal(ok.id))).toEqual(await orchestrator.get(ok.id));
    const failed = await orchestrator.start(define(), { sender: "alice", recipient: "bob", amount: 40 });
    expect((await orchestrator.run(failed.id)).status).toBe("failed");
    expect(replay(await store.journal(failed.id))).toEqual(await orchestrator.get(failed.id));
    const { orchestrator: o2, store: s2 } = world();
    const done = await o2.start(define(), { sender: "alice", recipient: "bob", amount: 40 });
    await o2.run(done.id);
    expect(replay(await s2.journal(done.id))).toEqual(await o2.get(done.id));
  });

  it("a bad hint is refused before anything starts", async () => {
    const { orchestrator } = world();
    const input = { sender: "alice", recipient: "bob", amount: 1 };
    await expect(
      orchestrator.start(define(), input, { hint: { preferredStrategyId: "fastest" } }),
    ).rejects.toThrow(/OPT2002_UNKNOWN_STRATEGY/);
    await expect(orchestrator.start(define(), input, { hint: { costBudget: -1 } })).rejects.toThrow(
      /OPT2003/,
    );
    await expect(
      orchestrator.start(define(), input, { hint: { domainPreferenceOrder: ["moon"] } }),
    ).rejects.toThrow(/moon/);
    await expect(
      orchestrator.start(define(), input, { hint: { resourceConstraints: { maxCost: 5 } as never } }),
    ).rejects.toThrow(/resourceConstraints.maxCost is not a limit/);
    await expect(
      orchestrator.start(define(), input, { hint: { dataflowDefinitionId: `0x${"ab".repeat(32)}` } }),
    ).rejects.toThrow(/the hint is for dataflow 0xabab/);
    const ok = await orchestrator.start(define(), input, {
      hint: { dataflowDefinitionId: define().definitionId },
    });
    expect(ok.status).toBe("running");
  });

  it("the optimizer places inherit actions by the instance's hint; infeasible fails the instance with every reason", async () => {
    const store = new MemoryStore();
    const placed: string[] = [];
    const flow = define(spec({ defaultDomain: undefined }));
    const orchestrator = new Orchestrator({
      store,
      domains: [
        typedDomain("ledger", "compute"),
        typedDomain("chain", "verifiable"),
        typedDomain("api", "service"),
      ],
      executors: {
        ledger: async () => ({ ok: true }),
        api: async () => ({ ok: true }),
        chain: async () => ({ receipt: "r" }),
      },
      placer: optimizerPlacer({ onDecision: (d) => placed.push(d.domain) }),
      sleep: async () => {},
    });
    const input = { sender: "alice", recipient: "bob", amount: 1 };
    const cheap = await orchestrator.start(flow, input, {
      hint: { preferredStrategyId: "cost_minimization" },
    });
    await orchestrator.run(cheap.id);
    expect(placed).toHaveLength(1);
    const limited = await orchestrator.start(flow, input, {
      hint: { resourceConstraints: { maxCostPerEffect: 0.000001 } },
    });
    const failed = await orchestrator.run(limited.id);
    expect(failed.status).toBe("failed");
    expect(failed.error?.code).toBe("RT6009_INFEASIBLE");
    expect(failed.error?.message).toMatch(/node check: .*ledger: .*chain: .*api: /);
    expect(failed.error?.message).not.toContain("\n");
  });

  it("never runs an effect twice for one idempotency key", async () => {
    const { orchestrator, executed } = world();
    const inst = await orchestrator.start(define(), { sender: "alice", recipient: "bob", amount: 10 });
    await orchestrator.step(inst.id); // start -> check
    await Promise.all([orchestrator.step(inst.id), orchestrator.step(inst.id)]); // one enqueues, one finds it held
    expect((await orchestrator.get(inst.id)).version).toBe(3);
    const [a, b] = await Promise.all([
      orchestrator.run(inst.id),
      orchestrator.run(inst.id),
      orchestrator.step(inst.id),
    ]);
    expect(a).toEqual(b);
    expect(a.status).toBe("completed");
    expect(executed.filter((e) => e.type === "balance.check")).toHaveLength(1);
    expect(executed.filter((e) => e.type === "token.transfer")).toHaveLength(1);
  });
});

describe("retries and catch edges", () => {
  it("a catch edge takes an effect that failed every attempt: the message lands in state.error", async () => {
    const { orchestrator, events } = world({ failTransfers: 10 });
    const flow = define(spec({ edges: [...spec().edges!, { from: "transfer", to: "done", when: "catch" }] }));
    const inst = await orchestrator.start(flow, { sender: "alice", recipient: "bob", amount: 10 });
    const done = await orchestrator.run(inst.id);
    expect(done).toMatchObject({ status: "completed", output: { ok: false, receipt: null } });
    expect(done.state).toMatchObject({ error: "node unreachable" });
    expect(events.filter((e) => e.type === "effect.failed")).toHaveLength(3);
  });

  it("effects emitted by a handler get the node's retries, and its catch edge", async () => {
    let failures = 2;
    const calls: string[] = [];
    const make = (failing: number, withCatch: boolean) => {
      failures = failing;
      const s = spec();
      const nodes = s.nodes!.map((n) =>
        n.id === "check" && n.kind === "action"
          ? {
              ...n,
              retry: { attempts: 3, intervalMs: 1 },
              handler: `(do (emit-effect-on-domain "api" (record "type" "notify" "params" (record "to" "ops")))
                            (assoc state "status" "validated" "attempts" 1))`,
            }
          : n,
      );
      const edges = withCatch ? [...s.edges!, { from: "check", to: "done", when: "catch" }] : s.edges!;
      return define({ ...s, nodes, edges });
    };
    const orchestrator = new Orchestrator({
      store: new MemoryStore(),
      domains: [
        typedDomain("ledger", "compute"),
        typedDomain("chain", "verifiable"),
        typedDomain("api", "service"),
      ],
      executors: {
        ledger: async () => ({ ok: true }),
        chain: async () => ({ receipt: "r" }),
        api: async (e) => {
          calls.push(e.key.split(":").slice(-2).join(":"));
          if (failures-- > 0) throw new Error("api busy");
          return { sent: true };
        },
      },
      sleep: async () => {},
    });
    const input = { sender: "alice", recipient: "bob", amount: 10 };
    const ok = await orchestrator.run((await orchestrator.start(make(2, false), input)).id);
    expect(ok.status).toBe("completed");
    expect(calls).toEqual(["0:0", "0:1", "0:2"]);
    const caught = await orchestrator.run((await orchestrator.start(make(9, true), input)).id);
    expect(caught).toMatchObject({ status: "completed", output: { ok: false } });
    expect(caught.state).toMatchObject({ error: "api busy" });
    const failed = await orchestrator.run((await orchestrator.start(make(9, false), input)).id);
    expect(failed.error).toMatchObject({ code: "RT6004_EFFECT_FAILED" });
  });
});

describe("output exactness", () => {
  it("an output with a key O does not declare is rejected (excess_key at $output)", async () => {
    const { orchestrator } = world();
    const leaky = spec();
    const nodes = leaky.nodes!.map((n) =>
      n.kind === "end" ? { ...n, output: '(record "ok" true "receipt" nil "error" "boom")' } : n,
    );
    const inst = await orchestrator.start(define({ ...leaky, nodes }), {
      sender: "alice",
      recipient: "bob",
      amount: 1,
    });
    const failed = await orchestrator.run(inst.id);
    expect(failed.error).toMatchObject({
      code: "RT6006_OUTPUT_REJECTED",
      issues: [{ code: "excess_key", path: "$output.error" }],
    });
  });
});

describe("the seed's six combinators", () => {
  const flowWith = (handler: string, condition = '(= (get state "status") "validated")'): DataflowSpec => ({
    name: "combinators",
    defaultDomain: "ledger",
    initialState: '(record "status" "pending" "attempts" 0)',
    nodes: [
      { id: "start", kind: "start" },
      {
        id: "work",
        kind: "action",
        effect: { type: "w", params: { who: "${input.sender}", amount: 1 } },
        handler,
      },
      { id: "gate", kind: "choice", condition },
      { id: "done", kind: "end", output: '(record "ok" (= (get state "status") "validated") "receipt" nil)' },
    ],
    edges: [
      { from: "start", to: "work" },
      { from: "work", to: "gate" },
      { from: "gate", to: "done", when: "true" },
      { from: "gate", to: "done", when: "false" },
    ],
  });
  const runIt = async (spec: DataflowSpec) => {
    const executed: EffectRequest[] = [];
    const orchestrator = new Orchestrator({
      store: new MemoryStore(),
      domains: [typedDomain("ledger", "compute"), typedDomain("api", "service")],
      executors: {
        ledger: async (e) => {
          executed.push(e);
          return { ok: true };
        },
        api: async (e) => {
          executed.push(e);
          return { ok: true };
        },
      },
    });
    const inst = await orchestrator.start(define(spec), { sender: "alice", recipient: "bob", amount: 5 });
    return { done: await orchestrator.run(inst.id), executed };
  };

  it("take the seed's arguments: definition id, instance id, definition, condition id and context, params, domain", async () => {
    const { done, executed } = await runIt(
      flowWith(`(do
        (emit-effect-on-domain "api" (instantiate-effect-from-node "work" (record "amount" 7)))
        (update-dataflow-instance-state instance
          (assoc state
            "status" (if (validate-input-against-schema input (get-dataflow-definition (get (get-dataflow-definition) "definitionId")))
                       (if (evaluate-gating-condition "gate" (assoc state "status" "validated")) "validated" "failed")
                       "failed")
            "attempts" (len (get (get-dataflow-definition) "nodes")))))`),
    );
    expect(done).toMatchObject({
      status: "completed",
      output: { ok: true },
      state: { status: "validated", attempts: 4 },
    });
    expect(executed.map((e) => [e.domain, e.type, e.params])).toEqual([
      ["ledger", "w", { who: "alice", amount: 1 }],
      ["api", "w", { who: "alice", amount: 7 }],
    ]);
  });

  it("refuse what would silently do nothing: state updates outside actions, another instance, unknown nodes", async () => {
    const inChoice = await runIt(
      flowWith("state", '(update-dataflow-instance-state (assoc state "status" "x"))'),
    );
    expect(inChoice.done.error?.message).toMatch(
      /LISP4008_HOST.*only action handlers update the state \(here: gate\)/,
    );
    const other = await runIt(flowWith('(update-dataflow-instance-state "someone-else" state)'));
    expect(other.done.error?.message).toMatch(/its own instance only/);
    const unknown = await runIt(flowWith('(instantiate-effect-from-node "nowhere")'));
    expect(unknown.done.error?.message).toMatch(/no action node nowhere/);
  });
});

describe("definition checks", () => {
  const broken = (change: (s: DataflowSpec) => DataflowSpec) => () => define(change(spec()));
  it("finds every cycle without a choice, wherever it is entered", () => {
    const flow = (nodes: DataflowSpec["nodes"], edges: DataflowSpec["edges"]) => () =>
      define(
        spec({
          nodes: [{ id: "start", kind: "start" }, ...nodes!, { id: "done", kind: "end", output: "nil" }],
          edges,
        }),
      );
    const act = (id: string) => ({ id, kind: "action" as const, effect: { type: "x", params: {} } });
    const choice = (id: string) => ({ id, kind: "choice" as const, condition: "true" });
    // An action that loops to itself after a choice: the loop is a-a, no choice on it.
    expect(
      flow(
        [choice("c"), act("a")],
        [
          { from: "start", to: "c" },
          { from: "c", to: "a", when: "true" },
          { from: "c", to: "done", when: "false" },
          { from: "a", to: "a" },
        ],
      ),
    ).toThrow(/DF5005_UNGUARDED_CYCLE at node "a": cycle a -> a/);
    // A cycle reached through a node already finished: p -> b -> p.
    expect(
      flow(
        [act("p"), act("b"), choice("c")],
        [
          { from: "start", to: "c" },
          { from: "c", to: "p", when: "true" },
          { from: "c", to: "done", when: "false" },
          { from: "p", to: "b" },
          { from: "b", to: "p" },
        ],
      ),
    ).toThrow(/DF5005_UNGUARDED_CYCLE.*cycle (p -> b -> p|b -> p -> b)/);
    // Through a choice it is a loop that can end.
    expect(
      flow(
        [act("a"), choice("c")],
        [
          { from: "start", to: "a" },
          { from: "a", to: "c" },
          { from: "c", to: "a", when: "true" },
          { from: "c", to: "done", when: "false" },
        ],
      ),
    ).not.toThrow();
  });
  it("rejects a bad initialState, branching plain edges, bad retries and a catch edge with nowhere to write", () => {
    expect(broken((s) => ({ ...s, initialState: "(record" }))).toThrow(
      /DF5007_BAD_HANDLER at node "\(initialState\)"/,
    );
    expect(broken((s) => ({ ...s, edges: [...s.edges!, { from: "check", to: "done" }] }))).toThrow(
      /DF5008_BAD_EDGES at node "check": 2 plain outgoing edges/,
    );
    const withRetry = (retry: object) => (s: DataflowSpec) => ({
      ...s,
      nodes: s.nodes!.map((n) => (n.id === "transfer" ? { ...n, retry } : n)) as DataflowSpec["nodes"],
    });
    expect(broken(withRetry({ attempts: 0, intervalMs: 1 }))).toThrow(
      /DF5011_BAD_RETRY at node "transfer": attempts/,
    );
    expect(broken(withRetry({ attempts: 2, intervalMs: -5 }))).toThrow(/DF5011_BAD_RETRY.*intervalMs/);
    expect(broken(withRetry({ attempts: 2, intervalMs: 1, backoff: 0.5 }))).toThrow(
      /DF5011_BAD_RETRY.*backoff/,
    );
    const noError = t.record({ status: t.string(), attempts: t.u32(), receipt: t.optionalField(t.string()) });
    expect(() =>
      define(spec({ edges: [...spec().edges!, { from: "transfer", to: "done", when: "catch" }] }), noError),
    ).toThrow(/DF5006_UNKNOWN_FIELD at node "transfer": a catch edge/);
  });
  it("rejects each structural problem with its code and node", () => {
    expect(broken((s) => ({ ...s, edges: [...s.edges!, { from: "done", to: "nowhere" }] }))).toThrow(
      /DF5001_UNKNOWN_NODE at node "nowhere"/,
    );
    expect(broken((s) => ({ ...s, nodes: [...s.nodes!, { id: "start2", kind: "start" }] }))).toThrow(
      /DF5002_START/,
    );
    expect(
      broken((s) => ({
        ...s,
        nodes: s.nodes!.filter((n) => n.kind !== "end"),
        edges: s.edges!.filter((e) => e.to !== "done"),
      })),
    ).toThrow(/DF5003_END/);
    expect(
      broken((s) => ({ ...s, nodes: [...s.nodes!, { id: "second-end", kind: "end", output: "nil" }] })),
    ).toThrow(/DF5003_END at node "second-end": a dataflow has exactly one end node \(found 2\)/);
    expect(
      broken((s) => ({
        ...s,
        nodes: [...s.nodes!, { id: "orphan", kind: "choice", condition: "true" }],
        edges: [...s.edges!, { from: "orphan", to: "done", when: "true" }, { from: "orphan", to: "done" }],
      })),
    ).toThrow(/DF5004_UNREACHABLE at node "orphan"/);
    // (A plain cycle start -> check -> start now fails earlier, as a branching action: see below.)
    expect(
      broken((s) => ({
        ...s,
        nodes: s.nodes!.map((n) =>
          n.kind === "action" && n.id === "check"
            ? { ...n, effect: { ...n.effect, params: { x: "${input.nope}" } } }
            : n,
        ),
      })),
    ).toThrow(/DF5006_UNKNOWN_FIELD at node "check": \$\{input.nope\}/);
    expect(
      broken((s) => ({
        ...s,
        nodes: s.nodes!.map((n) => (n.kind === "choice" ? { ...n, condition: "(= 1" } : n)),
      })),
    ).toThrow(/DF5007_BAD_HANDLER at node "funded"/);
    expect(broken((s) => ({ ...s, edges: s.edges!.filter((e) => e.when !== "false") }))).toThrow(
      /DF5008_BAD_EDGES at node "funded"/,
    );
  });

  it("gives a content address over the definition and its schema ids", () => {
    const a = define();
    expect(a.definitionId).toMatch(/^0x[0-9a-f]{64}$/);
    expect(define().definitionId).toBe(a.definitionId);
    expect(a.schemas().input.id).toBe(a.schemas.input.id);
    expect(define(spec({ name: "other" })).definitionId).not.toBe(a.definitionId);
    expect(define(spec(), t.record({ ...{}, status: t.string(), attempts: t.u32() })).definitionId).not.toBe(
      a.definitionId,
    );
  });
});

describe("placement by the optimizer", () => {
  it("places inherited actions by strategy and explains the decision", async () => {
    const { optimizerPlacer, BUILTIN_STRATEGIES } = await import("../optimizer/index.js");
    const decisions: string[] = [];
    const run = async (strategy: keyof typeof BUILTIN_STRATEGIES) => {
      const executed: string[] = [];
      const orchestrator = new Orchestrator({
        store: new MemoryStore(),
        domains: [
          typedDomain("fast", "compute", { latencyMs: 10, costFactor: 400 }),
          typedDomain("cheap", "compute", { latencyMs: 900, costFactor: 40 }),
          typedDomain("chain", "verifiable"),
        ],
        executors: {
          fast: async (e) => {
            executed.push(`fast:${e.type}`);
            return { ok: true };
          },
          cheap: async (e) => {
            executed.push(`cheap:${e.type}`);
            return { ok: true };
          },
          chain: async () => ({ receipt: "r" }),
        },
        placer: optimizerPlacer({
          strategy: BUILTIN_STRATEGIES[strategy]!,
          onDecision: (d) => decisions.push(d.why),
        }),
      });
      const s = spec();
      const inst = await orchestrator.start(
        defineDataflow({ ...s, defaultDomain: undefined }, { input, output, state }),
        { sender: "a", recipient: "b", amount: 1 },
      );
      await orchestrator.run(inst.id);
      return executed;
    };
    expect(await run("latency_optimization")).toEqual(["fast:balance.check"]);
    expect(await run("cost_minimization")).toEqual(["cheap:balance.check"]);
    expect(decisions[0]).toMatch(/^fast scored [\d.]+ under LatencyOptimization, ahead of/);
  });
});

describe("parallel branches and emitted effects", () => {
  const pstate = t.record({ a: t.optionalField(t.string()), b: t.optionalField(t.string()), done: t.bool() });
  const flowSpec: DataflowSpec = {
    name: "fan-out",
    defaultDomain: "ledger",
    initialState: '(record "done" false)',
    nodes: [
      { id: "start", kind: "start" },
      { id: "split", kind: "parallel", branches: { left: ["a"], right: ["b"] } },
      {
        id: "left",
        kind: "action",
        effect: { type: "work.a", params: { who: "${input.sender}" } },
        handler: '(assoc state "a" (get result "v"))',
      },
      {
        id: "right",
        kind: "action",
        effect: { type: "work.b", params: {} },
        handler:
          '(do (emit-effect-on-domain (record "type" "notify" "params" (record "to" (get input "recipient"))) "ledger") (assoc state "b" (get result "v")))',
      },
      { id: "join", kind: "join" },
      {
        id: "finish",
        kind: "action",
        effect: { type: "work.c", params: { a: "${state.a}", b: "${state.b}" } },
        handler: '(assoc state "done" true)',
      },
      {
        id: "end",
        kind: "end",
        output: '(record "ok" (get state "done") "receipt" (str (get state "a") "+" (get state "b")))',
      },
    ],
    edges: [
      { from: "start", to: "split" },
      { from: "split", to: "left" },
      { from: "split", to: "right" },
      { from: "left", to: "join" },
      { from: "right", to: "join" },
      { from: "join", to: "finish" },
      { from: "finish", to: "end" },
    ],
  };

  it("runs every branch, waits at the join, then continues with both results", async () => {
    const seen: EffectRequest[] = [];
    const orchestrator = new Orchestrator({
      store: new MemoryStore(),
      domains: [typedDomain("ledger", "compute")],
      executors: {
        ledger: async (e) => {
          seen.push(e);
          return { v: e.type.slice(-1) };
        },
      },
    });
    const inst = await orchestrator.start(defineDataflow(flowSpec, { input, output, state: pstate }), {
      sender: "s",
      recipient: "r",
      amount: 1,
    });
    const done = await orchestrator.run(inst.id);
    expect(done).toMatchObject({ status: "completed", output: { ok: true, receipt: "a+b" } });
    expect(seen.map((e) => e.type)).toEqual(["work.a", "work.b", "notify", "work.c"]);
    expect(seen[2]).toMatchObject({ params: { to: "r" }, domain: "ledger" });
    expect(seen[3]!.params).toEqual({ a: "a", b: "b" });
  });

  it("checks parallel and join edges at build", () => {
    const bad = {
      ...flowSpec,
      edges: flowSpec
        .edges!.filter((e) => !(e.from === "split" && e.to === "right"))
        .concat({ from: "left", to: "right" }),
    };
    expect(() => defineDataflow(bad, { input, output, state: pstate })).toThrow(
      /DF5008_BAD_EDGES at node "split": a parallel node needs two or more outgoing edges/,
    );
  });
});

describe("sub-dataflows and tracing", () => {
  const feeInput = t.record({ amount: t.u64() });
  const feeOutput = t.record({ fee: t.u32() });
  const fee = defineDataflow(
    {
      name: "fee",
      nodes: [
        { id: "start", kind: "start" },
        { id: "end", kind: "end", output: '(record "fee" (+ 1 (/ (get input "amount") 100)))' },
      ],
      edges: [{ from: "start", to: "end" }],
    },
    { input: feeInput, output: feeOutput, state: t.record({}) },
  );
  const parentState = t.record({ status: t.string(), fee: t.optionalField(t.u32()) });
  const parent = (over: Partial<Extract<DataflowSpec["nodes"], object>[number]> = {}) =>
    defineDataflow(
      {
        name: "with-fee",
        initialState: '(record "status" "new")',
        nodes: [
          { id: "start", kind: "start" },
          {
            id: "compute-fee",
            kind: "subflow",
            dataflow: fee,
            input: { amount: "${input.amount}" },
            output: { fee: "fee" },
            ...over,
          } as never,
          { id: "end", kind: "end", output: '(record "ok" true "receipt" (str "fee " (get state "fee")))' },
        ],
        edges: [
          { from: "start", to: "compute-fee" },
          { from: "compute-fee", to: "end" },
        ],
      },
      { input, output, state: parentState },
    );

  it("runs the callee as an instance of its own and maps its output into the state", async () => {
    const spans: string[] = [];
    const orchestrator = new Orchestrator({
      store: new MemoryStore(),
      domains: [],
      executors: {},
      tracer: { startSpan: (name) => ({ end: () => spans.push(name) }) },
    });
    const inst = await orchestrator.start(parent(), { sender: "a", recipient: "b", amount: 250 });
    const done = await orchestrator.run(inst.id);
    expect(done).toMatchObject({
      status: "completed",
      state: { status: "new", fee: 3 },
      output: { ok: true, receipt: "fee 3" },
    });
    expect(spans).toEqual([
      "causality with-fee instance.start",
      "causality with-fee start",
      "causality with-fee compute-fee", // starts the callee and waits on it
      "causality fee start",
      "causality fee end",
      "causality with-fee compute-fee", // maps its output
      "causality with-fee end",
    ]);
  });

  it("spans cover starts, transitions and effects, and carry an error status when something fails", async () => {
    const spans: { name: string; status?: number }[] = [];
    const { store } = world();
    const orchestrator = new Orchestrator({
      store,
      domains: [typedDomain("ledger", "compute"), typedDomain("chain", "verifiable")],
      executors: {
        ledger: async () => ({ ok: true }),
        chain: async () => {
          throw new Error("chain down");
        },
      },
      sleep: async () => {},
      tracer: {
        startSpan: (name) => {
          const span: { name: string; status?: number } = { name };
          return { end: () => spans.push(span), setStatus: (s) => (span.status = s.code) };
        },
      },
    });
    const inst = await orchestrator.start(define(), { sender: "alice", recipient: "bob", amount: 1 });
    expect((await orchestrator.run(inst.id)).status).toBe("failed");
    const failedEffects = spans.filter((s) => s.name === "causality effect token.transfer @ chain");
    expect(failedEffects).toHaveLength(3);
    expect(failedEffects.every((s) => s.status === 2)).toBe(true);
    const atTransfer = spans.filter((s) => s.name === "causality token-transfer transfer");
    expect(atTransfer.map((s) => s.status)).toEqual([undefined, 2]); // enqueued, then failed
    expect(spans.find((s) => s.name === "causality effect balance.check @ ledger")?.status).toBeUndefined();
    expect(spans[0]).toEqual({ name: "causality token-transfer instance.start" });
  });

  it("checks the mapping against the callee's schemas at build", () => {
    expect(() => parent({ input: {} } as never)).toThrow(
      /DF5010_SUBFLOW_MISMATCH at node "compute-fee": fee's input field "amount" is not mapped/,
    );
    expect(() => parent({ input: { amount: "${input.sender}" } } as never)).toThrow(
      /DF5010_SUBFLOW_MISMATCH.*\$\{input.sender\} \(string & MinLength<1>\) does not fit fee's input field "amount" \(u64\)/,
    );
    expect(() => parent({ output: { status: "fee" } } as never)).toThrow(
      /fee" \(u32\) does not fit state field "status" \(string\)/,
    );
    const narrow = defineDataflow(
      {
        name: "n",
        nodes: [
          { id: "start", kind: "start" },
          { id: "end", kind: "end", output: "nil" },
        ],
        edges: [{ from: "start", to: "end" }],
      },
      { input: feeInput, output: t.record({ fee: t.u64() }), state: t.record({}) },
    );
    expect(() => parent({ dataflow: narrow } as never)).toThrow(
      /n's output "fee" \(u64\) does not fit state field "fee" \(u32 \| undefined\)/,
    );
  });
});
