/**
 * In-memory store: writes are buffered per transaction and applied together at commit. For tests
 * and one-process use; the PostgreSQL store keeps the same promises durably.
 */

import type { Browsable, StoreBrowser } from "./browse.js";
import { type Lease, release, take } from "./lease.js";
import { MemoryBrowser } from "./memory-browse.js";
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
  type QueuedEffectEntry,
  type Store,
  type Tx,
} from "./store.js";

export class MemoryStore implements Store, Browsable {
  private readonly rows = new Map<string, Instance>();
  private readonly entries = new Map<string, JournalEntry[]>();
  private readonly effects = new Map<string, EffectRecord>();
  private readonly queue = new Map<string, QueuedEffectEntry>();
  private readonly leases = new Map<string, Lease>();
  private readonly definitions = new Map<string, DefinitionRecord>();
  private readonly updated = new Map<string, Date>();
  private readonly effectClaims = new Map<string, Lease>();
  private readonly created = new Map<string, Date>();
  private readonly registered = new Map<string, Date>();
  /** What the inspector reads (browse.ts), over these maps (memory-browse.ts). */
  readonly browse: StoreBrowser = new MemoryBrowser({
    rows: this.rows,
    created: this.created,
    updated: this.updated,
    definitions: this.definitions,
    registered: this.registered,
    queue: this.queue,
    effects: this.effects,
    effectClaims: this.effectClaims,
  });
  private turn: Promise<unknown> = Promise.resolve();

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    // Transactions run one at a time, like a serializable database would order them.
    const run = this.turn.then(() => this.runOne(work));
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async runOne<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const instances = new Map<string, Instance>();
    const journal: Omit<JournalEntry, "seq">[] = [];
    const enqueued: QueuedEffectEntry[] = [];
    const completed: string[] = [];
    const released: { id: string; owner: string }[] = [];
    const claims: { key: string; owner: string; ms: number; lease: EffectLease }[] = [];
    const definitions: DefinitionRecord[] = [];
    const tx: Tx = {
      putDefinition: async (record) => {
        definitions.push(structuredClone(record));
      },
      getInstance: async (id) => {
        const found = instances.get(id) ?? this.rows.get(id);
        return found && structuredClone(found);
      },
      putInstance: async (next) => {
        const current = instances.get(next.id) ?? this.rows.get(next.id);
        const expected = current ? current.version + 1 : 1;
        if (next.version !== expected) {
          throw new ConflictError(
            `instance ${next.id}: version ${next.version} written over ${current?.version ?? "none"}`,
          );
        }
        instances.set(next.id, structuredClone(next));
      },
      appendJournal: async (entry) => {
        journal.push(structuredClone(entry));
      },
      getEffect: async (key) => {
        const found = this.effects.get(key);
        return found && structuredClone(found);
      },
      enqueueEffect: async (effect) => {
        enqueued.push(structuredClone(effect));
      },
      completeEffect: async (keyBase) => {
        completed.push(keyBase);
      },
      releaseInstance: async (id, owner) => {
        released.push({ id, owner });
      },
      claimEffect: async (key, owner, ms, lease) => {
        claims.push({ key, owner, ms, lease });
      },
    };
    const result = await work(tx);
    const now = new Date();
    for (const d of definitions)
      if (!this.definitions.has(d.id)) {
        this.definitions.set(d.id, d);
        this.registered.set(d.id, now);
      }
    for (const [id, inst] of instances) {
      this.rows.set(id, inst);
      this.updated.set(id, now);
      if (!this.created.has(id)) this.created.set(id, now);
    }
    for (const effect of enqueued) this.queue.set(effect.keyBase, effect);
    for (const keyBase of completed) this.queue.delete(keyBase);
    for (const { id, owner } of released) release(this.leases, id, owner);
    for (const { key, owner, ms, lease } of claims) {
      take(this.leases, lease.instance, owner, lease.ms);
      if (!this.effects.has(key)) take(this.effectClaims, key, owner, ms);
    }
    for (const entry of journal) {
      const list = this.entries.get(entry.instance) ?? [];
      list.push({ ...entry, seq: list.length + 1, at: now });
      this.entries.set(entry.instance, list);
    }
    return result;
  }

  async claimInstance(id: string, owner: string, ms: number): Promise<boolean> {
    return take(this.leases, id, owner, ms);
  }

  async releaseInstance(id: string, owner: string): Promise<void> {
    release(this.leases, id, owner);
  }

  async claimRunnable(owner: string, ms: number, limit: number): Promise<readonly string[]> {
    const out: string[] = [];
    for (const inst of this.rows.values()) {
      if (out.length >= limit) break;
      if (inst.status === "running" && take(this.leases, inst.id, owner, ms)) out.push(inst.id);
    }
    return out;
  }

  async claimEffect(key: string, owner: string, ms: number, lease?: EffectLease): Promise<EffectClaim> {
    const leased = !lease || take(this.leases, lease.instance, owner, lease.ms);
    const record = this.effects.get(key);
    if (record) return { status: "done", record: structuredClone(record) };
    if (!leased) return { status: "busy" };
    return take(this.effectClaims, key, owner, ms) ? { status: "claimed" } : { status: "busy" };
  }

  async recordEffect(record: EffectRecord): Promise<void> {
    if (!this.effects.has(record.key)) this.effects.set(record.key, structuredClone(record));
    this.effectClaims.delete(record.key);
  }

  async queuedEffects(): Promise<readonly QueuedEffectEntry[]> {
    return [...this.queue.values()].map((e) => structuredClone(e));
  }

  async instances(filter: InstanceFilter = {}): Promise<readonly InstanceSummary[]> {
    return [...this.rows.values()]
      .filter(
        (i) =>
          (filter.status === undefined || i.status === filter.status) &&
          (filter.definitionId === undefined || i.definitionId === filter.definitionId),
      )
      .map((i) => ({
        id: i.id,
        definitionId: i.definitionId,
        status: i.status,
        node: i.node,
        version: i.version,
        updatedAt: this.updated.get(i.id)!,
      }))
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
      .slice(0, filter.limit ?? 100);
  }

  async definition(id: string): Promise<DefinitionRecord | undefined> {
    const found = this.definitions.get(id);
    return found && structuredClone(found);
  }

  async journal(instance: string): Promise<readonly JournalEntry[]> {
    return (this.entries.get(instance) ?? []).map((e) => structuredClone(e));
  }
}
