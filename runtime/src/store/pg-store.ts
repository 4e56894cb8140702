/**
 * The durable store: one SQL implementation of `Store` that runs unchanged on PGlite (embedded,
 * the default) and on a PostgreSQL server (`DATABASE_URL`). A transition is one transaction; the
 * instance row's version makes concurrent writers conflict instead of overwriting each other; an
 * effect's result is recorded by key outside any transaction the moment it exists; leases and
 * effect claims are rows with an expiry on the database's own clock.
 */
import type { Browsable, StoreBrowser } from "./browse.js";
import { decode, encode } from "./codec.js";
import { type Lease, release, take } from "./lease.js";
import { migrate, migrated } from "./migrations.js";
import { DEFINITION_COLUMNS, type DefinitionRow, definitionRecord, PgBrowser } from "./pg-browse.js";
import { openDatabase, type SqlClient, type SqlDatabase } from "./sql.js";
import {
  ConflictError,
  type DefinitionRecord,
  type EffectClaim,
  type EffectLease,
  type EffectRecord,
  type Instance,
  type InstanceFilter,
  type InstanceSummary,
  type JournalEntry,
  type PlacementRecord,
  type QueuedEffectEntry,
  type Store,
  StoreDataError,
  type Tx,
} from "./store.js";
import { WriteBatch } from "./write-batch.js";

const ms = (n: number) => Math.max(0, n) / 1000;
const LEASE = "now() + make_interval(secs => $3::float8)";

export class PgStore implements Store, Browsable {
  private readonly db: SqlClient & Pick<SqlDatabase, "transaction" | "prepared">;
  /** What the inspector reads (browse.ts), in SQL (pg-browse.ts). */
  readonly browse: StoreBrowser;
  /**
   * PGlite is one process's database (no other process can open its directory), so its leases and
   * effect claims live in this process: a commit saved on every step. A server keeps them in rows.
   */
  private readonly local?: { leases: Map<string, Lease>; claims: Map<string, Lease> };
  private turn: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly database: SqlDatabase,
    readonly schema: string,
    private readonly owned: boolean,
  ) {
    // Every statement is written against the schema "causality"; another schema name is put in here.
    const q = (text: string) => (schema === "causality" ? text : text.replaceAll("causality.", `${schema}.`));
    if (database.engine === "pglite") this.local = { leases: new Map(), claims: new Map() };
    this.db = {
      query: (text, params) => database.query(q(text), params),
      prepared: (text, params) => database.prepared(q(text), params),
      transaction: (work) =>
        database.transaction((c) => work({ query: (text, params) => c.query(q(text), params) })),
    };
    this.browse = new PgBrowser(this.db);
  }

  /**
   * Opens (and migrates) the store at a data directory, a `postgres://` URL, or in memory (no
   * target). `schema` puts its tables in another PostgreSQL schema (tests, several stores in one database).
   */
  static async open(target?: string, options: { poolSize?: number; schema?: string } = {}): Promise<PgStore> {
    // A new PGlite template gets the tables of the default schema: fresh directories start migrated.
    const db = await openDatabase(target, {
      ...options,
      initialiseTemplate: (template) => migrate(template),
    });
    try {
      return await PgStore.on(db, options.schema, true);
    } catch (e) {
      await db.close();
      throw e;
    }
  }

  /** A store on a database opened elsewhere (closing the store leaves the database open). */
  static async on(db: SqlDatabase, schema = "causality", owned = false): Promise<PgStore> {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
    // Migrations only add: a schema that has them all needs no lock (migrate takes one).
    if (!(await migrated(db, schema))) await migrate(db, schema);
    return new PgStore(db, schema, owned);
  }

  get engine(): "pglite" | "server" {
    return this.database.engine;
  }

  async close(): Promise<void> {
    if (this.owned) await this.database.close();
  }

  /**
   * Runs `work`, then sends its writes as one statement (write-batch.ts). Reads go to the database
   * as they come, outside BEGIN .. COMMIT: every write is checked against the version it was
   * computed from, so nothing read can have changed under a write that succeeds (what READ
   * COMMITTED gave inside a transaction, too). Only a batch
   * writing several instance rows needs BEGIN .. COMMIT (one of its checks may fail after another
   * row was written); a batch of one row writes all or nothing on its own.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    if (!this.local) return this.runTransaction(work);
    // PGlite's transactions run one after another, as they did inside its BEGIN .. COMMIT: a
    // transition that reads a sibling's row (placement) sees every transaction before it.
    const run = this.turn.then(() => this.runTransaction(work));
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async runTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const batch = new WriteBatch();
    // PGlite's leases and claims are this process's: taken or given back once the batch is written.
    const committed: (() => void)[] = [];
    const result = await work(this.tx(batch, committed));
    if (!batch.empty) await this.write(batch);
    for (const f of committed) f();
    return result;
  }

  private async write(batch: WriteBatch): Promise<void> {
    const { text, params, expected } = batch.statement();
    const check = (r: { rows: { ok: boolean }[] }) => {
      if (r.rows[0]?.ok !== true)
        throw new ConflictError("an instance was written over by another writer (its version moved)");
    };
    try {
      if (expected <= 1) check(await this.db.prepared<{ ok: boolean }>(text, params));
      else await this.db.transaction(async (c) => check(await c.query<{ ok: boolean }>(text, params)));
    } catch (e) {
      // A second writer of one version, or of one journal seq, lost the race: that is a conflict.
      if ((e as { code?: string }).code === "23505") throw new ConflictError(String((e as Error).message));
      throw e;
    }
  }

  private tx(batch: WriteBatch, committed: (() => void)[]): Tx {
    const { local } = this;
    const c = this.db;
    return {
      putDefinition: async (d) => batch.putDefinition(d),
      getInstance: async (id) => batch.written(id) ?? readInstance(c, id),
      putInstance: async (next) => {
        if (!batch.putInstance(next))
          throw new ConflictError(
            `instance ${next.id}: version ${next.version} written twice in one transaction`,
          );
      },
      appendJournal: async (entry) => batch.appendJournal(entry),
      getEffect: async (key) => {
        const r = await c.query<EffectRow>(
          "SELECT key, domain, effect, result, error FROM causality.effects WHERE key = $1 AND recorded",
          [key],
        );
        return r.rows[0] && effectRecord(r.rows[0]);
      },
      enqueueEffect: async (e) => batch.enqueue(e),
      completeEffect: async (keyBase) => batch.complete(keyBase),
      releaseInstance: async (id, owner) => {
        if (local) committed.push(() => release(local.leases, id, owner));
        else batch.release(id, owner);
      },
      claimEffect: async (key, owner, claimMs, lease) => {
        if (!local) return batch.claim(key, owner, ms(claimMs), lease.instance, ms(lease.ms));
        committed.push(() => {
          take(local.leases, lease.instance, owner, lease.ms);
          take(local.claims, key, owner, claimMs);
        });
      },
    };
  }

  async claimInstance(id: string, owner: string, leaseMs: number): Promise<boolean> {
    if (this.local) return take(this.local.leases, id, owner, leaseMs);
    const r = await this.db.prepared(
      `UPDATE causality.instances SET lease_owner = $2, lease_until = ${LEASE}
       WHERE id = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < now())`,
      [id, owner, ms(leaseMs)],
    );
    return r.rowCount === 1;
  }

  async releaseInstance(id: string, owner: string): Promise<void> {
    if (this.local) return release(this.local.leases, id, owner);
    await this.db.prepared(
      "UPDATE causality.instances SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2",
      [id, owner],
    );
  }

  async claimRunnable(owner: string, leaseMs: number, limit: number): Promise<readonly string[]> {
    if (this.local) {
      const { leases } = this.local;
      const r = await this.db.query<{ id: string }>(
        "SELECT id FROM causality.instances WHERE status = 'running' ORDER BY updated_at",
      );
      const out: string[] = [];
      for (const { id } of r.rows) if (out.length < limit && take(leases, id, owner, leaseMs)) out.push(id);
      return out;
    }
    // SKIP LOCKED: workers asking at once each take different rows instead of waiting on each other.
    const r = await this.db.query<{ id: string }>(
      `UPDATE causality.instances SET lease_owner = $1, lease_until = now() + make_interval(secs => $2::float8)
       WHERE id IN (
         SELECT id FROM causality.instances
         WHERE status = 'running' AND (lease_until IS NULL OR lease_until < now())
         ORDER BY updated_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [owner, ms(leaseMs), limit],
    );
    return r.rows.map((row) => row.id);
  }

  async claimEffect(key: string, owner: string, claimMs: number, lease?: EffectLease): Promise<EffectClaim> {
    if (this.local) {
      const leased = !lease || take(this.local.leases, lease.instance, owner, lease.ms);
      const r = await this.db.prepared<EffectRow>(
        "SELECT key, domain, effect, result, error FROM causality.effects WHERE key = $1 AND recorded",
        [key],
      );
      if (r.rows[0]) return { status: "done", record: effectRecord(r.rows[0]) };
      if (!leased) return { status: "busy" };
      return take(this.local.claims, key, owner, claimMs) ? { status: "claimed" } : { status: "busy" };
    }
    const upsert = `ON CONFLICT (key) DO UPDATE SET owner = $2, claimed_until = ${LEASE}
       WHERE NOT causality.effects.recorded AND (causality.effects.owner = $2 OR causality.effects.claimed_until < now())`;
    const claimed = lease
      ? // The instance's lease in the same statement (no round trip of its own): the key is claimed only under it.
        await this.db.prepared(
          `WITH l AS (UPDATE causality.instances SET lease_owner = $2, lease_until = now() + make_interval(secs => $5::float8)
             WHERE id = $4 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < now()) RETURNING 1)
           INSERT INTO causality.effects (key, owner, claimed_until) SELECT $1, $2, ${LEASE} FROM l ${upsert}`,
          [key, owner, ms(claimMs), lease.instance, ms(lease.ms)],
        )
      : await this.db.prepared(
          `INSERT INTO causality.effects (key, owner, claimed_until) VALUES ($1, $2, ${LEASE}) ${upsert}`,
          [key, owner, ms(claimMs)],
        );
    if (claimed.rowCount === 1) return { status: "claimed" };
    const r = await this.db.prepared<EffectRow>(
      "SELECT key, domain, effect, result, error, recorded FROM causality.effects WHERE key = $1",
      [key],
    );
    const row = r.rows[0];
    return row?.recorded ? { status: "done", record: effectRecord(row) } : { status: "busy" };
  }

  async recordEffect(record: EffectRecord): Promise<void> {
    this.local?.claims.delete(record.key);
    // The first record of a key wins; a late runner whose claim lapsed does not overwrite it.
    await this.db.prepared(
      `INSERT INTO causality.effects (key, domain, effect, result, error, recorded, recorded_at)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, true, now())
       ON CONFLICT (key) DO UPDATE SET domain = $2, effect = $3::jsonb, result = $4::jsonb, error = $5,
         recorded = true, recorded_at = now(), owner = NULL, claimed_until = NULL
       WHERE NOT causality.effects.recorded`,
      [
        record.key,
        record.domain,
        JSON.stringify(encode(record.effect)),
        JSON.stringify(encode(record.result)),
        record.error ?? null,
      ],
    );
  }

  async queuedEffects(): Promise<readonly QueuedEffectEntry[]> {
    const r = await this.db.query<{ entry: unknown }>(
      "SELECT entry FROM causality.effect_queue ORDER BY enqueued_at, key_base",
    );
    return r.rows.map((row) => decode(row.entry) as QueuedEffectEntry);
  }

  async journal(instance: string): Promise<readonly JournalEntry[]> {
    const r = await this.db.query<{
      seq: number;
      node: string;
      kind: string;
      state: unknown;
      detail: unknown;
      placement: unknown;
      at: Date;
    }>(
      "SELECT seq, node, kind, state, detail, placement, at FROM causality.journal WHERE instance = $1 ORDER BY seq",
      [instance],
    );
    return r.rows.map((row) => {
      try {
        return {
          instance,
          seq: row.seq,
          node: row.node,
          kind: row.kind as JournalEntry["kind"],
          ...(row.state === null ? {} : { state: decode(row.state) }),
          ...(row.detail === null ? {} : { detail: decode(row.detail) }),
          ...(row.placement === null ? {} : { placement: decode(row.placement) as PlacementRecord }),
          at: new Date(row.at),
        };
      } catch (e) {
        throw new StoreDataError(
          instance,
          `journal entry ${row.seq} cannot be read: ${(e as Error).message}`,
        );
      }
    });
  }

  async instances(filter: InstanceFilter = {}): Promise<readonly InstanceSummary[]> {
    const r = await this.db.query<{
      id: string;
      definition_id: string;
      status: string;
      node: string;
      version: number;
      updated_at: Date;
    }>(
      `SELECT id, definition_id, status, node, version, updated_at FROM causality.instances
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR definition_id = $2)
       ORDER BY updated_at DESC, id LIMIT $3`,
      [filter.status ?? null, filter.definitionId ?? null, filter.limit ?? 100],
    );
    return r.rows.map((row) => ({
      id: row.id,
      definitionId: row.definition_id,
      status: row.status as InstanceSummary["status"],
      node: row.node,
      version: row.version,
      updatedAt: new Date(row.updated_at),
    }));
  }

  async definition(id: string): Promise<DefinitionRecord | undefined> {
    const r = await this.db.query<DefinitionRow>(
      `SELECT ${DEFINITION_COLUMNS} FROM causality.definitions WHERE id = $1`,
      [id],
    );
    return r.rows[0] && definitionRecord(r.rows[0]);
  }
}

interface EffectRow {
  key: string;
  domain: string | null;
  effect: unknown;
  result: unknown;
  error: string | null;
  recorded?: boolean;
}

function effectRecord(row: EffectRow): EffectRecord {
  return {
    key: row.key,
    domain: row.domain ?? "",
    effect: decode(row.effect),
    result: decode(row.result),
    ...(row.error === null ? {} : { error: row.error }),
  };
}

async function readInstance(c: Pick<SqlDatabase, "prepared">, id: string): Promise<Instance | undefined> {
  const r = await c.prepared<{ data: unknown; version: number }>(
    "SELECT data, version FROM causality.instances WHERE id = $1",
    [id],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  let inst: Instance;
  try {
    inst = decode(row.data) as Instance;
  } catch (e) {
    throw new StoreDataError(id, `the stored instance cannot be read: ${(e as Error).message}`);
  }
  if (inst === null || typeof inst !== "object" || inst.id !== id || inst.version !== row.version)
    throw new StoreDataError(id, "the stored instance does not match its row (id or version)");
  return inst;
}
