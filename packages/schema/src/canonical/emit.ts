/**
 * Writes a normalized graph back as a canonical tree: recursion binders exactly where a cycle
 * closes, refs by de Bruijn index (and the binder's name), members of unions, intersections and
 * enums ordered by id, so emission and hashing go together, children first.
 */
import { TypeExprError } from "../errors.js";
import { LIMITS } from "../limits.js";
import type { EnumMember, Field, Meta, TupleElement, TypeExpr } from "../type-expr.js";
import { compareBytes } from "../utf8.js";
import { components } from "./components.js";
import { sortConstraints } from "./constraints.js";
import type { Graph } from "./graph.js";
import { finish, idOf } from "./ids.js";

/** Cap on emitted nodes for one expression; only pathological mutual recursion gets near it. */
const MAX_EMITTED = 1_000_000;

interface Frame {
  node: number;
  binder: boolean;
}

export class Emitter {
  private readonly scc: Map<number, number>;
  private readonly cyclic: Set<number>;
  private readonly memo = new Map<string, TypeExpr>();
  private readonly stack: Frame[] = [];
  private emitted = 0;

  constructor(private readonly g: Graph) {
    ({ scc: this.scc, cyclic: this.cyclic } = g.cyclic
      ? components(g)
      : { scc: new Map(), cyclic: new Set() });
  }

  emit(i: number): TypeExpr {
    const n = this.g.find(i);
    const inCycle = this.cyclic.has(n);
    let key = String(n);
    if (inCycle) {
      const pos = this.stack.findIndex((f) => f.node === n);
      if (pos >= 0) {
        let index = 0;
        for (let j = pos + 1; j < this.stack.length; j++) if (this.stack[j]!.binder) index++;
        const name = this.g.nodes[n]!.meta.name;
        return finish(name === undefined ? { kind: "ref", index } : { kind: "ref", index, name });
      }
      // Inside a cycle the same node emits differently depending on which binders enclose it.
      const component = this.scc.get(n);
      const path = this.stack.filter((f) => this.scc.get(f.node) === component).map((f) => f.node);
      key = `${n}:${path.join(",")}`;
    }
    const hit = this.memo.get(key);
    if (hit) return hit;
    if (++this.emitted > MAX_EMITTED) {
      throw new TypeExprError(
        "CX1008_LIMIT_EXCEEDED",
        "$",
        "mutually recursive types too entangled to canonicalize",
      );
    }
    let result: TypeExpr;
    if (inCycle) {
      const binder = this.reachesItself(n);
      this.stack.push({ node: n, binder });
      const body = this.emitNode(n);
      this.stack.pop();
      if (binder) {
        // The node's metadata goes on the binder, not on its body.
        const meta = this.g.nodes[n]!.meta;
        const { name: _n, description: _d, ...bare } = body as TypeExpr & Meta;
        const inner =
          body.name === undefined && body.description === undefined ? body : finish(bare as TypeExpr);
        result = finish({ kind: "recursive", body: inner, ...meta });
      } else result = body;
    } else result = this.emitNode(n);
    this.memo.set(key, result);
    return result;
  }

  /** Whether `n` closes a cycle without passing through the ancestors already on the stack. */
  private reachesItself(n: number): boolean {
    const component = this.scc.get(n);
    const blocked = new Set(this.stack.map((f) => f.node));
    const seen = new Set<number>();
    const todo = [...this.g.nodes[n]!.children];
    while (todo.length > 0) {
      const c = this.g.find(todo.pop()!);
      if (c === n) return true;
      if (seen.has(c) || blocked.has(c) || this.scc.get(c) !== component) continue;
      seen.add(c);
      todo.push(...this.g.nodes[c]!.children);
    }
    return false;
  }

  private emitNode(n: number): TypeExpr {
    const node = this.g.nodes[n]!;
    const meta = node.meta;
    const kids = () => node.children.map((c) => this.emit(c));
    const src = node.src as TypeExpr;
    switch (node.kind) {
      case "list":
      case "set":
        return finish({ kind: node.kind, element: kids()[0]!, ...meta });
      case "optional":
        return finish({ kind: "optional", inner: kids()[0]!, ...meta });
      case "map":
      case "dict": {
        const [k, v] = kids();
        return finish({ kind: node.kind, key: k!, value: v!, ...meta });
      }
      case "union":
      case "intersection": {
        const members = sortById(kids());
        if (members.length === 1) return members[0]!;
        // Flattening can take a union past the limit that each part was within.
        if (members.length > LIMITS.members) {
          throw new TypeExprError(
            "CX1008_LIMIT_EXCEEDED",
            `${this.g.pathOf(n)}.members`,
            `${members.length} members once flattened, at most ${LIMITS.members}`,
          );
        }
        return finish({ kind: node.kind, members, ...meta });
      }
      case "record": {
        const types = kids();
        const fields: Field[] = node.fields!.map((f, i) => {
          const field: {
            name: string;
            type: TypeExpr;
            optional?: boolean;
            description?: string;
            order?: number;
            redacted?: boolean;
          } = { name: f.name, type: types[i]! };
          if (f.optional) field.optional = true;
          if (f.description !== undefined) field.description = f.description;
          if (f.order !== undefined) field.order = f.order;
          if (f.redacted) field.redacted = true;
          return Object.freeze(field);
        });
        return finish({ kind: "record", fields, ...meta });
      }
      case "tuple": {
        const types = kids();
        const elements = (src as { elements: readonly TupleElement[] }).elements.map((e, i) => {
          const el: { type: TypeExpr; kind?: TupleElement["kind"]; name?: string } = { type: types[i]! };
          if (e.kind !== undefined && e.kind !== "required") el.kind = e.kind;
          if (e.name !== undefined) el.name = e.name;
          return Object.freeze(el);
        });
        return finish({ kind: "tuple", elements, ...meta });
      }
      case "function": {
        const all = kids();
        return finish({ kind: "function", params: all.slice(0, -1), returns: all.at(-1)!, ...meta });
      }
      case "template":
        return finish({
          kind: "template",
          texts: [...(src as { texts: readonly string[] }).texts],
          types: kids(),
          ...meta,
        });
      case "refine": {
        const [base] = kids();
        const constraints = sortConstraints(node.constraints ?? []);
        // Merging nested refinements can pass the limit that each was within.
        if (constraints.length > LIMITS.constraints) {
          throw new TypeExprError(
            "CX1008_LIMIT_EXCEEDED",
            `${this.g.pathOf(n)}.constraints`,
            `${constraints.length} constraints once merged, at most ${LIMITS.constraints}`,
          );
        }
        return finish({ kind: "refine", base: base!, constraints, ...meta });
      }
      case "enum":
        return finish({
          kind: "enum",
          members: enumMembers((src as { members: readonly EnumMember[] }).members),
          ...meta,
        });
      case "literal": {
        const value = (src as { value: string | number | boolean }).value;
        return finish({ kind: "literal", value: value === 0 ? 0 : value, ...meta });
      }
      case "alias":
        throw new Error("unresolved alias in canonical graph");
      default: {
        const { name: _n, description: _d, ...payload } = src as TypeExpr & Meta;
        return finish({ ...payload, kind: node.kind, ...meta } as TypeExpr);
      }
    }
  }
}

/** Enum members ordered by the id of their value as a literal, repeats dropped, -0 written as 0. */
function enumMembers(members: readonly EnumMember[]): EnumMember[] {
  const keyed = members.map((m) => {
    const value = m.value === 0 ? 0 : m.value;
    return {
      id: idOf(finish({ kind: "literal", value })),
      member: m.name === undefined ? { value } : { name: m.name, value },
    };
  });
  keyed.sort((a, b) => compareBytes(a.id, b.id));
  const unique = keyed.filter((m, i) => i === 0 || compareBytes(m.id, keyed[i - 1]!.id) !== 0);
  return unique.map((m) => Object.freeze(m.member));
}

/** Union and intersection members ordered by id, repeats dropped. */
function sortById(items: TypeExpr[]): TypeExpr[] {
  const keyed = items.map((item) => ({ item, id: idOf(item) }));
  keyed.sort((a, b) => compareBytes(a.id, b.id));
  return keyed.filter((m, i) => i === 0 || compareBytes(m.id, keyed[i - 1]!.id) !== 0).map((m) => m.item);
}
