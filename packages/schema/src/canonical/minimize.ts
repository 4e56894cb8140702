/**
 * Merging of structurally equal nodes: bisimilar nodes of a cyclic graph (so a recursive type has
 * one form whatever its names and however far it was unrolled), equal members of a union or
 * intersection in an acyclic one.
 */
import type { EnumMember, TupleElement } from "../type-expr.js";
import { sortConstraints } from "./constraints.js";
import { type GNode, type Graph, SET_KINDS } from "./graph.js";

/**
 * Whether some union or intersection has two members that could be structurally equal (the same
 * local signature): only then can merging equal nodes change anything in an acyclic graph.
 */
export function mayHaveEqualMembers(g: Graph, root: number): boolean {
  for (const n of g.reachable(root)) {
    const node = g.nodes[n]!;
    if (!SET_KINDS.has(node.kind) || node.children.length < 2) continue;
    const seen = new Set<string>();
    for (const c of node.children) {
      const key = localSignature(g.node(c));
      if (seen.has(key)) return true;
      seen.add(key);
    }
  }
  return false;
}

/**
 * Merges bisimilar nodes (Moore-style partition refinement; union/intersection children
 * compared as sets). Returns true when a union or intersection lost members, which calls
 * for another normalization round.
 */
export function minimize(g: Graph, root: number): boolean {
  const nodes = g.reachable(root);
  let cls = new Map<number, number>();
  const initial = new Map<string, number>();
  for (const n of nodes) {
    const key = localSignature(g.nodes[n]!);
    if (!initial.has(key)) initial.set(key, initial.size);
    cls.set(n, initial.get(key)!);
  }
  let count = initial.size;
  for (;;) {
    const next = new Map<number, number>();
    const sigs = new Map<string, number>();
    for (const n of nodes) {
      const node = g.nodes[n]!;
      let kids = node.children.map((c) => cls.get(g.find(c))!);
      if (SET_KINDS.has(node.kind)) kids = [...new Set(kids)].sort((a, b) => a - b);
      const sig = `${cls.get(n)}|${kids.join(",")}`;
      if (!sigs.has(sig)) sigs.set(sig, sigs.size);
      next.set(n, sigs.get(sig)!);
    }
    cls = next;
    if (sigs.size === count) break;
    count = sigs.size;
  }
  const rep = new Map<number, number>();
  for (const n of nodes) {
    const c = cls.get(n)!;
    if (!rep.has(c)) rep.set(c, n);
    else {
      keepRedaction(g.nodes[rep.get(c)!]!, g.nodes[n]!);
      g.alias(n, rep.get(c)!);
    }
  }
  let shrunk = false;
  for (const n of rep.values()) {
    const node = g.nodes[n]!;
    node.children = node.children.map((c) => g.find(c));
    if (SET_KINDS.has(node.kind)) {
      const unique = [...new Set(node.children)];
      if (unique.length !== node.children.length) {
        node.children = unique;
        if (unique.length < 2) shrunk = true;
      }
    }
  }
  return shrunk;
}

/**
 * Two equal records merged: a field redacted in either stays redacted (other metadata is the first
 * node's), so merging never lets a secret's value through to a journal.
 */
function keepRedaction(into: GNode, from: GNode): void {
  if (!into.fields || !from.fields) return;
  into.fields = into.fields.map((f, i) =>
    from.fields![i]?.redacted && !f.redacted ? { ...f, redacted: true } : f,
  );
}

/** What a node is apart from its children: two nodes can only be equal if these are. */
function localSignature(node: GNode): string {
  const src = node.src as Record<string, unknown> | undefined;
  switch (node.kind) {
    case "record":
      return `record|${JSON.stringify(node.fields!.map((f) => [f.name, f.optional]))}`;
    case "refine":
      return `refine|${JSON.stringify(sortConstraints(node.constraints ?? []))}`;
    case "tuple":
      return `tuple|${JSON.stringify((src!.elements as TupleElement[]).map((e) => e.kind ?? "required"))}`;
    case "literal":
      return `literal|${typeof src!.value}|${JSON.stringify(src!.value)}`;
    case "enum": {
      // The value set (§2.3): repeats are one value, as emit.ts writes them (JSON writes -0 as 0).
      const values = (src!.members as EnumMember[]).map((m) => JSON.stringify([typeof m.value, m.value]));
      return `enum|${JSON.stringify([...new Set(values)].sort())}`;
    }
    case "fixed":
      return `fixed|${src!.scale}`;
    case "range":
    case "bigintRange":
      return `${node.kind}|${src!.min}|${src!.max}`;
    case "bigintLiteral":
      return `bigintLiteral|${src!.value}`;
    case "template":
      return `template|${JSON.stringify(src!.texts)}`;
    case "function":
      return `function|${node.children.length}`;
    case "union":
    case "intersection":
      // Members are compared as a set of classes: how many there are says nothing yet (two
      // members that turn out equal are one), so the count must not split classes up front.
      return node.kind;
    default:
      return `${node.kind}|${node.children.length}`;
  }
}
