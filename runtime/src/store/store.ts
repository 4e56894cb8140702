/**
 * The orchestrator's storage, behind one async interface so a PostgreSQL store can replace the
 * in-memory one without touching the orchestrator. A transition is one transaction: read the
 * instance, write it back only if its version did not move (optimistic concurrency), append a
 * journal entry. Nothing of a failed transaction stays, except effect results: an effect is a
 * call to the outside world that cannot be rolled back, so its result is recorded by idempotency
 * key at once (`recordEffect`), and a transition retried after a failure finds it instead of
 * running the effect a second time.
 *
 * Two claims keep concurrent workers apart: one worker owns an instance's next step at a time
 * (`claimInstance`, a lease that expires so a crashed worker's instance is taken over), and an
 * effect key is claimed before its executor runs (`claimEffect`), so two workers never run one key
 * at once. Times are the store's own clock (the database's `now()` for PostgreSQL). The lease
 * rides on statements a step sends anyway (on a server each is a commit): the transition that
 * enqueues an effect claims its first key and extends the lease (`Tx.claimEffect`), a later
 * attempt's claim extends it too, and the step's last transaction gives it back.
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
  /** Branches of a parallel node still to run (journals written before branches ran at once). */
  readonly pending?: readonly string[];
  /**
   * Set on a branch of a parallel block, run as an instance of its own: the instance that forked
   * it, the parallel node, and the join where the branch ends (its output is then its state).
   */
  readonly branch?: { readonly parent: string; readonly parallel: string; readonly join: string };
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
  readonly kind:
    | "started"
    | "transition"
    | "enqueued"
    | "effect"
    | "rejected"
    | "completed"
    | "failed"
    /** The instance moved to another definition version: its new definition, schema ids and state. */
    | "migrated"
    | "retried";
  readonly state?: unknown;
  readonly detail?: unknown;
  /** On the entry that enqueued an action's effect: where it was placed and why. */
  readonly placement?: PlacementRecord;
  /** When the entry was written (the store's clock); stores fill it in when they read the journal. */
  readonly at?: Date;
}

/**
 * A placement decision and its explanation, kept with the journal entry of the effect it placed.
 * Plain data and bounded (at most PLACEMENT_LIMITS.candidates candidates, reasons cut to
 * PLACEMENT_LIMITS.text characters), so a dataflow with many domains cannot grow the journal without end.
 */
export interface PlacementRecord {
  readonly domain: string;
  /** Who chose: the placer (optimizer), the node's fixed domain, an input field, or the definition's default. */
  readonly by: "placer" | "fixed" | "parameter" | "default";
  readonly why: string;
  readonly strategy?: string;
  /** Every candidate the placer weighed, the winner first. */
  readonly candidates?: readonly PlacementCandidate[];
  /** How many candidates were left out to keep the record bounded. */
  readonly omitted?: number;
}

export interface PlacementCandidate {
  readonly domain: string;
  /** "chosen", "infeasible", "lower score", "tie: preference order" or "tie: domain id". */
  readonly outcome: string;
  readonly reason: string;
  readonly cost: number;
  readonly latencyMs: number;
  readonly reliability: number;
  /** The weighted terms of the score (feasible candidates only). */
  readonly subScores?: { readonly priority: number; readonly latency: number; readonly cost: number };
  readonly total?: number;
}

export const PLACEMENT_LIMITS = { candidates: 32, text: 300 } as const;

export interface EffectRecord {
  readonly key: string;
  readonly domain: string;
  readonly effect: unknown;
  readonly result: unknown;
  /** Set when this attempt failed (the executor threw or timed out): the next attempt has the next key. */
  readonly error?: string;
}

/** What claiming an effect key found: it is ours to run now, already recorded, or running elsewhere. */
export type EffectClaim =
  | { readonly status: "claimed" }
  | { readonly status: "done"; readonly record: EffectRecord }
  | { readonly status: "busy" };

/** A definition as the store keeps it: content id, name, schema ids, and the whole spec as data. */
export interface DefinitionRecord {
  readonly id: string;
  readonly name: string;
  readonly schemaIds: { readonly input: string; readonly output: string; readonly state: string };
  readonly spec: unknown;
}

/** One line of an instance listing. */
export interface InstanceSummary {
  readonly id: string;
  readonly definitionId: string;
  readonly status: InstanceStatus;
  readonly node: string;
  readonly version: number;
  readonly updatedAt: Date;
}

export interface InstanceFilter {
  readonly status?: InstanceStatus;
  readonly definitionId?: string;
  readonly limit?: number;
}

export interface Tx {
  /** Keeps a definition (once per content id; a new version is a new id, the old one stays). */
  putDefinition(record: DefinitionRecord): Promise<void>;
  getInstance(id: string): Promise<Instance | undefined>;
  /** Writes `next`; fails with ConflictError unless the stored version is `next.version - 1`. */
  putInstance(next: Instance): Promise<void>;
  appendJournal(entry: Omit<JournalEntry, "seq">): Promise<void>;
  getEffect(key: string): Promise<EffectRecord | undefined>;
  /** Puts an effect in the queue, with this transaction (a worker or the next step runs it). */
  enqueueEffect(effect: QueuedEffectEntry): Promise<void>;
  /** Takes a settled effect out of the queue, with this transaction. */
  completeEffect(keyBase: string): Promise<void>;
  /**
   * Gives `owner`'s lease on the instance back when this transaction commits (with its writes: no
   * statement of its own); a transaction that fails leaves the lease held.
   */
  releaseInstance(id: string, owner: string): Promise<void>;
  /**
   * Claims the first key of an effect this transaction enqueues for `owner`, and takes or extends
   * `owner`'s lease on the instance, when the transaction commits (with its writes: no statement of
   * its own). The key is new (it names the version this transaction writes), so the commit is the
   * claim; a lease another owner holds is left to it.
   */
  claimEffect(key: string, owner: string, ms: number, lease: EffectLease): Promise<void>;
}

/** The instance lease an effect claim takes or extends in the same step (see `Store.claimEffect`). */
export interface EffectLease {
  readonly instance: string;
  readonly ms: number;
}

export interface Store {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Takes the lease on an instance's next step for `owner`, for `ms` milliseconds: true when it was
   * free, expired, or already this owner's (the lease is then extended), false when another owner holds it.
   */
  claimInstance(id: string, owner: string, ms: number): Promise<boolean>;
  /** Gives the lease back (only the owner's own lease is released). */
  releaseInstance(id: string, owner: string): Promise<void>;
  /**
   * Up to `limit` running instances nobody holds, each now leased to `owner` for `ms` (a worker's
   * next batch; two workers asking at once get different instances).
   */
  claimRunnable(owner: string, ms: number, limit: number): Promise<readonly string[]>;
  /**
   * Claims an effect key before its executor runs: one runner per key until the claim expires.
   * With `lease`, the same step takes or extends `owner`'s lease on that instance for `lease.ms`
   * (the effect's whole budget); a lease another owner holds makes the claim "busy".
   */
  claimEffect(key: string, owner: string, ms: number, lease?: EffectLease): Promise<EffectClaim>;
  /** Records an executed effect's result durably now, outside any transaction; the first record of a key wins. */
  recordEffect(record: EffectRecord): Promise<void>;
  /** The effects enqueued and not settled yet, oldest first. */
  queuedEffects(): Promise<readonly QueuedEffectEntry[]>;
  journal(instance: string): Promise<readonly JournalEntry[]>;
  /** Instances, most recently changed first. */
  instances(filter?: InstanceFilter): Promise<readonly InstanceSummary[]>;
  definition(id: string): Promise<DefinitionRecord | undefined>;
  close?(): Promise<void>;
}

export class ConflictError extends Error {
  override readonly name = "ConflictError";
}

/** A stored row the store cannot read back (edited by hand, written by another version, or no longer valid): the error names the instance. */
export class StoreDataError extends Error {
  override readonly name = "StoreDataError";
  constructor(
    readonly instance: string,
    message: string,
  ) {
    super(`instance ${instance}: ${message}`);
  }
}
