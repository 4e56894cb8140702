/**
 * The graph a TypeExpr is read into for canonicalization: one node per constructor, recursion
 * binders resolved to cycles, and a union-find over nodes so normalization and minimization can
 * merge a node into another without rewriting every edge.
 */
import type { Constraint, Kind, Meta, TypeExpr } from "../type-expr.js";

export interface GNode {
  kind: Kind | "alias";
  meta: Meta;
  children: number[];
  /** Kind-specific data that is not a child (field names, literal values, constraints...). */
  src: TypeExpr | undefined;
  constraints?: Constraint[];
  fields?: { name: string; optional: boolean; description?: string; order?: number; redacted?: boolean }[];
}

/** Kinds whose children are a set (order and repeats do not matter). */
export const SET_KINDS = new Set<string>(["union", "intersection"]);

export class Graph {
  /** Whether the normalized graph has a cycle (only then are components and binders needed). */
  cyclic = false;
  readonly nodes: GNode[] = [];
  private readonly parent: number[] = [];
  /** Where each node came from in the input, for errors found after building (non-contractive cycles). */
  private readonly paths: string[] = [];

  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[i] !== r) {
      const next = this.parent[i]!;
      this.parent[i] = r;
      i = next;
    }
    return r;
  }

  alias(from: number, to: number): void {
    this.parent[from] = to;
  }

  node(i: number): GNode {
    return this.nodes[this.find(i)]!;
  }

  add(kind: GNode["kind"], src: TypeExpr | undefined, children: number[], meta: Meta): number {
    this.nodes.push({ kind, meta, children, src });
    this.parent.push(this.nodes.length - 1);
    return this.nodes.length - 1;
  }

  /** Records the input path of node `n` (the first path that reached it wins). */
  placeAt(n: number, path: string): void {
    this.paths[n] ??= path;
  }

  pathOf(n: number): string {
    return this.paths[n] ?? "$";
  }

  /** Turns node `n` into another kind in place (keeping its metadata). */
  become(n: number, kind: Kind, children: number[]): void {
    const node = this.nodes[n]!;
    node.kind = kind;
    node.children = children;
    node.src = { kind } as TypeExpr;
  }

  reachable(root: number): number[] {
    const seen = new Set<number>();
    const order: number[] = [];
    const stack = [this.find(root)];
    while (stack.length > 0) {
      const n = this.find(stack.pop()!);
      if (seen.has(n)) continue;
      seen.add(n);
      order.push(n);
      for (const c of this.nodes[n]!.children) stack.push(c);
    }
    return order;
  }

  hasCycle(root: number): boolean {
    const color = new Map<number, number>();
    const stack: [number, number][] = [[this.find(root), 0]];
    color.set(this.find(root), 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const children = this.nodes[top[0]]!.children;
      if (top[1] >= children.length) {
        color.set(top[0], 2);
        stack.pop();
        continue;
      }
      const c = this.find(children[top[1]++]!);
      const seen = color.get(c);
      if (seen === 1) return true;
      if (seen === undefined) {
        color.set(c, 1);
        stack.push([c, 0]);
      }
    }
    return false;
  }
}
