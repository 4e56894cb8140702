/**
 * A second, independent canonicalizer, written from docs/type-expr-spec.md §2 alone. It shares no
 * code with packages/schema (it only uses the independent merkleization next to it, to order members
 * by id), so agreement with the main `canonicalize` on the vectors and on random expressions checks
 * that the spec is enough to reproduce the canonical form.
 *
 * Input: a valid TypeExpr in JSON form (as `parseTypeExpr` accepts it). This file handles
 * expressions without `recursive`/`ref`, where the graph of §2.1 is the tree itself; the others go
 * to recursive.ts (the cycle parts of §2.1, §2.3's minimization and §2.4's binders).
 *
 * The two phases of the spec are kept apart: `normalize` is §2.1 + §2.2 (bottom-up, "members
 * first"), `emit` is §2.4 (ordering, deduplication by id, one-member unions/intersections replaced by
 * their member). Metadata (`name`, `description`) stays on the node that carries it when that node
 * survives; it never changes an id (§1), and where it lands is not compared.
 *
 * Where the spec did not determine the main implementation's behaviour, the code says
 * `// spec gap: ...` (the spec has since been made explicit there).
 */
import { CONSTRAINTS, independentId } from "./merkle.js";
import { canonicalizeRecursive } from "./recursive.js";

type Json = Record<string, unknown>;
/** A TypeExpr in JSON form. */
export type Expr = Json & { kind: string };

const encoder = new TextEncoder();

/** "UTF-8" in the spec's sense: strings with lone surrogates are rejected. */
export function utf8(s: string): Uint8Array {
  if (/\p{Surrogate}/u.test(s)) throw new Error(`a string with a lone surrogate: ${JSON.stringify(s)}`);
  return encoder.encode(s);
}

/** Byte-wise lexicographic order (a proper prefix first). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** §3.3: a number as IEEE-754 binary64 little-endian, -0 written as +0. */
export function float64(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, Object.is(value, -0) ? 0 : value, true);
  return bytes;
}

export const NULLARY = new Set([
  "any",
  "unit",
  "bool",
  "string",
  "integer",
  "ratio",
  "number",
  "undefined",
  "bigint",
  "bytes",
  "date",
]);

/** `name` / `description` metadata of a node (§1). */
export function meta(e: Json): Json {
  const out: Json = {};
  if (typeof e.name === "string") out.name = e.name;
  if (typeof e.description === "string") out.description = e.description;
  return out;
}

const node = (kind: string, fields: Json, from?: Json): Expr => ({
  kind,
  ...fields,
  ...(from ? meta(from) : {}),
});

/** §2.2 rule 6: -0 is written as 0. */
export const noNegZero = <T>(v: T): T => (Object.is(v, -0) ? (0 as T) : v);

const isNever = (e: Expr) => e.kind === "union" && (e.members as Expr[]).length === 0;

/** The canonical form (§2) of a TypeExpr in JSON form. */
export function canonicalizeIndependent(expr: unknown): Expr {
  if (recursion(expr)) return canonicalizeRecursive(expr as Expr);
  const c = new Canonicalizer();
  return c.emit(c.normalize(expr as Expr));
}

function recursion(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(recursion);
  if (value === null || typeof value !== "object") return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === "recursive" || kind === "ref" || Object.values(value).some(recursion);
}

/** The id of an emitted (canonical) subtree, by the independent merkleization. */
const ids = new WeakMap<object, string>();
function idOf(e: Expr): string {
  let id = ids.get(e);
  if (id === undefined) {
    id = independentId(e);
    ids.set(e, id);
  }
  return id;
}

class Canonicalizer {
  /** Emitted form of each normalized vertex (vertices are never mutated). */
  private readonly emitted = new WeakMap<Expr, Expr>();

  // ---------------------------------------------------------------- §2.1 + §2.2 normalization

  normalize(e: Expr): Expr {
    if (e === null || typeof e !== "object" || typeof e.kind !== "string") {
      throw new Error(`not a TypeExpr: ${JSON.stringify(e)}`);
    }
    const kind = e.kind;
    if (NULLARY.has(kind)) return node(kind, {}, e);
    const n = (x: unknown) => this.normalize(x as Expr);
    switch (kind) {
      case "fixed":
        return node(kind, { scale: e.scale }, e);
      case "list":
      case "set":
        return node(kind, { element: n(e.element) }, e);
      case "map":
      case "dict":
        return node(kind, { key: n(e.key), value: n(e.value) }, e);
      case "range":
      case "bigintRange":
        return node(kind, { min: e.min, max: e.max }, e);
      case "bigintLiteral":
        return node(kind, { value: e.value }, e);
      case "literal":
        return node(kind, { value: noNegZero(e.value) }, e); // rule 6
      case "enum":
        return node(
          kind,
          { members: (e.members as Json[]).map((m) => ({ value: noNegZero(m.value), ...meta(m) })) }, // rule 6
          e,
        );
      case "record":
        return this.record(e);
      case "union":
        return this.union(e);
      case "intersection":
        return this.intersection(e);
      case "optional":
        return this.optional(n(e.inner), e);
      case "refine":
        return this.refine(e);
      case "tuple":
        return node(
          kind,
          {
            elements: (e.elements as Json[]).map((el) => {
              const elKind = el.kind ?? "required";
              return {
                type: n(el.type),
                // §1: `kind` is "required" by default; the canonical JSON leaves the default out.
                ...(elKind === "required" ? {} : { kind: elKind }),
                ...meta(el),
              };
            }),
          },
          e,
        );
      case "function":
        return node(kind, { params: (e.params as Expr[]).map(n), returns: n(e.returns) }, e);
      case "template":
        // No normalization rule applies to templates (§2.4: their parts keep their order).
        return node(kind, { texts: [...(e.texts as string[])], types: (e.types as Expr[]).map(n) }, e);
      default:
        throw new Error(`unknown kind ${JSON.stringify(kind)}`);
    }
  }

  /**
   * "Duplicate vertices are removed" (rules 1 and 3): structurally equal members, i.e. equal ids
   * (metadata never changes an id), before the parent is normalized (§2.2), so the result is a
   * fixed point (§2.4).
   */
  private dedup(members: Expr[]): Expr[] {
    const seen = new Set<string>();
    return members.filter((m) => {
      const id = idOf(this.emit(m));
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }

  /**
   * §2.1: fields sorted by the bytes of the UTF-8 of their names. §2.2 rule 5: an optional field
   * whose (normalized) type is `optional(X)` gets type X; a required field keeps `optional(X)`.
   */
  private record(e: Expr): Expr {
    const fields = (e.fields as Json[]).map((f) => {
      const optionalField = f.optional === true;
      let type = this.normalize(f.type as Expr);
      if (optionalField && type.kind === "optional") type = type.inner as Expr;
      // §1: `optional?` — the canonical JSON writes `optional: true` only.
      const out: Json = { name: f.name, type, ...(optionalField ? { optional: true } : {}) };
      if (typeof f.description === "string") out.description = f.description;
      return { key: utf8(f.name as string), out };
    });
    fields.sort((a, b) => compareBytes(a.key, b.key));
    return node("record", { fields: fields.map((f) => f.out) }, e);
  }

  /** §2.2 rule 1. */
  private union(e: Expr): Expr {
    const flat: Expr[] = [];
    let sawUndefined = false;
    const add = (m: Expr) => {
      if (m.kind === "union") (m.members as Expr[]).forEach(add);
      else if (m.kind === "optional") {
        // contributes `undefined` and X (flattened again if X is a union)
        sawUndefined = true;
        add(m.inner as Expr);
      } else if (m.kind === "undefined") sawUndefined = true;
      else flat.push(m);
    };
    for (const m of e.members as Expr[]) add(this.normalize(m));
    if (flat.some((m) => m.kind === "any")) return node("any", {}, e);
    const members = this.dedup(flat);
    const isLiteral = (m: Expr, type: string) => m.kind === "literal" && typeof m.value === type;
    const hasTrue = members.some((m) => isLiteral(m, "boolean") && m.value === true);
    const hasFalse = members.some((m) => isLiteral(m, "boolean") && m.value === false);
    if (hasTrue && hasFalse && !members.some((m) => m.kind === "bool")) members.push({ kind: "bool" });
    const has = (kind: string) => members.some((m) => m.kind === kind);
    const absorbed = (m: Expr) =>
      (has("bool") && isLiteral(m, "boolean")) ||
      (has("string") && isLiteral(m, "string")) ||
      (has("number") && isLiteral(m, "number")) ||
      (has("bigint") && m.kind === "bigintLiteral");
    const rest = members.filter((m) => !absorbed(m));
    if (sawUndefined) {
      if (rest.length === 0) return node("undefined", {}, e);
      return node("optional", { inner: rest.length === 1 ? rest[0]! : node("union", { members: rest }) }, e);
    }
    if (rest.length === 0) return node("union", { members: [] }, e);
    if (rest.length === 1) return rest[0]!;
    return node("union", { members: rest }, e);
  }

  /** §2.2 rule 2. */
  private optional(inner: Expr, from: Json): Expr {
    if (inner.kind === "optional" || inner.kind === "undefined" || inner.kind === "any") return inner;
    if (isNever(inner)) return node("undefined", {}, from);
    return node("optional", { inner }, from);
  }

  /** §2.2 rule 3. */
  private intersection(e: Expr): Expr {
    const flat: Expr[] = [];
    const add = (m: Expr) => {
      if (m.kind === "intersection") (m.members as Expr[]).forEach(add);
      else if (m.kind !== "any") flat.push(m);
    };
    for (const m of e.members as Expr[]) add(this.normalize(m));
    if (flat.some(isNever)) return node("union", { members: [] }, e);
    const members = this.dedup(flat);
    if (members.length === 0) return node("any", {}, e);
    if (members.length === 1) return members[0]!;
    return node("intersection", { members }, e);
  }

  /** §2.2 rule 4: refine(refine(B, c1), c2) = refine(B, c1 ++ c2); no constraints = the base. */
  private refine(e: Expr): Expr {
    let base = this.normalize(e.base as Expr);
    let constraints = (e.constraints as Json[]).map((c) => ({ kind: c.kind, value: c.value }));
    if (base.kind === "refine") {
      constraints = [
        ...(base.constraints as Json[]).map((c) => ({ kind: c.kind, value: c.value })),
        ...constraints,
      ];
      base = base.base as Expr;
    }
    if (constraints.length === 0) return base;
    // spec gap: rule 6 names literals and enum values only; the implementation writes a -0
    // constraint value as 0 too (invisible in JSON text and in the id, §3.3).
    return node(
      "refine",
      { base, constraints: constraints.map((c) => ({ ...c, value: noNegZero(c.value) })) },
      e,
    );
  }

  // ---------------------------------------------------------------- §2.4 emission

  emit(v: Expr): Expr {
    let out = this.emitted.get(v);
    if (out === undefined) {
      out = this.emitNode(v);
      this.emitted.set(v, out);
    }
    return out;
  }

  /** Members sorted by id (byte-wise ascending = lowercase hex ascending), deduplicated by id. */
  private byId(members: Expr[]): Expr[] {
    const unique = new Map<string, Expr>();
    for (const m of members.map((x) => this.emit(x))) if (!unique.has(idOf(m))) unique.set(idOf(m), m);
    return [...unique.keys()].sort().map((id) => unique.get(id)!);
  }

  private emitNode(v: Expr): Expr {
    const m = meta(v);
    const e = (x: unknown) => this.emit(x as Expr);
    switch (v.kind) {
      case "union":
      case "intersection": {
        // "a union or intersection left with one member is replaced by it"
        const members = this.byId(v.members as Expr[]);
        return members.length === 1 ? members[0]! : { kind: v.kind, members, ...m };
      }
      case "enum": {
        // sorted by the id of the `literal` node of their value, deduplicated
        const unique = new Map<string, Json>();
        for (const member of v.members as Json[]) {
          const id = idOf({ kind: "literal", value: member.value });
          if (!unique.has(id)) unique.set(id, member);
        }
        return { kind: "enum", members: [...unique.keys()].sort().map((id) => unique.get(id)!), ...m };
      }
      case "refine": {
        // sorted by (constraint tag, value bytes as in §3.3), deduplicated
        const keyed = (v.constraints as Json[]).map((c) => {
          const tag = CONSTRAINTS[c.kind as string];
          if (tag === undefined) throw new Error(`unknown constraint ${String(c.kind)}`);
          const bytes = typeof c.value === "string" ? utf8(c.value) : float64(c.value as number);
          return { c, tag, bytes };
        });
        keyed.sort((a, b) => a.tag - b.tag || compareBytes(a.bytes, b.bytes));
        const unique = keyed.filter(
          (k, i) =>
            i === 0 || k.tag !== keyed[i - 1]!.tag || compareBytes(k.bytes, keyed[i - 1]!.bytes) !== 0,
        );
        return { kind: "refine", base: e(v.base), constraints: unique.map((k) => k.c), ...m };
      }
      case "record":
        // fields stay in UTF-8 byte order (§2.1)
        return { ...v, fields: (v.fields as Json[]).map((f) => ({ ...f, type: e(f.type) })) };
      case "tuple":
        return { ...v, elements: (v.elements as Json[]).map((el) => ({ ...el, type: e(el.type) })) };
      case "function":
        return { ...v, params: (v.params as Expr[]).map(e), returns: e(v.returns) };
      case "template":
        return { ...v, types: (v.types as Expr[]).map(e) };
      case "list":
      case "set":
        return { ...v, element: e(v.element) };
      case "map":
      case "dict":
        return { ...v, key: e(v.key), value: e(v.value) };
      case "optional":
        return { ...v, inner: e(v.inner) };
      default:
        return v;
    }
  }
}
