/**
 * The interpreter back end: turns a canonical TypeExpr loaded at run time (from a lock file,
 * another service, another language) into a tree of check closures, once. No code is generated
 * or evaluated, so it runs under a strict CSP.
 *
 * One closure per node serves `is`, `validate` and `equals`: when `ctx.out` is null it only
 * answers (no path strings are built); otherwise it appends issues in depth-first order.
 */
import { canonicalize } from "../canonical.js";
import { fieldsInDeclarationOrder } from "../declaration-order.js";
import type { Constraint, ExprOf, TypeExpr } from "../type-expr.js";
import type { ValidationIssue } from "../type-schema.js";
import { hasRef } from "../walk.js";
import { formatCheck } from "./formats.js";
import { expectedText, ISSUE, type IssueCode } from "./issues.js";
import { indexPath, keyPath } from "./path.js";
import { type IndexSignatures, indexSignatures } from "./signatures.js";
import { templateMatcher } from "./template.js";
import { pickMember, unionPlan } from "./union-pick.js";

export interface Ctx {
  /** Issues found so far, or null when only a verdict is wanted. */
  out: ValidationIssue[] | null;
  /** `equals`: reject keys a record does not declare. */
  exact: boolean;
  /** Issues to collect at most (1 for `assert`, the cap of `validate`); the check stops once it has them. */
  max: number;
  depth: number;
  /** Issue-collecting runs: recursive binders watch for a value that contains itself. */
  tracking: boolean;
  /** Set when a check failed on nesting depth or a cycle, so a union reports `too_deep`, not `invalid_union`. */
  deep: boolean;
  /** Deepest `depth` reached since the innermost union check began (how much depth its verdict used). */
  peak: number;
  /** Union verdicts on objects in this run, successes and failures (see the union check and `Verdicts`). */
  failed?: Verdicts | null;
}

/**
 * Remembered union verdicts, per object: key `2 * union + exact` holds a verdict reached without
 * running out of depth (or meeting a cycle), as `±(1 + height)`, + for a pass, `height` the most
 * nesting levels it used; it holds at any depth leaving that many levels. A verdict that ran out
 * of depth or met a cycle holds at its own depth only: key `-1 - ((2 * union + exact) * 1001 + depth)`.
 */
export type Verdicts = WeakMap<object, Map<number, number>>;

let unions = 0;

/** The expected text of a `too_deep` issue for a value that contains itself. */
export const CYCLE_EXPECTED = "a value that does not contain itself";

export type Check = (value: unknown, path: string, ctx: Ctx) => boolean;

/** Deepest value nesting followed through recursive types (cycles and hostile input end here). */
export const MAX_VALUE_DEPTH = 1000;

const hasOwn = Object.prototype.hasOwnProperty;

export function buildCheck(expr: TypeExpr): Check {
  return new Builder().build(canonicalize(expr), []);
}

function fail(ctx: Ctx, code: IssueCode, path: string, expected: string, value: unknown): false {
  if (ctx.out !== null && ctx.out.length < ctx.max) ctx.out.push({ code, path, expected, value });
  return false;
}

/** Whether a failing check can stop now: only a verdict is wanted, or the issues are all collected. */
const stop = (ctx: Ctx): boolean => ctx.out === null || ctx.out.length >= ctx.max;

/**
 * Longest length a real array has (2^32 - 1). An array's length is read once and must be at most
 * this, so a Proxy answering `Infinity` (or a different length each time) is not an array and
 * cannot keep a loop going; compile.ts emits the same test.
 */
export const MAX_ARRAY_LENGTH = 4294967295;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether `undefined` passes this type, so a key of this type may be missing. */
export function admitsUndefined(e: TypeExpr): boolean {
  return e.kind === "optional" || e.kind === "undefined" || e.kind === "any";
}

interface Binder {
  check: Check;
  /** The binder's body (refs below resolve to it when a union picks a member). */
  body: TypeExpr;
}

class Builder {
  /**
   * `open`: the check of one member of an intersection, whose keys the intersection judges as a
   * whole; the member leaves its own top-level keys alone but stays exact below them.
   */
  build(e: TypeExpr, env: Binder[], open = false): Check {
    const expected = expectedText(e);
    const type =
      (test: (v: unknown) => boolean): Check =>
      (v, p, ctx) =>
        test(v) || fail(ctx, ISSUE.invalidType, p, expected, v);
    switch (e.kind) {
      case "any":
        return () => true;
      case "unit":
        return (v, p, ctx) => v === null || fail(ctx, ISSUE.invalidType, p, expected, v);
      case "undefined":
        return (v, p, ctx) => v === undefined || fail(ctx, ISSUE.invalidType, p, expected, v);
      case "bool":
        return (v, p, ctx) => typeof v === "boolean" || fail(ctx, ISSUE.invalidType, p, expected, v);
      case "string":
        return (v, p, ctx) => typeof v === "string" || fail(ctx, ISSUE.invalidType, p, expected, v);
      case "number":
        return (v, p, ctx) => typeof v === "number" || fail(ctx, ISSUE.invalidType, p, expected, v);
      case "bigint":
        return (v, p, ctx) => typeof v === "bigint" || fail(ctx, ISSUE.invalidType, p, expected, v);
      case "integer":
        return (v, p, ctx) =>
          typeof v !== "number"
            ? fail(ctx, ISSUE.invalidType, p, expected, v)
            : Number.isInteger(v) || fail(ctx, ISSUE.notInteger, p, expected, v);
      case "range":
        return this.range(e, expected);
      case "bigintRange": {
        const min = BigInt(e.min);
        const max = BigInt(e.max);
        return (v, p, ctx) => {
          if (typeof v !== "bigint") return fail(ctx, ISSUE.invalidType, p, expected, v);
          if (v < min) return fail(ctx, ISSUE.tooSmall, p, expected, v);
          return v <= max || fail(ctx, ISSUE.tooBig, p, expected, v);
        };
      }
      case "literal": {
        const value = e.value;
        return (v, p, ctx) => v === value || fail(ctx, ISSUE.invalidType, p, expected, v);
      }
      case "bigintLiteral": {
        const value = BigInt(e.value);
        return type((v) => v === value);
      }
      case "enum": {
        const values = new Set<unknown>(e.members.map((m) => m.value));
        return type((v) => values.has(v));
      }
      case "fixed": {
        const re = new RegExp(`^-?(0|[1-9][0-9]*)${e.scale > 0 ? `(\\.[0-9]{1,${e.scale}})?` : ""}$`);
        return type((v) => typeof v === "string" && re.test(v));
      }
      case "ratio": {
        const re = /^-?(0|[1-9][0-9]*)\/[1-9][0-9]*$/;
        return type((v) => typeof v === "string" && re.test(v));
      }
      case "bytes":
        return type((v) => v instanceof Uint8Array && Object.getPrototypeOf(v) === Uint8Array.prototype);
      case "date":
        return type((v) => v instanceof Date);
      case "function":
        return type((v) => typeof v === "function");
      case "template": {
        const match = templateMatcher(e, (t) => this.predicate(t, env));
        return type((v) => typeof v === "string" && match(v));
      }
      case "optional": {
        const inner = this.build(e.inner, env, open);
        return (v, p, ctx) => v === undefined || inner(v, p, ctx);
      }
      case "list": {
        const element = this.build(e.element, env);
        return (v, p, ctx) => {
          if (!Array.isArray(v)) return fail(ctx, ISSUE.invalidType, p, expected, v);
          const n = v.length;
          if (!(n <= MAX_ARRAY_LENGTH)) return fail(ctx, ISSUE.invalidType, p, expected, v);
          let ok = true;
          for (let i = 0; i < n; i++) {
            if (!element(v[i], ctx.out ? indexPath(p, i) : p, ctx)) {
              ok = false;
              if (stop(ctx)) return false;
            }
          }
          return ok;
        };
      }
      case "set": {
        const element = this.build(e.element, env);
        return (v, p, ctx) => {
          if (!(v instanceof Set)) return fail(ctx, ISSUE.invalidType, p, expected, v);
          let ok = true;
          let i = 0;
          for (const item of v) {
            if (!element(item, ctx.out ? indexPath(p, i) : p, ctx)) {
              ok = false;
              if (stop(ctx)) return false;
            }
            i++;
          }
          return ok;
        };
      }
      case "map": {
        const key = this.build(e.key, env);
        const value = this.build(e.value, env);
        return (v, p, ctx) => {
          if (!(v instanceof Map)) return fail(ctx, ISSUE.invalidType, p, expected, v);
          let ok = true;
          let i = 0;
          for (const [k, x] of v) {
            const at = ctx.out ? indexPath(p, i) : p;
            if (!key(k, ctx.out ? `${at}[0]` : p, ctx)) ok = false;
            if (!ok && stop(ctx)) return false;
            if (!value(x, ctx.out ? `${at}[1]` : p, ctx)) ok = false;
            if (!ok && stop(ctx)) return false;
            i++;
          }
          return ok;
        };
      }
      case "dict":
        return this.dict(e, env, expected);
      case "record":
        return this.record(e, env, expected, open);
      case "tuple":
        return this.tuple(e, env, expected);
      case "union":
        return this.union(e, env, expected, open);
      case "intersection": {
        const signatures = indexSignatures(e);
        if (signatures) return this.signatures(signatures, env, expected, open);
        // `equals` is exact below each member (TypeScript checks excess keys of nested object
        // literals in an intersection); a member whose top is a recursion binder cannot leave its
        // own keys to the intersection, so it is checked as by `is` (see opensAtTop).
        const members = e.members.map((m) => ({ check: this.build(m, env, true), exact: opensAtTop(m) }));
        const declared = new Set(
          e.members.flatMap((m) => (m.kind === "record" ? m.fields.map((f) => f.name) : [])),
        );
        const others = e.members.some((m) => m.kind !== "record");
        return (v, p, ctx) => {
          const exact = ctx.exact;
          let ok = true;
          try {
            for (const m of members) {
              ctx.exact = exact && m.exact;
              if (!m.check(v, p, ctx)) {
                ok = false;
                if (stop(ctx)) break;
              }
            }
          } finally {
            // A getter may throw mid-check; the context is reused, so it must come back as it was.
            ctx.exact = exact;
          }
          if (!ok && stop(ctx)) return false;
          // As a record does: excess keys are listed beside the members' issues.
          if (exact && !others && !open && isObject(v)) ok = excessKeys(v, declared, p, ctx) && ok;
          return ok;
        };
      }
      case "refine":
        return this.refine(e, env, expected, open);
      case "recursive": {
        const binder: Binder = { check: () => true, body: e.body };
        const body = this.build(e.body, [...env, binder]);
        // Objects this binder is checking now (issue-collecting runs only): a value met again on
        // its own path is a cycle, reported at once instead of after 1,000 levels of every branch.
        const open = new Set<object>();
        binder.check = (v, p, ctx) => {
          if (++ctx.depth > MAX_VALUE_DEPTH) {
            ctx.depth--;
            ctx.deep = true;
            return fail(ctx, ISSUE.tooDeep, p, `at most ${MAX_VALUE_DEPTH} levels of nesting`, undefined);
          }
          if (ctx.depth > ctx.peak) ctx.peak = ctx.depth;
          try {
            if (!ctx.tracking || typeof v !== "object" || v === null) return body(v, p, ctx);
            if (open.has(v)) {
              ctx.deep = true;
              return fail(ctx, ISSUE.tooDeep, p, CYCLE_EXPECTED, undefined);
            }
            open.add(v);
            try {
              return body(v, p, ctx);
            } finally {
              open.delete(v);
            }
          } finally {
            ctx.depth--;
          }
        };
        return binder.check;
      }
      case "ref": {
        const binder = env[env.length - 1 - (e.index ?? 0)];
        if (!binder) throw new Error(`unbound ref ${e.index}`);
        return (v, p, ctx) => binder.check(v, p, ctx);
      }
    }
  }

  /** Records and index signatures in one object (signatures.ts); `open` as in `build`. */
  private signatures(sig: IndexSignatures, env: Binder[], expected: string, open: boolean): Check {
    const records = sig.records.map((r) => this.build(r, env, true));
    const dicts = sig.dicts.map((d) => ({
      accepts: keyPredicate(d.key, (t) => this.predicate(t, env)),
      value: this.build(d.value, env),
    }));
    const declared = new Set(sig.declared);
    return (v, p, ctx) => {
      if (!isObject(v)) return fail(ctx, ISSUE.invalidType, p, expected, v);
      const exact = ctx.exact && !open;
      let ok = true;
      for (const r of records) {
        if (!r(v, p, ctx)) {
          ok = false;
          if (stop(ctx)) return false;
        }
      }
      for (const k of Object.keys(v)) {
        let known = declared.has(k);
        for (const d of dicts) {
          if (!d.accepts(k)) continue;
          known = true;
          if (!d.value(v[k], ctx.out ? keyPath(p, k) : p, ctx)) {
            ok = false;
            if (stop(ctx)) return false;
          }
        }
        if (!known && exact && v[k] !== undefined) {
          ok = fail(ctx, ISSUE.excessKey, ctx.out ? keyPath(p, k) : p, "no such key", v[k]);
          if (stop(ctx)) return false;
        }
      }
      return ok;
    };
  }

  /** The check of `e` as a plain verdict (template holes use it). */
  predicate(e: TypeExpr, env: Binder[]): (v: unknown) => boolean {
    const check = this.build(e, env);
    return (v) =>
      check(v, "", { out: null, exact: false, max: 1, depth: 0, peak: 0, tracking: false, deep: false });
  }

  private range(e: ExprOf<"range">, expected: string): Check {
    const safe = (s: string) => Math.abs(Number(s)) <= Number.MAX_SAFE_INTEGER;
    const exact = safe(e.min) && safe(e.max);
    const min = Number(e.min);
    const max = Number(e.max);
    const bigMin = BigInt(e.min);
    const bigMax = BigInt(e.max);
    return (v, p, ctx) => {
      if (typeof v !== "number") return fail(ctx, ISSUE.invalidType, p, expected, v);
      if (!Number.isInteger(v)) return fail(ctx, ISSUE.notInteger, p, expected, v);
      // Bounds beyond 2^53 are compared exactly: an integer-valued double converts to BigInt without loss.
      const plain = exact || Number.isSafeInteger(v);
      const below = plain ? v < min : BigInt(v) < bigMin;
      if (below) return fail(ctx, ISSUE.tooSmall, p, expected, v);
      const above = plain ? v > max : BigInt(v) > bigMax;
      return !above || fail(ctx, ISSUE.tooBig, p, expected, v);
    };
  }

  private record(e: ExprOf<"record">, env: Binder[], expected: string, open = false): Check {
    // Checked (and reported) in declaration order, as written.
    const fields = fieldsInDeclarationOrder(e).map((f) => ({
      name: f.name,
      suffix: keyPath("", f.name),
      get: getter(f.name, f.name in Object.prototype),
      // Keys that also exist on Object.prototype must be own keys, or `{}` would "have" them.
      inherited: f.name in Object.prototype,
      optional: f.optional === true || admitsUndefined(f.type),
      check: this.build(f.type, env),
      expected: expectedText(f.type),
    }));
    const declared = new Set(e.fields.map((f) => f.name));
    return (v, p, ctx) => {
      if (!isObject(v)) return fail(ctx, ISSUE.invalidType, p, expected, v);
      let ok = true;
      for (const f of fields) {
        const value = f.get(v);
        const at = ctx.out ? p + f.suffix : p;
        if (value === undefined) {
          if (f.optional) continue;
          fail(ctx, ISSUE.missingKey, at, f.expected, undefined);
          ok = false;
        } else if (!f.check(value, at, ctx)) ok = false;
        if (!ok && stop(ctx)) return false;
      }
      if (ctx.exact && !open) ok = excessKeys(v, declared, p, ctx) && ok;
      return ok;
    };
  }

  private dict(e: ExprOf<"dict">, env: Binder[], expected: string): Check {
    const keyOk = keyPredicate(e.key, (t) => this.predicate(t, env));
    const keyExpected = expectedText(e.key);
    const value = this.build(e.value, env);
    return (v, p, ctx) => {
      if (!isObject(v)) return fail(ctx, ISSUE.invalidType, p, expected, v);
      let ok = true;
      for (const k of Object.keys(v)) {
        const at = ctx.out ? keyPath(p, k) : p;
        if (!keyOk(k)) ok = fail(ctx, ISSUE.invalidKey, at, keyExpected, k);
        else if (!value(v[k], at, ctx)) ok = false;
        if (!ok && stop(ctx)) return false;
      }
      return ok;
    };
  }

  private tuple(e: ExprOf<"tuple">, env: Binder[], expected: string): Check {
    const els = e.elements.map((el) => ({ kind: el.kind ?? "required", check: this.build(el.type, env) }));
    const restAt = els.findIndex((el) => el.kind === "rest");
    const head = restAt < 0 ? els : els.slice(0, restAt);
    const rest = restAt < 0 ? undefined : els[restAt]!;
    const tail = restAt < 0 ? [] : els.slice(restAt + 1);
    const required = els.filter((el) => el.kind === "required").length;
    const maxLength = rest ? Number.POSITIVE_INFINITY : els.length;
    return (v, p, ctx) => {
      if (!Array.isArray(v)) return fail(ctx, ISSUE.invalidType, p, expected, v);
      const n = v.length;
      if (!(n <= MAX_ARRAY_LENGTH)) return fail(ctx, ISSUE.invalidType, p, expected, v);
      if (n < required || n > maxLength) return fail(ctx, ISSUE.invalidLength, p, expected, v);
      let ok = true;
      const at = (i: number) => (ctx.out ? indexPath(p, i) : p);
      const headCount = Math.min(head.length, n - tail.length);
      for (let i = 0; i < headCount; i++) {
        // An optional element may be present as `undefined` (TypeScript's `[T, U?]` allows it).
        const optionalUndefined = head[i]!.kind === "optional" && v[i] === undefined;
        if (!optionalUndefined && !head[i]!.check(v[i], at(i), ctx)) ok = false;
        if (!ok && stop(ctx)) return false;
      }
      if (rest) {
        for (let i = head.length; i < n - tail.length; i++) {
          if (!rest.check(v[i], at(i), ctx)) ok = false;
          if (!ok && stop(ctx)) return false;
        }
      }
      for (let j = 0; j < tail.length; j++) {
        const i = n - tail.length + j;
        if (!tail[j]!.check(v[i], at(i), ctx)) ok = false;
        if (!ok && stop(ctx)) return false;
      }
      return ok;
    };
  }

  private union(e: ExprOf<"union">, env: Binder[], expected: string, open = false): Check {
    if (e.members.length === 0) return (v, p, ctx) => fail(ctx, ISSUE.invalidType, p, "never", v);
    // Literal-only unions are a set lookup.
    if (e.members.every((m) => m.kind === "literal")) {
      const values = new Set(e.members.map((m) => (m as ExprOf<"literal">).value));
      return (v, p, ctx) => values.has(v as never) || fail(ctx, ISSUE.invalidType, p, expected, v);
    }
    const tag = discriminant(e);
    if (tag) {
      const byValue = new Map<unknown, Check>();
      e.members.forEach((m, i) => {
        const field = (m as ExprOf<"record">).fields.find((f) => f.name === tag)!;
        byValue.set((field.type as ExprOf<"literal">).value, this.build(e.members[i]!, env, open));
      });
      const tagExpected = [...byValue.keys()].map((k) => JSON.stringify(k)).join(" | ");
      return (v, p, ctx) => {
        if (!isObject(v)) return fail(ctx, ISSUE.invalidType, p, expected, v);
        const member = byValue.get(v[tag]);
        if (!member)
          return fail(ctx, ISSUE.invalidDiscriminator, p, `${expected} (by ${tag}: ${tagExpected})`, v);
        return member(v, p, ctx);
      };
    }
    const members = e.members.map((m) => this.build(m, env, open));
    // Members tried in turn over a recursive type can revisit one object exponentially often: each
    // failing deep down, or (a pass) the first member passing a whole subtree and then failing on a
    // later field, the next member checking the subtree again. So every verdict on an object is
    // remembered for the rest of the run (see `Verdicts`): one visit per object and member.
    // Only over a recursive type (a ref below) can a check come back to the same object many times.
    const memo = hasRef(e) ? ++unions : 0;
    const plan = unionPlan(
      e,
      env.map((b) => b.body),
    );
    const failure = (ctx: Ctx, p: string, v: unknown, tooDeep: boolean): false => {
      // A member that ran out of depth says more than "no member matched".
      if (tooDeep)
        return fail(ctx, ISSUE.tooDeep, p, `at most ${MAX_VALUE_DEPTH} levels of nesting`, undefined);
      if (ctx.out === null) return false;
      // The member that fits best reports its own issues, where they are (union-pick.ts).
      const best = pickMember(plan, v);
      if (best >= 0 && !members[best]!(v, p, ctx)) return false;
      return fail(ctx, ISSUE.invalidUnion, p, expected, v);
    };
    // A remembered verdict answers as the check would: its depth use and its `too_deep` flag included.
    const recall = (ctx: Ctx, p: string, v: unknown, verdict: number, deep: boolean): boolean => {
      const height = Math.abs(verdict) - 1;
      if (ctx.depth + height > ctx.peak) ctx.peak = ctx.depth + height;
      if (deep) ctx.deep = true;
      return verdict > 0 || failure(ctx, p, v, deep);
    };
    return (v, p, ctx) => {
      let known: Map<number, number> | undefined;
      const key = 2 * memo + (ctx.exact ? 1 : 0);
      const atDepth = -1 - (key * 1001 + ctx.depth);
      if (memo !== 0 && typeof v === "object" && v !== null) {
        known = ctx.failed?.get(v);
        if (known) {
          const any = known.get(key);
          if (any !== undefined && ctx.depth + Math.abs(any) - 1 <= MAX_VALUE_DEPTH)
            return recall(ctx, p, v, any, false);
          const here = known.get(atDepth);
          if (here !== undefined) return recall(ctx, p, v, here, true);
        } else {
          known = new Map();
          ctx.failed ??= new WeakMap();
          ctx.failed.set(v, known);
        }
      }
      const out = ctx.out;
      const deep = ctx.deep;
      const peak = ctx.peak;
      ctx.out = null;
      ctx.deep = false;
      ctx.peak = ctx.depth;
      let ok = false;
      let tooDeep = false;
      let height = 0;
      try {
        for (const m of members) {
          if (m(v, p, ctx)) {
            ok = true;
            break;
          }
        }
      } finally {
        // Restored even when a getter throws: the context is reused by the next call.
        ctx.out = out;
        tooDeep = ctx.deep;
        ctx.deep = deep || tooDeep;
        height = ctx.peak - ctx.depth;
        if (peak > ctx.peak) ctx.peak = peak;
      }
      known?.set(tooDeep ? atDepth : key, ok ? 1 + height : -1 - height);
      return ok || failure(ctx, p, v, tooDeep);
    };
  }

  private refine(e: ExprOf<"refine">, env: Binder[], expected: string, open: boolean): Check {
    const base = this.build(e.base, env, open);
    const checks = e.constraints.map((c) => constraintCheck(c, expected));
    return (v, p, ctx) => {
      if (!base(v, p, ctx)) return false;
      for (const c of checks) if (!c(v, p, ctx)) return false;
      return true;
    };
  }
}

/**
 * Whether an intersection member can leave its top-level keys to the intersection (an `open`
 * check): not when a recursion binder or a ref is reached before the member's own object, since
 * the binder's check is shared with every other use of it.
 */
export function opensAtTop(e: TypeExpr): boolean {
  switch (e.kind) {
    case "recursive":
    case "ref":
      return false;
    case "optional":
      return opensAtTop(e.inner);
    case "refine":
      return opensAtTop(e.base);
    case "union":
    case "intersection":
      return e.members.every(opensAtTop);
    default:
      return true;
  }
}

/**
 * A reader for one key. Each closure gets its own inline cache, so the keyed load stays
 * monomorphic instead of one loop-shared load seeing every field name.
 */
function getter(key: string, inherited: boolean): (v: Record<string, unknown>) => unknown {
  // Keys that also exist on Object.prototype must be own keys, or `{}` would "have" them.
  return inherited ? (v) => (hasOwn.call(v, key) ? v[key] : undefined) : (v) => v[key];
}

function excessKeys(v: Record<string, unknown>, declared: Set<string>, p: string, ctx: Ctx): boolean {
  let ok = true;
  for (const k of Object.keys(v)) {
    if (declared.has(k) || v[k] === undefined) continue;
    ok = fail(ctx, ISSUE.excessKey, ctx.out ? keyPath(p, k) : p, "no such key", v[k]);
    if (stop(ctx)) return false;
  }
  return ok;
}

/**
 * A field every member declares, required, with a distinct literal value per member. Of several,
 * the first in the first member's declaration order (the one a reader sees first), or with `sorted` the first by
 * name: what the schema diff pairs members by, which must not depend on metadata.
 */
export function discriminant(e: ExprOf<"union">, sorted = false): string | undefined {
  if (!e.members.every((m) => m.kind === "record")) return undefined;
  const records = e.members as ExprOf<"record">[];
  for (const f of sorted ? records[0]!.fields : fieldsInDeclarationOrder(records[0]!)) {
    const values = new Set<unknown>();
    const ok = records.every((r) => {
      const g = r.fields.find((x) => x.name === f.name);
      if (!g || g.optional || g.type.kind !== "literal" || values.has(g.type.value)) return false;
      values.add(g.type.value);
      return true;
    });
    if (ok) return f.name;
  }
  return undefined;
}

/**
 * Which strings a dictionary's key type allows (object keys are strings); the exports use it too.
 * `predicate` checks a type nested in the key (a template hole, a refined key): the validators pass
 * their own, which knows the enclosing recursion binders a ref in the key may point to.
 */
export function keyPredicate(
  key: TypeExpr,
  predicate: (e: TypeExpr) => (v: unknown) => boolean = (e) => new Builder().predicate(e, []),
): (k: string) => boolean {
  switch (key.kind) {
    case "string":
    case "any":
      return () => true;
    case "number":
      return (k) => String(Number(k)) === k || k === "NaN" || k === "Infinity" || k === "-Infinity";
    case "integer":
      return (k) => /^-?(0|[1-9][0-9]*)$/.test(k);
    case "range": {
      // `Record<u8, V>`: the decimal string of an integer within the range (as `String(n)` writes it).
      const [min, max] = [BigInt(key.min), BigInt(key.max)];
      return (k) => /^(0|-?[1-9][0-9]*)$/.test(k) && BigInt(k) >= min && BigInt(k) <= max;
    }
    case "literal":
      return (k) => k === String(key.value);
    case "enum": {
      const values = new Set(key.members.map((m) => String(m.value)));
      return (k) => values.has(k);
    }
    case "template":
      return templateMatcher(key, predicate);
    case "union": {
      const members = key.members.map((m) => keyPredicate(m, predicate));
      return (k) => members.some((m) => m(k));
    }
    case "refine": {
      const spread = spreadRefinedKey(key);
      if (spread.kind !== "refine") return keyPredicate(spread, predicate);
      const base = keyPredicate(spread.base, predicate);
      const read = numericKey(spread.base) ? Number : (k: string) => k;
      const checks = spread.constraints.map((c) => constraintCheck(c, ""));
      const ctx: Ctx = { out: null, exact: false, max: 1, depth: 0, peak: 0, tracking: false, deep: false };
      return (k) => {
        if (!base(k)) return false;
        const v = read(k);
        for (const c of checks) if (!c(v, "", ctx)) return false;
        return true;
      };
    }
    default:
      return () => false;
  }
}

/**
 * A refined key type with its refinements merged (`(T & A) & B` is `T & (A, B)`) and spread over a
 * union or enum base (`(A | B) & C` is `(A & C) | (B & C)`, as TypeScript distributes it), so each
 * key is read as the member that accepts it: the constraints apply to the number a numeric key
 * names, to the string itself otherwise (docs/semantics.md, dictionary keys). Both back ends and the
 * JSON Schema export use it.
 */
export function spreadRefinedKey(key: ExprOf<"refine">): TypeExpr {
  let base = key.base;
  let constraints = key.constraints;
  while (base.kind === "refine") {
    constraints = [...base.constraints, ...constraints];
    base = base.base;
  }
  const members: readonly TypeExpr[] | undefined =
    base.kind === "union"
      ? base.members
      : base.kind === "enum"
        ? base.members.map((m) => ({ kind: "literal", value: m.value }))
        : undefined;
  if (members === undefined) return { kind: "refine", base, constraints };
  return { kind: "union", members: members.map((m) => ({ kind: "refine", base: m, constraints })) };
}

/** Whether a key of this (unrefined, non-union) key type names a number: `"1"` is the number 1. */
export function numericKey(base: TypeExpr): boolean {
  return (
    base.kind === "number" ||
    base.kind === "integer" ||
    base.kind === "range" ||
    (base.kind === "literal" && typeof base.value === "number")
  );
}

function constraintCheck(c: Constraint, expected: string): Check {
  const length = (v: unknown): number | undefined =>
    typeof v === "string" || Array.isArray(v) || v instanceof Uint8Array ? v.length : undefined;
  const num = (v: unknown): number | undefined =>
    typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : undefined;
  switch (c.kind) {
    case "minimum":
      return (v, p, ctx) => !((num(v) ?? Number.NaN) < c.value) || fail(ctx, ISSUE.tooSmall, p, expected, v);
    case "exclusiveMinimum":
      return (v, p, ctx) => !((num(v) ?? Number.NaN) <= c.value) || fail(ctx, ISSUE.tooSmall, p, expected, v);
    case "maximum":
      return (v, p, ctx) => !((num(v) ?? Number.NaN) > c.value) || fail(ctx, ISSUE.tooBig, p, expected, v);
    case "exclusiveMaximum":
      return (v, p, ctx) => !((num(v) ?? Number.NaN) >= c.value) || fail(ctx, ISSUE.tooBig, p, expected, v);
    case "multipleOf":
      return (v, p, ctx) => {
        const n = num(v);
        if (n === undefined || !Number.isFinite(n)) return fail(ctx, ISSUE.notMultipleOf, p, expected, v);
        const q = n / c.value;
        // Tolerate binary rounding (0.3 / 0.1): the quotient must be within 1e-9 of an integer.
        return Math.abs(q - Math.round(q)) < 1e-9 || fail(ctx, ISSUE.notMultipleOf, p, expected, v);
      };
    case "minLength":
      return (v, p, ctx) => !((length(v) ?? 0) < c.value) || fail(ctx, ISSUE.tooSmall, p, expected, v);
    case "maxLength":
      return (v, p, ctx) => !((length(v) ?? 0) > c.value) || fail(ctx, ISSUE.tooBig, p, expected, v);
    case "pattern": {
      const re = new RegExp(c.value, "u");
      return (v, p, ctx) =>
        (typeof v === "string" && re.test(v)) || fail(ctx, ISSUE.patternMismatch, p, expected, v);
    }
    case "format": {
      const test = formatCheck(c.value);
      return (v, p, ctx) =>
        (typeof v === "string" && test(v)) || fail(ctx, ISSUE.invalidFormat, p, expected, v);
    }
  }
}
