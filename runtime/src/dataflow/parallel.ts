/**
 * Parallel blocks and their join rule. A `parallel` node starts every outgoing branch at once;
 * the branches meet at one `join` node, and the joined state is the state at the fork with each
 * branch's owned fields taken from that branch. A branch owns the state fields the parallel node
 * declares for it (`branches`, keyed by the branch's first node); two branches owning the same
 * field (or one a part of the other) is a definition error found at build time, with the field's
 * path, and so are writes the definition shows (a sub-dataflow's outputs, a catch edge's `error`)
 * outside the branch's fields. A nested block is allowed when every field its branches own is
 * owned by the enclosing branch: then nothing a nested branch writes can collide at either join.
 */
import type { EdgeSpec, NodeSpec } from "./definition.js";

export interface Branch {
  /** The branch's first node (the target of the parallel node's edge). */
  readonly first: string;
  /** The state field paths it owns, as dotted paths ("a", "totals.fee"). */
  readonly owns: readonly string[];
  /** The nodes on the branch before its join (nested blocks included). */
  readonly nodes: ReadonlySet<string>;
}

export interface ParallelBlock {
  readonly parallel: string;
  readonly join: string;
  /** In edge order: the order branches are started, joined and journaled in. */
  readonly branches: readonly Branch[];
}

/** A structural problem, for definition.ts to raise with its code. */
export class BlockError extends Error {
  constructor(
    readonly code: "DF5008_BAD_EDGES" | "DF5012_BRANCH_CONFLICT",
    readonly node: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** Whether `inner` is `outer` or a field inside it ("a.b" is inside "a"). */
export function within(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(`${outer}.`);
}

/** Every parallel block of a graph, by parallel node id; throws BlockError on a malformed one. */
export function parallelBlocks(
  nodes: readonly NodeSpec[],
  edges: readonly EdgeSpec[],
): ReadonlyMap<string, ParallelBlock> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const blocks = new Map<string, ParallelBlock>();
  const open = new Set<string>();

  const blockOf = (id: string): ParallelBlock => {
    const done = blocks.get(id);
    if (done) return done;
    if (open.has(id))
      throw new BlockError("DF5008_BAD_EDGES", id, `a branch of "${id}" comes back to it before its join`);
    open.add(id);
    const p = byId.get(id) as Extract<NodeSpec, { kind: "parallel" }>;
    const firsts = edges.filter((e) => e.from === id && e.when === undefined).map((e) => e.to);
    const declared = p.branches ?? {};
    for (const first of firsts)
      if (!Object.hasOwn(declared, first))
        throw new BlockError(
          "DF5008_BAD_EDGES",
          id,
          `declare the state fields branch "${first}" writes (branches: { "${first}": [...] }, [] if none)`,
        );
    for (const key of Object.keys(declared))
      if (!firsts.includes(key))
        throw new BlockError(
          "DF5008_BAD_EDGES",
          id,
          `branches names "${key}", which is not one of its branches`,
        );
    let join: string | undefined;
    const branches = firsts.map((first): Branch => {
      const seen = new Set<string>();
      const joins = new Set<string>();
      const todo = [first];
      while (todo.length > 0) {
        const n = todo.pop()!;
        if (seen.has(n)) continue;
        const kind = byId.get(n)?.kind;
        if (kind === "join") {
          joins.add(n);
          continue;
        }
        if (kind === "end")
          throw new BlockError("DF5008_BAD_EDGES", id, `branch "${first}" reaches the end without its join`);
        seen.add(n);
        if (kind === "parallel") {
          // A nested block: its branches are part of this one; carry on after its join.
          const inner = blockOf(n);
          for (const b of inner.branches) for (const x of b.nodes) seen.add(x);
          seen.add(inner.join);
          todo.push(...(out.get(inner.join) ?? []));
          continue;
        }
        todo.push(...(out.get(n) ?? []));
      }
      if (joins.size !== 1)
        throw new BlockError(
          "DF5008_BAD_EDGES",
          id,
          `branch "${first}" must reach exactly one join (reaches ${joins.size === 0 ? "none" : [...joins].join(", ")})`,
        );
      const [j] = joins;
      if (join !== undefined && j !== join)
        throw new BlockError(
          "DF5008_BAD_EDGES",
          id,
          `its branches meet at different joins ("${join}", "${j}")`,
        );
      join = j;
      return { first, owns: [...declared[first]!], nodes: seen };
    });
    const block: ParallelBlock = { parallel: id, join: join!, branches };
    checkOwnership(block);
    open.delete(id);
    blocks.set(id, block);
    return block;
  };

  for (const n of nodes) if (n.kind === "parallel") blockOf(n.id);
  // A join belongs to one block, and only that block's branches enter it.
  const joinOwner = new Map<string, ParallelBlock>();
  for (const b of blocks.values()) {
    const other = joinOwner.get(b.join);
    if (other)
      throw new BlockError(
        "DF5008_BAD_EDGES",
        b.join,
        `the join of both "${other.parallel}" and "${b.parallel}"; each parallel node needs its own`,
      );
    joinOwner.set(b.join, b);
    for (const e of edges)
      if (e.to === b.join && !b.branches.some((br) => br.nodes.has(e.from)))
        throw new BlockError(
          "DF5008_BAD_EDGES",
          b.join,
          `entered from "${e.from}", outside the branches of "${b.parallel}"`,
        );
  }
  for (const n of nodes)
    if (n.kind === "join" && !joinOwner.has(n.id))
      throw new BlockError(
        "DF5008_BAD_EDGES",
        n.id,
        "a join closes a parallel node's branches; none reaches this one",
      );
  // Nested blocks: every field a nested branch owns is owned by the branch around it.
  for (const outer of blocks.values())
    for (const branch of outer.branches)
      for (const inner of blocks.values()) {
        if (!branch.nodes.has(inner.parallel)) continue;
        for (const nb of inner.branches)
          for (const path of nb.owns)
            if (!branch.owns.some((o) => within(path, o)))
              throw new BlockError(
                "DF5012_BRANCH_CONFLICT",
                inner.parallel,
                `nested branch "${nb.first}" writes $state.${path}, which branch "${branch.first}" of "${outer.parallel}" does not own`,
              );
      }
  return blocks;
}

/** Two branches of one block never own the same field (or one inside the other). */
function checkOwnership(block: ParallelBlock): void {
  const { branches } = block;
  for (let i = 0; i < branches.length; i++)
    for (let j = i + 1; j < branches.length; j++)
      for (const a of branches[i]!.owns)
        for (const b of branches[j]!.owns)
          if (within(a, b) || within(b, a)) {
            const path = a.length >= b.length ? a : b;
            throw new BlockError(
              "DF5012_BRANCH_CONFLICT",
              block.parallel,
              `branches "${branches[i]!.first}" and "${branches[j]!.first}" both write $state.${path}`,
            );
          }
}

/** The state field paths a node writes that the definition shows (the handler's writes are checked at the join). */
export function staticWrites(node: NodeSpec, edges: readonly EdgeSpec[]): string[] {
  if (node.kind === "subflow") return Object.keys(node.output ?? {});
  if (node.kind === "action" && edges.some((e) => e.from === node.id && e.when === "catch")) return ["error"];
  return [];
}
