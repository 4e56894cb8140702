/**
 * The store's schema, as numbered migrations applied in order on start (each once, recorded in
 * causality.migrations, under an advisory lock so workers starting together do not race). SQL
 * that PostgreSQL 15 (Debian's server) and PGlite (PostgreSQL 18) both accept.
 */
import type { SqlClient, SqlDatabase } from "./sql.js";

export const MIGRATIONS: readonly { readonly version: number; readonly sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE causality.definitions (
        id text PRIMARY KEY,
        name text NOT NULL,
        input_schema text NOT NULL,
        output_schema text NOT NULL,
        state_schema text NOT NULL,
        spec jsonb NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX IF NOT EXISTS definitions_by_name ON causality.definitions (name, registered_at);
      CREATE TABLE causality.instances (
        id text PRIMARY KEY,
        definition_id text NOT NULL,
        input_schema text NOT NULL,
        output_schema text NOT NULL,
        state_schema text NOT NULL,
        status text NOT NULL,
        node text NOT NULL,
        version integer NOT NULL,
        data jsonb NOT NULL,
        lease_owner text,
        lease_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX instances_by_definition ON causality.instances (definition_id, status, updated_at);
      CREATE INDEX instances_by_status ON causality.instances (status, updated_at);
      CREATE INDEX instances_by_time ON causality.instances (created_at);
      CREATE TABLE causality.journal (
        instance text NOT NULL,
        seq integer NOT NULL,
        node text NOT NULL,
        kind text NOT NULL,
        state jsonb,
        detail jsonb,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (instance, seq)
      );
      CREATE TABLE causality.effects (
        key text PRIMARY KEY,
        domain text,
        effect jsonb,
        result jsonb,
        error text,
        recorded boolean NOT NULL DEFAULT false,
        owner text,
        claimed_until timestamptz,
        recorded_at timestamptz
      );
      CREATE TABLE causality.effect_queue (
        key_base text PRIMARY KEY,
        instance text NOT NULL,
        node text NOT NULL,
        entry jsonb NOT NULL,
        enqueued_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX effect_queue_by_time ON causality.effect_queue (enqueued_at);
      CREATE INDEX effect_queue_by_instance ON causality.effect_queue (instance);
    `,
  },
  {
    // The placement decision and its explanation beside the journal entry that enqueued the effect;
    // the inspector's instance list (newest first, paged by key) read by an index in its own order,
    // and an instance's effect attempts (keys "<instance>:...") by a prefix range.
    version: 2,
    sql: `
      ALTER TABLE causality.journal ADD COLUMN placement jsonb;
      CREATE INDEX instances_by_change ON causality.instances (updated_at DESC, id DESC);
      CREATE INDEX effects_by_key_pattern ON causality.effects (key text_pattern_ops);
    `,
  },
];

/**
 * True when `schema` records every migration: the usual open, one query where migrate takes a
 * locked transaction and DDL (~80 ms of a PGlite start in a new process). False when some are
 * missing or the schema or its migrations table is not there yet (the query fails).
 */
export async function migrated(db: SqlClient, schema = "causality"): Promise<boolean> {
  try {
    const { rows } = await db.query<{ version: number }>(`SELECT version FROM ${schema}.migrations`);
    const done = new Set(rows.map((r) => r.version));
    return MIGRATIONS.every((m) => done.has(m.version));
  } catch {
    return false;
  }
}

/** Applies the migrations this database has not seen yet; returns the versions applied now. */
export async function migrate(db: Pick<SqlDatabase, "transaction">, schema = "causality"): Promise<number[]> {
  const q = (text: string) => text.replaceAll("causality.", `${schema}.`);
  return db.transaction(async (c) => {
    // Workers starting together queue here; the first creates everything, the others find it done.
    await c.query("SELECT pg_advisory_xact_lock(31415926)");
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await c.query(
      q(
        "CREATE TABLE IF NOT EXISTS causality.migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
      ),
    );
    const done = new Set(
      (await c.query<{ version: number }>(q("SELECT version FROM causality.migrations"))).rows.map(
        (r) => r.version,
      ),
    );
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const statement of m.sql
        .split(";")
        .map((s) => s.trim())
        .filter(Boolean))
        await c.query(q(statement));
      await c.query(q("INSERT INTO causality.migrations (version) VALUES ($1)"), [m.version]);
      applied.push(m.version);
    }
    return applied;
  });
}
