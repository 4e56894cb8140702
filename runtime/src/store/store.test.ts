/**
 * The store on every engine: what it keeps (definitions, instances pinned to their ids, journal,
 * effects, queue), values JSON cannot hold, versioned migrations, durability across a reopen of a
 * PGlite data directory, and bad stored data reported with the instance's id while the others run.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { optimizerPlacer } from "../optimizer/placer.js";
import { define, spec, transferWorld } from "../orchestrator/token-transfer.fixture.js";
import { decode, encode } from "./codec.js";
import { ENGINES } from "./engines.fixture.js";
import { MIGRATIONS } from "./migrations.js";
import { PgStore } from "./pg-store.js";
import { replay } from "./replay.js";
import { openDatabase, type SqlDatabase } from "./sql.js";
import { ConflictError, StoreDataError } from "./store.js";

const alice = { sender: "alice", recipient: "bob", amount: 10 };

describe("codec", () => {
  it("round-trips what JSON cannot hold, and objects that look like its tags", () => {
    const value = {
      big: 2n ** 70n,
      when: new Date(1_700_000_000_000),
      map: new Map<unknown, unknown>([
        ["a", 1n],
        [2, new Set([undefined, -0])],
      ]),
      bytes: new Uint8Array([0, 255]),
      odd: [Number.NaN, Number.POSITIVE_INFINITY, -0, undefined],
      $: "not a tag",
      nested: { $: "bigint", v: "1" },
      nul: "a\u0000b",
    };
    const back = decode(JSON.parse(JSON.stringify(encode(value))));
    expect(back).toEqual(value);
    expect(Object.is((back as { odd: number[] }).odd[2], -0)).toBe(true);
    const proto = decode(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.hasOwn(proto, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe.each(ENGINES)("store on %s", (name, open) => {
  it("keeps the definition, the instance pinned to its ids, a journal that replays, an empty queue", async () => {
    const store = await open();
    const { orchestrator } = transferWorld(store);
    const flow = define();
    const done = await orchestrator.run((await orchestrator.start(flow, alice)).id);
    expect(done.status).toBe("completed");
    expect(done.schemaIds).toEqual({
      input: flow.schemas.input.id,
      output: flow.schemas.output.id,
      state: flow.schemas.state.id,
    });
    const record = await store.definition(flow.definitionId);
    expect(record).toMatchObject({ name: "token-transfer", schemaIds: done.schemaIds });
    expect((record!.spec as { schemas: { state: unknown } }).schemas.state).toEqual(flow.schemas.state.expr);
    expect(replay(await store.journal(done.id))).toEqual(done);
    expect(await store.queuedEffects()).toEqual([]);
    const listed = await store.instances({ status: "completed", definitionId: flow.definitionId });
    expect(listed.map((i) => i.id)).toContain(done.id);
    expect(await store.instances({ status: "running", definitionId: flow.definitionId })).toEqual([]);
  });

  it("keeps each effect's placement with the entry that enqueued it: every candidate, its sub-scores, why it won or lost", async () => {
    const store = await open();
    const { orchestrator } = transferWorld(store, { placer: optimizerPlacer() });
    const done = await orchestrator.run((await orchestrator.start(define(), alice)).id);
    const journal = await store.journal(done.id);
    const enqueued = journal.filter((j) => j.kind === "enqueued");
    const ran = journal
      .filter((j) => j.kind === "effect")
      .map((j) => (j.detail as { domain: string }).domain);
    expect(enqueued.map((j) => j.node)).toEqual(["check", "transfer"]);
    // The decision kept is the one the effect ran on.
    expect(enqueued.map((j) => j.placement?.domain)).toEqual(ran);
    const [check, transfer] = enqueued.map((j) => j.placement!);
    expect(check!.by).toBe("placer");
    expect(check!.strategy).toBe("balanced");
    // The check effect is not deterministic: the verifiable domain cannot run it.
    expect(check!.candidates!.map((c) => c.domain).sort()).toEqual(["api", "chain", "ledger"]);
    expect(check!.candidates![0]).toMatchObject({ domain: check!.domain, outcome: "chosen" });
    expect(check!.candidates!.find((c) => c.domain === "chain")).toMatchObject({
      outcome: "infeasible",
      reason: expect.stringMatching(/determinis/),
    });
    for (const c of check!.candidates!.filter((x) => x.outcome !== "infeasible")) {
      const s = c.subScores!;
      expect(c.total).toBeCloseTo(s.priority + s.latency + s.cost, 9);
    }
    expect(transfer).toEqual({ domain: "chain", by: "fixed", why: "node transfer names domain chain" });
    expect(journal.every((j) => j.at instanceof Date)).toBe(true);
    expect(replay(journal)).toEqual(done);
  });

  it("a second writer of one version conflicts; nothing of its transaction stays", async () => {
    const store = await open();
    const { orchestrator } = transferWorld(store);
    const inst = await orchestrator.start(define(), alice);
    await expect(
      store.transaction(async (tx) => {
        await tx.appendJournal({ instance: inst.id, node: "x", kind: "transition", state: {} });
        await tx.putInstance({ ...inst, node: "elsewhere", version: 3 });
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await store.journal(inst.id)).toHaveLength(1);
    expect((await orchestrator.get(inst.id)).node).toBe("start");
  });

  it("a transaction writing two instances, one over a moved version: nothing of it stays", async () => {
    const store = await open();
    const { orchestrator } = transferWorld(store);
    const [a, b] = [await orchestrator.start(define(), alice), await orchestrator.start(define(), alice)];
    await expect(
      store.transaction(async (tx) => {
        await tx.putInstance({ ...a, node: "moved", version: 2 });
        await tx.appendJournal({ instance: a.id, node: "moved", kind: "transition", state: {} });
        await tx.putInstance({ ...b, node: "moved", version: 5 });
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    for (const i of [a, b]) {
      expect((await orchestrator.get(i.id)).node).toBe("start");
      expect(await store.journal(i.id)).toHaveLength(1);
    }
  });

  it("a transaction reads its own writes; its journal entries take the next seqs in order", async () => {
    const store = await open();
    const { orchestrator } = transferWorld(store);
    const inst = await orchestrator.start(define(), alice);
    const seen = await store.transaction(async (tx) => {
      await tx.putInstance({ ...inst, node: "one", version: 2 });
      await tx.appendJournal({ instance: inst.id, node: "one", kind: "transition", state: { n: 1 } });
      const read = await tx.getInstance(inst.id);
      await tx.putInstance({ ...inst, node: "two", version: 3 });
      await tx.appendJournal({ instance: inst.id, node: "two", kind: "transition", state: { n: 2 } });
      return read;
    });
    expect(seen).toMatchObject({ node: "one", version: 2 });
    expect(await orchestrator.get(inst.id)).toMatchObject({ node: "two", version: 3 });
    const journal = await store.journal(inst.id);
    expect(journal.map((j) => [j.seq, j.node])).toEqual([
      [1, "start"],
      [2, "one"],
      [3, "two"],
    ]);
  });

  it("a new version of a definition leaves running instances on the one they started with", async () => {
    const store = await open();
    const { orchestrator } = transferWorld(store);
    const v1 = define();
    const inst = await orchestrator.start(v1, alice);
    await orchestrator.step(inst.id);
    const v2 = define(
      spec({ name: "token-transfer", initialState: '(record "status" "pending" "attempts" 5)' }),
    );
    expect(v2.definitionId).not.toBe(v1.definitionId);
    orchestrator.register(v2);
    const done = await orchestrator.run(inst.id);
    expect(done.definitionId).toBe(v1.definitionId);
    expect((done.state as { attempts: number }).attempts).toBe(1);
  });

  it("bad stored data: a clear error naming the instance, and the other instances keep running", async () => {
    if (name === "memory") return; // rows edited behind the store's back need SQL
    const store = (await open()) as PgStore;
    const { orchestrator } = transferWorld(store);
    const flow = define();
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await orchestrator.start(flow, alice)).id);
    const [badState, unknownDef, badRow, good] = ids as [string, string, string, string];
    const sql = (text: string, params: unknown[]) =>
      store.db.query(text.replaceAll("causality.", `${store.schema}.`), params);
    await sql(
      `UPDATE causality.instances SET data = jsonb_set(data, '{state,status}', '"lost"') WHERE id = $1`,
      [badState],
    );
    await sql(
      `UPDATE causality.instances SET definition_id = 'nope', data = jsonb_set(data, '{definitionId}', '"0xnope"') WHERE id = $1`,
      [unknownDef],
    );
    await sql(`UPDATE causality.instances SET data = '{"id": 1}' WHERE id = $1`, [badRow]);
    await store.transaction((tx) =>
      tx.enqueueEffect({
        instance: "ghost",
        node: "check",
        keyBase: "ghost:check:2",
        type: "t",
        params: {},
        deterministic: false,
        domain: "ledger",
      }),
    );
    const errors: [string, string][] = [];
    await orchestrator.work({ untilIdle: true, onError: (e, id) => errors.push([id, e.message]) });
    expect((await orchestrator.get(good)).status).toBe("completed");
    const byId = new Map(errors);
    expect(byId.get(badState)).toMatch(
      new RegExp(
        `instance ${badState}: its stored state no longer matches state schema ${flow.schemas.state.id}: invalid.* at \\$state.status`,
      ),
    );
    expect(byId.get(unknownDef)).toMatch(
      new RegExp(`instance ${unknownDef}: its definition 0xnope is not registered`),
    );
    expect(byId.get(badRow)).toMatch(
      new RegExp(`instance ${badRow}: the stored instance does not match its row`),
    );
    expect(byId.get("ghost")).toMatch(/instance ghost: queue entry ghost:check:2 names no stored instance/);
    expect(errors.every(([_, m]) => m.startsWith("instance "))).toBe(true);
    // A corrupted journal row: the replay says which entry of which instance.
    await sql(`UPDATE causality.journal SET kind = 'started' WHERE instance = $1 AND seq = 2`, [good]);
    expect(() => replay([])).toThrow();
    await expect(Promise.resolve().then(async () => replay(await store.journal(good)))).rejects.toThrow(
      /entry 2: a second started entry/,
    );
    expect(new StoreDataError("x", "y").message).toBe("instance x: y");
  });
});

describe("PGlite data directory", () => {
  it("keeps instances across a close and reopen; migrations run once; a fresh directory starts from the untouched template", async () => {
    const dir = mkdtempSync(join(tmpdir(), "causality-pglite-"));
    const before = process.env.CAUSALITY_PGLITE_TEMPLATE;
    process.env.CAUSALITY_PGLITE_TEMPLATE = join(dir, "template");
    try {
      const first = await PgStore.open(join(dir, "db"));
      const { orchestrator } = transferWorld(first);
      const done = await orchestrator.run((await orchestrator.start(define(), alice)).id);
      await first.close();
      const db = await openDatabase(join(dir, "db"));
      const versions = await db.query<{ version: number }>("SELECT version FROM causality.migrations");
      expect(versions.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      const again = await PgStore.on(db);
      expect((await again.instances()).map((i) => i.id)).toEqual([done.id]);
      expect(replay(await again.journal(done.id))).toEqual(done);
      await db.close();
      // The first fresh directory made the template; the next one is a copy of it, without the first's rows.
      expect(existsSync(join(dir, "template", "PG_VERSION"))).toBe(true);
      const opening = new Date();
      const second = await PgStore.open(join(dir, "db2"));
      expect(await second.instances()).toEqual([]);
      const other = await transferWorld(second).orchestrator.start(define(), alice);
      expect((await second.instances()).map((i) => i.id)).toEqual([other.id]);
      await second.close();
      // The template holds the store's tables: the copy's migrations were applied before it was opened.
      const copy = await openDatabase(join(dir, "db2"));
      const applied = await copy.query<{ version: number; applied_at: Date }>(
        "SELECT version, applied_at FROM causality.migrations ORDER BY version",
      );
      await copy.close();
      expect(applied.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      for (const r of applied.rows) expect(r.applied_at.getTime()).toBeLessThan(opening.getTime());
    } finally {
      if (before === undefined) delete process.env.CAUSALITY_PGLITE_TEMPLATE;
      else process.env.CAUSALITY_PGLITE_TEMPLATE = before;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000); // five PGlite starts, one of them initdb
});

/**
 * A store written before migration 2 (no placement column, none of its indexes) opened by today's
 * code: the migration runs once, the old journal still replays, and new entries keep placements.
 * Each phase opens its own connection, as a new release's process would.
 */
const upgradeTargets: [string, (dir: string) => string | undefined][] = [
  ["PGlite data directory", (dir) => join(dir, "db")],
  ...(process.env.DATABASE_URL
    ? [["postgresql server", () => process.env.DATABASE_URL] as [string, (dir: string) => string | undefined]]
    : []),
];
describe.each(upgradeTargets)("a store from before migration 2 (%s)", (_, targetIn) => {
  it("is migrated on open: old journals replay, new entries keep their placement", async () => {
    const dir = mkdtempSync(join(tmpdir(), "causality-upgrade-"));
    const target = targetIn(dir);
    const schema = `up_${randomBytes(5).toString("hex")}`;
    const phase = async <T>(work: (store: PgStore, db: SqlDatabase) => Promise<T>): Promise<T> => {
      const db = await openDatabase(target);
      try {
        return await work(await PgStore.on(db, schema), db);
      } finally {
        await db.close();
      }
    };
    try {
      const old = await phase(async (store) => {
        const { orchestrator } = transferWorld(store, { placer: optimizerPlacer() });
        return orchestrator.run((await orchestrator.start(define(), alice)).id);
      });
      // Back to version 1's layout, as a store of the previous release has it.
      const db = await openDatabase(target);
      for (const statement of [
        `ALTER TABLE ${schema}.journal DROP COLUMN placement`,
        `DROP INDEX ${schema}.instances_by_change`,
        `DROP INDEX ${schema}.effects_by_key_pattern`,
        `DELETE FROM ${schema}.migrations WHERE version = 2`,
      ])
        await db.query(statement);
      await db.close();

      await phase(async (store, again) => {
        const versions = await again.query<{ version: number }>(
          `SELECT version FROM ${schema}.migrations ORDER BY version`,
        );
        expect(versions.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
        const journal = await store.journal(old.id);
        expect(journal.filter((j) => j.placement !== undefined)).toEqual([]);
        expect(replay(journal)).toEqual(old);
        const { orchestrator } = transferWorld(store, { placer: optimizerPlacer() });
        const fresh = await orchestrator.run((await orchestrator.start(define(), alice)).id);
        const placed = (await store.journal(fresh.id)).filter((j) => j.kind === "enqueued");
        expect(placed.map((j) => j.placement?.by)).toEqual(["placer", "fixed"]);
        expect((await store.instances()).map((i) => i.id).sort()).toEqual([old.id, fresh.id].sort());
      });
    } finally {
      if (target?.startsWith("postgres")) {
        const db = await openDatabase(target);
        await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await db.close();
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
