/**
 * Rebuilds an instance from its journal alone. Every transition's journal entry carries what it
 * changed (node, state, version, pending branches, last domain, output, error), so the journal is
 * the instance's history and `replay(journal)` equals the stored instance; a PostgreSQL store can
 * check itself, or recover an instance row, with it.
 */
import type { Instance, JournalEntry } from "./store.js";

interface TransitionDetail {
  readonly version?: number;
  readonly awaiting?: unknown;
  readonly pending?: readonly string[];
  readonly domain?: string;
  readonly output?: unknown;
  readonly error?: Instance["error"];
  readonly to?: { readonly definitionId: string; readonly schemaIds: Instance["schemaIds"] };
}

export class ReplayError extends Error {
  override readonly name = "ReplayError";
}

export function replay(entries: readonly JournalEntry[]): Instance {
  const [first, ...rest] = entries;
  if (first?.kind !== "started") throw new ReplayError("a journal begins with its started entry");
  let inst = {
    ...(first.detail as Omit<Instance, "state" | "node" | "status" | "version">),
    state: first.state,
    node: first.node,
    status: "running",
    version: 1,
  } as Instance;
  for (const entry of rest) {
    const detail = (entry.detail ?? {}) as TransitionDetail;
    switch (entry.kind) {
      case "enqueued":
        inst = { ...inst, awaiting: detail.awaiting, version: detail.version ?? inst.version + 1 };
        break;
      case "transition": {
        const { pending: _, awaiting: _a, ...base } = inst;
        inst = {
          ...base,
          node: entry.node,
          state: entry.state,
          version: detail.version ?? inst.version + 1,
          ...(detail.pending ? { pending: detail.pending } : {}),
          ...(detail.domain ? { domain: detail.domain } : {}),
        };
        break;
      }
      case "completed":
        inst = {
          ...inst,
          status: "completed",
          output: detail.output,
          version: detail.version ?? inst.version + 1,
        };
        break;
      case "failed": {
        const { awaiting: _a, ...base } = inst;
        inst = {
          ...base,
          status: "failed",
          version: detail.version ?? inst.version + 1,
          ...(detail.error ? { error: detail.error } : {}),
        };
        break;
      }
      case "migrated":
        if (!detail.to) throw new ReplayError(`entry ${entry.seq}: a migrated entry names no definition`);
        inst = {
          ...inst,
          definitionId: detail.to.definitionId,
          schemaIds: detail.to.schemaIds,
          state: entry.state,
          version: detail.version ?? inst.version + 1,
        };
        break;
      case "retried": {
        // An operator's retry: running again at the node it failed at, the error cleared.
        const { error: _e, ...base } = inst;
        inst = { ...base, status: "running", version: detail.version ?? inst.version + 1 };
        break;
      }
      case "started":
        throw new ReplayError(`entry ${entry.seq}: a second started entry`);
      default:
        // Effects and rejections are history, not state: the transition that follows carries the change.
        break;
    }
  }
  return inst;
}
