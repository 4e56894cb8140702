/**
 * Strict decoding of a TypeExpr from untrusted JSON (another service, another language).
 * Either the whole expression is accepted and rebuilt as fresh objects, or a TypeExprError
 * names the first bad spot; nothing is partially decoded.
 */
import { TypeExprError } from "./errors.js";
import { LIMITS } from "./limits.js";
import {
  CONSTRAINT_TAG,
  type Constraint,
  type ConstraintKind,
  type EnumMember,
  type Field,
  type Kind,
  type Meta,
  TAG,
  type TupleElement,
  type TupleElementKind,
  type TypeExpr,
} from "./type-expr.js";
import { isWellFormed, utf8 } from "./utf8.js";

/** Deepest nesting accepted; a TypeExpr is a schema, not data, so this is generous. */
export const MAX_EXPR_DEPTH = 256;

type Json = Record<string, unknown>;

export function parseTypeExpr(input: unknown): TypeExpr {
  return new Parser().expr(input, "$", 0, []);
}

/** Like parseTypeExpr but accepts a JSON string. */
export function parseTypeExprJson(text: string): TypeExpr {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new TypeExprError("CX1001_NOT_AN_OBJECT", "$", `not JSON: ${(e as Error).message}`);
  }
  return parseTypeExpr(value);
}

const DECIMAL = /^(0|-?[1-9][0-9]*)$/;

class Parser {
  expr(v: unknown, path: string, depth: number, binders: readonly (string | undefined)[]): TypeExpr {
    if (depth > MAX_EXPR_DEPTH) {
      throw new TypeExprError("CX1008_LIMIT_EXCEEDED", path, `nested deeper than ${MAX_EXPR_DEPTH}`);
    }
    const o = this.object(v, path);
    if (typeof o.kind !== "string" || !Object.hasOwn(TAG, o.kind)) {
      throw new TypeExprError("CX1002_UNKNOWN_KIND", `${path}.kind`, `unknown kind ${describe(o.kind)}`);
    }
    const kind = o.kind as Kind;
    const meta = this.meta(o, path);
    const sub = (x: unknown, p: string, b = binders) => this.expr(x, p, depth + 1, b);
    switch (kind) {
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
        this.only(o, path, []);
        return { kind, ...meta } as TypeExpr;
      case "fixed": {
        this.only(o, path, ["scale"]);
        const scale = o.scale;
        if (!Number.isInteger(scale) || (scale as number) < 0 || (scale as number) > LIMITS.scale) {
          throw new TypeExprError("CX1007_BAD_NUMBER", `${path}.scale`, "must be an integer in 0..255");
        }
        return { kind, scale: scale as number, ...meta };
      }
      case "list":
      case "set":
        this.only(o, path, ["element"]);
        return { kind, element: sub(o.element, `${path}.element`), ...meta };
      case "map":
      case "dict":
        this.only(o, path, ["key", "value"]);
        return { kind, key: sub(o.key, `${path}.key`), value: sub(o.value, `${path}.value`), ...meta };
      case "optional":
        this.only(o, path, ["inner"]);
        return { kind, inner: sub(o.inner, `${path}.inner`), ...meta };
      case "union":
      case "intersection": {
        this.only(o, path, ["members"]);
        const members = this.array(o.members, `${path}.members`).map((m, i) =>
          sub(m, `${path}.members[${i}]`),
        );
        return { kind, members, ...meta };
      }
      case "record":
        this.only(o, path, ["fields"]);
        return { kind, fields: this.fields(o.fields, `${path}.fields`, sub), ...meta };
      case "range":
      case "bigintRange": {
        this.only(o, path, ["min", "max"]);
        const min = this.decimal(o.min, `${path}.min`);
        const max = this.decimal(o.max, `${path}.max`);
        if (BigInt(min) > BigInt(max)) {
          throw new TypeExprError("CX1007_BAD_NUMBER", path, `empty range: min ${min} > max ${max}`);
        }
        return { kind, min, max, ...meta };
      }
      case "enum": {
        this.only(o, path, ["members"]);
        const members = this.array(o.members, `${path}.members`).map((m, i) =>
          this.enumMember(m, `${path}.members[${i}]`),
        );
        return { kind, members, ...meta };
      }
      case "tuple": {
        this.only(o, path, ["elements"]);
        const elements = this.array(o.elements, `${path}.elements`).map((e, i) =>
          this.tupleElement(e, `${path}.elements[${i}]`, sub),
        );
        checkTupleShape(elements, path);
        return { kind, elements, ...meta };
      }
      case "function": {
        this.only(o, path, ["params", "returns"]);
        const params = this.array(o.params, `${path}.params`).map((p, i) => sub(p, `${path}.params[${i}]`));
        return { kind, params, returns: sub(o.returns, `${path}.returns`), ...meta };
      }
      case "literal": {
        this.only(o, path, ["value"]);
        const value = o.value;
        if (typeof value === "string") return { kind, value: this.text(value, `${path}.value`), ...meta };
        if (typeof value === "boolean") return { kind, value, ...meta };
        if (typeof value === "number" && Number.isFinite(value)) return { kind, value, ...meta };
        throw new TypeExprError(
          "CX1007_BAD_NUMBER",
          `${path}.value`,
          "a literal is a string, a boolean or a finite number",
        );
      }
      case "bigintLiteral":
        this.only(o, path, ["value"]);
        return { kind, value: this.decimal(o.value, `${path}.value`), ...meta };
      case "template": {
        this.only(o, path, ["texts", "types"]);
        const texts = this.array(o.texts, `${path}.texts`).map((t, i) => this.text(t, `${path}.texts[${i}]`));
        const types = this.array(o.types, `${path}.types`).map((t, i) => sub(t, `${path}.types[${i}]`));
        if (texts.length !== types.length + 1) {
          throw new TypeExprError(
            "CX1003_BAD_FIELD",
            path,
            `a template has one more text than types (got ${texts.length} texts, ${types.length} types)`,
          );
        }
        return { kind, texts, types, ...meta };
      }
      case "refine": {
        this.only(o, path, ["base", "constraints"]);
        const constraints = this.array(o.constraints, `${path}.constraints`, LIMITS.constraints).map((c, i) =>
          this.constraintOf(c, `${path}.constraints[${i}]`),
        );
        return { kind, base: sub(o.base, `${path}.base`), constraints, ...meta };
      }
      case "recursive": {
        this.only(o, path, ["body"]);
        return { kind, body: sub(o.body, `${path}.body`, [...binders, meta.name]), ...meta };
      }
      case "ref": {
        this.only(o, path, ["index"]);
        if (o.index !== undefined) {
          const index = o.index;
          if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= binders.length) {
            throw new TypeExprError(
              "CX1005_UNBOUND_REF",
              path,
              `index ${JSON.stringify(index)} does not point at an enclosing recursive binder (${binders.length} in scope)`,
            );
          }
          return { kind, index: index as number, ...meta };
        }
        if (meta.name === undefined) {
          throw new TypeExprError("CX1005_UNBOUND_REF", path, "a ref needs an index or a name");
        }
        const at = binders.lastIndexOf(meta.name);
        if (at < 0) {
          throw new TypeExprError(
            "CX1005_UNBOUND_REF",
            path,
            `no enclosing recursive binder is named ${JSON.stringify(meta.name)}`,
          );
        }
        return { kind, index: binders.length - 1 - at, ...meta };
      }
    }
  }

  private object(v: unknown, path: string): Json {
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      throw new TypeExprError("CX1001_NOT_AN_OBJECT", path, `expected an object, got ${describe(v)}`);
    }
    return v as Json;
  }

  private meta(o: Json, path: string): Meta {
    const meta: { name?: string; description?: string } = {};
    for (const key of ["name", "description"] as const) {
      const v = o[key];
      if (v === undefined) continue;
      if (typeof v !== "string") {
        throw new TypeExprError(
          "CX1003_BAD_FIELD",
          `${path}.${key}`,
          `expected a string, got ${describe(v)}`,
        );
      }
      meta[key] = v;
    }
    return meta;
  }

  /** Rejects keys the kind does not have, so typos in hand-written schemas surface. */
  private only(o: Json, path: string, keys: readonly string[]): void {
    for (const key of Object.keys(o)) {
      if (key === "kind" || key === "name" || key === "description" || keys.includes(key)) continue;
      throw new TypeExprError(
        "CX1003_BAD_FIELD",
        `${path}.${key}`,
        `unexpected property for kind "${String(o.kind)}"`,
      );
    }
    for (const key of keys) {
      if (o[key] === undefined && !(o.kind === "ref" && key === "index")) {
        throw new TypeExprError("CX1003_BAD_FIELD", `${path}.${key}`, `missing for kind "${String(o.kind)}"`);
      }
    }
  }

  private array(v: unknown, path: string, limit: number = LIMITS.members): unknown[] {
    if (!Array.isArray(v)) {
      throw new TypeExprError("CX1003_BAD_FIELD", path, `expected an array, got ${describe(v)}`);
    }
    if (v.length > limit) {
      throw new TypeExprError("CX1008_LIMIT_EXCEEDED", path, `${v.length} entries, at most ${limit}`);
    }
    return Array.from(v);
  }

  private text(v: unknown, path: string, limit: number = LIMITS.textBytes): string {
    if (typeof v !== "string") {
      throw new TypeExprError("CX1003_BAD_FIELD", path, `expected a string, got ${describe(v)}`);
    }
    if (!isWellFormed(v)) {
      throw new TypeExprError("CX1012_BAD_STRING", path, "contains a lone surrogate (no UTF-8 form)");
    }
    if (utf8(v).length > limit) {
      throw new TypeExprError("CX1008_LIMIT_EXCEEDED", path, `longer than ${limit} UTF-8 bytes`);
    }
    return v;
  }

  private decimal(v: unknown, path: string): string {
    if (typeof v !== "string" || !DECIMAL.test(v) || v.length > LIMITS.decimalBytes) {
      throw new TypeExprError(
        "CX1007_BAD_NUMBER",
        path,
        `expected a canonical decimal integer string like "-12", got ${describe(v)}`,
      );
    }
    return v;
  }

  private fields(v: unknown, path: string, sub: (x: unknown, p: string) => TypeExpr): Field[] {
    const seen = new Set<string>();
    return this.array(v, path).map((f, i) => {
      const p = `${path}[${i}]`;
      const o = this.object(f, p);
      for (const key of Object.keys(o)) {
        if (!["name", "type", "optional", "description", "order", "redacted"].includes(key)) {
          throw new TypeExprError("CX1003_BAD_FIELD", `${p}.${key}`, "unexpected property of a record field");
        }
      }
      const name = this.text(o.name, `${p}.name`, LIMITS.nameBytes);
      if (seen.has(name)) {
        throw new TypeExprError(
          "CX1004_DUPLICATE_FIELD",
          `${p}.name`,
          `field ${JSON.stringify(name)} appears twice`,
        );
      }
      seen.add(name);
      if (o.optional !== undefined && typeof o.optional !== "boolean") {
        throw new TypeExprError(
          "CX1003_BAD_FIELD",
          `${p}.optional`,
          `expected a boolean, got ${describe(o.optional)}`,
        );
      }
      if (o.description !== undefined && typeof o.description !== "string") {
        throw new TypeExprError("CX1003_BAD_FIELD", `${p}.description`, "expected a string");
      }
      if (o.order !== undefined && !(Number.isSafeInteger(o.order) && (o.order as number) >= 0)) {
        throw new TypeExprError(
          "CX1003_BAD_FIELD",
          `${p}.order`,
          `expected a non-negative integer, got ${describe(o.order)}`,
        );
      }
      if (o.redacted !== undefined && typeof o.redacted !== "boolean") {
        throw new TypeExprError(
          "CX1003_BAD_FIELD",
          `${p}.redacted`,
          `expected a boolean, got ${describe(o.redacted)}`,
        );
      }
      const field: {
        name: string;
        type: TypeExpr;
        optional?: boolean;
        description?: string;
        order?: number;
        redacted?: boolean;
      } = {
        name,
        type: sub(o.type, `${p}.type`),
      };
      if (o.optional === true) field.optional = true;
      if (typeof o.description === "string") field.description = o.description;
      if (typeof o.order === "number") field.order = o.order;
      if (o.redacted === true) field.redacted = true;
      return field;
    });
  }

  private enumMember(v: unknown, path: string): EnumMember {
    const o = this.object(v, path);
    for (const key of Object.keys(o)) {
      if (key !== "name" && key !== "value") {
        throw new TypeExprError(
          "CX1003_BAD_FIELD",
          `${path}.${key}`,
          "unexpected property of an enum member",
        );
      }
    }
    if (o.name !== undefined && typeof o.name !== "string") {
      throw new TypeExprError("CX1003_BAD_FIELD", `${path}.name`, "expected a string");
    }
    const value = o.value;
    if (typeof value === "string") {
      const member: { name?: string; value: string } = { value: this.text(value, `${path}.value`) };
      if (typeof o.name === "string") member.name = o.name;
      return member;
    }
    if (typeof value === "number" && Number.isFinite(value)) {
      return typeof o.name === "string" ? { name: o.name, value } : { value };
    }
    throw new TypeExprError(
      "CX1007_BAD_NUMBER",
      `${path}.value`,
      "an enum value is a string or a finite number",
    );
  }

  private tupleElement(v: unknown, path: string, sub: (x: unknown, p: string) => TypeExpr): TupleElement {
    const o = this.object(v, path);
    for (const key of Object.keys(o)) {
      if (!["type", "kind", "name", "description"].includes(key)) {
        throw new TypeExprError(
          "CX1003_BAD_FIELD",
          `${path}.${key}`,
          "unexpected property of a tuple element",
        );
      }
    }
    const kind = o.kind ?? "required";
    if (kind !== "required" && kind !== "optional" && kind !== "rest") {
      throw new TypeExprError(
        "CX1003_BAD_FIELD",
        `${path}.kind`,
        `expected "required", "optional" or "rest", got ${describe(kind)}`,
      );
    }
    const element: { type: TypeExpr; kind?: TupleElementKind; name?: string } = {
      type: sub(o.type, `${path}.type`),
    };
    if (kind !== "required") element.kind = kind;
    // Labels and doc comments are metadata, but metadata of the wrong type is still bad input.
    if (o.name !== undefined) element.name = this.text(o.name, `${path}.name`);
    if (o.description !== undefined) this.text(o.description, `${path}.description`);
    return element;
  }

  constraintOf(v: unknown, path: string): Constraint {
    const o = this.object(v, path);
    for (const key of Object.keys(o)) {
      if (key !== "kind" && key !== "value") {
        throw new TypeExprError("CX1003_BAD_FIELD", `${path}.${key}`, "unexpected property of a constraint");
      }
    }
    const kind = o.kind;
    if (typeof kind !== "string" || !Object.hasOwn(CONSTRAINT_TAG, kind)) {
      throw new TypeExprError("CX1002_UNKNOWN_KIND", `${path}.kind`, `unknown constraint ${describe(kind)}`);
    }
    if (kind === "pattern" || kind === "format") {
      const value = this.text(o.value, `${path}.value`);
      if (kind === "pattern") {
        try {
          new RegExp(value, "u");
        } catch (e) {
          throw new TypeExprError(
            "CX1003_BAD_FIELD",
            `${path}.value`,
            `invalid pattern: ${(e as Error).message}`,
          );
        }
      }
      return { kind, value };
    }
    const value = o.value;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new TypeExprError(
        "CX1007_BAD_NUMBER",
        `${path}.value`,
        `expected a finite number, got ${describe(value)}`,
      );
    }
    if ((kind === "minLength" || kind === "maxLength") && (!Number.isInteger(value) || value < 0)) {
      throw new TypeExprError("CX1007_BAD_NUMBER", `${path}.value`, `${kind} is a non-negative integer`);
    }
    if (kind === "multipleOf" && !(value > 0)) {
      throw new TypeExprError("CX1007_BAD_NUMBER", `${path}.value`, "multipleOf is positive");
    }
    return { kind: kind as Exclude<ConstraintKind, "pattern" | "format">, value };
  }
}

export function checkTupleShape(elements: readonly TupleElement[], path: string): void {
  let seenOptional = false;
  let seenRest = false;
  elements.forEach((e, i) => {
    const kind = e.kind ?? "required";
    if (kind === "rest") {
      if (seenRest)
        throw new TypeExprError(
          "CX1009_BAD_TUPLE",
          `${path}.elements[${i}]`,
          "a tuple has at most one rest element",
        );
      seenRest = true;
    } else if (kind === "optional") {
      if (seenRest)
        throw new TypeExprError(
          "CX1009_BAD_TUPLE",
          `${path}.elements[${i}]`,
          "an optional element cannot follow a rest element",
        );
      seenOptional = true;
    } else if (seenOptional) {
      throw new TypeExprError(
        "CX1009_BAD_TUPLE",
        `${path}.elements[${i}]`,
        "a required element cannot follow an optional one",
      );
    }
  });
}

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}

/**
 * The scalar checks of the parser for a node that arrives already shaped as a TypeExpr (built in
 * code, or handed to canonicalize / compileValidatorSource directly): the generated validators
 * embed these values in code, so they must be exactly what the parser would accept.
 */
export function checkPayload(e: TypeExpr, path: string): void {
  const decimal = (v: unknown, at: string) => {
    if (typeof v !== "string" || !DECIMAL.test(v) || v.length > LIMITS.decimalBytes) {
      throw new TypeExprError(
        "CX1007_BAD_NUMBER",
        at,
        `expected a canonical decimal integer string like "-12", got ${describe(v)}`,
      );
    }
  };
  switch (e.kind) {
    case "range":
    case "bigintRange":
      decimal(e.min, `${path}.min`);
      decimal(e.max, `${path}.max`);
      if (BigInt(e.min) > BigInt(e.max)) {
        throw new TypeExprError("CX1007_BAD_NUMBER", path, `empty range: min ${e.min} > max ${e.max}`);
      }
      return;
    case "bigintLiteral":
      decimal(e.value, `${path}.value`);
      return;
    case "fixed":
      if (!Number.isInteger(e.scale) || e.scale < 0 || e.scale > LIMITS.scale) {
        throw new TypeExprError("CX1007_BAD_NUMBER", `${path}.scale`, "must be an integer in 0..255");
      }
      return;
    case "refine":
      for (const [i, c] of e.constraints.entries()) new Parser().constraintOf(c, `${path}.constraints[${i}]`);
      return;
  }
}
