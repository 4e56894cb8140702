/**
 * Constructors for TypeExprs written by hand (tests, schemas from code):
 * `t.record({ id: t.string(), tags: t.optionalField(t.list(t.string())) })`.
 *
 * Every node a builder makes is frozen (its arrays and entries too, copied from the arguments), so
 * a schema built only with `t` never reads differently and its id is remembered by identity
 * (canonical.ts): asking again costs a lookup. Objects passed in are used as they are.
 */
import type { Constraint, EnumMember, Field, Meta, TupleElement, TypeExpr } from "./type-expr.js";
import { mapChildren } from "./walk.js";

/** Marks a record field as `x?: T` when passed to `t.record`. */
export interface OptionalFieldSpec {
  readonly optionalField: TypeExpr;
}

/** Marks a record field redacted (kept out of the runtime's journal and events) when passed to `t.record`. */
export interface RedactedFieldSpec {
  readonly redactedField: TypeExpr | OptionalFieldSpec;
}

type FieldSpec = TypeExpr | OptionalFieldSpec | RedactedFieldSpec;

const isOptionalSpec = (f: FieldSpec): f is OptionalFieldSpec => "optionalField" in f;
const isRedactedSpec = (f: FieldSpec): f is RedactedFieldSpec => "redactedField" in f;

function fieldOf(name: string, spec: FieldSpec): Field {
  if (isRedactedSpec(spec)) return { ...fieldOf(name, spec.redactedField), redacted: true };
  return isOptionalSpec(spec) ? { name, type: spec.optionalField, optional: true } : { name, type: spec };
}

const U_BOUNDS = (bits: number) => ({ min: "0", max: (2n ** BigInt(bits) - 1n).toString() });
const I_BOUNDS = (bits: number) => ({
  min: (-(2n ** BigInt(bits - 1))).toString(),
  max: (2n ** BigInt(bits - 1) - 1n).toString(),
});

const builders = {
  any: (): TypeExpr => ({ kind: "any" }),
  unit: (): TypeExpr => ({ kind: "unit" }),
  null: (): TypeExpr => ({ kind: "unit" }),
  undefined: (): TypeExpr => ({ kind: "undefined" }),
  bool: (): TypeExpr => ({ kind: "bool" }),
  string: (): TypeExpr => ({ kind: "string" }),
  number: (): TypeExpr => ({ kind: "number" }),
  integer: (): TypeExpr => ({ kind: "integer" }),
  bigint: (): TypeExpr => ({ kind: "bigint" }),
  bytes: (): TypeExpr => ({ kind: "bytes" }),
  date: (): TypeExpr => ({ kind: "date" }),
  ratio: (): TypeExpr => ({ kind: "ratio" }),
  fixed: (scale: number): TypeExpr => ({ kind: "fixed", scale }),
  literal: (value: string | number | boolean): TypeExpr => ({ kind: "literal", value }),
  bigintLiteral: (value: bigint): TypeExpr => ({ kind: "bigintLiteral", value: value.toString() }),
  list: (element: TypeExpr): TypeExpr => ({ kind: "list", element }),
  set: (element: TypeExpr): TypeExpr => ({ kind: "set", element }),
  map: (key: TypeExpr, value: TypeExpr): TypeExpr => ({ kind: "map", key, value }),
  dict: (key: TypeExpr, value: TypeExpr): TypeExpr => ({ kind: "dict", key, value }),
  optional: (inner: TypeExpr): TypeExpr => ({ kind: "optional", inner }),
  union: (...members: TypeExpr[]): TypeExpr => ({ kind: "union", members }),
  intersection: (...members: TypeExpr[]): TypeExpr => ({ kind: "intersection", members }),
  never: (): TypeExpr => ({ kind: "union", members: [] }),
  range: (min: bigint | number, max: bigint | number): TypeExpr => ({
    kind: "range",
    min: BigInt(min).toString(),
    max: BigInt(max).toString(),
  }),
  bigintRange: (min: bigint, max: bigint): TypeExpr => ({
    kind: "bigintRange",
    min: min.toString(),
    max: max.toString(),
  }),
  u8: (): TypeExpr => ({ kind: "range", ...U_BOUNDS(8) }),
  u16: (): TypeExpr => ({ kind: "range", ...U_BOUNDS(16) }),
  u32: (): TypeExpr => ({ kind: "range", ...U_BOUNDS(32) }),
  u64: (): TypeExpr => ({ kind: "range", ...U_BOUNDS(64) }),
  i8: (): TypeExpr => ({ kind: "range", ...I_BOUNDS(8) }),
  i16: (): TypeExpr => ({ kind: "range", ...I_BOUNDS(16) }),
  i32: (): TypeExpr => ({ kind: "range", ...I_BOUNDS(32) }),
  i64: (): TypeExpr => ({ kind: "range", ...I_BOUNDS(64) }),
  enum: (members: readonly (EnumMember | string | number)[]): TypeExpr => ({
    kind: "enum",
    members: members.map((m) => (typeof m === "object" ? { ...m } : { value: m })),
  }),
  /** Elements are types (required) or `t.optionalElement(x)` / `t.restElement(x)`. */
  tuple: (...elements: (TypeExpr | TupleElement)[]): TypeExpr => ({
    kind: "tuple",
    elements: elements.map((e) => ("type" in e ? { ...e } : { type: e })),
  }),
  optionalElement: (type: TypeExpr): TupleElement => ({ type, kind: "optional" }),
  restElement: (type: TypeExpr): TupleElement => ({ type, kind: "rest" }),
  template: (texts: readonly string[], types: readonly TypeExpr[]): TypeExpr => ({
    kind: "template",
    texts: [...texts],
    types: [...types],
  }),
  refine: (base: TypeExpr, ...constraints: Constraint[]): TypeExpr => ({
    kind: "refine",
    base,
    constraints: constraints.map((c) => ({ ...c })),
  }),
  record: (fields: Readonly<Record<string, FieldSpec>>, meta: Meta = {}): TypeExpr => ({
    kind: "record",
    fields: Object.entries(fields).map(([name, spec]) => fieldOf(name, spec)),
    ...meta,
  }),
  optionalField: (type: TypeExpr): OptionalFieldSpec => ({ optionalField: type }),
  /** `t.redacted(t.string())` or `t.redacted(t.optionalField(t.string()))`: a redacted field. */
  redacted: (field: TypeExpr | OptionalFieldSpec): RedactedFieldSpec => ({ redactedField: field }),
  /** A recursion binder; `body` receives the reference to use for the recursive occurrences. */
  recursive: (name: string, body: (self: TypeExpr) => TypeExpr): TypeExpr => {
    const self: TypeExpr = { kind: "ref", name };
    return { kind: "recursive", name, body: bindSelf(body(self), self, 0) };
  },
  ref: (index: number): TypeExpr => ({ kind: "ref", index }),
  named: <E extends TypeExpr>(expr: E, name: string, description?: string): E =>
    description === undefined ? { ...expr, name } : { ...expr, name, description },
};

/** Arrays whose entries the builders copy (fields, tuple elements, enum members, constraints). */
const ENTRIES = new Set(["fields", "elements", "constraints"]);

/** The node frozen, with its arrays and the entries the builder copied; child nodes stay as given. */
function sealed<E extends TypeExpr | TupleElement | OptionalFieldSpec>(e: E): E {
  for (const [key, value] of Object.entries(e)) {
    if (!Array.isArray(value)) continue;
    if (ENTRIES.has(key) || (key === "members" && (e as TypeExpr).kind === "enum")) {
      for (const x of value) Object.freeze(x);
    }
    Object.freeze(value);
  }
  return Object.freeze(e);
}

type Builders = typeof builders;
export const t: Builders = Object.freeze(
  Object.fromEntries(
    Object.entries(builders).map(([name, make]) => [
      name,
      (...args: unknown[]) => sealed((make as (...a: unknown[]) => TypeExpr)(...args)),
    ]),
  ) as unknown as Builders,
);

/** Replaces the placeholder `self` by a ref whose de Bruijn index counts the binders in between. */
function bindSelf(e: TypeExpr, self: TypeExpr, depth: number): TypeExpr {
  if (e === self) return { kind: "ref", index: depth, ...(e.name === undefined ? {} : { name: e.name }) };
  return mapChildren(e, (child, binder) => bindSelf(child, self, binder ? depth + 1 : depth));
}
