/**
 * What the inspector reads, and nothing it writes: the store's own queries where they fit
 * (instance, definition) and read-only SELECTs over the same tables for what a person browses
 * (counts, pages of instances by status/definition/time, the journal with its times, effect records).
 * Paging is by key (updated_at, id), so the 10,000th instance costs what the first does.
 */
import {
  decodeStored,
  type Instance,
  type InstanceStatus,
  type PgStore,
  type SqlDatabase,
} from "@causality/runtime";
import { type TypeExpr, typeExprIdHex } from "@causality/schema";

export type StatusFilter = InstanceStatus | "waiting";
export const STATUS_FILTERS: readonly StatusFilter[] = ["running", "waiting", "completed", "failed"];

export interface InstanceRow {
  readonly id: string;
  readonly definitionId: string;
  readonly name: string;
  readonly status: InstanceStatus;
  readonly waiting: boolean;
  readonly node: string;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface PageQuery {
  readonly status?: StatusFilter;
  readonly definition?: string;
  /** Only instances changed at or after this time. */
  readonly since?: Date;
  /** The page after this row (the last row of the previous page). */
  readonly after?: { readonly at: Date; readonly id: string };
  readonly limit: number;
}

export interface DefinitionRow {
  readonly id: string;
  readonly name: string;
  readonly schemaIds: { readonly input: string; readonly output: string; readonly state: string };
  readonly registeredAt: Date;
  readonly instances: number;
}

export interface JournalRow {
  readonly seq: number;
  readonly node: string;
  readonly kind: string;
  readonly state?: unknown;
  readonly detail?: unknown;
  readonly at: Date;
}

export interface EffectRow {
  readonly key: string;
  readonly domain: string | null;
  readonly effect: unknown;
  readonly result: unknown;
  readonly error: string | null;
  readonly recorded: boolean;
  readonly recordedAt: Date | null;
}

export interface SchemaUse {
  readonly definitionId: string;
  readonly name: string;
  readonly role: "input" | "output" | "state";
}

const ROLES = ["input", "output", "state"] as const;

export class InspectorQueries {
  constructor(
    readonly store: PgStore,
    private readonly db: SqlDatabase,
    private readonly pgSchema = "causality",
  ) {}

  private q(text: string): string {
    return this.pgSchema === "causality" ? text : text.replaceAll("causality.", `${this.pgSchema}.`);
  }

  async counts(): Promise<Record<StatusFilter, number>> {
    const r = await this.db.query<{ status: string; n: string | number }>(
      this.q("SELECT status, count(*) AS n FROM causality.instances GROUP BY status"),
    );
    const w = await this.db.query<{ n: string | number }>(
      this.q(
        `SELECT count(DISTINCT q.instance) AS n FROM causality.effect_queue q
         JOIN causality.instances i ON i.id = q.instance WHERE i.status = 'running'`,
      ),
    );
    const counts: Record<StatusFilter, number> = { running: 0, waiting: 0, completed: 0, failed: 0 };
    for (const row of r.rows)
      if (Object.hasOwn(counts, row.status)) counts[row.status as StatusFilter] = Number(row.n);
    counts.waiting = Number(w.rows[0]?.n ?? 0);
    return counts;
  }

  /** Definition ids and names only (the instance list's filter), without counting instances. */
  async definitionNames(): Promise<{ id: string; name: string }[]> {
    const r = await this.db.query<{ id: string; name: string }>(
      this.q("SELECT id, name FROM causality.definitions ORDER BY name, registered_at"),
    );
    return r.rows;
  }

  async definitions(): Promise<DefinitionRow[]> {
    const r = await this.db.query<{
      id: string;
      name: string;
      input_schema: string;
      output_schema: string;
      state_schema: string;
      registered_at: Date;
      n: string | number;
    }>(
      this.q(
        `SELECT d.id, d.name, d.input_schema, d.output_schema, d.state_schema, d.registered_at,
                (SELECT count(*) FROM causality.instances i WHERE i.definition_id = d.id) AS n
         FROM causality.definitions d ORDER BY d.name, d.registered_at`,
      ),
    );
    return r.rows.map((row) => ({
      id: row.id,
      name: row.name,
      schemaIds: { input: row.input_schema, output: row.output_schema, state: row.state_schema },
      registeredAt: new Date(row.registered_at),
      instances: Number(row.n),
    }));
  }

  async instances(page: PageQuery): Promise<InstanceRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (page.status === "waiting")
      where.push(
        "i.status = 'running' AND EXISTS (SELECT 1 FROM causality.effect_queue q WHERE q.instance = i.id)",
      );
    else if (page.status) where.push(`i.status = ${param(page.status)}`);
    if (page.definition) where.push(`i.definition_id = ${param(page.definition)}`);
    if (page.since) where.push(`i.updated_at >= ${param(page.since)}`);
    if (page.after) where.push(`(i.updated_at, i.id) < (${param(page.after.at)}, ${param(page.after.id)})`);
    const r = await this.db.query<{
      id: string;
      definition_id: string;
      name: string | null;
      status: string;
      node: string;
      version: number;
      created_at: Date;
      updated_at: Date;
      waiting: boolean;
    }>(
      this.q(
        `SELECT i.id, i.definition_id, d.name, i.status, i.node, i.version, i.created_at, i.updated_at,
                EXISTS (SELECT 1 FROM causality.effect_queue q WHERE q.instance = i.id) AS waiting
         FROM causality.instances i LEFT JOIN causality.definitions d ON d.id = i.definition_id
         ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
         ORDER BY i.updated_at DESC, i.id DESC LIMIT ${param(page.limit)}`,
      ),
      params,
    );
    return r.rows.map((row) => ({
      id: row.id,
      definitionId: row.definition_id,
      name: row.name ?? "(unknown definition)",
      status: row.status as InstanceStatus,
      waiting: row.waiting === true && row.status === "running",
      node: row.node,
      version: row.version,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
    }));
  }

  instance(id: string): Promise<Instance | undefined> {
    return this.store.transaction((tx) => tx.getInstance(id));
  }

  /** A version stamp of an instance, for live updates: changes whenever it moves. */
  async stamp(id: string): Promise<string | undefined> {
    const r = await this.db.query<{ version: number; status: string }>(
      this.q("SELECT version, status FROM causality.instances WHERE id = $1"),
      [id],
    );
    const row = r.rows[0];
    return row ? `${row.version}:${row.status}` : undefined;
  }

  async journal(id: string): Promise<JournalRow[]> {
    const r = await this.db.query<{
      seq: number;
      node: string;
      kind: string;
      state: unknown;
      detail: unknown;
      at: Date;
    }>(
      this.q(
        "SELECT seq, node, kind, state, detail, at FROM causality.journal WHERE instance = $1 ORDER BY seq",
      ),
      [id],
    );
    return r.rows.map((row) => ({
      seq: row.seq,
      node: row.node,
      kind: row.kind,
      ...(row.state === null ? {} : { state: readStored(row.state) }),
      ...(row.detail === null ? {} : { detail: readStored(row.detail) }),
      at: new Date(row.at),
    }));
  }

  /** Every effect attempt of an instance (keys start with the instance id). */
  async effects(id: string): Promise<EffectRow[]> {
    const r = await this.db.query<{
      key: string;
      domain: string | null;
      effect: unknown;
      result: unknown;
      error: string | null;
      recorded: boolean;
      recorded_at: Date | null;
    }>(
      this.q(
        `SELECT key, domain, effect, result, error, recorded, recorded_at FROM causality.effects
         WHERE starts_with(key, $1) ORDER BY recorded_at NULLS LAST, key`,
      ),
      [`${id}:`],
    );
    return r.rows.map((row) => ({
      key: row.key,
      domain: row.domain,
      effect: row.effect === null ? null : readStored(row.effect),
      result: row.result === null ? null : readStored(row.result),
      error: row.error,
      recorded: row.recorded,
      recordedAt: row.recorded_at === null ? null : new Date(row.recorded_at),
    }));
  }

  /** A schema's TypeExpr and the definitions that use it, found through the definitions that name its id. */
  async schema(id: string): Promise<{ expr: TypeExpr; uses: SchemaUse[] } | undefined> {
    const r = await this.db.query<{
      id: string;
      name: string;
      input_schema: string;
      output_schema: string;
      state_schema: string;
      spec: unknown;
    }>(
      this.q(
        `SELECT id, name, input_schema, output_schema, state_schema, spec FROM causality.definitions
         WHERE input_schema = $1 OR output_schema = $1 OR state_schema = $1 ORDER BY registered_at`,
      ),
      [id],
    );
    let expr: TypeExpr | undefined;
    const uses: SchemaUse[] = [];
    for (const row of r.rows) {
      const ids = { input: row.input_schema, output: row.output_schema, state: row.state_schema };
      const spec = readStored(row.spec) as { schemas?: Record<string, TypeExpr> } | undefined;
      for (const role of ROLES) {
        if (ids[role] !== id) continue;
        uses.push({ definitionId: row.id, name: row.name, role });
        const candidate = spec?.schemas?.[role];
        // The stored expression is trusted only if it hashes to the id it is filed under.
        if (expr === undefined && candidate !== undefined && safeId(candidate) === id) expr = candidate;
      }
    }
    return expr === undefined ? undefined : { expr, uses };
  }
}

function safeId(expr: TypeExpr): string | undefined {
  try {
    return typeExprIdHex(expr);
  } catch {
    return undefined;
  }
}

/** A stored JSON value; one that cannot be decoded is shown as it is stored rather than failing the page. */
function readStored(value: unknown): unknown {
  try {
    return decodeStored(value);
  } catch {
    return value;
  }
}
