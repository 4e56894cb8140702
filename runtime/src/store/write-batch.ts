/**
 * A transaction's writes, gathered while the transition runs and sent as ONE statement at its end:
 * a data-modifying CTE that writes the instance rows (each under its version check) and, only when
 * every one of them was written, the journal rows, the queue changes and the definitions. A round
 * trip per transaction instead of one per write; a lost version race writes nothing at all.
 */
import { decode, encode } from "./codec.js";
import type { DefinitionRecord, Instance, JournalEntry, QueuedEffectEntry } from "./store.js";

const json = (value: unknown) => JSON.stringify(encode(value));

/** One statement with its parameters; `expected` instance rows must be written for it to count. */
export interface BatchStatement {
  readonly text: string;
  readonly params: unknown[];
  readonly expected: number;
}

interface InstanceWrite {
  /** The version the stored row must have now; 0 for a new row. */
  readonly from: number;
  next: Instance;
  /** `next` as JSON, taken when it was written: a later change to the object changes nothing. */
  data: string;
}

/** A journal entry with its values kept as the JSON text they had when it was appended. */
interface JournalRow {
  readonly instance: string;
  readonly node: string;
  readonly kind: JournalEntry["kind"];
  readonly state: string | null;
  readonly detail: string | null;
  readonly placement: string | null;
}

export class WriteBatch {
  private readonly definitions: (Omit<DefinitionRecord, "spec"> & { readonly spec: string })[] = [];
  private readonly instances = new Map<string, InstanceWrite>();
  private readonly journal: JournalRow[] = [];
  private readonly enqueued: { readonly entry: QueuedEffectEntry; readonly json: string }[] = [];
  private readonly completed: string[] = [];
  /**
   * Leases given back (no `secs`) or taken for `secs` seconds, by instance id: in the instance's
   * UPDATE when the batch writes that row.
   */
  private readonly leases = new Map<string, { readonly owner: string; readonly secs?: number }>();
  /** Effect keys claimed with the batch (keys of effects it enqueues). */
  private readonly claims: { readonly key: string; readonly owner: string; readonly secs: number }[] = [];

  putDefinition(d: DefinitionRecord): void {
    this.definitions.push({ ...d, spec: json(d.spec) });
  }

  /** A second write of one instance in the batch follows the first (its version is the first's + 1). */
  putInstance(next: Instance): boolean {
    const earlier = this.instances.get(next.id);
    const data = json(next);
    if (earlier) {
      if (next.version !== earlier.next.version + 1) return false;
      earlier.next = next;
      earlier.data = data;
    } else this.instances.set(next.id, { from: next.version - 1, next, data });
    return true;
  }

  /** A copy of the instance as this batch last wrote it (a transaction reads its own writes). */
  written(id: string): Instance | undefined {
    const w = this.instances.get(id);
    return w && (decode(JSON.parse(w.data)) as Instance);
  }

  appendJournal(entry: Omit<JournalEntry, "seq">): void {
    this.journal.push({
      instance: entry.instance,
      node: entry.node,
      kind: entry.kind,
      state: entry.state === undefined ? null : json(entry.state),
      detail: entry.detail === undefined ? null : json(entry.detail),
      placement: entry.placement === undefined ? null : json(entry.placement),
    });
  }

  enqueue(entry: QueuedEffectEntry): void {
    this.enqueued.push({ entry, json: json(entry) });
  }

  complete(keyBase: string): void {
    this.completed.push(keyBase);
  }

  release(id: string, owner: string): void {
    this.leases.set(id, { owner });
  }

  /** Claims `key` for `owner` for `secs` seconds, and the lease on `instance` for `leaseSecs`. */
  claim(key: string, owner: string, secs: number, instance: string, leaseSecs: number): void {
    this.claims.push({ key, owner, secs });
    this.leases.set(instance, { owner, secs: leaseSecs });
  }

  get empty(): boolean {
    return (
      this.instances.size +
        this.definitions.length +
        this.journal.length +
        this.enqueued.length +
        this.completed.length +
        this.leases.size +
        this.claims.length ===
      0
    );
  }

  /** The whole batch as one statement returning one row `{ ok }`. */
  statement(): BatchStatement {
    const params: unknown[] = [];
    const p = (value: unknown, cast = "") => {
      params.push(value);
      return `$${params.length}${cast}`;
    };
    const ctes: string[] = [];
    const counts: string[] = [];
    for (const w of this.instances.values()) {
      const { from, next } = w;
      const name = `w${counts.length}`;
      const data = p(w.data, "::jsonb");
      const change = this.leases.get(next.id);
      const lease = change ? `, ${leaseSet(change, p)}` : "";
      ctes.push(
        from === 0
          ? `${name} AS (INSERT INTO causality.instances (id, definition_id, input_schema, output_schema, state_schema, status, node, version, data)
             VALUES (${p(next.id)}, ${p(next.definitionId)}, ${p(next.schemaIds.input)}, ${p(next.schemaIds.output)}, ${p(next.schemaIds.state)}, ${p(next.status)}, ${p(next.node)}, ${p(next.version, "::int")}, ${data})
             ON CONFLICT (id) DO NOTHING RETURNING 1)`
          : // An upgrade moves the instance to another definition version: its ids move with it.
            `${name} AS (UPDATE causality.instances SET status = ${p(next.status)}, node = ${p(next.node)}, version = ${p(next.version, "::int")}, data = ${data}, updated_at = now(),
               definition_id = ${p(next.definitionId)}, input_schema = ${p(next.schemaIds.input)}, output_schema = ${p(next.schemaIds.output)}, state_schema = ${p(next.schemaIds.state)}${lease}
             WHERE id = ${p(next.id)} AND version = ${p(from, "::int")} RETURNING 1)`,
      );
      counts.push(`(SELECT count(*) FROM ${name})`);
    }
    const expected = counts.length;
    // Everything else is written only when every instance row was: one "ok" the others join.
    ctes.push(
      expected === 0
        ? "ok AS (SELECT true AS ok)"
        : `ok AS (SELECT ${counts.join(" + ")} = ${expected} AS ok)`,
    );
    const rows = (values: string[][]) => values.map((v) => `(${v.join(", ")})`).join(", ");
    if (this.definitions.length > 0)
      ctes.push(`d AS (INSERT INTO causality.definitions (id, name, input_schema, output_schema, state_schema, spec)
        SELECT v.* FROM (VALUES ${rows(
          this.definitions.map((d) => [
            p(d.id, "::text"),
            p(d.name, "::text"),
            p(d.schemaIds.input, "::text"),
            p(d.schemaIds.output, "::text"),
            p(d.schemaIds.state, "::text"),
            p(d.spec, "::jsonb"),
          ]),
        )}) v, ok WHERE ok.ok ON CONFLICT (id) DO NOTHING)`);
    for (const [id, change] of this.leases)
      if (!this.instances.has(id))
        ctes.push(
          `r${ctes.length} AS (UPDATE causality.instances SET ${leaseSet(change, p)} WHERE id = ${p(id, "::text")} AND (SELECT ok FROM ok))`,
        );
    if (this.claims.length > 0)
      ctes.push(`k AS (INSERT INTO causality.effects (key, owner, claimed_until)
        SELECT v.key, v.owner, now() + make_interval(secs => v.secs) FROM (VALUES ${rows(
          this.claims.map((c) => [p(c.key, "::text"), p(c.owner, "::text"), p(c.secs, "::float8")]),
        )}) v (key, owner, secs), ok WHERE ok.ok ON CONFLICT (key) DO NOTHING)`);
    if (this.completed.length > 0)
      ctes.push(
        `c AS (DELETE FROM causality.effect_queue WHERE key_base IN (${this.completed.map((k) => p(k)).join(", ")}) AND (SELECT ok FROM ok))`,
      );
    if (this.enqueued.length > 0)
      ctes.push(`e AS (INSERT INTO causality.effect_queue (key_base, instance, node, entry)
        SELECT v.* FROM (VALUES ${rows(
          this.enqueued.map(({ entry: e, json: text }) => [
            p(e.keyBase, "::text"),
            p(e.instance, "::text"),
            p(e.node, "::text"),
            p(text, "::jsonb"),
          ]),
        )}) v, ok WHERE ok.ok ON CONFLICT (key_base) DO NOTHING)`);
    if (this.journal.length > 0) {
      // Entries of one instance take the next seqs in order: the stored last seq plus their rank here.
      const rank = new Map<string, number>();
      ctes.push(`j AS (INSERT INTO causality.journal (instance, seq, node, kind, state, detail, placement)
        SELECT v.instance, coalesce((SELECT max(seq) FROM causality.journal x WHERE x.instance = v.instance), 0) + v.rank, v.node, v.kind, v.state, v.detail, v.placement
        FROM (VALUES ${rows(
          this.journal.map((entry) => {
            const r = (rank.get(entry.instance) ?? 0) + 1;
            rank.set(entry.instance, r);
            return [
              p(entry.instance, "::text"),
              p(r, "::int"),
              p(entry.node, "::text"),
              p(entry.kind, "::text"),
              p(entry.state, "::jsonb"),
              p(entry.detail, "::jsonb"),
              p(entry.placement, "::jsonb"),
            ];
          }),
        )}) v (instance, rank, node, kind, state, detail, placement), ok WHERE ok.ok)`);
    }
    return { text: `WITH ${ctes.join(",\n")}\nSELECT ok FROM ok`, params, expected };
  }
}

/**
 * The SET of a lease change: given back when `owner` holds it, or taken for `secs` when it is free,
 * expired or already `owner`'s. SET reads the old row, so both columns see the lease as it was.
 */
function leaseSet(
  change: { readonly owner: string; readonly secs?: number },
  p: (value: unknown, cast?: string) => string,
): string {
  const owner = p(change.owner, "::text");
  if (change.secs === undefined)
    return `lease_owner = CASE WHEN lease_owner = ${owner} THEN NULL ELSE lease_owner END,
      lease_until = CASE WHEN lease_owner = ${owner} THEN NULL ELSE lease_until END`;
  const free = `(lease_owner IS NULL OR lease_owner = ${owner} OR lease_until < now())`;
  return `lease_owner = CASE WHEN ${free} THEN ${owner} ELSE lease_owner END,
    lease_until = CASE WHEN ${free} THEN now() + make_interval(secs => ${p(change.secs, "::float8")}) ELSE lease_until END`;
}
