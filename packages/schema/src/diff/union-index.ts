/**
 * An index over the members of a union (or the values of an enum), built once per canonical node:
 * members by id, literal members by value, and a discriminated union's members by tag value. With
 * it, "is this member in that union" and "which member has this tag" are map lookups, so diffing
 * two unions of n members costs n log n (the canonical sort), not n².
 */
import { cachedId } from "../canonical.js";
import { toHex } from "../id.js";
import type { ExprOf, TypeExpr } from "../type-expr.js";
import { discriminant } from "../validate/interpret.js";

export interface UnionIndex {
  /** Member id (hex) -> member; only canonical members have an id to index. */
  readonly byId: ReadonlyMap<string, TypeExpr>;
  /** `literalKey(value)` -> the literal member. */
  readonly literals: ReadonlyMap<string, TypeExpr>;
  /** The members that are not literals (the only ones a literal can match besides its own). */
  readonly others: readonly TypeExpr[];
  /** The discriminating field when every member is a record tagged by a distinct literal. */
  readonly tag?: string;
  readonly byTag?: ReadonlyMap<unknown, TypeExpr>;
}

const INDEX = new WeakMap<object, UnionIndex>();
const HEX = new WeakMap<object, string>();

/** The hex id of a canonical node, memoized; undefined for a node that is not canonical. */
export function idKey(e: TypeExpr): string | undefined {
  let key = HEX.get(e);
  if (key === undefined) {
    const id = cachedId(e);
    if (id === undefined) return undefined;
    key = toHex(id);
    HEX.set(e, key);
  }
  return key;
}

export function literalKey(value: unknown): string {
  return `${typeof value}:${String(value)}`;
}

export function unionIndex(e: ExprOf<"union">): UnionIndex {
  let index = INDEX.get(e);
  if (index) return index;
  const byId = new Map<string, TypeExpr>();
  const literals = new Map<string, TypeExpr>();
  const others: TypeExpr[] = [];
  for (const m of e.members) {
    const key = idKey(m);
    if (key !== undefined) byId.set(key, m);
    if (m.kind === "literal") literals.set(literalKey(m.value), m);
    else others.push(m);
  }
  // `never` (no members) has no tag; discriminant would read a first member that is not there.
  const tag = e.members.length === 0 ? undefined : discriminant(e, true);
  if (tag === undefined) index = { byId, literals, others };
  else {
    const byTag = new Map<unknown, TypeExpr>();
    for (const m of e.members) byTag.set(tagValue(m, tag), m);
    index = { byId, literals, others, tag, byTag };
  }
  INDEX.set(e, index);
  return index;
}

const ENUM_VALUES = new WeakMap<object, ReadonlySet<unknown>>();

/** The member values of an enum, as a set. */
export function enumValues(e: ExprOf<"enum">): ReadonlySet<unknown> {
  let values = ENUM_VALUES.get(e);
  if (!values) {
    values = new Set(e.members.map((m) => m.value));
    ENUM_VALUES.set(e, values);
  }
  return values;
}

/** The value of a record member's tag field (a literal), else undefined. */
export function tagValue(e: TypeExpr, tag: string): unknown {
  const field = e.kind === "record" ? e.fields.find((f) => f.name === tag) : undefined;
  return field && !field.optional && field.type.kind === "literal" ? field.type.value : undefined;
}
