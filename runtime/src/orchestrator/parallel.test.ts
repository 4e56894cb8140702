import { describe, expect, it } from "vitest";
import { defineDataflow } from "../define-dataflow.js";
import { typedDomain } from "../domains/typed-domain.js";
import { optimizerPlacer } from "../optimizer/placer.js";
import { ENGINES } from "../store/engines.fixture.js";
import { replay } from "../store/replay.js";
import type { Store } from "../store/store.js";
import { act, fanOut, pstate } from "./fan-out.fixture.js";
import { Orchestrator, type OrchestratorOptions } from "./orchestrator.js";
import { input, output } from "./token-transfer.fixture.js";
import type { AwaitedBranches, EffectRequest, Executor } from "./types.js";

const who = { sender: "s", recipient: "r", amount: 1 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Executors that log each call's start and end (ms) and answer `{ v: <node> }` after `delay(node)` ms. */
function timed(delay: (node: string) => number, fail: (node: string) => boolean = () => false) {
  const calls: { node: string; key: string; domain: string; start: number; end: number }[] = [];
  const begun: string[] = [];
  const executor: Executor = async (e: EffectRequest) => {
    const start = performance.now();
    begun.push(e.node);
    await sleep(delay(e.node));
    calls.push({ node: e.node, key: e.key, domain: e.domain, start, end: performance.now() });
    if (fail(e.node)) throw new Error(`${e.node} broke`);
    return { v: e.node };
  };
  return { calls, begun, executors: { d1: executor, d2: executor } };
}

function orchestrator(
  store: Store,
  executors: Record<string, Executor>,
  over: Partial<OrchestratorOptions> = {},
) {
  return new Orchestrator({
    store,
    domains: [typedDomain("d1", "compute"), typedDomain("d2", "compute")],
    executors,
    sleep: async () => {},
    ...over,
  });
}

/** The fan-out with its left branch a nested block: inner -> { left (a), deep (n) } -> ijoin. */
function nested(branches: Record<string, string[]>): Parameters<typeof fanOut>[0] {
  return {
    branches,
    nodes: [
      { id: "inner", kind: "parallel", branches: { left: ["a"], deep: ["n"] } },
      act("deep", "n"),
      { id: "ijoin", kind: "join" },
    ],
    edges: [
      { from: "start", to: "split" },
      { from: "split", to: "inner" },
      { from: "split", to: "right" },
      { from: "inner", to: "left" },
      { from: "inner", to: "deep" },
      { from: "left", to: "ijoin" },
      { from: "deep", to: "ijoin" },
      { from: "ijoin", to: "join" },
      { from: "right", to: "join" },
      { from: "join", to: "end" },
    ],
  };
}

describe.each(ENGINES)("parallel branches (%s store)", (engine, open) => {
  it("runs branches at once: their effects overlap in time, and the join takes each branch's fields", async () => {
    const { calls, executors } = timed(() => 300);
    const o = orchestrator(await open(), executors);
    const inst = await o.start(fanOut(), who);
    const done = await o.run(inst.id);
    expect(done).toMatchObject({ status: "completed", output: { ok: true, receipt: "left+right" } });
    const [l, r] = [calls.find((c) => c.node === "left")!, calls.find((c) => c.node === "right")!];
    // Measured: each effect starts before the other ends. One after the other, the overlap would be <= 0.
    const overlap = Math.min(l.end, r.end) - Math.max(l.start, r.start);
    expect(overlap).toBeGreaterThan(0);
    expect(r.start).toBeLessThan(l.end);
    expect(l.start).toBeLessThan(r.end);
  });

  it("a failing branch takes its catch edge while its sibling finishes", async () => {
    const { calls, executors } = timed(
      (node) => (node === "right" ? 600 : node === "left" ? 250 : 5),
      (node) => node === "left",
    );
    const flow = fanOut({
      branches: { left: ["a", "error"], right: ["b"] },
      nodes: [act("fallback", "a")],
      edges: [
        { from: "start", to: "split" },
        { from: "split", to: "left" },
        { from: "split", to: "right" },
        { from: "left", to: "join" },
        { from: "left", to: "fallback", when: "catch" },
        { from: "fallback", to: "join" },
        { from: "right", to: "join" },
        { from: "join", to: "end" },
      ],
    });
    const o = orchestrator(await open(), executors);
    const done = await o.run((await o.start(flow, who)).id);
    expect(done).toMatchObject({
      status: "completed",
      state: { a: "fallback", b: "right", error: "left broke" },
      output: { receipt: "fallback+right" },
    });
    // The sibling was still running when the failure was caught, and finished after it.
    const failed = calls.find((c) => c.node === "left")!;
    const sibling = calls.find((c) => c.node === "right")!;
    expect(sibling.start).toBeLessThan(failed.end);
    expect(sibling.end).toBeGreaterThan(calls.find((c) => c.node === "fallback")!.start);
  });

  it("keeps the parent's journal in edge order whichever branch finishes first, and replays it", async () => {
    const journals = [];
    for (const slow of ["left", "right"]) {
      const store = await open();
      const { executors } = timed((node) => (node === slow ? 60 : 1));
      const o = orchestrator(store, executors);
      const inst = await o.start(fanOut(), who);
      const done = await o.run(inst.id);
      const journal = await store.journal(inst.id);
      expect(replay(journal)).toEqual(done);
      const fork = journal.find((j) => j.kind === "enqueued")!;
      const ids = (fork.detail as { awaiting: AwaitedBranches }).awaiting.branches;
      expect(ids).toHaveLength(2);
      for (const [i, id] of ids.entries()) {
        const branch = await store.journal(id);
        expect(branch[0]).toMatchObject({ kind: "started", node: ["left", "right"][i] });
        expect(replay(branch)).toEqual(await o.get(id));
      }
      journals.push(journal.map((j) => [j.kind, j.node, j.state]));
    }
    expect(journals[0]).toEqual(journals[1]);
  });

  it("replays after a crash mid-block: no effect runs twice, the block joins as if nothing happened", async () => {
    const store = await open();
    const ran: string[] = [];
    const executor: Executor = async (e) => {
      ran.push(e.key);
      return { v: e.node };
    };
    // The worker dies at its n-th transaction from now (0: never).
    let crashIn = 0;
    const transaction: Store["transaction"] = (work) => {
      if (crashIn > 0 && --crashIn === 0) return Promise.reject(new Error("worker killed"));
      return store.transaction(work);
    };
    // Every other method is the store's own, bound to it (a store may keep private fields).
    const flaky = new Proxy(store, {
      get: (target, prop) => {
        if (prop === "transaction") return transaction;
        const v = Reflect.get(target, prop, target);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    const first = orchestrator(flaky, { d1: executor, d2: executor }, { leaseMs: 100 });
    const flow = fanOut();
    const inst = await first.start(flow, who);
    await first.step(inst.id); // start -> split
    const forked = await first.step(inst.id); // the fork: both branches exist, the parent waits
    const [left, right] = (forked.awaiting as AwaitedBranches).branches as [string, string];
    await first.run(left);
    await first.step(right); // right's effect enqueued
    crashIn = 2; // the step reads the instance (1), runs the effect, then dies at its transition (2)
    await expect(first.step(right)).rejects.toThrow("worker killed"); // its effect ran, its transition did not
    expect(ran).toHaveLength(2);
    // The dead worker's leases run out; another worker (a fresh orchestrator) takes over.
    await store.claimInstance(inst.id, "dead-worker", 100);
    const second = orchestrator(store, { d1: executor, d2: executor });
    second.register(flow);
    const done = await second.run(inst.id);
    expect(done).toMatchObject({ status: "completed", state: { a: "left", b: "right" } });
    expect(ran).toHaveLength(2);
    expect(new Set(ran).size).toBe(2);
    for (const id of [inst.id, left, right])
      expect(replay(await store.journal(id))).toEqual(await second.get(id));
  });

  it("holds the parent's lease while its branches run longer than the lease", async () => {
    // A 60 ms lease is timing: on a database engine on a loaded machine one statement can outlast
    // it. The renewal goes through Store.claimInstance on every engine alike.
    if (engine !== "memory") return;
    const store = await open();
    const { begun, executors } = timed(() => 500);
    const o = orchestrator(store, executors, { leaseMs: 60 });
    const inst = await o.start(fanOut(), who);
    await o.step(inst.id); // start -> split
    const running = o.step(inst.id).then(() => o.step(inst.id)); // the fork, then the branches
    while (begun.length < 2) await sleep(5);
    await sleep(150);
    // Well past one lease: nobody else may take the parent over while it waits on its branches.
    expect(await store.claimInstance(inst.id, "intruder", 1000)).toBe(false);
    await running;
    expect(await o.run(inst.id)).toMatchObject({ status: "completed" });
  });

  it("lets two workers share the branches: every effect runs once and the block joins", async () => {
    const store = await open();
    const { calls, executors } = timed(() => 20);
    const [w1, w2] = [orchestrator(store, executors), orchestrator(store, executors)];
    // Every worker has the definitions it steps (one without them would leave the instance alone for a minute).
    const flow = fanOut();
    w2.register(flow);
    const inst = await w1.start(flow, who);
    await Promise.all([w1.work({ batch: 1 }), w2.work({ batch: 1 }), w1.run(inst.id)]);
    expect(await w2.get(inst.id)).toMatchObject({ status: "completed", output: { receipt: "left+right" } });
    expect(new Set(calls.map((c) => c.key)).size).toBe(calls.length);
    expect(calls.map((c) => c.node).sort()).toEqual(["left", "right"]);
  });

  // On a server the two branches' placements can commit in either order, so the second may not
  // see its sibling's effect yet: spreading is a preference there, pinned here where it is exact.
  it.skipIf(engine === "postgresql server")(
    "spreads branches over domains when the hint prefers parallel execution",
    async () => {
      const placeAll = async (preferParallelExecution: boolean) => {
        const { calls, executors } = timed(() => 30);
        const o = orchestrator(await open(), executors, { placer: optimizerPlacer() });
        const flow = defineDataflow(
          { ...fanOut(), defaultDomain: undefined },
          { input, output, state: pstate },
        );
        await o.run((await o.start(flow, who, { hint: { preferParallelExecution } })).id);
        return calls.map((c) => `${c.node}@${c.domain}`).sort();
      };
      // Equal domains: without the preference both go to d1 (the tie's domain id); with it, they spread.
      expect(await placeAll(false)).toEqual(["left@d1", "right@d1"]);
      expect(await placeAll(true)).toEqual(["left@d1", "right@d2"]);
    },
  );

  it("fails the join when a branch wrote a field it does not own, naming the field", async () => {
    const { executors } = timed(() => 1);
    const flow = fanOut({ nodes: [], branches: { left: ["a"], right: ["n"] } });
    const o = orchestrator(await open(), executors);
    const done = await o.run((await o.start(flow, who)).id);
    expect(done).toMatchObject({ status: "failed", error: { code: "RT6011_BRANCH_WRITE" } });
    expect(done.error!.message).toMatch(
      /branch "right" wrote \$state\.b, which it does not own \(it owns \$state\.n\)/,
    );
  });

  it("runs a nested block inside a branch that owns its fields", async () => {
    const { calls, executors } = timed(() => 300);
    const flow = fanOut(nested({ inner: ["a", "n"], right: ["b"] }));
    const o = orchestrator(await open(), executors);
    const done = await o.run((await o.start(flow, who)).id);
    expect(done).toMatchObject({ status: "completed", state: { a: "left", b: "right", n: "deep" } });
    // All three effects overlap: the nested branches run at once with the outer sibling.
    const latestStart = Math.max(...calls.map((c) => c.start));
    expect(Math.min(...calls.map((c) => c.end))).toBeGreaterThan(latestStart);
  });
});

describe("parallel join rules at build time", () => {
  const build = (over: Parameters<typeof fanOut>[0]) => () => fanOut(over);

  it("refuses branches that write the same field, with the code and the field's path", () => {
    expect(build({ branches: { left: ["a"], right: ["a"] } })).toThrow(
      /DF5012_BRANCH_CONFLICT at node "split": branches "left" and "right" both write \$state\.a/,
    );
    // A field inside another branch's field collides too.
    expect(build({ branches: { left: ["a"], right: ["a.x"] } })).toThrow(/both write \$state\.a\.x/);
  });

  it("refuses a branch without a declaration, an owned field the state lacks, and a catch edge writing an unowned error", () => {
    expect(build({ branches: { left: ["a"] } })).toThrow(
      /DF5008_BAD_EDGES at node "split": declare the state fields branch "right" writes/,
    );
    expect(build({ branches: { left: ["a"], right: ["zzz"] } })).toThrow(
      /DF5006_UNKNOWN_FIELD at node "split": branch "right" owns \$state\.zzz/,
    );
    const edges = [
      { from: "start", to: "split" },
      { from: "split", to: "left" },
      { from: "split", to: "right" },
      { from: "left", to: "join" },
      { from: "left", to: "join", when: "catch" as const },
      { from: "right", to: "join" },
      { from: "join", to: "end" },
    ];
    expect(build({ edges })).toThrow(
      /DF5012_BRANCH_CONFLICT at node "left": writes \$state\.error inside branch "left" of "split", which does not own it/,
    );
  });

  it("refuses a branch that ends without its join, and a nested block writing outside its branch", () => {
    const toEnd = [
      { from: "start", to: "split" },
      { from: "split", to: "left" },
      { from: "split", to: "right" },
      { from: "left", to: "join" },
      { from: "right", to: "join" },
      { from: "right", to: "end", when: "catch" as const },
      { from: "join", to: "end" },
    ];
    expect(build({ edges: toEnd })).toThrow(
      /DF5008_BAD_EDGES at node "split": branch "right" reaches the end without its join/,
    );
    expect(build(nested({ inner: ["a"], right: ["b"] }))).toThrow(
      /DF5012_BRANCH_CONFLICT at node "inner": nested branch "deep" writes \$state\.n, which branch "inner" of "split" does not own/,
    );
  });
});
