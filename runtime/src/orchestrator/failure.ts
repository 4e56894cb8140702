/** How an instance fails, whoever fails it (a transition, an operator's cancel): one place, one journal shape. */
import type { Instance, Tx } from "../store/store.js";
import { type Awaiting, isEffect } from "./types.js";

/**
 * In the caller's transaction: the effect the instance waited on leaves the queue, the state stays
 * as it was, the status and the error change, and a `failed` journal entry says so. `withState`
 * false leaves the state out of the entry (replay does not need it): a writer without the
 * definition's redaction (an operator's cancel) then writes no value that could be a secret.
 */
export async function writeFailure(
  tx: Tx,
  inst: Instance,
  error: NonNullable<Instance["error"]>,
  withState = true,
): Promise<Instance> {
  const awaiting = inst.awaiting as Awaiting | undefined;
  if (awaiting && isEffect(awaiting)) await tx.completeEffect(awaiting.keyBase);
  const { awaiting: _a, ...rest } = inst;
  const failed: Instance = { ...rest, status: "failed", version: inst.version + 1, error };
  await tx.putInstance(failed);
  await tx.appendJournal({
    instance: inst.id,
    node: inst.node,
    kind: "failed",
    ...(withState ? { state: inst.state } : {}),
    detail: { version: failed.version, error: failed.error },
  });
  return failed;
}
