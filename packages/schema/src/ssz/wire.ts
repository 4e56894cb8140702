/**
 * The wire layout of every TypeExpr node: one SSZ Container per kind, always starting with
 * `version: uint8` and `tag: uint8`. This table is the single source for the @chainsafe/ssz
 * types (serialize/deserialize) and for the fast hasher, and docs/type-expr-spec.md mirrors it.
 */
import { LIMITS } from "../limits.js";
import type { Kind } from "../type-expr.js";

export const ENCODING_VERSION = 1;

export type FieldType =
  | { readonly t: "uint8" }
  | { readonly t: "uint32" }
  | { readonly t: "bool" }
  | { readonly t: "bytes32" }
  | { readonly t: "byteList"; readonly limit: number }
  | { readonly t: "rootList"; readonly limit: number }
  | { readonly t: "textList"; readonly limit: number; readonly textLimit: number }
  | { readonly t: "containerList"; readonly limit: number; readonly fields: readonly WireField[] };

export interface WireField {
  readonly name: string;
  readonly type: FieldType;
}

const u8: FieldType = { t: "uint8" };
const u32: FieldType = { t: "uint32" };
const bool: FieldType = { t: "bool" };
const root: FieldType = { t: "bytes32" };
const roots: FieldType = { t: "rootList", limit: LIMITS.members };
const text: FieldType = { t: "byteList", limit: LIMITS.textBytes };
const decimal: FieldType = { t: "byteList", limit: LIMITS.decimalBytes };
const f = (name: string, type: FieldType): WireField => ({ name, type });

export const RECORD_FIELD: readonly WireField[] = [
  f("name", { t: "byteList", limit: LIMITS.nameBytes }),
  f("type", root),
  f("optional", bool),
];
export const TUPLE_ELEMENT: readonly WireField[] = [f("kind", u8), f("type", root)];
export const CONSTRAINT: readonly WireField[] = [f("kind", u8), f("value", text)];

/** Payload fields per kind (after `version` and `tag`). */
export const PAYLOAD: Readonly<Record<Kind, readonly WireField[]>> = {
  any: [],
  unit: [],
  bool: [],
  string: [],
  integer: [],
  fixed: [f("scale", u8)],
  ratio: [],
  number: [],
  list: [f("element", root)],
  map: [f("key", root), f("value", root)],
  record: [f("fields", { t: "containerList", limit: LIMITS.members, fields: RECORD_FIELD })],
  union: [f("members", roots)],
  intersection: [f("members", roots)],
  optional: [f("inner", root)],
  range: [f("min", decimal), f("max", decimal)],
  enum: [f("members", roots)],
  tuple: [f("elements", { t: "containerList", limit: LIMITS.members, fields: TUPLE_ELEMENT })],
  function: [f("params", roots), f("returns", root)],
  undefined: [],
  literal: [f("literalKind", u8), f("value", text)],
  bigintLiteral: [f("value", decimal)],
  bigint: [],
  bytes: [],
  date: [],
  set: [f("element", root)],
  template: [
    f("texts", { t: "textList", limit: LIMITS.members, textLimit: LIMITS.textBytes }),
    f("types", roots),
  ],
  refine: [
    f("base", root),
    f("constraints", { t: "containerList", limit: LIMITS.constraints, fields: CONSTRAINT }),
  ],
  recursive: [f("body", root)],
  ref: [f("index", u32)],
  dict: [f("key", root), f("value", root)],
  bigintRange: [f("min", decimal), f("max", decimal)],
};

export const HEADER: readonly WireField[] = [f("version", u8), f("tag", u8)];

/** A wire value: field name -> number | boolean | Uint8Array | list of those or of sub-records. */
export type WireValue = number | boolean | Uint8Array | readonly WireValue[] | WireRecord;
export interface WireRecord {
  readonly [field: string]: WireValue;
}

export const LITERAL_KIND = { string: 0, number: 1, boolean: 2 } as const;
