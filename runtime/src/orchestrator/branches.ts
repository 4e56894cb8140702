/**
 * Parallel branches as instances of their own. A fork creates one branch instance per branch (in
 * edge order, in the fork's transaction): the parent's input, state, hint and last domain, started
 * at the branch's first node. Each runs like any instance — its own steps, effects, leases and
 * journal in the store, so several workers can step them at once — until it reaches the block's
 * join, where it completes with its state as output. The parent waits on all of them and joins
 * them by the block's rule (dataflow/parallel.ts): the state at the fork, with each branch's owned
 * fields taken from that branch, in edge order; a branch that changed a field it does not own fails
 * the join with the field's path. The parent's journal names the branches in edge order whatever
 * order they finish in, so its history replays the same.
 */
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { type Branch, type ParallelBlock, parallelBlocks, within } from "../dataflow/parallel.js";
import type { Instance } from "../store/store.js";
import type { AnyDataflow } from "./types.js";

const cache = new WeakMap<AnyDataflow, ReadonlyMap<string, ParallelBlock>>();

/** The parallel blocks of a definition (checked when it was built), computed once per definition. */
export function blocksOf(def: AnyDataflow): ReadonlyMap<string, ParallelBlock> {
  let blocks = cache.get(def);
  if (!blocks) {
    blocks = parallelBlocks(def.nodes ?? [], def.edges ?? []);
    cache.set(def, blocks);
  }
  return blocks;
}

/** A branch's instance, as the fork creates it. */
export function branchInstance(parent: Instance, block: ParallelBlock, branch: Branch): Instance {
  return {
    id: randomUUID(),
    definitionId: parent.definitionId,
    schemaIds: parent.schemaIds,
    input: parent.input,
    state: parent.state,
    node: branch.first,
    status: "running",
    version: 1,
    ...(parent.hint === undefined ? {} : { hint: parent.hint }),
    ...(parent.domain === undefined ? {} : { domain: parent.domain }),
    branch: { parent: parent.id, parallel: block.parallel, join: block.join },
  };
}

export type JoinOutcome =
  | { readonly ok: true; readonly state: unknown; readonly domain?: string }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Joins finished branches (in the block's edge order) onto the state at the fork. */
export function joinBranches(
  block: ParallelBlock,
  forkState: unknown,
  children: readonly Instance[],
): JoinOutcome {
  const failed = children.findIndex((c) => c.status === "failed");
  if (failed >= 0) {
    const c = children[failed]!;
    return {
      ok: false,
      code: "RT6010_BRANCH_FAILED",
      message:
        `node ${block.parallel}: branch "${block.branches[failed]!.first}" failed: ${c.error?.code ?? ""} ${c.error?.message ?? ""}`.trim(),
    };
  }
  let state = structuredClone(forkState);
  let domain: string | undefined;
  for (const [i, branch] of block.branches.entries()) {
    const child = children[i]!;
    const bad = unownedChange(forkState, child.output, branch.owns);
    if (bad !== undefined)
      return {
        ok: false,
        code: "RT6011_BRANCH_WRITE",
        message: `node ${block.parallel}: branch "${branch.first}" wrote $state.${bad}, which it does not own (it owns ${branch.owns.map((o) => `$state.${o}`).join(", ") || "nothing"})`,
      };
    for (const path of branch.owns)
      state = setPath(state, path.split("."), getPath(child.output, path.split(".")));
    if (child.domain !== undefined) domain = child.domain;
  }
  return domain === undefined ? { ok: true, state } : { ok: true, state, domain };
}

/** The first field path (dotted) that differs between two states outside `owns`, if any. */
function unownedChange(
  before: unknown,
  after: unknown,
  owns: readonly string[],
  at = "",
): string | undefined {
  if (at !== "" && owns.some((o) => within(at, o))) return undefined;
  if (isDeepStrictEqual(before, after)) return undefined;
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Uint8Array);
  // Inside a record an owned field may sit deeper down: look field by field.
  if (isRecord(before) && isRecord(after) && (at === "" || owns.some((o) => within(o, at)))) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const found = unownedChange(before[key], after[key], owns, at === "" ? key : `${at}.${key}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return at === "" ? "(the whole state)" : at;
}

function getPath(v: unknown, path: readonly string[]): unknown {
  let cur = v;
  for (const key of path) {
    if (cur === null || typeof cur !== "object" || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A copy of `v` with the field at `path` set (removed when `value` is undefined: the branch dropped it). */
function setPath(v: unknown, path: readonly string[], value: unknown): unknown {
  const [key, ...rest] = path;
  const base = v !== null && typeof v === "object" ? { ...(v as Record<string, unknown>) } : {};
  const next = rest.length === 0 ? value : setPath(base[key!], rest, value);
  if (next === undefined) delete base[key!];
  // Defined, not assigned: a field named "__proto__" stays a field.
  else
    Object.defineProperty(base, key!, { value: next, enumerable: true, writable: true, configurable: true });
  return base;
}
