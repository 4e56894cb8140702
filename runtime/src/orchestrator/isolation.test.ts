/**
 * The security review's concurrency and isolation findings, each as a test: one owner per step,
 * one runner per effect key, no executor call inside a transaction, a per-effect timeout, copies
 * out of `get`, and `InputRejected` for every input that is not data.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { ENGINES } from "../store/engines.fixture.js";
import { replay } from "../store/replay.js";
import { ConflictError, type Store } from "../store/store.js";
import { define, spec, transferWorld } from "./token-transfer.fixture.js";
import { InputRejected } from "./types.js";

const alice = { sender: "alice", recipient: "bob", amount: 10 };

/** A store whose transactions mark their async context, so an executor can tell whether it was called inside one. */
function watched(store: Store) {
  const inside = new AsyncLocalStorage<boolean>();
  const transaction = store.transaction.bind(store);
  store.transaction = (work) => transaction((tx) => inside.run(true, () => work(tx)));
  return { store, inTransaction: () => inside.getStore() === true };
}

/** A check action that emits one effect on "api" from its handler. */
const emitting = (retry?: object) =>
  define(
    spec({
      nodes: spec().nodes!.map((n) =>
        n.id === "check" && n.kind === "action"
          ? {
              ...n,
              ...(retry ? { retry } : {}),
              handler: `(do (emit-effect-on-domain "api" (record "type" "notify" "params" (record "to" "ops")))
                            (assoc state "status" "validated" "attempts" 1))`,
            }
          : n,
      ),
    }),
  );

describe.each(ENGINES)("isolation on %s", (_name, open) => {
  it("no executor runs inside a transaction, emitted effects included; a slow one blocks no other instance", async () => {
    const { store, inTransaction } = watched(await open());
    let slowDone = false;
    const { orchestrator } = transferWorld(store, {
      executors: {
        ledger: async () => ({ ok: true }),
        chain: async () => ({ receipt: "r" }),
        api: async () => {
          if (inTransaction()) throw new Error("executor called inside a transaction");
          await new Promise((r) => setTimeout(r, 2_000));
          slowDone = true;
          return { sent: true };
        },
      },
    });
    const slow = await orchestrator.start(emitting(), alice);
    const other = await orchestrator.start(define(), alice);
    const slowRun = orchestrator.run(slow.id);
    await new Promise((r) => setTimeout(r, 50));
    const otherDone = await orchestrator.run(other.id);
    expect(otherDone.status).toBe("completed");
    expect(slowDone).toBe(false); // the other instance finished while the slow effect still ran
    expect((await slowRun).status).toBe("completed");
    expect(replay(await store.journal(slow.id))).toEqual(await orchestrator.get(slow.id));
  });

  it("an executor that never returns fails its attempt after the timeout; the retries follow", async () => {
    const store = await open();
    const { orchestrator, events } = transferWorld(store, {
      effectTimeoutMs: 40,
      executors: {
        ledger: () => new Promise(() => {}),
        chain: async () => ({ receipt: "r" }),
      },
    });
    const inst = await orchestrator.start(define(), alice);
    const done = await orchestrator.run(inst.id);
    expect(done.error).toMatchObject({ code: "RT6004_EFFECT_FAILED" });
    expect(done.error?.message).toMatch(/timed out after 40 ms/);
    const retried = define(
      spec({
        nodes: spec().nodes!.map((n) =>
          n.id === "check" && n.kind === "action"
            ? { ...n, retry: { attempts: 2, intervalMs: 0, timeoutMs: 30 } }
            : n,
        ),
      }),
    );
    const again = await orchestrator.run((await orchestrator.start(retried, alice)).id);
    expect(again.error?.message).toMatch(/timed out after 30 ms/);
    const failures = events.filter((e) => e.type === "effect.failed" && e.instance === again.id);
    expect(failures.map((e) => (e as { key: string }).key.split(":").pop())).toEqual(["0", "1"]);
  });

  it("get() hands out a copy: changing it changes neither the store, the executor's view nor the replay", async () => {
    const store = await open();
    const { orchestrator, executed } = transferWorld(store);
    const inst = await orchestrator.start(define(), alice);
    (inst.input as { amount: number }).amount = 999;
    const got = await orchestrator.get(inst.id);
    (got.input as { amount: number }).amount = 500;
    (got.state as { status: string }).status = "failed";
    const done = await orchestrator.run(inst.id);
    expect(executed[0]?.params).toMatchObject({ amount: 10 });
    expect(done.input).toEqual(alice);
    expect(replay(await store.journal(inst.id))).toEqual(await orchestrator.get(inst.id));
  });

  it("every input that is not data is InputRejected with an issue at its path", async () => {
    const store = await open();
    const { orchestrator } = transferWorld(store);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const cases: [unknown, string, string][] = [
      [{ ...alice, f: () => 1 }, "$input.f", "not_data"],
      [{ ...alice, s: Symbol("x") }, "$input.s", "not_data"],
      [new Proxy({ ...alice }, {}), "$input", "not_data"],
      [
        {
          ...alice,
          p: new Proxy(
            {},
            {
              get: () => {
                throw new Error("trap");
              },
            },
          ),
        },
        "$input.p",
        "not_data",
      ],
      [{ ...alice, deep }, "$input.deep", "too_deep"],
      [{ ...alice, big: 2n ** 100_000n }, "$input.big", "not_data"],
      [
        {
          ...alice,
          get g() {
            return 1;
          },
        },
        "$input.g",
        "not_data",
      ],
      [{ ...alice, amount: -1 }, "$input.amount", ""],
    ];
    for (const [value, path, code] of cases) {
      const err = await orchestrator.start(define(), value).catch((e: unknown) => e);
      expect(err, path).toBeInstanceOf(InputRejected);
      const issue = (err as InputRejected).issues[0]!;
      expect(issue.path.startsWith(path), `${issue.path} at ${path}`).toBe(true);
      if (code) expect(issue.code).toBe(code);
    }
  });

  it("one owner per step: a held lease makes others wait, an expired one is taken over", async () => {
    const store = await open();
    const { orchestrator, executed } = transferWorld(store);
    const inst = await orchestrator.start(define(), alice);
    const claimed = Date.now();
    expect(await store.claimInstance(inst.id, "crashed-worker", 150)).toBe(true);
    expect(await store.claimInstance(inst.id, "other", 1000)).toBe(false);
    expect((await orchestrator.step(inst.id)).version).toBe(1); // held: nothing happens
    const done = await orchestrator.run(inst.id);
    expect(Date.now() - claimed).toBeGreaterThanOrEqual(150);
    expect(done.status).toBe("completed");
    expect(executed).toHaveLength(2);
  });

  it("an effect key is claimed before its executor runs: one runner per key until the claim expires", async () => {
    const store = await open();
    expect(await store.claimEffect("k:0", "a", 100)).toEqual({ status: "claimed" });
    expect(await store.claimEffect("k:0", "b", 100)).toEqual({ status: "busy" });
    await new Promise((r) => setTimeout(r, 150));
    expect(await store.claimEffect("k:0", "b", 100)).toEqual({ status: "claimed" });
    await store.recordEffect({ key: "k:0", domain: "d", effect: {}, result: { ok: 1 } });
    expect(await store.claimEffect("k:0", "c", 100)).toMatchObject({
      status: "done",
      record: { result: { ok: 1 } },
    });
  });

  it("an effect claim takes the instance's lease in the same step; another owner's lease makes it busy", async () => {
    const store = await open();
    const { orchestrator } = transferWorld(store);
    const { id } = await orchestrator.start(define(), alice);
    const lease = { instance: id, ms: 10_000 };
    expect(await store.claimEffect("k:0", "a", 10_000, lease)).toEqual({ status: "claimed" });
    expect(await store.claimInstance(id, "b", 10_000)).toBe(false); // "a" holds the instance now
    expect(await store.claimEffect("j:0", "b", 10_000, lease)).toEqual({ status: "busy" });
    // The busy claim took nothing: the key is still free for a runner without a lease.
    expect(await store.claimEffect("j:0", "c", 10_000)).toEqual({ status: "claimed" });
    // A recorded key replays whoever asks, lease or not.
    await store.recordEffect({ key: "k:0", domain: "d", effect: {}, result: { ok: 1 } });
    expect(await store.claimEffect("k:0", "b", 10_000, lease)).toMatchObject({ status: "done" });
    await store.releaseInstance(id, "a");
    expect(await store.claimEffect("i:0", "b", 10_000, lease)).toEqual({ status: "claimed" });
    expect(await store.claimInstance(id, "a", 10_000)).toBe(false);
  });

  it("a transaction gives its owner's lease back when it commits, not when it fails", async () => {
    const store = await open();
    const { orchestrator } = transferWorld(store);
    const { id } = await orchestrator.start(define(), alice);
    const write = (owner: string, version: (v: number) => number) =>
      store.transaction(async (tx) => {
        const inst = (await tx.getInstance(id))!;
        await tx.putInstance({ ...inst, version: version(inst.version) });
        await tx.releaseInstance(id, owner);
      });
    expect(await store.claimInstance(id, "a", 60_000)).toBe(true);
    await store.transaction((tx) => tx.releaseInstance(id, "a")); // no write: the release alone
    expect(await store.claimInstance(id, "b", 60_000)).toBe(true);
    await write("someone else", (v) => v + 1); // not the owner: b keeps it
    expect(await store.claimInstance(id, "c", 60_000)).toBe(false);
    await expect(write("b", (v) => v + 5)).rejects.toThrow(ConflictError); // failed: b keeps it
    expect(await store.claimInstance(id, "c", 60_000)).toBe(false);
    await write("b", (v) => v + 1);
    expect(await store.claimInstance(id, "c", 60_000)).toBe(true);
  });

  it("run and step give the lease back with the transaction that ends them (no release of their own)", async () => {
    const store = await open();
    const { orchestrator } = transferWorld(store);
    let releases = 0;
    const release = store.releaseInstance.bind(store);
    store.releaseInstance = (id, owner) => {
      releases++;
      return release(id, owner);
    };
    const one = await orchestrator.start(define(), alice);
    expect((await orchestrator.step(one.id)).version).toBe(2);
    expect(await store.claimInstance(one.id, "other", 60_000)).toBe(true);
    const two = await orchestrator.start(define(), alice);
    expect((await orchestrator.run(two.id)).status).toBe("completed");
    expect(await store.claimInstance(two.id, "other", 60_000)).toBe(true);
    expect(releases).toBe(0);
  });

  it("run and work claim an effect with the transition that enqueues it: held while its executor runs, no claim of its own", async () => {
    const store = await open();
    const seen: { key: string; keyFree: boolean; leaseFree: boolean }[] = [];
    const watch = (result: unknown) => async (e: { key: string; instance: string }) => {
      const keyFree = (await store.claimEffect(e.key, "intruder", 60_000)).status !== "busy";
      seen.push({
        key: e.key,
        keyFree,
        leaseFree: await store.claimInstance(e.instance, "intruder", 60_000),
      });
      return result;
    };
    const { orchestrator } = transferWorld(store, {
      executors: {
        ledger: watch({ ok: true }),
        chain: watch({ receipt: "r" }),
      },
    });
    let claims = 0;
    const claimEffect = store.claimEffect.bind(store);
    store.claimEffect = (...args) => {
      claims++;
      return claimEffect(...args);
    };
    const inst = await orchestrator.start(define(), alice);
    expect((await orchestrator.run(inst.id)).status).toBe("completed");
    // A worker does the same with the instances it claims.
    const other = await orchestrator.start(define(), alice);
    expect(await orchestrator.work()).toBe(7);
    expect((await orchestrator.get(other.id)).status).toBe("completed");
    expect(seen.map((s) => s.key)).toEqual(
      [inst.id, other.id].flatMap((id) => [`${id}:check:2:0`, `${id}:transfer:5:0`]),
    );
    // Each executor ran with its key claimed and the instance leased by its runner, not the intruder.
    for (const s of seen) expect(s).toMatchObject({ keyFree: false, leaseFree: false });
    expect(claims).toBe(4); // the intruder's tries only
    for (const id of [inst.id, other.id]) expect(await store.claimInstance(id, "other", 60_000)).toBe(true);
  });

  it("concurrent run and step calls on many instances: one transition each, one execution per key", async () => {
    const store = await open();
    const { orchestrator, executed } = transferWorld(store);
    const ids = await Promise.all(Array.from({ length: 8 }, () => orchestrator.start(define(), alice)));
    await Promise.all(
      ids.flatMap((i) => [
        orchestrator.run(i.id),
        orchestrator.run(i.id),
        orchestrator.step(i.id),
        orchestrator.work({ untilIdle: true }),
      ]),
    );
    const keys = executed.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(16);
    for (const i of ids) {
      const inst = await orchestrator.get(i.id);
      expect(inst.status).toBe("completed");
      const journal = await store.journal(i.id);
      expect(journal.filter((j) => j.kind === "transition")).toHaveLength(4); // start, check, funded, transfer
      expect(replay(journal)).toEqual(inst);
    }
  });
});
