/**
 * `isAssignable(from, to)`: does every value `from` accepts also pass `to`? The question behind
 * every breaking-change verdict (an input may only widen, an output only narrow).
 *
 * Sound, not complete: when the rules cannot prove assignability they answer false, which a diff
 * reports as a (possibly spurious) breaking change rather than missing a real one. Records follow
 * the validators, not TypeScript's structural rule: a record ignores keys it does not declare, so a
 * field the target declares and the source lacks can hold anything in the source's values, and the
 * target must accept anything there. Recursive types are compared coinductively (a pair already under comparison is
 * assumed to hold), over closures so that de Bruijn refs resolve in their own environment.
 *
 * Two readings of an optional field (docs/cli.md, "The optional-field policy"): `strict`, the
 * validators' exact one (a key the source does not declare may hold anything, so a target's
 * optional field there is not proven); `contract`, where keys a type does not declare are outside
 * its contract, so a target's optional field the source lacks is satisfied by leaving it out.
 * Against a union, members are found through an index (union-index.ts): a member identical to the
 * source, the literal of the same value, or the member with the source's tag, before any scan.
 */
import { canonicalize } from "../canonical.js";
import { TypeExprError } from "../errors.js";
import type { Constraint, ExprOf, TypeExpr } from "../type-expr.js";
import { enumValues, idKey, literalKey, unionIndex } from "./union-index.js";

/** How a field one side declares and the other does not is read (see above). */
export type OptionalFieldPolicy = "contract" | "strict";

/** A recursion frame: the binder and the environment it was entered from. */
interface Frame {
  readonly id: number;
  readonly binder: ExprOf<"recursive">;
  readonly parent: Env;
  readonly children: Map<ExprOf<"recursive">, Frame>;
}
type Env = Frame | null;

interface Term {
  readonly e: TypeExpr;
  readonly env: Env;
}

/** `policy` defaults to `strict`, the validators' own reading. */
export function isAssignable(from: TypeExpr, to: TypeExpr, policy: OptionalFieldPolicy = "strict"): boolean {
  return new Checker(policy).check({ e: canonicalize(from), env: null }, { e: canonicalize(to), env: null });
}

class Checker {
  constructor(private readonly policy: OptionalFieldPolicy) {}
  private readonly assumed = new Set<string>();
  /** The assumed pairs in the order they were made, so a failure can take back those made after it. */
  private readonly trail: string[] = [];
  private nextFrame = 1;
  private readonly uid = new WeakMap<object, number>();
  private nextUid = 1;
  private readonly rootFrames = new Map<ExprOf<"recursive">, Frame>();

  private frame(binder: ExprOf<"recursive">, parent: Env): Frame {
    const table = parent?.children ?? null;
    const hit = table ? table.get(binder) : this.rootFrames.get(binder);
    if (hit) return hit;
    const f: Frame = { id: this.nextFrame++, binder, parent, children: new Map() };
    if (table) table.set(binder, f);
    else this.rootFrames.set(binder, f);
    return f;
  }

  /** Steps through binders and refs to the first structural node. */
  private resolve(t: Term): Term {
    let cur = t;
    for (let guard = 0; guard < 10_000; guard++) {
      if (cur.e.kind === "recursive") {
        const f = this.frame(cur.e, cur.env);
        cur = { e: cur.e.body, env: f };
      } else if (cur.e.kind === "ref") {
        let f = cur.env;
        for (let i = 0; i < (cur.e.index ?? 0) && f; i++) f = f.parent;
        // A subterm cut out of its recursive type (a diff's local change) cannot be judged alone:
        // reading the ref as `any` would make any target accept everything.
        if (!f) throw new TypeExprError("CX1005_UNBOUND_REF", "$", "a ref outside its recursive binder");
        cur = { e: f.binder.body, env: f };
      } else return cur;
    }
    return cur;
  }

  private key(t: Term): string {
    let id = this.uid.get(t.e);
    if (id === undefined) {
      id = this.nextUid++;
      this.uid.set(t.e, id);
    }
    return `${id}@${t.env?.id ?? 0}`;
  }

  check(a0: Term, b0: Term): boolean {
    const recursive =
      a0.e.kind === "recursive" || a0.e.kind === "ref" || b0.e.kind === "recursive" || b0.e.kind === "ref";
    const a = this.resolve(a0);
    const b = this.resolve(b0);
    if (recursive) {
      const pair = `${this.key(a)}<:${this.key(b)}`;
      if (this.assumed.has(pair)) return true;
      const mark = this.trail.length;
      this.assumed.add(pair);
      this.trail.push(pair);
      const holds = this.rule(a, b);
      // A failed pair must not stay assumed for a sibling branch of a union, nor may the pairs proven
      // while it was assumed: they may hold only because it was (kept, a later branch read them as true).
      if (!holds) for (const p of this.trail.splice(mark)) this.assumed.delete(p);
      return holds;
    }
    return this.rule(a, b);
  }

  private rule(a: Term, b: Term): boolean {
    const x = a.e;
    const y = b.e;
    const sub = (p: TypeExpr, q: TypeExpr) => this.check({ e: p, env: a.env }, { e: q, env: b.env });
    if (y.kind === "any") return true;
    if (x.kind === "union") return x.members.every((m) => this.check({ e: m, env: a.env }, b));
    if (x.kind === "optional") return this.admitsUndefined(b) && this.check({ e: x.inner, env: a.env }, b);
    if (x.kind === "enum")
      return x.members.every((m) => this.check({ e: { kind: "literal", value: m.value }, env: null }, b));
    if (x.kind === "intersection" && y.kind !== "intersection") {
      // Sound but incomplete: some single member must already fit the target, or else the target's
      // own rules below must hold (a union or optional target holding the intersection whole, as
      // `(A & B) | undefined` does; any other target fails them: the default case compares kinds).
      if (x.members.some((m) => this.check({ e: m, env: a.env }, b))) return true;
    }
    switch (y.kind) {
      case "union":
        return this.toUnion(a, b as Term & { e: ExprOf<"union"> });
      case "optional":
        return x.kind === "undefined" || this.check(a, { e: y.inner, env: b.env });
      case "intersection":
        return y.members.every((m) => this.check(a, { e: m, env: b.env }));
      case "enum":
        return x.kind === "literal" && enumValues(y).has(x.value);
      case "refine":
        if (x.kind === "refine") {
          return sub(x.base, y.base) && y.constraints.every((c) => x.constraints.some((d) => implies(d, c)));
        }
        if (x.kind === "literal")
          return sub(x, y.base) && y.constraints.every((c) => literalSatisfies(x.value, c));
        return false;
    }
    switch (x.kind) {
      case "any":
        return false;
      case "literal":
        return literalAssignable(x.value, y);
      case "bigintLiteral":
        return (
          (y.kind === "bigintLiteral" && y.value === x.value) ||
          y.kind === "bigint" ||
          (y.kind === "bigintRange" && BigInt(y.min) <= BigInt(x.value) && BigInt(x.value) <= BigInt(y.max))
        );
      case "integer":
        return y.kind === "integer" || y.kind === "number";
      case "range":
        return (
          y.kind === "integer" ||
          y.kind === "number" ||
          (y.kind === "range" && BigInt(y.min) <= BigInt(x.min) && BigInt(x.max) <= BigInt(y.max))
        );
      case "bigintRange":
        return (
          y.kind === "bigint" ||
          (y.kind === "bigintRange" && BigInt(y.min) <= BigInt(x.min) && BigInt(x.max) <= BigInt(y.max))
        );
      case "fixed":
        return y.kind === "string" || (y.kind === "fixed" && x.scale <= y.scale);
      case "ratio":
      case "template":
        return y.kind === "string" || (y.kind === x.kind && sameTerm(x, y));
      case "refine":
        return sub(x.base, y);
      case "list":
        if (y.kind === "list") return sub(x.element, y.element);
        return false;
      case "set":
        return y.kind === "set" && sub(x.element, y.element);
      case "map":
      case "dict":
        return y.kind === x.kind && sub(x.key, y.key) && sub(x.value, y.value);
      case "tuple":
        return this.tuple(a as Term & { e: ExprOf<"tuple"> }, b);
      case "record":
        return (
          y.kind === "record" &&
          this.record(a as Term & { e: ExprOf<"record"> }, b as Term & { e: ExprOf<"record"> })
        );
      case "function":
        return y.kind === "function" && sameTerm(x, y);
      default:
        return x.kind === y.kind;
    }
  }

  /** `a` against a union: the indexed candidates first, a scan of the members only when needed. */
  private toUnion(a: Term, b: Term & { e: ExprOf<"union"> }): boolean {
    const x = a.e;
    const index = unionIndex(b.e);
    const to = (m: TypeExpr) => this.check(a, { e: m, env: b.env });
    // Outside any recursion a term is closed, so the same id means the same type.
    if (a.env === null && b.env === null) {
      const key = idKey(x);
      if (key !== undefined && index.byId.has(key)) return true;
    }
    if (x.kind === "literal") {
      // A literal can only match the literal of its own value or a member that is no literal.
      const same = index.literals.get(literalKey(x.value));
      return (same !== undefined && to(same)) || index.others.some(to);
    }
    if (index.tag !== undefined && x.kind === "record") {
      // Every member requires its own tag literal: values with the source's tag reach only that member.
      const field = x.fields.find((f) => f.name === index.tag);
      if (field && !field.optional && field.type.kind === "literal") {
        const member = index.byTag!.get(field.type.value);
        return member !== undefined && to(member);
      }
    }
    return b.e.members.some(to);
  }

  private admitsUndefined(t: Term): boolean {
    return this.check({ e: { kind: "undefined" }, env: null }, t);
  }

  private record(a: Term & { e: ExprOf<"record"> }, b: Term & { e: ExprOf<"record"> }): boolean {
    const source = new Map(a.e.fields.map((f) => [f.name, f]));
    return b.e.fields.every((target) => {
      const field = source.get(target.name);
      // `x?: T` also accepts a present `undefined` (TypeScript's default optional semantics).
      const targetType: Term = {
        e: target.optional ? { kind: "optional", inner: target.type } : target.type,
        env: b.env,
      };
      if (!field) {
        // Under the contract reading the source's values leave the key out, which `x?:` allows.
        if (target.optional && this.policy === "contract") return true;
        return this.check({ e: { kind: "any" }, env: null }, targetType);
      }
      if (field.optional && !target.optional && !this.admitsUndefined(targetType)) return false;
      return this.check({ e: field.type, env: a.env }, targetType);
    });
  }

  private tuple(a: Term & { e: ExprOf<"tuple"> }, b: Term): boolean {
    const y = b.e;
    const els = a.e.elements;
    if (y.kind === "list") {
      // An optional element may also be present as undefined (`["a", undefined]` is a `[string, number?]`).
      const held = (el: (typeof els)[number]): TypeExpr =>
        el.kind === "optional" ? { kind: "optional", inner: el.type } : el.type;
      return els.every((el) => this.check({ e: held(el), env: a.env }, { e: y.element, env: b.env }));
    }
    if (y.kind !== "tuple") return false;
    const hasRest = (t: ExprOf<"tuple">) => t.elements.some((e) => e.kind === "rest");
    if (hasRest(a.e) || hasRest(y)) {
      return (
        els.length === y.elements.length &&
        els.every((el, i) => {
          const other = y.elements[i]!;
          return (
            (el.kind ?? "required") === (other.kind ?? "required") &&
            this.check({ e: el.type, env: a.env }, { e: other.type, env: b.env })
          );
        })
      );
    }
    if (els.length > y.elements.length) return false;
    return y.elements.every((target, i) => {
      const el = els[i];
      if (!el) return target.kind === "optional";
      if (el.kind === "optional" && target.kind !== "optional") return false;
      return this.check({ e: el.type, env: a.env }, { e: target.type, env: b.env });
    });
  }
}

function sameTerm(x: TypeExpr, y: TypeExpr): boolean {
  return JSON.stringify(strip(x)) === JSON.stringify(strip(y));
}

function strip(e: unknown): unknown {
  if (Array.isArray(e)) return e.map(strip);
  if (e && typeof e === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e)) if (k !== "name" && k !== "description") out[k] = strip(v);
    return out;
  }
  return e;
}

function literalAssignable(value: string | number | boolean, y: TypeExpr): boolean {
  switch (y.kind) {
    case "literal":
      return y.value === value;
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "range":
      return (
        typeof value === "number" &&
        Number.isInteger(value) &&
        BigInt(y.min) <= BigInt(value) &&
        BigInt(value) <= BigInt(y.max)
      );
    case "bool":
      return typeof value === "boolean";
    default:
      return false;
  }
}

function literalSatisfies(value: string | number | boolean, c: Constraint): boolean {
  if (typeof value === "number" && typeof c.value === "number") {
    switch (c.kind) {
      case "minimum":
        return value >= c.value;
      case "maximum":
        return value <= c.value;
      case "exclusiveMinimum":
        return value > c.value;
      case "exclusiveMaximum":
        return value < c.value;
      case "multipleOf":
        return Number.isInteger(value / c.value);
    }
  }
  if (typeof value === "string") {
    if (c.kind === "minLength") return value.length >= (c.value as number);
    if (c.kind === "maxLength") return value.length <= (c.value as number);
    if (c.kind === "pattern") return new RegExp(c.value as string, "u").test(value);
  }
  return false;
}

/** Whether constraint `d` (on the source) guarantees constraint `c` (on the target). */
function implies(d: Constraint, c: Constraint): boolean {
  if (typeof d.value === "number" && typeof c.value === "number") {
    switch (c.kind) {
      case "minimum":
        return (
          (d.kind === "minimum" && d.value >= c.value) ||
          (d.kind === "exclusiveMinimum" && d.value >= c.value)
        );
      case "exclusiveMinimum":
        return (
          (d.kind === "exclusiveMinimum" && d.value >= c.value) || (d.kind === "minimum" && d.value > c.value)
        );
      case "maximum":
        return (
          (d.kind === "maximum" && d.value <= c.value) ||
          (d.kind === "exclusiveMaximum" && d.value <= c.value)
        );
      case "exclusiveMaximum":
        return (
          (d.kind === "exclusiveMaximum" && d.value <= c.value) || (d.kind === "maximum" && d.value < c.value)
        );
      case "minLength":
        return d.kind === "minLength" && d.value >= c.value;
      case "maxLength":
        return d.kind === "maxLength" && d.value <= c.value;
      case "multipleOf":
        return d.kind === "multipleOf" && Number.isInteger(d.value / c.value);
    }
  }
  return d.kind === c.kind && d.value === c.value;
}
