/**
 * Moving instances to a new definition version, on every store: a breaking state change needs a
 * declared migration (without one: RT6012 naming the instance and both ids, nothing written), the
 * migrated state is validated (RT6013 with $state paths), a compatible change needs nothing, the
 * move is one journal entry that replays, and instances not upgraded keep their definition.
 */
import { t } from "@causality/schema";
import { describe, expect, it } from "vitest";
import { DefinitionError } from "../dataflow/definition.js";
import { defineDataflow } from "../define-dataflow.js";
import { ENGINES } from "../store/engines.fixture.js";
import { replay } from "../store/replay.js";
import {
  define,
  input,
  output,
  spec,
  state,
  TOKEN_TRANSFER,
  transferWorld,
} from "./token-transfer.fixture.js";
import { UpgradeError } from "./upgrade.js";

const alice = { sender: "alice", recipient: "bob", amount: 10 };

// Version 2 renames the state field `attempts` to `tries`: a state of version 1 no longer passes.
const state2 = t.record({
  status: t.union(t.literal("pending"), t.literal("validated"), t.literal("emitted"), t.literal("failed")),
  tries: t.u32(),
  receipt: t.optionalField(t.string()),
  error: t.optionalField(t.string()),
});
const spec2 = JSON.parse(JSON.stringify(TOKEN_TRANSFER).replaceAll('\\"attempts\\"', '\\"tries\\"'));
const v1 = define();
const toV2 = '(record "status" (get state "status") "tries" (get state "attempts"))';
const v2 = (migrate = toV2) =>
  defineDataflow(
    {
      ...spec2,
      migrations: [
        {
          from: v1.schemas.state.id,
          to: defineDataflow(spec2, { input, output, state: state2 }).schemas.state.id,
          migrate,
        },
      ],
    },
    { input, output, state: state2 },
  );
const v2bare = defineDataflow(spec2, { input, output, state: state2 });

describe("declared migrations are checked when the definition is built", () => {
  it("refuses a chain that does not reach the state schema, and code that does not read", () => {
    const other = defineDataflow(spec(), { input, output, state: state2 }).schemas.state.id;
    expect(() =>
      defineDataflow(
        { ...spec(), migrations: [{ from: other, to: `0x${"1".repeat(64)}`, migrate: "state" }] },
        { input, output, state },
      ),
    ).toThrow(/DF5013_BAD_MIGRATION.*does not reach/);
    expect(() =>
      defineDataflow(
        { ...spec(), migrations: [{ from: other, to: v1.schemas.state.id, migrate: "(record" }] },
        { input, output, state },
      ),
    ).toThrow(DefinitionError);
    expect(() =>
      defineDataflow(
        { ...spec(), migrations: [{ from: "v1", to: v1.schemas.state.id, migrate: "state" }] },
        { input, output, state },
      ),
    ).toThrow(/DF5013_BAD_MIGRATION.*from must be a state schema id/);
  });
});

describe.each(ENGINES)("upgrading instances on %s", (_name, open) => {
  it("without a migration, a breaking state change is refused naming the instance and both ids; nothing changes", async () => {
    const { orchestrator, store } = transferWorld(await open());
    const id = (await orchestrator.start(v1, alice)).id;
    await orchestrator.step(id);
    const before = await orchestrator.get(id);
    const journal = await store.journal(id);
    const error = await orchestrator.upgrade(id, v2bare).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpgradeError);
    expect((error as UpgradeError).code).toBe("RT6012_MIGRATION_MISSING");
    for (const named of [id, v1.schemas.state.id, state2Id(), v1.definitionId, v2bare.definitionId])
      expect((error as Error).message).toContain(named);
    expect(await orchestrator.get(id)).toEqual(before);
    expect(await store.journal(id)).toEqual(journal);
    // It still runs to its end on the definition it started with.
    expect((await orchestrator.run(id)).status).toBe("completed");
  });

  it("with a migration, an instance waiting on its effect moves, runs on the new version, and its journal replays", async () => {
    const { orchestrator, store, executed, events } = transferWorld(await open());
    const id = (await orchestrator.start(v1, alice)).id;
    const other = (await orchestrator.start(v1, { ...alice, sender: "carol" })).id;
    await orchestrator.step(id);
    await orchestrator.step(id); // waits on balance.check now
    expect((await orchestrator.get(id)).awaiting).toBeDefined();
    const flow = v2();
    const moved = await orchestrator.upgrade(id, flow);
    expect(moved).toMatchObject({ definitionId: flow.definitionId, state: { status: "pending", tries: 0 } });
    expect(moved.schemaIds.state).toBe(flow.schemas.state.id);
    expect(events).toContainEqual({
      type: "instance.migrated",
      instance: id,
      from: v1.definitionId,
      to: flow.definitionId,
    });
    const done = await orchestrator.run(id);
    expect(done).toMatchObject({ status: "completed", state: { status: "emitted", tries: 1 } });
    expect(executed.filter((e) => e.instance === id).map((e) => e.type)).toEqual([
      "balance.check",
      "token.transfer",
    ]);
    const journal = await store.journal(id);
    const migrated = journal.filter((e) => e.kind === "migrated");
    expect(migrated).toHaveLength(1);
    expect(migrated[0]!.detail).toMatchObject({
      from: { definitionId: v1.definitionId },
      to: { definitionId: flow.definitionId },
      migrations: [{ from: v1.schemas.state.id, to: flow.schemas.state.id }],
    });
    expect(replay(journal)).toEqual(done);
    // Listed under its new definition; the instance not upgraded keeps its own.
    expect((await store.instances({ definitionId: flow.definitionId })).map((r) => r.id)).toEqual([id]);
    expect((await orchestrator.run(other)).definitionId).toBe(v1.definitionId);
  });

  it("a migrated state that fails the new schema is refused with its $state path; nothing changes", async () => {
    const { orchestrator, store } = transferWorld(await open());
    const id = (await orchestrator.start(v1, alice)).id;
    const before = await orchestrator.get(id);
    const error = (await orchestrator
      .upgrade(id, v2('(record "status" (get state "status") "tries" "many")'))
      .catch((e: unknown) => e)) as UpgradeError;
    expect(error.code).toBe("RT6013_MIGRATION_REJECTED");
    expect(error.issues?.map((i) => i.path)).toEqual(["$state.tries"]);
    expect(error.message).toContain(id);
    const failing = (await orchestrator
      .upgrade(id, v2('(get state "nope" (+ 1 "x"))'))
      .catch((e: unknown) => e)) as UpgradeError;
    expect(failing.code).toBe("RT6013_MIGRATION_REJECTED");
    expect(await orchestrator.get(id)).toEqual(before);
    expect((await store.journal(id)).map((e) => e.kind)).toEqual(["started"]);
  });

  it("a compatible state change needs no migration; upgradeAll moves every running instance of the name", async () => {
    const { orchestrator, store } = transferWorld(await open());
    const widened = t.record({
      status: t.union(
        t.literal("pending"),
        t.literal("validated"),
        t.literal("emitted"),
        t.literal("failed"),
      ),
      attempts: t.u32(),
      receipt: t.optionalField(t.string()),
      error: t.optionalField(t.string()),
      note: t.optionalField(t.string()),
    });
    const next = define(spec(), widened);
    expect(next.schemas.state.id).not.toBe(v1.schemas.state.id);
    const ids = [];
    for (const sender of ["a", "b", "c"]) ids.push((await orchestrator.start(v1, { ...alice, sender })).id);
    await orchestrator.run(ids[2]!); // completed: not moved
    const errors: string[] = [];
    expect(await orchestrator.upgradeAll(next, (_e, instance) => errors.push(instance))).toBe(2);
    expect(errors).toEqual([]);
    for (const id of ids.slice(0, 2)) {
      expect((await orchestrator.get(id)).definitionId).toBe(next.definitionId);
      expect((await store.journal(id)).at(-1)?.detail).toMatchObject({ migrations: [] });
    }
    expect((await orchestrator.get(ids[2]!)).definitionId).toBe(v1.definitionId);
    // A breaking version without a migration: each instance reported, none moved.
    const reported: string[] = [];
    expect(
      await orchestrator.upgradeAll(v2bare, (e, instance) => reported.push(`${instance} ${e.message}`)),
    ).toBe(0);
    expect(reported).toHaveLength(2);
    for (const line of reported) expect(line).toMatch(/RT6012_MIGRATION_MISSING/);
  });
});

function state2Id(): string {
  return v2bare.schemas.state.id;
}
