/** The browse queries (browse.ts) over the in-memory store's maps: the same answers as the SQL, by scanning. */
import type {
  DefinitionListRow,
  EffectAttempt,
  InstanceListRow,
  InstancePageQuery,
  ListStatus,
  StoreBrowser,
} from "./browse.js";
import type { Lease } from "./lease.js";
import type { DefinitionRecord, EffectRecord, Instance, QueuedEffectEntry } from "./store.js";

/** What the memory store holds, as these queries read it. */
export interface MemoryTables {
  readonly rows: ReadonlyMap<string, Instance>;
  readonly created: ReadonlyMap<string, Date>;
  readonly updated: ReadonlyMap<string, Date>;
  readonly definitions: ReadonlyMap<string, DefinitionRecord>;
  readonly registered: ReadonlyMap<string, Date>;
  readonly queue: ReadonlyMap<string, QueuedEffectEntry>;
  readonly effects: ReadonlyMap<string, EffectRecord>;
  readonly effectClaims: ReadonlyMap<string, Lease>;
}

/** Newest change first, then id descending: the order of the SQL's index. */
function newestFirst(a: InstanceListRow, b: InstanceListRow): number {
  const t = b.updatedAt.getTime() - a.updatedAt.getTime();
  return t !== 0 ? t : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export class MemoryBrowser implements StoreBrowser {
  constructor(private readonly t: MemoryTables) {}

  private waiting(id: string): boolean {
    for (const q of this.t.queue.values()) if (q.instance === id) return true;
    return false;
  }

  private byName(): DefinitionRecord[] {
    const when = (d: DefinitionRecord) => this.t.registered.get(d.id)?.getTime() ?? 0;
    return [...this.t.definitions.values()].sort((a, b) =>
      a.name !== b.name ? (a.name < b.name ? -1 : 1) : when(a) - when(b),
    );
  }

  async statusCounts(): Promise<Record<ListStatus, number>> {
    const counts: Record<ListStatus, number> = { running: 0, waiting: 0, completed: 0, failed: 0 };
    for (const i of this.t.rows.values()) {
      counts[i.status]++;
      if (i.status === "running" && this.waiting(i.id)) counts.waiting++;
    }
    return counts;
  }

  async instancePage(page: InstancePageQuery): Promise<readonly InstanceListRow[]> {
    const out: InstanceListRow[] = [];
    for (const i of this.t.rows.values()) {
      const waiting = i.status === "running" && this.waiting(i.id);
      if (page.status === "waiting" ? !waiting : page.status !== undefined && i.status !== page.status)
        continue;
      if (page.definitionId !== undefined && i.definitionId !== page.definitionId) continue;
      const row: InstanceListRow = {
        id: i.id,
        definitionId: i.definitionId,
        ...(this.t.definitions.has(i.definitionId)
          ? { name: this.t.definitions.get(i.definitionId)!.name }
          : {}),
        status: i.status,
        waiting,
        node: i.node,
        version: i.version,
        createdAt: this.t.created.get(i.id)!,
        updatedAt: this.t.updated.get(i.id)!,
      };
      if (page.since && row.updatedAt < page.since) continue;
      if (page.after && newestFirst(row, { ...row, updatedAt: page.after.at, id: page.after.id }) <= 0)
        continue;
      out.push(row);
    }
    return out.sort(newestFirst).slice(0, page.limit);
  }

  async definitionList(): Promise<readonly DefinitionListRow[]> {
    const counts = new Map<string, number>();
    for (const i of this.t.rows.values()) counts.set(i.definitionId, (counts.get(i.definitionId) ?? 0) + 1);
    return this.byName().map((d) => ({
      id: d.id,
      name: d.name,
      schemaIds: { ...d.schemaIds },
      registeredAt: this.t.registered.get(d.id)!,
      instances: counts.get(d.id) ?? 0,
    }));
  }

  async definitionNames(): Promise<readonly { id: string; name: string }[]> {
    return this.byName().map((d) => ({ id: d.id, name: d.name }));
  }

  async effectAttempts(instance: string): Promise<readonly EffectAttempt[]> {
    const prefix = `${instance}:`;
    const recorded = [...this.t.effects.values()]
      .filter((e) => e.key.startsWith(prefix))
      .map(
        (e): EffectAttempt => ({
          key: e.key,
          domain: e.domain,
          effect: structuredClone(e.effect),
          result: structuredClone(e.result),
          ...(e.error === undefined ? {} : { error: e.error }),
          recorded: true,
        }),
      );
    const running = [...this.t.effectClaims.keys()]
      .filter((k) => k.startsWith(prefix) && !this.t.effects.has(k))
      .sort()
      .map((key): EffectAttempt => ({ key, recorded: false }));
    return [...recorded, ...running];
  }

  async definitionsUsing(schemaId: string): Promise<readonly DefinitionRecord[]> {
    const when = (d: DefinitionRecord) => this.t.registered.get(d.id)?.getTime() ?? 0;
    return [...this.t.definitions.values()]
      .filter((d) => Object.values(d.schemaIds).includes(schemaId))
      .sort((a, b) => when(a) - when(b) || (a.id < b.id ? -1 : 1))
      .map((d) => structuredClone(d));
  }

  async instanceStamp(id: string): Promise<string | undefined> {
    const i = this.t.rows.get(id);
    return i ? `${i.version}:${i.status}` : undefined;
  }
}
