/** A canonical TypeExpr node -> its wire record (children referenced by their ids). */
import {
  CONSTRAINT_TAG,
  type Constraint,
  type ExprOf,
  type Kind,
  TAG,
  TUPLE_ELEMENT_TAG,
  type TypeExpr,
} from "../type-expr.js";
import { utf8 } from "../utf8.js";
import type { Root } from "./merkle.js";
import { ENCODING_VERSION, LITERAL_KIND, type WireRecord } from "./wire.js";

export type IdOf = (child: TypeExpr) => Root;

/** IEEE-754 binary64, little-endian; -0 is written as +0 (the two are one literal in TypeScript). */
export function float64Bytes(value: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, value === 0 ? 0 : value, true);
  return out;
}

export function constraintValueBytes(c: Constraint): Uint8Array {
  return typeof c.value === "string" ? utf8(c.value) : float64Bytes(c.value);
}

export function literalValueBytes(value: string | number | boolean): Uint8Array {
  if (typeof value === "string") return utf8(value);
  if (typeof value === "number") return float64Bytes(value);
  return new Uint8Array([value ? 1 : 0]);
}

export function literalKindOf(value: string | number | boolean): number {
  return LITERAL_KIND[typeof value as "string" | "number" | "boolean"];
}

export function toWire(expr: TypeExpr, idOf: IdOf): WireRecord {
  const head = { version: ENCODING_VERSION, tag: TAG[expr.kind] };
  return { ...head, ...payload(expr, idOf) };
}

function payload(expr: TypeExpr, idOf: IdOf): WireRecord {
  switch (expr.kind) {
    case "any":
    case "unit":
    case "bool":
    case "string":
    case "integer":
    case "ratio":
    case "number":
    case "undefined":
    case "bigint":
    case "bytes":
    case "date":
      return {};
    case "fixed":
      return { scale: expr.scale };
    case "list":
    case "set":
      return { element: idOf(expr.element) };
    case "optional":
      return { inner: idOf(expr.inner) };
    case "recursive":
      return { body: idOf(expr.body) };
    case "ref":
      return { index: expr.index ?? 0 };
    case "map":
    case "dict":
      return { key: idOf(expr.key), value: idOf(expr.value) };
    case "record":
      return {
        fields: expr.fields.map((f) => ({
          name: utf8(f.name),
          type: idOf(f.type),
          optional: f.optional === true,
        })),
      };
    case "union":
    case "intersection":
      return { members: expr.members.map(idOf) };
    case "enum":
      return { members: expr.members.map((m) => idOf({ kind: "literal", value: m.value })) };
    case "range":
    case "bigintRange":
      return { min: utf8(expr.min), max: utf8(expr.max) };
    case "tuple":
      return {
        elements: expr.elements.map((e) => ({
          kind: TUPLE_ELEMENT_TAG[e.kind ?? "required"],
          type: idOf(e.type),
        })),
      };
    case "function":
      return { params: expr.params.map(idOf), returns: idOf(expr.returns) };
    case "literal":
      return { literalKind: literalKindOf(expr.value), value: literalValueBytes(expr.value) };
    case "bigintLiteral":
      return { value: utf8(expr.value) };
    case "template":
      return { texts: expr.texts.map(utf8), types: expr.types.map(idOf) };
    case "refine":
      return {
        base: idOf(expr.base),
        constraints: expr.constraints.map((c) => ({
          kind: CONSTRAINT_TAG[c.kind],
          value: constraintValueBytes(c),
        })),
      };
  }
}

export type { ExprOf, Kind };
