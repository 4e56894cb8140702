/**
 * Redacted fields on every store: the secret reaches the executor and the handlers (the instance
 * keeps it), and no journal row, event, queue entry or effect record; on PGlite and the server the
 * raw rows of every table but the instances table are searched for it.
 */
import { t } from "@causality/schema";
import { describe, expect, it } from "vitest";
import { defineDataflow } from "../define-dataflow.js";
import { ENGINES } from "../store/engines.fixture.js";
import { PgStore } from "../store/pg-store.js";
import { replay } from "../store/replay.js";
import type { SqlDatabase } from "../store/sql.js";
import type { Store } from "../store/store.js";
import { cancelInstance, retryInstance } from "./operator.js";
import { redactingStore } from "./redacting-tx.js";
import { isRedactedPath, REDACTED, redactByPath, redactInstance, schemasOf } from "./redaction.js";
import { output, spec, transferWorld } from "./token-transfer.fixture.js";
import { InputRejected } from "./types.js";

const SECRET = "hunter2-Sécret-7f3a";

const input = t.record({
  sender: t.string(),
  recipient: t.string(),
  amount: t.u64(),
  password: t.redacted(t.string()),
});
const stateOf = (redacted: boolean) =>
  t.record({
    status: t.union(t.literal("pending"), t.literal("validated"), t.literal("emitted"), t.literal("failed")),
    attempts: t.u32(),
    receipt: t.optionalField(t.string()),
    error: t.optionalField(t.string()),
    session: redacted ? t.redacted(t.optionalField(t.string())) : t.optionalField(t.string()),
  });
const state = stateOf(true);
const base = spec();
// The secret goes everywhere a value can: the state (by initialState), an effect's params, a handler's message.
const flow = defineDataflow(
  {
    ...base,
    initialState: '(record "status" "pending" "attempts" 0 "session" (str "sess:" (get input "password")))',
    nodes: base.nodes!.map((n) =>
      n.kind === "action" && n.id === "check"
        ? {
            ...n,
            effect: {
              ...n.effect,
              params: { ...n.effect.params, auth: "${input.password}", note: "pw ${input.password}" },
            },
          }
        : n,
    ),
  },
  { input, output, state },
);

/** Every row of every table of the store's schema (or of one), as text (the test reads past the store's interface). */
async function rawRows(store: Store, only?: string): Promise<string> {
  if (!(store instanceof PgStore)) return "";
  const db = (store as unknown as { database: SqlDatabase }).database;
  const tables = await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1",
    [store.schema],
  );
  let text = "";
  for (const { table_name } of tables.rows) {
    if (only ? table_name !== only : table_name === "instances") continue;
    const rows = await db.query(`SELECT * FROM ${store.schema}.${table_name}`);
    text += `${table_name}: ${JSON.stringify(rows.rows)}\n`;
  }
  return text;
}

describe("redaction helpers", () => {
  it("redacts by path through lists, unions, optionals and recursion, and finds issue paths under redacted fields", () => {
    const tree = t.recursive("Tree", (self) => t.record({ key: t.redacted(t.string()), kids: t.list(self) }));
    const value = { key: "k1-secret", kids: [{ key: "k2-secret", kids: [] }] };
    expect(redactByPath(tree, value)).toEqual({ key: REDACTED, kids: [{ key: REDACTED, kids: [] }] });
    expect(value.key).toBe("k1-secret");
    expect(isRedactedPath(tree, "$state.kids[0].key")).toBe(true);
    expect(isRedactedPath(tree, "$state.kids[0]")).toBe(false);
    expect(isRedactedPath(input, "$input.password")).toBe(true);
    expect(isRedactedPath(input, "$input.sender")).toBe(false);
    expect(schemasOf(flow)).toBeDefined();
    // Redaction leaves the schema id (metadata) and changes the definition id (what is journaled).
    const plain = t.record({
      sender: t.string(),
      recipient: t.string(),
      amount: t.u64(),
      password: t.string(),
    });
    const unredacted = defineDataflow(spec(), { input: plain, output, state: stateOf(false) });
    const redacted = defineDataflow(spec(), { input: plain, output, state: stateOf(true) });
    expect(redacted.schemas.state.id).toBe(unredacted.schemas.state.id);
    expect(redacted.definitionId).not.toBe(unredacted.definitionId);
    expect(defineDataflow(spec(), { input: plain, output, state: stateOf(false) }).definitionId).toBe(
      unredacted.definitionId,
    );
  });
});

describe.each(ENGINES)("redacted fields on %s", (_name, open) => {
  it("the secret reaches the executor and the state, never the journal, events, queue or effect records", async () => {
    const store = await open();
    const { orchestrator, events, executed } = transferWorld(store);
    const started = await orchestrator.start(flow, {
      sender: "alice",
      recipient: "bob",
      amount: 10,
      password: SECRET,
    });
    await orchestrator.step(started.id);
    await orchestrator.step(started.id); // the check effect is queued now, its params holding the secret
    expect(JSON.stringify(await store.queuedEffects())).not.toContain(SECRET);
    expect(await rawRows(store)).not.toContain(SECRET);
    const done = await orchestrator.run(started.id);
    expect(done.status).toBe("completed");
    // The real value where it belongs: the executor's request and the instance.
    expect(executed[0]!.params).toMatchObject({ auth: SECRET, note: `pw ${SECRET}` });
    expect((done.state as { session: string }).session).toBe(`sess:${SECRET}`);
    expect((done.input as { password: string }).password).toBe(SECRET);
    // Nowhere else.
    const journal = await store.journal(done.id);
    expect(JSON.stringify(journal)).not.toContain(SECRET);
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(journal[0]!.detail).toMatchObject({ input: { password: REDACTED } });
    expect(journal[0]!.state).toMatchObject({ session: REDACTED });
    const raw = await rawRows(store);
    if (store instanceof PgStore) {
      expect(raw).toContain("journal:");
      expect(raw).toContain(REDACTED);
      expect(raw).not.toContain(SECRET);
      expect(raw).not.toContain(JSON.stringify(SECRET).slice(1, -1)); // nor JSON-escaped
      // The search finds the secret where it is kept: the instance row.
      expect(await rawRows(store, "instances")).toContain(SECRET);
    }
    expect(replay(journal)).toEqual(redactInstance(schemasOf(flow), done));
  });

  it("operator actions without an orchestrator (the inspector's cancel, retry) journal redacted too", async () => {
    const store = await open();
    const { orchestrator, events } = transferWorld(store);
    const id = (await orchestrator.start(flow, { sender: "a", recipient: "b", amount: 1, password: SECRET }))
      .id;
    await orchestrator.step(id);
    // As `causality ui` does it: the store's own definition record, no registered definition.
    await cancelInstance(await redactingStore(store, id), id, "stop");
    await retryInstance(await redactingStore(store, id), id);
    await orchestrator.cancel(id, "again");
    const journal = await store.journal(id);
    expect(journal.map((e) => e.kind)).toEqual(["started", "transition", "failed", "retried", "failed"]);
    expect(JSON.stringify(journal)).not.toContain(SECRET);
    expect(JSON.stringify(events)).not.toContain(SECRET);
    if (store instanceof PgStore) expect(await rawRows(store)).not.toContain(SECRET);
    expect(replay(journal)).toEqual(redactInstance(schemasOf(flow), await orchestrator.get(id)));
  });

  it("a rejected input's issue at a redacted field is told without its value", async () => {
    const { orchestrator, events } = transferWorld(await open());
    const wrong = { sender: "alice", recipient: "bob", amount: 10, password: ["not", SECRET] };
    await expect(orchestrator.start(flow, wrong)).rejects.toBeInstanceOf(InputRejected);
    const told = events.find((e) => e.type === "validation.failed");
    expect(told).toMatchObject({ issues: [{ path: "$input.password", value: REDACTED }] });
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });
});
