/**
 * The browse queries (browse.ts) in SQL, for PgStore on PGlite and on a server. The instance list
 * is read in the order of the index instances_by_change (updated_at DESC, id DESC) and paged by
 * key; an instance's effect attempts by a prefix range on effects_by_key_pattern.
 */
import type {
  DefinitionListRow,
  EffectAttempt,
  InstanceListRow,
  InstancePageQuery,
  ListStatus,
  StoreBrowser,
} from "./browse.js";
import { decode } from "./codec.js";
import type { SqlClient } from "./sql.js";
import type { DefinitionRecord, InstanceStatus } from "./store.js";

export interface DefinitionRow {
  id: string;
  name: string;
  input_schema: string;
  output_schema: string;
  state_schema: string;
  spec: unknown;
}

export const DEFINITION_COLUMNS = "id, name, input_schema, output_schema, state_schema, spec";

export function definitionRecord(row: DefinitionRow): DefinitionRecord {
  return {
    id: row.id,
    name: row.name,
    schemaIds: { input: row.input_schema, output: row.output_schema, state: row.state_schema },
    spec: decode(row.spec),
  };
}

/** The smallest string above every string that starts with `prefix` (in byte order, text_pattern_ops). */
function prefixEnd(prefix: string): string {
  const last = prefix.codePointAt(prefix.length - 1) ?? 0;
  return prefix.slice(0, -1) + String.fromCodePoint(last + 1);
}

export class PgBrowser implements StoreBrowser {
  constructor(private readonly db: SqlClient) {}

  async statusCounts(): Promise<Record<ListStatus, number>> {
    const r = await this.db.query<{ status: string; n: string | number }>(
      `SELECT status, count(*) AS n FROM causality.instances GROUP BY status
       UNION ALL
       SELECT 'waiting', count(DISTINCT q.instance) FROM causality.effect_queue q
       JOIN causality.instances i ON i.id = q.instance WHERE i.status = 'running'`,
    );
    const counts: Record<ListStatus, number> = { running: 0, waiting: 0, completed: 0, failed: 0 };
    for (const row of r.rows)
      if (Object.hasOwn(counts, row.status)) counts[row.status as ListStatus] = Number(row.n);
    return counts;
  }

  async instancePage(page: InstancePageQuery): Promise<readonly InstanceListRow[]> {
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
    if (page.definitionId) where.push(`i.definition_id = ${param(page.definitionId)}`);
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
      `SELECT i.id, i.definition_id, d.name, i.status, i.node, i.version, i.created_at, i.updated_at,
              i.status = 'running' AND EXISTS (SELECT 1 FROM causality.effect_queue q WHERE q.instance = i.id) AS waiting
       FROM causality.instances i LEFT JOIN causality.definitions d ON d.id = i.definition_id
       ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY i.updated_at DESC, i.id DESC LIMIT ${param(page.limit)}`,
      params,
    );
    return r.rows.map((row) => ({
      id: row.id,
      definitionId: row.definition_id,
      ...(row.name === null ? {} : { name: row.name }),
      status: row.status as InstanceStatus,
      waiting: row.waiting === true,
      node: row.node,
      version: row.version,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
    }));
  }

  async definitionList(): Promise<readonly DefinitionListRow[]> {
    const r = await this.db.query<{
      id: string;
      name: string;
      input_schema: string;
      output_schema: string;
      state_schema: string;
      registered_at: Date;
      n: string | number;
    }>(
      `SELECT d.id, d.name, d.input_schema, d.output_schema, d.state_schema, d.registered_at,
              (SELECT count(*) FROM causality.instances i WHERE i.definition_id = d.id) AS n
       FROM causality.definitions d ORDER BY d.name, d.registered_at`,
    );
    return r.rows.map((row) => ({
      id: row.id,
      name: row.name,
      schemaIds: { input: row.input_schema, output: row.output_schema, state: row.state_schema },
      registeredAt: new Date(row.registered_at),
      instances: Number(row.n),
    }));
  }

  async definitionNames(): Promise<readonly { id: string; name: string }[]> {
    const r = await this.db.query<{ id: string; name: string }>(
      "SELECT id, name FROM causality.definitions ORDER BY name, registered_at",
    );
    return r.rows;
  }

  async effectAttempts(instance: string): Promise<readonly EffectAttempt[]> {
    const prefix = `${instance}:`;
    const r = await this.db.query<{
      key: string;
      domain: string | null;
      effect: unknown;
      result: unknown;
      error: string | null;
      recorded: boolean;
      recorded_at: Date | null;
    }>(
      `SELECT key, domain, effect, result, error, recorded, recorded_at FROM causality.effects
       WHERE key ~>=~ $1 AND key ~<~ $2 ORDER BY recorded_at NULLS LAST, key`,
      [prefix, prefixEnd(prefix)],
    );
    return r.rows.map((row) => ({
      key: row.key,
      ...(row.domain === null ? {} : { domain: row.domain }),
      ...(row.effect === null ? {} : { effect: decode(row.effect) }),
      ...(row.result === null ? {} : { result: decode(row.result) }),
      ...(row.error === null ? {} : { error: row.error }),
      recorded: row.recorded,
      ...(row.recorded_at === null ? {} : { recordedAt: new Date(row.recorded_at) }),
    }));
  }

  async definitionsUsing(schemaId: string): Promise<readonly DefinitionRecord[]> {
    const r = await this.db.query<DefinitionRow>(
      `SELECT ${DEFINITION_COLUMNS} FROM causality.definitions
       WHERE input_schema = $1 OR output_schema = $1 OR state_schema = $1 ORDER BY registered_at, id`,
      [schemaId],
    );
    return r.rows.map(definitionRecord);
  }

  async instanceStamp(id: string): Promise<string | undefined> {
    const r = await this.db.query<{ version: number; status: string }>(
      "SELECT version, status FROM causality.instances WHERE id = $1",
      [id],
    );
    const row = r.rows[0];
    return row ? `${row.version}:${row.status}` : undefined;
  }
}
