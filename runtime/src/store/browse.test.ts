/**
 * The browse queries on every store, checked against what the store's own primary reads say
 * (instances, journal, definition): counts, the newest-first order paged by key with nothing
 * lost or repeated, filters, effect attempts and the definitions using a schema id.
 */
import { describe, expect, it } from "vitest";
import { define, transferWorld } from "../orchestrator/token-transfer.fixture.js";
import type { Browsable } from "./browse.js";
import { ENGINES } from "./engines.fixture.js";
import type { Store } from "./store.js";

describe.each(ENGINES)("browsing a store on %s", (_name, open) => {
  it("counts, pages, filters, effect attempts and schema uses agree with the store's own reads", async () => {
    const store = (await open()) as Store & Browsable;
    const { orchestrator } = transferWorld(store);
    const flow = define();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const inst = await orchestrator.start(flow, {
        sender: `s${i}`,
        recipient: "r",
        amount: i % 2 ? 500 : 5,
      });
      ids.push(inst.id);
      if (i < 4) await orchestrator.run(inst.id);
      else if (i < 6) {
        await orchestrator.step(inst.id);
        await orchestrator.step(inst.id); // waiting on check's effect
      }
    }
    const all = await store.instances({ limit: 100 });
    const counts = await store.browse.statusCounts();
    for (const s of ["running", "completed", "failed"] as const)
      expect(counts[s]).toBe(all.filter((i) => i.status === s).length);
    const queued = new Set((await store.queuedEffects()).map((q) => q.instance));
    expect(counts.waiting).toBe(queued.size);
    expect(counts.waiting).toBe(2);

    // Pages of two, each after the last row of the one before: every instance once, newest first.
    const seen: string[] = [];
    let after: { at: Date; id: string } | undefined;
    for (;;) {
      const page = await store.browse.instancePage({ limit: 2, ...(after ? { after } : {}) });
      if (page.length === 0) break;
      seen.push(...page.map((r) => r.id));
      const last = page[page.length - 1]!;
      after = { at: last.updatedAt, id: last.id };
    }
    expect([...seen].sort()).toEqual([...ids].sort());
    const whole = await store.browse.instancePage({ limit: 100 });
    expect(whole.map((r) => r.id)).toEqual(seen);
    for (let i = 1; i < whole.length; i++) {
      const [a, b] = [whole[i - 1]!, whole[i]!];
      expect(a.updatedAt >= b.updatedAt).toBe(true);
      if (a.updatedAt.getTime() === b.updatedAt.getTime()) expect(a.id > b.id).toBe(true);
    }
    expect(whole.every((r) => r.name === "token-transfer" && r.definitionId === flow.definitionId)).toBe(
      true,
    );

    const waiting = await store.browse.instancePage({ status: "waiting", limit: 100 });
    expect(waiting.map((r) => r.id).sort()).toEqual([...queued].sort());
    expect(waiting.every((r) => r.waiting && r.status === "running")).toBe(true);
    const failed = await store.browse.instancePage({ status: "failed", limit: 100 });
    expect(failed.map((r) => r.id).sort()).toEqual(
      all
        .filter((i) => i.status === "failed")
        .map((i) => i.id)
        .sort(),
    );
    expect(await store.browse.instancePage({ definitionId: "0xnone", limit: 100 })).toEqual([]);
    expect(await store.browse.instancePage({ since: new Date(Date.now() + 60_000), limit: 100 })).toEqual([]);

    // Effect attempts: exactly the keys the journal says ran, nothing of another instance.
    for (const id of ids.slice(0, 4)) {
      const ran = (await store.journal(id))
        .filter((j) => j.kind === "effect")
        .map((j) => (j.detail as { key: string }).key);
      const attempts = await store.browse.effectAttempts(id);
      expect(attempts.map((a) => a.key)).toEqual(ran);
      expect(attempts.every((a) => a.recorded && a.domain !== undefined)).toBe(true);
    }

    const defs = await store.browse.definitionList();
    expect(defs).toEqual([
      expect.objectContaining({ id: flow.definitionId, name: "token-transfer", instances: 7 }),
    ]);
    expect(await store.browse.definitionNames()).toEqual([{ id: flow.definitionId, name: "token-transfer" }]);
    const using = await store.browse.definitionsUsing(flow.schemas.state.id);
    expect(using).toEqual([await store.definition(flow.definitionId)]);
    expect(await store.browse.definitionsUsing("0xnothing")).toEqual([]);

    const stamp = await store.browse.instanceStamp(ids[6]!);
    await orchestrator.step(ids[6]!);
    expect(await store.browse.instanceStamp(ids[6]!)).not.toBe(stamp);
    expect(await store.browse.instanceStamp("missing")).toBeUndefined();
  });
});
