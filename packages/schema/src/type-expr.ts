/**
 * The TypeExpr model: plain, JSON-serializable data describing the shape of a value.
 *
 * Tags 0-17 keep the numbers of the Causality reference (Rust `TypeExpr`); 18+ are the
 * additions TypeScript needs. The tag numbers are part of the id encoding (docs/type-expr-spec.md),
 * so they never change once published.
 */

/** Metadata carried by any node. It never changes an id. */
export interface Meta {
  /** Declared name of the type (interface, alias, enum...), for messages and printing. */
  readonly name?: string;
  /** Doc comment of the declaration. */
  readonly description?: string;
}

export interface AnyExpr extends Meta {
  readonly kind: "any";
}
/** The unit type: JS `null` (Rust's `()` serializes to null). */
export interface UnitExpr extends Meta {
  readonly kind: "unit";
}
export interface BoolExpr extends Meta {
  readonly kind: "bool";
}
export interface StringExpr extends Meta {
  readonly kind: "string";
}
/** A number whose value is an integer (`Number.isInteger`). */
export interface IntegerExpr extends Meta {
  readonly kind: "integer";
}
/** A decimal string with at most `scale` fractional digits, e.g. "12.50" for scale 2. */
export interface FixedExpr extends Meta {
  readonly kind: "fixed";
  readonly scale: number;
}
/** A rational number written as the string "p/q" (integers, q > 0). */
export interface RatioExpr extends Meta {
  readonly kind: "ratio";
}
/** Any JS number (`typeof x === "number"`, NaN and Infinity included). */
export interface NumberExpr extends Meta {
  readonly kind: "number";
}
export interface ListExpr extends Meta {
  readonly kind: "list";
  readonly element: TypeExpr;
}
/** A JS `Map` instance. */
export interface MapExpr extends Meta {
  readonly kind: "map";
  readonly key: TypeExpr;
  readonly value: TypeExpr;
}
export interface Field extends Meta {
  readonly name: string;
  readonly type: TypeExpr;
  /** `x?: T`: the key may be absent. Distinct from `x: T | undefined`. */
  readonly optional?: boolean;
  /**
   * Metadata: the field's position in its declaration (0-based) where that differs from the
   * canonical (sorted) order. Validators check and report fields in declaration order.
   */
  readonly order?: number;
  /**
   * Metadata: the field's value is a secret the runtime keeps out of its journal and events (it
   * writes a marker there; the instance state keeps the value). Not part of the id: it changes
   * where a value is written, not which values the type accepts (docs/type-expr-spec.md).
   */
  readonly redacted?: boolean;
}
/** An object with known fields. Extra keys are allowed by `is`, rejected by `equals`. */
export interface RecordExpr extends Meta {
  readonly kind: "record";
  readonly fields: readonly Field[];
}
export interface UnionExpr extends Meta {
  readonly kind: "union";
  /** An empty union is `never`. */
  readonly members: readonly TypeExpr[];
}
export interface IntersectionExpr extends Meta {
  readonly kind: "intersection";
  readonly members: readonly TypeExpr[];
}
/** `T | undefined`. The canonical form of any union that contains `undefined`. */
export interface OptionalExpr extends Meta {
  readonly kind: "optional";
  readonly inner: TypeExpr;
}
/** An integer-valued number in `[min, max]`; bounds are decimal strings so u64/i128 are exact. */
export interface RangeExpr extends Meta {
  readonly kind: "range";
  readonly min: string;
  readonly max: string;
}
/** An enum: the set of its members' values. Member names are metadata. */
export interface EnumExpr extends Meta {
  readonly kind: "enum";
  readonly members: readonly EnumMember[];
}
export interface EnumMember {
  readonly name?: string;
  readonly value: string | number;
}
export type TupleElementKind = "required" | "optional" | "rest";
export interface TupleElement extends Meta {
  readonly type: TypeExpr;
  /** Default "required". A rest element's `type` is the element type of the rest. */
  readonly kind?: TupleElementKind;
}
export interface TupleExpr extends Meta {
  readonly kind: "tuple";
  readonly elements: readonly TupleElement[];
}
/** Functions are not data; the tag exists for parity with the reference. */
export interface FunctionExpr extends Meta {
  readonly kind: "function";
  readonly params: readonly TypeExpr[];
  readonly returns: TypeExpr;
}
export interface UndefinedExpr extends Meta {
  readonly kind: "undefined";
}
export interface LiteralExpr extends Meta {
  readonly kind: "literal";
  readonly value: string | number | boolean;
}
export interface BigIntLiteralExpr extends Meta {
  readonly kind: "bigintLiteral";
  /** Canonical decimal string: "-12", "0". */
  readonly value: string;
}
export interface BigIntExpr extends Meta {
  readonly kind: "bigint";
}
/** A `Uint8Array`. */
export interface BytesExpr extends Meta {
  readonly kind: "bytes";
}
/** A `Date` instance. */
export interface DateExpr extends Meta {
  readonly kind: "date";
}
/** A JS `Set` instance. */
export interface SetExpr extends Meta {
  readonly kind: "set";
  readonly element: TypeExpr;
}
/** `${A}-${B}`: `texts` has one more entry than `types` (head, then the text after each type). */
export interface TemplateExpr extends Meta {
  readonly kind: "template";
  readonly texts: readonly string[];
  readonly types: readonly TypeExpr[];
}
export type ConstraintKind =
  | "minimum"
  | "maximum"
  | "exclusiveMinimum"
  | "exclusiveMaximum"
  | "multipleOf"
  | "minLength"
  | "maxLength"
  | "pattern"
  | "format";
export type NumericConstraintKind = Exclude<ConstraintKind, "pattern" | "format">;
export type Constraint =
  | { readonly kind: NumericConstraintKind; readonly value: number }
  | { readonly kind: "pattern" | "format"; readonly value: string };
/** A base type narrowed by constraints (all must hold). */
export interface RefineExpr extends Meta {
  readonly kind: "refine";
  readonly base: TypeExpr;
  readonly constraints: readonly Constraint[];
}
/**
 * A recursion binder (a mu-type). Inside `body`, a `ref` points back at this node by
 * `name` (input form) or by de Bruijn `index` (canonical form, 0 = innermost binder).
 */
export interface RecursiveExpr extends Meta {
  readonly kind: "recursive";
  readonly body: TypeExpr;
}
export interface RefExpr extends Meta {
  readonly kind: "ref";
  readonly index?: number;
}
/** An object used as a dictionary: `Record<K, V>` / `{ [k: string]: V }`. */
export interface DictExpr extends Meta {
  readonly kind: "dict";
  readonly key: TypeExpr;
  readonly value: TypeExpr;
}
/** A bigint in `[min, max]` (decimal strings). */
export interface BigIntRangeExpr extends Meta {
  readonly kind: "bigintRange";
  readonly min: string;
  readonly max: string;
}

export type TypeExpr =
  | AnyExpr
  | UnitExpr
  | BoolExpr
  | StringExpr
  | IntegerExpr
  | FixedExpr
  | RatioExpr
  | NumberExpr
  | ListExpr
  | MapExpr
  | RecordExpr
  | UnionExpr
  | IntersectionExpr
  | OptionalExpr
  | RangeExpr
  | EnumExpr
  | TupleExpr
  | FunctionExpr
  | UndefinedExpr
  | LiteralExpr
  | BigIntLiteralExpr
  | BigIntExpr
  | BytesExpr
  | DateExpr
  | SetExpr
  | TemplateExpr
  | RefineExpr
  | RecursiveExpr
  | RefExpr
  | DictExpr
  | BigIntRangeExpr;

export type Kind = TypeExpr["kind"];

/** Wire tags. 0-17 are the reference's numbers; never renumber. */
export const TAG = {
  any: 0,
  unit: 1,
  bool: 2,
  string: 3,
  integer: 4,
  fixed: 5,
  ratio: 6,
  number: 7,
  list: 8,
  map: 9,
  record: 10,
  union: 11,
  intersection: 12,
  optional: 13,
  range: 14,
  enum: 15,
  tuple: 16,
  function: 17,
  undefined: 18,
  literal: 19,
  bigintLiteral: 20,
  bigint: 21,
  bytes: 22,
  date: 23,
  set: 24,
  template: 25,
  refine: 26,
  recursive: 27,
  ref: 28,
  dict: 29,
  bigintRange: 30,
} as const satisfies Record<Kind, number>;

export const KINDS = Object.keys(TAG) as Kind[];

export const CONSTRAINT_TAG = {
  minimum: 1,
  maximum: 2,
  exclusiveMinimum: 3,
  exclusiveMaximum: 4,
  multipleOf: 5,
  minLength: 6,
  maxLength: 7,
  pattern: 8,
  format: 9,
} as const satisfies Record<ConstraintKind, number>;

export const TUPLE_ELEMENT_TAG = { required: 0, optional: 1, rest: 2 } as const satisfies Record<
  TupleElementKind,
  number
>;

export type ExprOf<K extends Kind> = Extract<TypeExpr, { kind: K }>;
