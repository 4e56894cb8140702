/** An operator's cancel and retry, on every store: real transitions, journaled, refused when they do not apply. */
import { describe, expect, it } from "vitest";
import { typedDomain } from "../domains/typed-domain.js";
import { ENGINES } from "../store/engines.fixture.js";
import { replay } from "../store/replay.js";
import { fanOut } from "./fan-out.fixture.js";
import { CANCELLED, OperatorError } from "./operator.js";
import { Orchestrator } from "./orchestrator.js";
import { define, transferWorld } from "./token-transfer.fixture.js";
import type { AwaitedBranches } from "./types.js";

const alice = { sender: "alice", recipient: "bob", amount: 10 };

describe.each(ENGINES)("operator actions on %s", (_name, open) => {
  it("cancel: a waiting instance fails as cancelled, its effect leaves the queue and never runs", async () => {
    const store = await open();
    const { orchestrator, executed } = transferWorld(store);
    const inst = await orchestrator.start(define(), alice);
    await orchestrator.step(inst.id); // start -> check
    const waiting = await orchestrator.step(inst.id); // check's effect enqueued
    expect(waiting.awaiting).toBeDefined();
    expect(await store.queuedEffects()).toHaveLength(1);
    const cancelled = await orchestrator.cancel(inst.id, "not needed any more");
    expect(cancelled).toMatchObject({
      status: "failed",
      node: "check",
      version: waiting.version + 1,
      error: { code: CANCELLED, message: "not needed any more" },
    });
    expect(cancelled.awaiting).toBeUndefined();
    expect(await store.queuedEffects()).toEqual([]);
    expect((await orchestrator.run(inst.id)).status).toBe("failed");
    expect(executed).toEqual([]);
    const journal = await store.journal(inst.id);
    expect(journal.at(-1)).toMatchObject({ kind: "failed", node: "check" });
    expect(replay(journal)).toEqual(await orchestrator.get(inst.id));
  });

  it("cancel: an instance waiting on parallel branches cancels them with it, in one transaction", async () => {
    const store = await open();
    let ran = 0;
    const o = new Orchestrator({
      store,
      domains: [typedDomain("d1", "compute")],
      executors: {
        d1: async () => {
          ran++;
          return { v: "x" };
        },
      },
      sleep: async () => {},
    });
    const parent = await o.start(fanOut(), { sender: "s", recipient: "r", amount: 1 });
    let forked = await o.step(parent.id);
    for (let i = 0; i < 3 && !forked.awaiting; i++) forked = await o.step(parent.id);
    const { branches } = forked.awaiting as AwaitedBranches;
    expect(branches).toHaveLength(2);
    let branch = await o.get(branches[0]!);
    for (let i = 0; i < 3 && !branch.awaiting; i++) branch = await o.step(branches[0]!);
    expect(branch.awaiting).toBeDefined(); // its effect is in the queue
    await o.cancel(parent.id, "stop the fan-out");
    for (const id of [parent.id, ...branches]) {
      const inst = await o.get(id);
      expect(inst.status).toBe("failed");
      expect(inst.error?.code).toBe(CANCELLED);
      expect(replay(await store.journal(id))).toEqual(inst);
    }
    expect((await o.get(branches[1]!)).error?.message).toBe(
      `stop the fan-out (its caller ${parent.id} was cancelled)`,
    );
    expect(await store.queuedEffects()).toEqual([]);
    expect((await o.run(parent.id)).status).toBe("failed");
    expect(ran).toBe(0);
  });

  it("retry: a failed instance runs again from the node it failed at, its effect under a new key", async () => {
    const store = await open();
    let down = true;
    const { orchestrator } = transferWorld(store, {
      executors: {
        api: async () => ({ sent: true }),
        ledger: async () => {
          if (down) throw new Error("ledger is down");
          return { ok: true };
        },
        chain: async (e) => ({ receipt: `r-${e.params.from}` }),
      },
    });
    const failed = await orchestrator.run((await orchestrator.start(define(), alice)).id);
    expect(failed).toMatchObject({
      status: "failed",
      node: "check",
      error: { code: "RT6004_EFFECT_FAILED" },
    });
    const keysBefore = (await store.journal(failed.id)).filter((j) => j.kind === "enqueued").length;
    down = false;
    const again = await orchestrator.retry(failed.id);
    expect(again).toMatchObject({ status: "running", node: "check", version: failed.version + 1 });
    expect(again.error).toBeUndefined();
    const done = await orchestrator.run(failed.id);
    expect(done).toMatchObject({ status: "completed", output: { ok: true, receipt: "r-alice" } });
    const journal = await store.journal(failed.id);
    expect(journal.map((j) => j.kind)).toContain("retried");
    const enqueued = journal.filter((j) => j.kind === "enqueued");
    expect(enqueued.length).toBe(keysBefore + 2); // check again, then transfer
    const keys = enqueued.map((j) => (j.detail as { awaiting: { keyBase: string } }).awaiting.keyBase);
    expect(new Set(keys).size).toBe(keys.length);
    expect(replay(journal)).toEqual(done);
  });

  it("refuses what does not apply, with a code, and leaves the instance as it was", async () => {
    const store = await open();
    const { orchestrator } = transferWorld(store);
    const done = await orchestrator.run((await orchestrator.start(define(), alice)).id);
    const running = await orchestrator.start(define(), alice);
    const entries = (await store.journal(done.id)).length;
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => "resolved",
        (e: unknown) => (e instanceof OperatorError ? e.code : String(e)),
      );
    expect(await codeOf(orchestrator.cancel(done.id))).toBe("RT6022_NOT_CANCELLABLE");
    expect(await codeOf(orchestrator.retry(done.id))).toBe("RT6023_NOT_RETRYABLE");
    expect(await codeOf(orchestrator.retry(running.id))).toBe("RT6023_NOT_RETRYABLE");
    expect(await codeOf(orchestrator.cancel("no-such-id"))).toBe("RT6021_NO_INSTANCE");
    expect(await orchestrator.get(done.id)).toEqual(done);
    expect(await orchestrator.get(running.id)).toEqual(running);
    expect(await store.journal(done.id)).toHaveLength(entries);
  });
});
