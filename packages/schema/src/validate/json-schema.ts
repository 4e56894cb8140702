/**
 * JSON Schema (draft 2020-12) of a TypeExpr. Where JSON Schema cannot say exactly what the
 * validator checks (Map, Set, Date, bigint, undefined, bytes, functions, numbers outside JSON's
 * range), the output carries `x-causality-inexact` with the reason instead of silently widening.
 */
import { cachedId, canonicalize } from "../canonical.js";
import { toHex } from "../id.js";
import type { TypeExpr } from "../type-expr.js";
import { templateRegExp } from "./template.js";

export type JsonSchema = { [key: string]: unknown };

export function toJSONSchema(expr: TypeExpr): JsonSchema {
  const root = canonicalize(expr);
  const defs: Record<string, JsonSchema> = {};
  const body = convert(root, [], defs);
  const out: JsonSchema = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `urn:causality:${toHex(cachedId(root)!)}`,
    ...body,
  };
  if (Object.keys(defs).length > 0) out.$defs = defs;
  return out;
}

const inexact = (schema: JsonSchema, why: string): JsonSchema => ({ ...schema, "x-causality-inexact": why });

function convert(e: TypeExpr, binders: string[], defs: Record<string, JsonSchema>): JsonSchema {
  const go = (x: TypeExpr) => convert(x, binders, defs);
  const meta: JsonSchema = {};
  if (e.name !== undefined && e.kind !== "ref") meta.title = e.name;
  if (e.description !== undefined) meta.description = e.description;
  switch (e.kind) {
    case "any":
      return { ...meta };
    case "unit":
      return { ...meta, type: "null" };
    case "bool":
      return { ...meta, type: "boolean" };
    case "string":
      return { ...meta, type: "string" };
    case "number":
      return inexact(
        { ...meta, type: "number" },
        "NaN and ±Infinity pass the validator but have no JSON form",
      );
    case "integer":
      return { ...meta, type: "integer" };
    case "range": {
      const schema: JsonSchema = { ...meta, type: "integer", minimum: Number(e.min), maximum: Number(e.max) };
      const exact = [e.min, e.max].every((b) => Math.abs(Number(b)) <= Number.MAX_SAFE_INTEGER);
      return exact ? schema : inexact(schema, `bounds ${e.min}..${e.max} are rounded to the nearest double`);
    }
    case "fixed":
      return {
        ...meta,
        type: "string",
        pattern: `^-?(0|[1-9][0-9]*)${e.scale > 0 ? `(\\.[0-9]{1,${e.scale}})?` : ""}$`,
      };
    case "ratio":
      return { ...meta, type: "string", pattern: "^-?(0|[1-9][0-9]*)/[1-9][0-9]*$" };
    case "literal":
      return { ...meta, const: e.value };
    case "enum":
      return { ...meta, enum: e.members.map((m) => m.value) };
    case "template":
      return { ...meta, type: "string", pattern: templateRegExp(e).source };
    case "list":
      return { ...meta, type: "array", items: go(e.element) };
    case "tuple": {
      const restAt = e.elements.findIndex((el) => el.kind === "rest");
      const head = restAt < 0 ? e.elements : e.elements.slice(0, restAt);
      const schema: JsonSchema = {
        ...meta,
        type: "array",
        prefixItems: head.map((el) => go(el.type)),
        minItems: head.filter((el) => (el.kind ?? "required") === "required").length,
      };
      if (restAt < 0) return { ...schema, items: false, maxItems: e.elements.length };
      if (restAt < e.elements.length - 1)
        return inexact(
          { ...schema, items: go(e.elements[restAt]!.type) },
          "elements after a rest element are not checked",
        );
      return { ...schema, items: go(e.elements[restAt]!.type) };
    }
    case "record": {
      const properties: Record<string, JsonSchema> = {};
      for (const f of e.fields) properties[f.name] = go(f.type);
      const required = e.fields
        .filter((f) => !f.optional && !["optional", "undefined", "any"].includes(f.type.kind))
        .map((f) => f.name);
      return { ...meta, type: "object", properties, required };
    }
    case "dict": {
      const schema: JsonSchema = { ...meta, type: "object", additionalProperties: go(e.value) };
      if (e.key.kind === "string") return schema;
      if (e.key.kind === "template")
        return { ...schema, propertyNames: { pattern: templateRegExp(e.key).source } };
      return { ...schema, propertyNames: go(e.key) };
    }
    case "union":
      return e.members.length === 0 ? { ...meta, not: {} } : { ...meta, anyOf: e.members.map(go) };
    case "intersection":
      return { ...meta, allOf: e.members.map(go) };
    case "optional":
      return inexact({ ...meta, ...go(e.inner) }, "undefined has no JSON form (an absent key is allowed)");
    case "refine": {
      const schema = go(e.base);
      for (const c of e.constraints) {
        const isString = e.base.kind === "string" || e.base.kind === "template";
        switch (c.kind) {
          case "minLength":
            schema[isString ? "minLength" : "minItems"] = c.value;
            break;
          case "maxLength":
            schema[isString ? "maxLength" : "maxItems"] = c.value;
            break;
          default:
            schema[c.kind] = c.value;
        }
      }
      return { ...meta, ...schema };
    }
    case "recursive": {
      const name = `T${binders.length}_${e.name ?? "Self"}`;
      defs[name] = convert(e.body, [...binders, name], defs);
      return { ...meta, $ref: `#/$defs/${name}` };
    }
    case "ref":
      return { $ref: `#/$defs/${binders[binders.length - 1 - (e.index ?? 0)]}` };
    case "map":
      return inexact({ ...meta }, "a Map has no JSON form");
    case "set":
      return inexact(
        { ...meta, type: "array", uniqueItems: true, items: go(e.element) },
        "a Set has no JSON form; shown as an array",
      );
    case "date":
      return inexact(
        { ...meta, type: "string", format: "date-time" },
        "a Date has no JSON form; shown as its ISO string",
      );
    case "bigint":
    case "bigintRange":
    case "bigintLiteral":
      return inexact(
        { ...meta, type: "string", pattern: "^-?[0-9]+$" },
        "a bigint has no JSON form; shown as a decimal string",
      );
    case "bytes":
      return inexact({ ...meta, type: "string" }, "a Uint8Array has no JSON form");
    case "undefined":
      return inexact({ ...meta, not: {} }, "undefined has no JSON form");
    case "function":
      return inexact({ ...meta, not: {} }, "a function is not data");
  }
}
