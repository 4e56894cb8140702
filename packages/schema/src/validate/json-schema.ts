/**
 * JSON Schema (draft 2020-12) of a TypeExpr, held to the validator's verdicts on JSON values
 * (test/validators/exports.test.ts runs ajv and the validator on the same values). Where JSON Schema
 * cannot say exactly what the validator checks, the node carries `x-causality-inexact` with the
 * reason instead of silently widening; docs/semantics.md lists every such case.
 *
 * The schema must also hold under ajv's default options, which read properties through the
 * prototype chain (`{}` "has" a `constructor`): fields named like Object.prototype members are
 * checked through `patternProperties`, which walks the value's keys instead of reading `data[name]`.
 */
import { cachedId, canonicalize } from "../canonical.js";
import { fieldsInDeclarationOrder } from "../declaration-order.js";
import { toHex } from "../id.js";
import type { Constraint, ExprOf, TypeExpr } from "../type-expr.js";
import { FORMAT_SOURCES } from "./formats.js";
import { admitsUndefined, keyPredicate, MAX_VALUE_DEPTH, numericKey, spreadRefinedKey } from "./interpret.js";
import { doubleAtLeast, doubleAtMost, integerStringPattern } from "./json-integers.js";
import { acceptsEveryKey, indexSignatures } from "./signatures.js";
import { templateExact, templateRegExp } from "./template.js";

export type JsonSchema = { [key: string]: unknown };

/** The keyword that says why a node is not exactly what the validator checks. */
export const INEXACT = "x-causality-inexact";

export function toJSONSchema(expr: TypeExpr): JsonSchema {
  const root = canonicalize(expr);
  const defs = new Definitions();
  const body = convert(root, { binders: [], defs });
  const out: JsonSchema = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `urn:causality:${toHex(cachedId(root)!)}`,
    ...body,
  };
  if (defs.size > 0) out.$defs = defs.toObject();
  return out;
}

interface Context {
  /** `$defs` names of the enclosing recursive binders, outermost first (refs count from the end). */
  readonly binders: readonly string[];
  readonly defs: Definitions;
}

/** Reasons, shared by every place they apply, so the docs and the output say the same thing. */
const WHY = {
  number: "NaN and ±Infinity pass the validator but have no JSON form",
  undefined: "undefined has no JSON form",
  optional: "undefined has no JSON form (an absent key is allowed)",
  map: "a Map has no JSON form",
  set: "a Set has no JSON form; shown as an array",
  date: "a Date has no JSON form; shown as its ISO string",
  bigint: "a bigint has no JSON form; shown as a decimal string",
  bytes: "a Uint8Array has no JSON form",
  function: "a function is not data",
  restInMiddle: "elements after a rest element are not checked",
  depth: `the validator rejects values nested more than ${MAX_VALUE_DEPTH} levels deep through a recursive type; the schema has no such limit`,
  stringLength:
    "minLength/maxLength count code points in JSON Schema but UTF-16 code units in the validator, so strings with characters outside the Basic Multilingual Plane (emoji) can get different verdicts",
  multipleOf: (m: number) =>
    `multipleOf ${m}: the validator accepts a quotient within 1e-9 of an integer (0.3 is a multiple of 0.1), JSON Schema only an exact multiple`,
  dateFormat: (name: string) =>
    `format ${name}: the pattern checks the shape; the validator also requires a real calendar date and time (no 2023-02-29, no T24:00:00)`,
  bigintBound: (kind: string, value: number) =>
    `${kind} ${value} on a bigint: the validator compares the bigint rounded to a double, which the decimal-string pattern does not express`,
  bigintMultipleOf: (m: number) => `multipleOf ${m} on a bigint is not expressed on its decimal string`,
  bigintInUnion:
    "constraints on a union that contains bigints are not applied to the bigints' decimal strings",
  rangeBounds: (min: string, max: string) =>
    `bounds ${min}..${max} are not exact doubles: the schema uses the closest doubles inside the range (exact for JS numbers, narrower for a reader that keeps every digit)`,
  template:
    "template holes are matched as TypeScript matches them (each text after a hole at its first occurrence, `${number}` any string `+s` reads as a finite number, refinements on the piece), which the pattern approximates",
  signatureKeys:
    "an index signature whose keys no exact pattern describes, beside other members: its values are not checked by the schema",
  numberKey:
    'number keys: the pattern accepts the shape of String(n) for any number n, but the validator also requires the shortest round-trip digits ("12345678901234567891" passes the schema, not the validator)',
} as const;

/** Adds a reason to a node's mark, keeping earlier ones (a node can be inexact for several reasons). */
function inexact(schema: JsonSchema, why: string): JsonSchema {
  const before = schema[INEXACT];
  return { ...schema, [INEXACT]: typeof before === "string" ? `${before}; ${why}` : why };
}

const NEVER: JsonSchema = { not: {} };

function convert(e: TypeExpr, ctx: Context): JsonSchema {
  const go = (x: TypeExpr) => convert(x, ctx);
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
      return inexact({ ...meta, type: "number" }, WHY.number);
    case "integer":
      return { ...meta, type: "integer" };
    case "range":
      return { ...meta, ...rangeSchema(e) };
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
      return { ...meta, ...templateSchema(e) };
    case "list":
      return { ...meta, type: "array", items: go(e.element) };
    case "tuple":
      return { ...meta, ...tupleSchema(e, go) };
    case "record":
      return { ...meta, ...recordSchema(e, go) };
    case "dict":
      return { ...meta, ...dictSchema(e, go) };
    case "union":
      return e.members.length === 0 ? { ...meta, ...NEVER } : { ...meta, anyOf: e.members.map(go) };
    case "intersection": {
      const signatures = indexSignatures(e);
      if (signatures)
        return { ...meta, allOf: e.members.map((m) => (m.kind === "dict" ? signatureSchema(m, go) : go(m))) };
      return { ...meta, allOf: e.members.map(go) };
    }
    case "optional":
      return inexact({ ...meta, ...go(e.inner) }, WHY.optional);
    case "refine":
      return { ...meta, ...refineSchema(e, go) };
    case "recursive": {
      const name = ctx.defs.reserve(e.name);
      ctx.defs.set(name, convert(e.body, { ...ctx, binders: [...ctx.binders, name] }));
      return inexact({ ...meta, $ref: `#/$defs/${name}` }, WHY.depth);
    }
    case "ref":
      return { $ref: `#/$defs/${ctx.binders[ctx.binders.length - 1 - (e.index ?? 0)]}` };
    case "map":
      return inexact({ ...meta }, WHY.map);
    case "set":
      return inexact({ ...meta, type: "array", uniqueItems: true, items: go(e.element) }, WHY.set);
    case "date":
      return inexact({ ...meta, type: "string", format: "date-time" }, WHY.date);
    case "bigint":
    case "bigintRange":
    case "bigintLiteral":
      return { ...meta, ...bigintSchema(bigintBounds(e), []) };
    case "bytes":
      return inexact({ ...meta, type: "string" }, WHY.bytes);
    case "undefined":
      return inexact({ ...meta, ...NEVER }, WHY.undefined);
    case "function":
      return inexact({ ...meta, ...NEVER }, WHY.function);
  }
}

// ---------------------------------------------------------------------------------------------
// $defs: one entry per recursive binder. Two different types may share a name (two `Node`s), so
// names are made unique; they are also reduced to characters that need no escaping in a `$ref`.

class Definitions {
  private readonly entries = new Map<string, JsonSchema>();

  get size(): number {
    return this.entries.size;
  }

  reserve(name: string | undefined): string {
    let base = (name ?? "Self").replace(/[^A-Za-z0-9_]/g, "_") || "Self";
    // `$defs.constructor` is fine as an own key, but readers that walk the prototype chain are not.
    if (base in Object.prototype) base = `${base}_`;
    let unique = base;
    for (let i = 2; this.entries.has(unique); i++) unique = `${base}_${i}`;
    this.entries.set(unique, {});
    return unique;
  }

  set(name: string, schema: JsonSchema): void {
    this.entries.set(name, schema);
  }

  toObject(): Record<string, JsonSchema> {
    return Object.fromEntries(this.entries);
  }
}

// ---------------------------------------------------------------------------------------------
// Integer ranges of numbers.

function rangeSchema(e: ExprOf<"range">): JsonSchema {
  const min = BigInt(e.min);
  const max = BigInt(e.max);
  const minimum = doubleAtLeast(min);
  const maximum = doubleAtMost(max);
  // Bounds beyond the largest double leave no number inside the range.
  if (!Number.isFinite(minimum) || !Number.isFinite(maximum)) return { ...NEVER };
  const schema: JsonSchema = { type: "integer", minimum, maximum };
  const exact = BigInt(minimum) === min && BigInt(maximum) === max;
  return exact ? schema : inexact(schema, WHY.rangeBounds(e.min, e.max));
}

// ---------------------------------------------------------------------------------------------
// bigints: their JSON form is the decimal string, so ranges become patterns over decimal strings.

interface BigintBounds {
  lo?: bigint;
  hi?: bigint;
}

function bigintBounds(e: ExprOf<"bigint" | "bigintRange" | "bigintLiteral">): BigintBounds {
  switch (e.kind) {
    case "bigint":
      return {};
    case "bigintRange":
      return { lo: BigInt(e.min), hi: BigInt(e.max) };
    case "bigintLiteral":
      return { lo: BigInt(e.value), hi: BigInt(e.value) };
  }
}

/**
 * A bigint type narrowed by constraints. The validator compares `Number(v)` with each bound; for a
 * bound below 2^53 in magnitude that is the same as comparing v with the bound rounded to an integer
 * (rounding to a double is monotonic and exact below 2^53), so such bounds are exact.
 */
function bigintSchema(bounds: BigintBounds, constraints: readonly Constraint[]): JsonSchema {
  let { lo, hi } = bounds;
  const reasons: string[] = [WHY.bigint];
  for (const c of constraints) {
    switch (c.kind) {
      case "pattern":
      case "format":
        return { ...NEVER }; // a bigint is not a string: nothing passes
      case "minLength":
        if (c.value > 0) return { ...NEVER }; // a bigint has no length (0): nothing passes
        continue;
      case "maxLength":
        continue; // length 0 always fits
      case "multipleOf":
        reasons.push(WHY.bigintMultipleOf(c.value));
        continue;
    }
    if (!(Math.abs(c.value) < 2 ** 53)) {
      reasons.push(WHY.bigintBound(c.kind, c.value));
      continue;
    }
    const up = BigInt(Math.ceil(c.value));
    const down = BigInt(Math.floor(c.value));
    if (c.kind === "minimum") lo = maxBig(lo, up);
    if (c.kind === "exclusiveMinimum") lo = maxBig(lo, down + 1n);
    if (c.kind === "maximum") hi = minBig(hi, down);
    if (c.kind === "exclusiveMaximum") hi = minBig(hi, up - 1n);
  }
  const pattern = integerStringPattern(lo, hi);
  if (pattern === undefined) return { ...NEVER };
  return inexact({ type: "string", pattern }, reasons.join("; "));
}

const maxBig = (a: bigint | undefined, b: bigint) => (a === undefined || b > a ? b : a);
const BOUNDS = new Set<Constraint["kind"]>(["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"]);

/**
 * A refined key, read as the validator reads it (interpret.ts `spreadRefinedKey`): constraints on the
 * string for string keys; on the number a numeric key names, which a string keyword can say only for
 * integer keys between bounds (exact when each bound is within ±2^53, where `Number(k)` is exact
 * enough to compare); other numeric constraints leave the base's keys, marked inexact.
 */
function refinedKeySchema(key: ExprOf<"refine">, go: (x: TypeExpr) => JsonSchema): JsonSchema | boolean {
  const spread = spreadRefinedKey(key);
  if (spread.kind !== "refine") return keySchema(spread, go);
  const { base, constraints } = spread;
  // One key at most: the validator's own verdict on it.
  if (base.kind === "literal") return keyPredicate(spread)(String(base.value)) && keySchema(base, go);
  const baseKeys = keySchema(base, go);
  if (baseKeys === false) return false;
  if (!numericKey(base)) {
    const own = go({ kind: "refine", base: { kind: "string" }, constraints });
    return baseKeys === true ? own : { allOf: [baseKeys, own] };
  }
  if (base.kind === "integer" || base.kind === "range") {
    const bounds = integerKeyBounds(base, constraints);
    if (bounds !== undefined) {
      const pattern = integerStringPattern(bounds.lo, bounds.hi);
      return pattern === undefined ? false : { pattern };
    }
  }
  const why = `constraints ${constraints.map((c) => c.kind).join(", ")} on a numeric key apply to the number it names, which the key pattern does not express`;
  return inexact(baseKeys === true ? {} : baseKeys, why);
}

/** The integer bounds of an integer key under bound constraints, or undefined when they are not exact. */
function integerKeyBounds(
  base: ExprOf<"integer"> | ExprOf<"range">,
  constraints: readonly Constraint[],
): { lo?: bigint; hi?: bigint } | undefined {
  let lo = base.kind === "range" ? BigInt(base.min) : undefined;
  let hi = base.kind === "range" ? BigInt(base.max) : undefined;
  for (const c of constraints) {
    const v = c.value;
    if (!BOUNDS.has(c.kind) || typeof v !== "number") return undefined;
    // As in bigintSchema: below 2^53, Number(k) compares with the bound as the integer k does.
    if (!(Math.abs(v) < 2 ** 53)) return undefined;
    const up = BigInt(Math.ceil(v));
    const down = BigInt(Math.floor(v));
    if (c.kind === "minimum") lo = maxBig(lo, up);
    if (c.kind === "exclusiveMinimum") lo = maxBig(lo, down + 1n);
    if (c.kind === "maximum") hi = minBig(hi, down);
    if (c.kind === "exclusiveMaximum") hi = minBig(hi, up - 1n);
  }
  return { ...(lo === undefined ? {} : { lo }), ...(hi === undefined ? {} : { hi }) };
}
const minBig = (a: bigint | undefined, b: bigint) => (a === undefined || b < a ? b : a);

// ---------------------------------------------------------------------------------------------
// Refinements. Each constraint becomes a fragment conjoined with the base; a constraint that the
// validator fails on values of other types (multipleOf on a string, a pattern on a number) also
// carries that type, since JSON Schema keywords ignore values of other types.

function refineSchema(e: ExprOf<"refine">, go: (x: TypeExpr) => JsonSchema): JsonSchema {
  const base = e.base;
  if (base.kind === "bigint" || base.kind === "bigintRange" || base.kind === "bigintLiteral") {
    return bigintSchema(bigintBounds(base), e.constraints);
  }
  let schema = go(base);
  const reasons: string[] = [];
  for (const c of e.constraints) {
    const { fragment, why } = constraintFragment(c, schema.type);
    schema = conjoin(schema, fragment);
    if (why !== undefined) reasons.push(why);
  }
  if (containsBigint(base)) reasons.push(WHY.bigintInUnion);
  return reasons.length === 0 ? schema : inexact(schema, reasons.join("; "));
}

/** The keywords of one constraint, given the `type` of the base schema (undefined: any JSON type). */
function constraintFragment(c: Constraint, baseType: unknown): { fragment: JsonSchema; why?: string } {
  const only = (t: string) => baseType === t || (t === "number" && baseType === "integer");
  const guard = (t: string): JsonSchema => (only(t) ? {} : { type: t });
  switch (c.kind) {
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      // The validator lets non-numbers through these, as JSON Schema does.
      return { fragment: { [c.kind]: c.value } };
    case "multipleOf":
      return { fragment: { ...guard("number"), multipleOf: c.value }, why: WHY.multipleOf(c.value) };
    case "minLength":
    case "maxLength":
      return lengthFragment(c.kind, c.value, baseType);
    case "pattern":
      return { fragment: { ...guard("string"), pattern: c.value } };
    case "format":
      return formatFragment(c.value, guard("string"));
  }
}

/** `.length` of strings and arrays; anything else has length 0 in the validator. */
function lengthFragment(
  kind: "minLength" | "maxLength",
  value: number,
  baseType: unknown,
): { fragment: JsonSchema; why?: string } {
  const arrays = baseType === "array";
  const strings = baseType === "string";
  const fragment: JsonSchema = {};
  if (!arrays) fragment[kind] = value;
  if (!strings) fragment[kind === "minLength" ? "minItems" : "maxItems"] = value;
  if (kind === "minLength" && value > 0 && !arrays && !strings) fragment.type = ["string", "array"];
  const mayBeString = !arrays && (baseType === undefined || strings || Array.isArray(baseType));
  return mayBeString ? { fragment, why: WHY.stringLength } : { fragment };
}

/**
 * `format` is only an annotation in draft 2020-12 (ajv ignores formats it does not know), so the
 * format's own regular expression goes along as a `pattern`.
 */
function formatFragment(name: string, guard: JsonSchema): { fragment: JsonSchema; why?: string } {
  const source = formatPattern(name);
  if (source === undefined) return { fragment: { format: name, ...NEVER } }; // unknown: nothing passes
  const fragment = { ...guard, format: name, pattern: source };
  return FORMAT_SOURCES[name]!.date ? { fragment, why: WHY.dateFormat(name) } : { fragment };
}

/**
 * JSON Schema patterns have no flags, so a case-insensitive format regex is spelt out here; the
 * tests compare every format's pattern with the validator on the same strings.
 */
const CASE_FOLDED: Readonly<Record<string, string>> = {
  uuid: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
};

function formatPattern(name: string): string | undefined {
  const known = Object.hasOwn(FORMAT_SOURCES, name) ? FORMAT_SOURCES[name] : undefined;
  if (known === undefined) return undefined;
  const end = known.regex.lastIndexOf("/");
  const flags = known.regex.slice(end + 1);
  return flags === "" ? known.regex.slice(1, end) : CASE_FOLDED[name];
}

/** Whether bigints pass this (non-bigint) base through a union, where bigint constraints get lost. */
function containsBigint(e: TypeExpr): boolean {
  switch (e.kind) {
    case "bigint":
    case "bigintRange":
    case "bigintLiteral":
      return true;
    case "union":
    case "intersection":
      return e.members.some(containsBigint);
    case "optional":
      return containsBigint(e.inner);
    case "refine":
      return containsBigint(e.base);
    default:
      return false;
  }
}

/**
 * `schema` and `fragment` both hold. Keywords are merged when they do not collide (all keywords
 * used in fragments are independent of their siblings); a collision (two patterns) goes to `allOf`.
 */
function conjoin(schema: JsonSchema, fragment: JsonSchema): JsonSchema {
  const collides = Object.keys(fragment).some(
    (k) => k in schema && JSON.stringify(schema[k]) !== JSON.stringify(fragment[k]),
  );
  if (!collides) return { ...schema, ...fragment };
  const allOf = Array.isArray(schema.allOf) ? schema.allOf : [];
  return { ...schema, allOf: [...allOf, fragment] };
}

// ---------------------------------------------------------------------------------------------
// Tuples.

function tupleSchema(e: ExprOf<"tuple">, go: (x: TypeExpr) => JsonSchema): JsonSchema {
  const restAt = e.elements.findIndex((el) => el.kind === "rest");
  const head = restAt < 0 ? e.elements : e.elements.slice(0, restAt);
  const schema: JsonSchema = {
    type: "array",
    prefixItems: head.map((el) => go(el.type)),
    minItems: e.elements.filter((el) => (el.kind ?? "required") === "required").length,
  };
  if (restAt < 0) return { ...schema, items: false, maxItems: e.elements.length };
  const withRest = { ...schema, items: go(e.elements[restAt]!.type) };
  return restAt < e.elements.length - 1 ? inexact(withRest, WHY.restInMiddle) : withRest;
}

// ---------------------------------------------------------------------------------------------
// Records and dictionaries.

/**
 * The schema of an object member. In JSON an `undefined` member is an absent key, which the
 * record or dictionary already allows, so `T | undefined` is exactly T here and `undefined` is
 * "never present".
 */
function memberSchema(type: TypeExpr, go: (x: TypeExpr) => JsonSchema): JsonSchema | false {
  if (type.kind === "optional") return go(type.inner);
  if (type.kind === "undefined") return false;
  return go(type);
}

function recordSchema(e: ExprOf<"record">, go: (x: TypeExpr) => JsonSchema): JsonSchema {
  const properties: [string, JsonSchema | false][] = [];
  const inherited: [string, JsonSchema | false][] = [];
  const required: string[] = [];
  const present: JsonSchema[] = [];
  // Declaration order (as the validators check and report), though the id sorts fields by name.
  for (const f of fieldsInDeclarationOrder(e)) {
    const schema = memberSchema(f.type, go);
    const isRequired = f.optional !== true && !admitsUndefined(f.type);
    if (isRequired) required.push(f.name);
    if (f.name in Object.prototype) {
      // ajv reads `data.constructor` through the prototype: check the value only when it is an own
      // key, and require presence by key name rather than by `data[name] !== undefined`.
      inherited.push([`^${escapeRegExp(f.name)}$`, schema]);
      if (isRequired) present.push(hasKey(f.name));
    } else properties.push([f.name, schema]);
  }
  // Object.fromEntries defines own keys, so even a field named "__proto__" could not set a prototype.
  const schema: JsonSchema = { type: "object", properties: Object.fromEntries(properties), required };
  if (inherited.length > 0) schema.patternProperties = Object.fromEntries(inherited);
  if (present.length > 0) schema.allOf = present;
  return schema;
}

/** "Some key is `name`": `propertyNames` sees own keys only, whatever the reader's options. */
const hasKey = (name: string): JsonSchema => ({ not: { propertyNames: { not: { const: name } } } });

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function dictSchema(e: ExprOf<"dict">, go: (x: TypeExpr) => JsonSchema): JsonSchema {
  const schema: JsonSchema = { type: "object", additionalProperties: memberSchema(e.value, go) };
  const keys = keySchema(e.key, go);
  return keys === true ? schema : { ...schema, propertyNames: keys };
}

/**
 * An index signature beside other members (signatures.ts): it judges only the keys its key type
 * accepts, so its keys are a `patternProperties` pattern, not `propertyNames`.
 */
function signatureSchema(e: ExprOf<"dict">, go: (x: TypeExpr) => JsonSchema): JsonSchema {
  const value = memberSchema(e.value, go);
  if (acceptsEveryKey(e)) return { type: "object", additionalProperties: value };
  const keys = keySchema(e.key, go);
  const marks = typeof keys === "object" ? Object.keys(keys) : [];
  if (typeof keys === "object" && marks.length === 1 && typeof keys.pattern === "string") {
    return { type: "object", patternProperties: { [keys.pattern]: value } };
  }
  return inexact({ type: "object" }, WHY.signatureKeys);
}

/** A template as a string pattern, marked inexact when the pattern cannot say what the matcher does. */
function templateSchema(e: ExprOf<"template">, typed = true): JsonSchema {
  const schema: JsonSchema = { ...(typed ? { type: "string" } : {}), pattern: templateRegExp(e).source };
  return templateExact(e) ? schema : inexact(schema, WHY.template);
}

/** What the validator's dictionary key check (interpret.ts `keyPredicate`) accepts, as a schema of strings. */
const INTEGER_KEY = "^-?(0|[1-9][0-9]*)$";
/** The shapes of `String(n)`: integers up to 21 digits, decimals, exponent form, NaN and ±Infinity. */
const NUMBER_KEY =
  "^(?:NaN|-?Infinity|0|-?(?:[1-9][0-9]{0,20}|[1-9][0-9]*\\.[0-9]*[1-9]|0\\.0{0,5}[1-9](?:[0-9]*[1-9])?|[1-9](?:\\.[0-9]*[1-9])?e[+-][1-9][0-9]*))$";

function keySchema(key: TypeExpr, go: (x: TypeExpr) => JsonSchema): JsonSchema | boolean {
  switch (key.kind) {
    case "string":
    case "any":
      return true;
    case "number":
      return inexact({ pattern: NUMBER_KEY }, WHY.numberKey);
    case "integer":
      return { pattern: INTEGER_KEY };
    case "range": {
      const pattern = integerStringPattern(BigInt(key.min), BigInt(key.max));
      return pattern === undefined ? false : { pattern };
    }
    case "literal":
      return { const: String(key.value) };
    case "enum":
      return { enum: [...new Set(key.members.map((m) => String(m.value)))] };
    case "template":
      return templateSchema(key, false);
    case "union": {
      const members = key.members.map((m) => keySchema(m, go));
      if (members.includes(true)) return true;
      const some = members.filter((m): m is JsonSchema => m !== false);
      return some.length === 0 ? false : some.length === 1 ? some[0]! : { anyOf: some };
    }
    case "refine":
      return refinedKeySchema(key, go);
    default:
      return false;
  }
}
