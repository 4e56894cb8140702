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
 *
 * The copy also tells whether the input can never read differently: every object in it frozen,
 * with the plain prototype of its kind, and every property read an own data property or absent.
 * Such an input (a deep-frozen schema; Proxy invariants hold a Proxy of one to its target) may be
 * remembered by identity, so asking for its id again costs a lookup (canonical.ts).
 */
import { TypeExprError } from "./errors.js";
import { LIMITS } from "./limits.js";
import { TAG, type TypeExpr } from "./type-expr.js";

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

export function snapshot(expr: TypeExpr): { copy: TypeExpr; immutable: boolean } {
  const copier = new Copier();
  const copy = copier.copy(expr, "$", 0) as TypeExpr;
  return { copy, immutable: copier.immutable };
}

class Copier {
  private readonly done = new Map<object, unknown>();
  private readonly open = new Set<object>();
  /** Whether everything read so far can never read differently (see the module comment). */
  immutable = true;

  /** Notes whether `o` is frozen with its kind's plain prototype (an array's or an object's). */
  private watch(o: object): void {
    if (!this.immutable) return;
    const proto = Object.getPrototypeOf(o);
    const plain = Array.isArray(o) ? proto === Array.prototype : proto === Object.prototype || proto === null;
    if (!plain || !Object.isFrozen(o)) this.immutable = false;
  }

  /** `o[key]`, read once; while the input is still immutable, through its own data descriptor. */
  get(o: object, key: string | number): unknown {
    const r = o as Record<string | number, unknown>;
    if (!this.immutable) return r[key];
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d !== undefined && "value" in d) return d.value;
    // A getter can answer differently next time; an absent key reads through the prototype.
    if (d !== undefined) this.immutable = false;
    return r[key];
  }

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
    this.watch(e);
    const out = this.node(e as Record<string, unknown>, path, depth + 1);
    this.open.delete(e);
    this.done.set(e, out);
    return out;
  }

  private node(e: Record<string, unknown>, path: string, depth: number): unknown {
    const kind = this.get(e, "kind");
    const out: Record<string, unknown> = { kind };
    this.meta(e, out);
    // Not a kind (also `toString` and other Object.prototype names): build.ts rejects it (CX1002).
    if (typeof kind !== "string" || !Object.hasOwn(TAG, kind)) return Object.freeze(out);
    for (const key of SCALARS[kind] ?? []) this.scalar(e, key, out);
    for (const key of CHILD[kind] ?? []) out[key] = this.copy(this.get(e, key), `${path}.${key}`, depth);
    const many = CHILDREN[kind];
    if (many !== undefined) {
      out[many] = this.list(this.get(e, many), (x, i) => this.copy(x, `${path}.${many}[${i}]`, depth));
    }
    switch (kind) {
      case "record":
        out.fields = this.list(this.get(e, "fields"), (f, i) =>
          this.entry(f, (field) => {
            const copy: Record<string, unknown> = { name: this.get(field, "name") };
            copy.type = this.copy(this.get(field, "type"), `${path}.fields[${i}].type`, depth);
            this.scalar(field, "optional", copy);
            this.scalar(field, "order", copy);
            this.scalar(field, "redacted", copy);
            this.meta(field, copy);
            return Object.freeze(copy);
          }),
        );
        break;
      case "tuple":
        out.elements = this.list(this.get(e, "elements"), (el, i) =>
          this.entry(el, (element) => {
            const copy: Record<string, unknown> = {
              type: this.copy(this.get(element, "type"), `${path}.elements[${i}].type`, depth),
            };
            this.scalar(element, "kind", copy);
            this.meta(element, copy);
            return Object.freeze(copy);
          }),
        );
        break;
      case "enum":
        out.members = this.list(this.get(e, "members"), (m) =>
          this.entry(m, (member) => {
            const copy: Record<string, unknown> = {};
            this.scalar(member, "name", copy);
            copy.value = this.get(member, "value");
            return Object.freeze(copy);
          }),
        );
        break;
      case "template":
        out.texts = this.list(this.get(e, "texts"), (x) => x);
        break;
      case "refine":
        out.constraints = this.list(this.get(e, "constraints"), (c) =>
          this.entry(c, (constraint) =>
            Object.freeze({ kind: this.get(constraint, "kind"), value: this.get(constraint, "value") }),
          ),
        );
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
    this.watch(a);
    const n = Math.min(this.get(a, "length") as number, LIMITS.members + 1);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(each(this.get(a, i), i));
    return Object.freeze(out);
  }

  /**
   * A field, element, member or constraint copied by `make` from the record read; anything that is not
   * a plain record is kept as it is, for canonicalization to report (CX1001 at the entry).
   */
  private entry(x: unknown, make: (r: Record<string, unknown>) => unknown): unknown {
    if (typeof x !== "object" || x === null || Array.isArray(x)) return x;
    this.watch(x);
    return make(x as Record<string, unknown>);
  }

  private scalar(from: Record<string, unknown>, key: string, to: Record<string, unknown>): void {
    const value = this.get(from, key);
    if (value !== undefined) to[key] = value;
  }

  private meta(from: Record<string, unknown>, to: Record<string, unknown>): void {
    this.scalar(from, "name", to);
    this.scalar(from, "description", to);
  }
}
