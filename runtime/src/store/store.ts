/**
 * The orchestrator's storage, behind one async interface so a PostgreSQL store can replace the
 * in-memory one without touching the orchestrator. A transition is one transaction: read the
 * instance, write it back only if its version did not move (optimistic concurrency), append a
 * journal entry. Nothing of a failed transaction stays, except effect results: an effect is a
 * call to the outside world that cannot be rolled back, so its result is recorded by idempotency
 * key at once (`recordEffect`), and a transition retried after a failure finds it instead of
 * running the effect a second time.
 */

export type InstanceStatus = "running" | "completed" | "failed";

export interface Instance {
  readonly id: string;
  readonly definitionId: string;
  /** The schema ids the instance started with; it keeps them for its whole life. */
  readonly schemaIds: { readonly input: string; readonly output: string; readonly state: string };
  readonly input: unknown;
  readonly state: unknown;
  readonly node: string;
  /** Branches of a parallel node still to run, in order, after the current one reaches its join. */
  readonly pending?: readonly string[];
  readonly status: InstanceStatus;
  readonly version: number;
  readonly output?: unknown;
  readonly error?: { readonly code: string; readonly message: string; readonly issues?: readonly unknown[] };
  /** The initiation hint given to `start` (plain data), read by the placer. */
  readonly hint?: unknown;
  /** The domain of the last effect, so the next placement can charge a cross-domain transfer. */
  readonly domain?: string;
  /** The effect the instance waits on: enqueued by its action's first transition, settled by the next. */
  readonly awaiting?: unknown;
}

/** An effect in the queue: enqueued with the transition that reached its action, settled with the next. */
export interface QueuedEffectEntry {
  readonly instance: string;
  readonly node: string;
  /** Attempt n runs under the idempotency key `<keyBase>:<n>`. */
  readonly keyBase: string;
  readonly type: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly deterministic: boolean;
  readonly domain: string;
}

export interface JournalEntry {
  readonly instance: string;
  readonly seq: number;
  readonly node: string;
  readonly kind: "started" | "transition" | "enqueued" | "effect" | "rejected" | "completed" | "failed";
  readonly state?: unknown;
  readonly detail?: unknown;
}

export interface EffectRecord {
  readonly key: string;
  readonly domain: string;
  readonly effect: unknown;
  readonly result: unknown;
}

export interface Tx {
  getInstance(id: string): Promise<Instance | undefined>;
  /** Writes `next`; fails with ConflictError unless the stored version is `next.version - 1`. */
  putInstance(next: Instance): Promise<void>;
  appendJournal(entry: Omit<JournalEntry, "seq">): Promise<void>;
  getEffect(key: string): Promise<EffectRecord | undefined>;
  /** Puts an effect in the queue, with this transaction (a worker or the next step runs it). */
  enqueueEffect(effect: QueuedEffectEntry): Promise<void>;
  /** Takes a settled effect out of the queue, with this transaction. */
  completeEffect(keyBase: string): Promise<void>;
}

export interface Store {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Records an executed effect's result durably now, outside any transaction; the first record of a key wins. */
  recordEffect(record: EffectRecord): Promise<void>;
  /** The effects enqueued and not settled yet, oldest first. */
  queuedEffects(): Promise<readonly QueuedEffectEntry[]>;
  journal(instance: string): Promise<readonly JournalEntry[]>;
}

export class ConflictError extends Error {
  override readonly name = "ConflictError";
}

/** In-memory store: writes are buffered per transaction and applied together at commit. */
export class MemoryStore implements Store {
  private readonly instances = new Map<string, Instance>();
  private readonly entries = new Map<string, JournalEntry[]>();
  private readonly effects = new Map<string, EffectRecord>();
  private readonly queue = new Map<string, QueuedEffectEntry>();
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
    const tx: Tx = {
      getInstance: async (id) => instances.get(id) ?? this.instances.get(id),
      putInstance: async (next) => {
        const current = instances.get(next.id) ?? this.instances.get(next.id);
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
      getEffect: async (key) => this.effects.get(key),
      enqueueEffect: async (effect) => {
        enqueued.push(structuredClone(effect));
      },
      completeEffect: async (keyBase) => {
        completed.push(keyBase);
      },
    };
    const result = await work(tx);
    for (const [id, inst] of instances) this.instances.set(id, inst);
    for (const effect of enqueued) this.queue.set(effect.keyBase, effect);
    for (const keyBase of completed) this.queue.delete(keyBase);
    for (const entry of journal) {
      const list = this.entries.get(entry.instance) ?? [];
      list.push({ ...entry, seq: list.length + 1 });
      this.entries.set(entry.instance, list);
    }
    return result;
  }

  async recordEffect(record: EffectRecord): Promise<void> {
    if (!this.effects.has(record.key)) this.effects.set(record.key, structuredClone(record));
  }

  async queuedEffects(): Promise<readonly QueuedEffectEntry[]> {
    return [...this.queue.values()].map((e) => structuredClone(e));
  }

  async journal(instance: string): Promise<readonly JournalEntry[]> {
    return (this.entries.get(instance) ?? []).map((e) => structuredClone(e));
  }
}
