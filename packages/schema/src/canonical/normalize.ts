/**
 * Normalization of a canonicalization graph, to a fixed point: unions and intersections
 * flattened, `undefined` pulled out into `optional`, literals absorbed by their base type,
 * nested refinements merged, `x?: T | undefined` read as `x?: T`; then equal nodes merged
 * (minimize.ts) and normalized again while that removes union or intersection members.
 */
import { TypeExprError } from "../errors.js";
import type { Kind, TypeExpr } from "../type-expr.js";
import type { GNode, Graph } from "./graph.js";
import { mayHaveEqualMembers, minimize } from "./minimize.js";

/** Kinds that normalization rewrites; every other node is already normal. */
const TRANSPARENT = new Set<string>(["union", "intersection", "optional", "refine"]);

/**
 * Normalizes every node reachable from `root`, then merges structurally equal nodes (bisimilar
 * ones, when there are cycles). A union or intersection that loses members that way (two equal
 * members: `A | A`) is normalized again, with its parents, so the result is a fixed point: the
 * collapse can enable flattening, absorption or `optional` above it. Sets `g.cyclic`.
 */
export function normalizeAll(g: Graph, root: number): void {
  for (let round = 0; round < 16; round++) {
    const pass = new Normalizer(g);
    for (const n of g.reachable(root)) pass.normalize(n);
    stripOptionalFields(g, root);
    g.cyclic = g.hasCycle(root);
    if (!g.cyclic && !mayHaveEqualMembers(g, root)) return;
    if (!minimize(g, root)) return;
  }
}

/** One normalization pass; `state` is 0 (not seen), 1 (in progress: a cycle) or 2 (done) per node. */
class Normalizer {
  private state: Uint8Array;

  constructor(private readonly g: Graph) {
    this.state = new Uint8Array(g.nodes.length + 64);
  }

  normalize(i: number): void {
    const g = this.g;
    const n = g.find(i);
    this.grow(n);
    if (this.state[n] === 2) return;
    const node = g.nodes[n]!;
    if (!TRANSPARENT.has(node.kind)) {
      this.state[n] = 2;
      return;
    }
    if (this.state[n] === 1) {
      throw new TypeExprError(
        "CX1006_NON_CONTRACTIVE",
        g.pathOf(n),
        `recursive ${node.kind} refers to itself without going through a record, list, tuple or other constructor`,
      );
    }
    this.state[n] = 1;
    const done = (m: number) => {
      this.normalize(m);
      return g.find(m);
    };
    switch (node.kind) {
      case "union":
        this.normalizeUnion(n, node, done);
        break;
      case "intersection":
        this.normalizeIntersection(n, node, done);
        break;
      case "optional": {
        const c = done(node.children[0]!);
        const ck = g.nodes[c]!.kind;
        if (ck === "optional" || ck === "undefined" || ck === "any") g.alias(n, c);
        else if (ck === "union" && g.nodes[c]!.children.length === 0) g.become(n, "undefined", []);
        else node.children = [c];
        break;
      }
      case "refine": {
        const c = done(node.children[0]!);
        const base = g.nodes[c]!;
        if (base.kind === "refine") {
          node.constraints = [...(base.constraints ?? []), ...(node.constraints ?? [])];
          node.children = [base.children[0]!];
        } else node.children = [c];
        if ((node.constraints ?? []).length === 0) g.alias(n, node.children[0]!);
        break;
      }
    }
    this.state[n] = 2;
  }

  private normalizeUnion(n: number, node: GNode, done: (m: number) => number): void {
    const g = this.g;
    const members: number[] = [];
    let undef = false;
    let any = false;
    const push = (m: number) => {
      const k = g.nodes[m]!.kind;
      if (k === "union") members.push(...g.nodes[m]!.children.map((c) => g.find(c)));
      else members.push(m);
    };
    for (const child of node.children) {
      const c = done(child);
      const k = g.nodes[c]!.kind;
      if (k === "optional") {
        undef = true;
        push(g.find(g.nodes[c]!.children[0]!));
      } else if (k === "undefined") undef = true;
      else if (k === "any") any = true;
      else push(c);
    }
    if (any) {
      g.become(n, "any", []);
      return;
    }
    let rest = [...new Set(members)];
    const kinds = new Set(rest.map((m) => g.nodes[m]!.kind));
    const boolLits = rest.filter((m) => literalType(g.nodes[m]!) === "boolean");
    const hasTrue = boolLits.some((m) => (g.nodes[m]!.src as { value: boolean }).value === true);
    const hasFalse = boolLits.some((m) => (g.nodes[m]!.src as { value: boolean }).value === false);
    if (hasTrue && hasFalse && !kinds.has("bool")) {
      rest.push(g.add("bool", { kind: "bool" }, [], {}));
      kinds.add("bool");
    }
    rest = rest.filter((m) => {
      const lit = literalType(g.nodes[m]!);
      if (lit === "boolean") return !kinds.has("bool");
      if (lit === "string") return !kinds.has("string");
      if (lit === "number") return !kinds.has("number");
      if (g.nodes[m]!.kind === "bigintLiteral") return !kinds.has("bigint");
      return true;
    });
    const inner =
      rest.length === 1 ? rest[0]! : rest.length === 0 ? undefined : this.addDone("union", rest, n);
    if (undef) {
      if (inner === undefined) g.become(n, "undefined", []);
      else g.become(n, "optional", [inner]);
    } else if (inner === undefined) node.children = [];
    else if (rest.length === 1) g.alias(n, inner);
    else g.become(n, "union", rest);
  }

  private normalizeIntersection(n: number, node: GNode, done: (m: number) => number): void {
    const g = this.g;
    const members: number[] = [];
    for (const child of node.children) {
      const c = done(child);
      const m = g.nodes[c]!;
      if (m.kind === "intersection") members.push(...m.children.map((x) => g.find(x)));
      else if (m.kind === "union" && m.children.length === 0) {
        g.become(n, "union", []);
        return;
      } else if (m.kind !== "any") members.push(c);
    }
    const unique = [...new Set(members)];
    if (unique.length === 0) g.become(n, "any", []);
    else if (unique.length === 1) g.alias(n, unique[0]!);
    else node.children = unique;
  }

  /** Adds a node that is normal by construction, standing for input node `from` (whose path errors name). */
  private addDone(kind: Kind, children: number[], from: number): number {
    const id = this.g.add(kind, { kind } as TypeExpr, children, {});
    this.g.placeAt(id, this.g.pathOf(from));
    this.grow(id);
    this.state[id] = 2;
    return id;
  }

  /** Nodes added during the pass (the `bool` of `true | false`, inner unions) need a state slot too. */
  private grow(n: number): void {
    if (n < this.state.length) return;
    const grown = new Uint8Array(this.g.nodes.length * 2 + 64);
    grown.set(this.state);
    this.state = grown;
  }
}

function literalType(node: GNode): string | undefined {
  return node.kind === "literal" ? typeof (node.src as { value: unknown }).value : undefined;
}

/** `x?: T | undefined` and `x?: T` accept the same values; the canonical form drops the `| undefined`. */
function stripOptionalFields(g: Graph, root: number): void {
  for (const n of g.reachable(root)) {
    const node = g.nodes[n]!;
    if (node.kind !== "record") continue;
    node.children = node.children.map((c, i) => {
      const child = g.node(c);
      return node.fields![i]!.optional && child.kind === "optional" ? g.find(child.children[0]!) : g.find(c);
    });
  }
}
