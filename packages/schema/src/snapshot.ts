/**
 * A private, frozen copy of a TypeExpr handed in by a caller, made before anything else reads it.
 *
 * Canonicalization checks an expression and then builds from it, and generated validator code
 * embeds values from it: an object that answers differently on a second read (a getter), that the
 * caller mutates afterwards (a constraint object), or that hides a property from `JSON.stringify`
 * (a non-enumerable `optional`) could make the checked text and the used text differ, or poison a
 * cache keyed by JSON text. The copy reads every property the model defines exactly once, keeps
 * nothing else, and is frozen; everything after (the checks, the JSON-text cache, the emitted
 * code) reads only the copy. Objects shared inside the input stay shared in the copy (a DAG costs
 * its size, not its tree size); an object that contains itself is an error.
 */
import { TypeExprError } from "./errors.js";
import { LIMITS } from "./limits.js";
import type { TypeExpr } from "./type-expr.js";

/** Deeper than canonicalization accepts (it reports the depth itself, with its own limit). */
const MAX_DEPTH = 1100;

/** Payload properties per kind: scalars copied as read, children copied in turn. */
const SCALARS: Readonly<Record<string, readonly string[]>> = {
  fixed: ["scale"],
  literal: ["value"],
  bigintLiteral: ["value"],
  range: ["min", "max"],
  bigintRange: ["min", "max"],
  ref: ["index"],
};
const CHILD: Readonly<Record<string, readonly string[]>> = {
  list: ["element"],
  set: ["element"],
  optional: ["inner"],
  map: ["key", "value"],
  dict: ["key", "value"],
  refine: ["base"],
  recursive: ["body"],
  function: ["returns"],
};
const CHILDREN: Readonly<Record<string, string>> = {
  union: "members",
  intersection: "members",
  function: "params",
  template: "types",
};

export function snapshot(expr: TypeExpr): TypeExpr {
  return new Copier().copy(expr, "$", 0) as TypeExpr;
}

class Copier {
  private readonly done = new Map<object, unknown>();
  private readonly open = new Set<object>();

  copy(e: unknown, path: string, depth: number): unknown {
    if (typeof e !== "object" || e === null) return e;
    const known = this.done.get(e);
    if (known !== undefined) return known;
    if (this.open.has(e)) {
      throw new TypeExprError(
        "CX1008_LIMIT_EXCEEDED",
        path,
        "the expression object contains itself (write recursion with `recursive` and `ref`)",
      );
    }
    if (depth > MAX_DEPTH)
      throw new TypeExprError("CX1008_LIMIT_EXCEEDED", path, `nested deeper than ${MAX_DEPTH}`);
    this.open.add(e);
    const out = this.node(e as Record<string, unknown>, path, depth + 1);
    this.open.delete(e);
    this.done.set(e, out);
    return out;
  }

  private node(e: Record<string, unknown>, path: string, depth: number): unknown {
    const kind = e.kind;
    const out: Record<string, unknown> = { kind };
    meta(e, out);
    if (typeof kind !== "string") return Object.freeze(out);
    for (const key of SCALARS[kind] ?? []) scalar(e, key, out);
    for (const key of CHILD[kind] ?? []) out[key] = this.copy(e[key], `${path}.${key}`, depth);
    const many = CHILDREN[kind];
    if (many !== undefined) {
      out[many] = this.list(e[many], (x, i) => this.copy(x, `${path}.${many}[${i}]`, depth));
    }
    switch (kind) {
      case "record":
        out.fields = this.list(e.fields, (f, i) => {
          const field = record(f);
          const copy: Record<string, unknown> = { name: field.name };
          copy.type = this.copy(field.type, `${path}.fields[${i}].type`, depth);
          scalar(field, "optional", copy);
          scalar(field, "order", copy);
          scalar(field, "redacted", copy);
          meta(field, copy);
          return Object.freeze(copy);
        });
        break;
      case "tuple":
        out.elements = this.list(e.elements, (el, i) => {
          const element = record(el);
          const copy: Record<string, unknown> = {
            type: this.copy(element.type, `${path}.elements[${i}].type`, depth),
          };
          scalar(element, "kind", copy);
          meta(element, copy);
          return Object.freeze(copy);
        });
        break;
      case "enum":
        out.members = this.list(e.members, (m) => {
          const member = record(m);
          const copy: Record<string, unknown> = {};
          scalar(member, "name", copy);
          copy.value = member.value;
          return Object.freeze(copy);
        });
        break;
      case "template":
        out.texts = this.list(e.texts, (x) => x);
        break;
      case "refine":
        out.constraints = this.list(e.constraints, (c) => {
          const constraint = record(c);
          return Object.freeze({ kind: constraint.kind, value: constraint.value });
        });
        break;
    }
    return Object.freeze(out);
  }

  /**
   * An array copied element by element (its length read once); a longer one than any limit is cut
   * just past the limit, which canonicalization then reports. Anything else is kept for it to report.
   */
  private list(a: unknown, each: (x: unknown, i: number) => unknown): unknown {
    if (!Array.isArray(a)) return a;
    const n = Math.min(a.length, LIMITS.members + 1);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(each(a[i], i));
    return Object.freeze(out);
  }
}

/** A field, element, member or constraint read as a plain record (copied once, as read). */
function record(x: unknown): Record<string, unknown> {
  return typeof x === "object" && x !== null ? (x as Record<string, unknown>) : {};
}

function scalar(from: Record<string, unknown>, key: string, to: Record<string, unknown>): void {
  const value = from[key];
  if (value !== undefined) to[key] = value;
}

function meta(from: Record<string, unknown>, to: Record<string, unknown>): void {
  scalar(from, "name", to);
  scalar(from, "description", to);
}
