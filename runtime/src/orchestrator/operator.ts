/**
 * What an operator may do to an instance from outside its dataflow (the inspector's actions):
 * cancel a running one, retry a failed one. Each is one store transaction with the version check
 * of any transition, journaled like one, and needs no registered definition, so a tool that only
 * holds the store (the inspector) can do it; a worker then carries the instance on. Their journal
 * entries carry no values of the instance (no state, no error issues), so redacted fields cannot leak
 * through a writer that does not know them.
 */
import type { Instance, JournalEntry, Store, Tx } from "../store/store.js";
import { writeFailure } from "./failure.js";
import { type Awaiting, isBranches, isSubflow } from "./types.js";

export type OperatorErrorCode = "RT6021_NO_INSTANCE" | "RT6022_NOT_CANCELLABLE" | "RT6023_NOT_RETRYABLE";

/** The action does not apply to the instance as it is now (the instance is left as it was). */
export class OperatorError extends Error {
  override readonly name = "OperatorError";
  constructor(
    readonly code: OperatorErrorCode,
    readonly instance: string,
    message: string,
  ) {
    super(`${code}: instance ${instance}: ${message}`);
  }
}

export const CANCELLED = "RT6020_CANCELLED";

/** Branches and sub-dataflows are cancelled with their caller; no deeper than this. */
const MAX_DEPTH = 64;

/**
 * Cancels a running (or waiting) instance: it fails with RT6020_CANCELLED and `reason`, its queued
 * effect leaves the queue, and the instances it waits on (parallel branches, a sub-dataflow) are
 * cancelled with it, in one transaction. An effect already running elsewhere still records its
 * result, but no transition applies it.
 */
export function cancelInstance(store: Store, id: string, reason: string): Promise<Instance> {
  return store.transaction(async (tx) => {
    const inst = await tx.getInstance(id);
    if (!inst) throw new OperatorError("RT6021_NO_INSTANCE", id, "not in this store");
    if (inst.status !== "running")
      throw new OperatorError(
        "RT6022_NOT_CANCELLABLE",
        id,
        `it is ${inst.status}; only a running or waiting instance can be cancelled`,
      );
    return cancel(tx, inst, reason, 0);
  });
}

async function cancel(tx: Tx, inst: Instance, reason: string, depth: number): Promise<Instance> {
  const awaiting = inst.awaiting as Awaiting | undefined;
  const children = !awaiting
    ? []
    : isBranches(awaiting)
      ? awaiting.branches
      : isSubflow(awaiting)
        ? [awaiting.subflow]
        : [];
  if (depth < MAX_DEPTH)
    for (const child of children) {
      const c = await tx.getInstance(child);
      if (c?.status === "running")
        await cancel(tx, c, `${reason} (its caller ${inst.id} was cancelled)`, depth + 1);
    }
  return writeFailure(tx, inst, { code: CANCELLED, message: reason }, false);
}

/**
 * Retries a failed instance: it runs again from the node it failed at, with the state it had
 * there (a failed transition never changed it). An action's effect is enqueued afresh, under a
 * new idempotency key, by the next step. A parallel branch is retried through the instance that
 * forked it (its join has already seen the failure).
 */
export function retryInstance(store: Store, id: string): Promise<Instance> {
  return store.transaction(async (tx) => {
    const inst = await tx.getInstance(id);
    if (!inst) throw new OperatorError("RT6021_NO_INSTANCE", id, "not in this store");
    if (inst.status !== "failed")
      throw new OperatorError(
        "RT6023_NOT_RETRYABLE",
        id,
        `it is ${inst.status}; only a failed instance can be retried`,
      );
    if (inst.branch)
      throw new OperatorError(
        "RT6023_NOT_RETRYABLE",
        id,
        `it is a parallel branch; retry the instance that forked it (${inst.branch.parent})`,
      );
    const { error: _e, awaiting: _a, ...rest } = inst;
    const next: Instance = { ...rest, status: "running", version: inst.version + 1 };
    await tx.putInstance(next);
    // No state or error in the entry: this writer has no definition to redact them by, and replay needs neither.
    const entry: Omit<JournalEntry, "seq"> = {
      instance: id,
      node: inst.node,
      kind: "retried",
      detail: { version: next.version },
    };
    await tx.appendJournal(entry);
    return next;
  });
}
