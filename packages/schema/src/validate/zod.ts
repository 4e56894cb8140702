/**
 * zod 4 schema of a TypeExpr, held to the validator's verdicts (test/validators/exports.test.ts).
 * zod is passed in (`toZod(z)`) so @causality/schema does not depend on it. Where zod cannot say
 * exactly what our validator checks, the schema gets a `.describe()` note starting with "inexact:"
 * instead of silently widening; docs/semantics.md lists every such case.
 *
 * zod reads object fields through the prototype chain (`{}` "has" a `constructor`) and skips a
 * `__proto__` key in records, so such names are checked here on own keys only.
 */
import type { z as Z } from "zod";
import { canonicalize } from "../canonical.js";
import { fieldsInDeclarationOrder } from "../declaration-order.js";
import type { Constraint, ExprOf, TypeExpr } from "../type-expr.js";
import { formatCheck } from "./formats.js";
import { admitsUndefined, keyPredicate, MAX_VALUE_DEPTH } from "./interpret.js";
import { indexSignatures } from "./signatures.js";

type Zod = typeof Z;
type ZodType = Z.ZodType;
type Go = (x: TypeExpr) => ZodType;

export function toZod(z: Zod, expr: TypeExpr): ZodType {
  return convert(z, canonicalize(expr), []);
}

const WHY_DEPTH = `the validator rejects values nested more than ${MAX_VALUE_DEPTH} levels deep through a recursive type; this schema has no such limit`;

const inexact = (schema: ZodType, why: string) => schema.describe(`inexact: ${why}`);

function convert(z: Zod, e: TypeExpr, binders: (() => ZodType)[]): ZodType {
  const go: Go = (x) => convert(z, x, binders);
  switch (e.kind) {
    case "any":
      return z.unknown();
    case "unit":
      return z.null();
    case "undefined":
      return z.undefined();
    case "bool":
      return z.boolean();
    case "string":
      return z.string();
    case "number":
      // zod's number() rejects NaN and Infinity, which our `number` accepts.
      return z.custom<number>((v) => typeof v === "number");
    case "integer":
      return z.custom<number>((v) => Number.isInteger(v));
    case "range": {
      const min = BigInt(e.min);
      const max = BigInt(e.max);
      return z.custom<number>(
        (v) => Number.isInteger(v) && BigInt(v as number) >= min && BigInt(v as number) <= max,
      );
    }
    case "bigint":
      return z.bigint();
    case "bigintRange":
      return z.bigint().min(BigInt(e.min)).max(BigInt(e.max));
    case "literal":
      return z.literal(e.value);
    case "bigintLiteral":
      return z.literal(BigInt(e.value));
    case "enum":
      return z.union(e.members.map((m) => z.literal(m.value)) as unknown as [ZodType, ZodType]);
    case "fixed":
      return z
        .string()
        .regex(new RegExp(`^-?(0|[1-9][0-9]*)${e.scale > 0 ? `(\\.[0-9]{1,${e.scale}})?` : ""}$`));
    case "ratio":
      return z.string().regex(/^-?(0|[1-9][0-9]*)\/[1-9][0-9]*$/);
    case "template":
      // The validator's own matcher: exact, and linear in the string (a regex would be neither).
      return z.string().refine(keyPredicate(e, nested(go)), { message: "does not match the template" });
    case "date":
      return z.instanceof(Date);
    case "bytes":
      return z.custom<Uint8Array>(
        (v) => v instanceof Uint8Array && Object.getPrototypeOf(v) === Uint8Array.prototype,
      );
    case "function":
      // The validator checks only `typeof`, as this does: exact.
      return z.custom((v) => typeof v === "function");
    case "optional":
      return go(e.inner).optional();
    case "list":
      return z.array(go(e.element));
    case "set":
      return z.set(go(e.element));
    case "map":
      return z.map(go(e.key), go(e.value));
    case "dict":
      return dictSchema(z, e, go);
    case "record":
      return recordSchema(z, e, go);
    case "tuple":
      return tupleSchema(z, e, go);
    case "union":
      return e.members.length === 0
        ? z.never()
        : e.members.length === 1
          ? go(e.members[0]!)
          : z.union(e.members.map(go) as [ZodType, ZodType]);
    case "intersection": {
      if (indexSignatures(e)) {
        return e.members
          .map((m) => (m.kind === "dict" ? signatureSchema(z, m, go) : go(m)))
          .reduce((a, b) => z.intersection(a, b));
      }
      return e.members.map(go).reduce((a, b) => z.intersection(a, b));
    }
    case "refine": {
      let schema = go(e.base);
      for (const c of e.constraints)
        schema = schema.refine(constraintTest(c), { message: `${c.kind} ${c.value}` });
      return schema;
    }
    case "recursive": {
      let self: ZodType | undefined;
      const lazy = z.lazy(() => self!);
      self = convert(z, e.body, [...binders, () => lazy]);
      return inexact(lazy, WHY_DEPTH);
    }
    case "ref":
      return binders[binders.length - 1 - (e.index ?? 0)]!();
  }
}

// ---------------------------------------------------------------------------------------------
// Records and dictionaries.

interface OwnField {
  name: string;
  schema: ZodType;
  optional: boolean;
}

function recordSchema(z: Zod, e: ExprOf<"record">, go: Go): ZodType {
  const shape: [string, ZodType][] = [];
  const own: OwnField[] = [];
  // Declaration order, so zod reports issues in the order the validators do.
  for (const f of fieldsInDeclarationOrder(e)) {
    const schema = f.optional ? go(f.type).optional() : go(f.type);
    // zod reads `input[key]`, which finds Object.prototype members on `{}` and `__proto__` as the prototype.
    if (f.name in Object.prototype) {
      own.push({ name: f.name, schema, optional: f.optional === true || admitsUndefined(f.type) });
    } else shape.push([f.name, schema]);
  }
  // Our `is` allows extra keys and arrays are never records: a loose object that is not an array.
  const object = z.looseObject(Object.fromEntries(shape)).refine((v) => !Array.isArray(v));
  if (own.length === 0) return object;
  return onInput(z, (v, ctx) => checkOwnFields(v, own, ctx), object);
}

/** The fields named like Object.prototype members, read as own keys only (as the validator does). */
function checkOwnFields(v: unknown, fields: readonly OwnField[], ctx: Z.RefinementCtx): void {
  if (typeof v !== "object" || v === null) return; // the object schema reports it
  for (const f of fields) {
    const value = Object.hasOwn(v, f.name) ? (v as Record<string, unknown>)[f.name] : undefined;
    if (value === undefined) {
      if (!f.optional) ctx.addIssue({ code: "custom", path: [f.name], message: "missing key" });
      continue;
    }
    for (const issue of f.schema.safeParse(value).error?.issues ?? []) {
      ctx.addIssue({ code: "custom", path: [f.name, ...issue.path], message: issue.message });
    }
  }
}

/**
 * Checks on the value as given, before `then` parses it. zod refinements see the parsed output,
 * which can differ from the input: a fresh object where a `__proto__` key became the prototype, a
 * tuple padded with `undefined` up to its length.
 */
function onInput(z: Zod, check: (v: unknown, ctx: Z.RefinementCtx) => void, then: ZodType): ZodType {
  return z.unknown().superRefine(check).pipe(then);
}

const inputTest =
  (test: (v: unknown) => boolean, message: string) =>
  (v: unknown, ctx: Z.RefinementCtx): void => {
    if (!test(v)) ctx.addIssue({ code: "custom", message });
  };

/**
 * A type nested in a key or template hole, checked by its zod schema: `go` knows the enclosing
 * recursion binders, which a ref there may name (keyPredicate's own default knows none).
 */
function nested(go: Go): (e: TypeExpr) => (v: unknown) => boolean {
  return (e) => {
    const schema = go(e);
    return (v) => schema.safeParse(v).success;
  };
}

/**
 * An object whose own enumerable keys all pass the key rule, each value passing the value type.
 * `z.record` would differ from the validator: it rejects class instances and Dates, skips a
 * `__proto__` key and rejects symbol keys; a catch-all object does none of that.
 */
function dictSchema(z: Zod, e: ExprOf<"dict">, go: Go): ZodType {
  const values = z.looseObject({}).catchall(go(e.value));
  if (e.key.kind === "string" || e.key.kind === "any") return values;
  const accepts = keyPredicate(e.key, nested(go));
  const keysOk = (v: unknown) => typeof v !== "object" || v === null || Object.keys(v).every(accepts);
  return onInput(z, inputTest(keysOk, "invalid key"), values);
}

/** An index signature beside other members (signatures.ts): only the keys it accepts are its to judge. */
function signatureSchema(z: Zod, e: ExprOf<"dict">, go: Go): ZodType {
  const accepts = keyPredicate(e.key, nested(go));
  const value = go(e.value);
  const check = (v: unknown, ctx: Z.RefinementCtx) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return;
    for (const k of Object.keys(v)) {
      if (accepts(k) && !value.safeParse((v as Record<string, unknown>)[k]).success) {
        ctx.addIssue({ code: "custom", message: `invalid value at ${k}`, path: [k] });
      }
    }
  };
  return onInput(z, check, z.looseObject({}));
}

// ---------------------------------------------------------------------------------------------
// Tuples.

function tupleSchema(z: Zod, e: ExprOf<"tuple">, go: Go): ZodType {
  const restAt = e.elements.findIndex((el) => el.kind === "rest");
  const required = e.elements.filter((el) => (el.kind ?? "required") === "required").length;
  if (restAt >= 0 && restAt < e.elements.length - 1) return middleRestTuple(z, e, restAt, required, go);
  const head = (restAt < 0 ? e.elements : e.elements.slice(0, restAt)).map((el) =>
    el.kind === "optional" ? go(el.type).optional() : go(el.type),
  );
  const tuple =
    restAt < 0 ? z.tuple(head as [ZodType]) : z.tuple(head as [ZodType], go(e.elements[restAt]!.type));
  // zod lets a tuple end early when its last elements accept undefined (`[unknown]` accepts `[]`);
  // the validator requires every required element to be present.
  const lenient = e.elements.some((el) => (el.kind ?? "required") === "required" && admitsUndefined(el.type));
  if (!lenient) return tuple;
  const longEnough = (v: unknown) => !Array.isArray(v) || v.length >= required;
  return onInput(z, inputTest(longEnough, `at least ${required} elements`), tuple);
}

/** `[A, ...B[], C]`: zod tuples only have a trailing rest, so the elements are checked as the validator does. */
function middleRestTuple(z: Zod, e: ExprOf<"tuple">, restAt: number, required: number, go: Go): ZodType {
  const head = e.elements
    .slice(0, restAt)
    .map((el) => ({ optional: el.kind === "optional", schema: go(el.type) }));
  const rest = go(e.elements[restAt]!.type);
  const tail = e.elements.slice(restAt + 1).map((el) => go(el.type));
  const ok = (schema: ZodType, v: unknown) => schema.safeParse(v).success;
  return z.array(z.unknown()).refine(
    (v) => {
      if (v.length < required) return false;
      const tailStart = v.length - tail.length;
      for (let i = 0; i < Math.min(head.length, tailStart); i++) {
        const el = head[i]!;
        if (!(el.optional && v[i] === undefined) && !ok(el.schema, v[i])) return false;
      }
      for (let i = head.length; i < tailStart; i++) if (!ok(rest, v[i])) return false;
      return tail.every((schema, j) => ok(schema, v[tailStart + j]));
    },
    { message: "tuple elements" },
  );
}

// ---------------------------------------------------------------------------------------------
// Constraints: the validator's rules (interpret.ts `constraintCheck`), compiled once per schema.

function constraintTest(c: Constraint): (v: unknown) => boolean {
  const num = (v: unknown) => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : Number.NaN);
  // `.length` counts UTF-16 code units, as the validator does.
  const len = (v: unknown) =>
    typeof v === "string" || Array.isArray(v) || v instanceof Uint8Array ? v.length : 0;
  switch (c.kind) {
    case "minimum":
      return (v) => !(num(v) < c.value);
    case "maximum":
      return (v) => !(num(v) > c.value);
    case "exclusiveMinimum":
      return (v) => !(num(v) <= c.value);
    case "exclusiveMaximum":
      return (v) => !(num(v) >= c.value);
    case "multipleOf":
      return (v) => {
        const n = num(v);
        return Number.isFinite(n) && Math.abs(n / c.value - Math.round(n / c.value)) < 1e-9;
      };
    case "minLength":
      return (v) => !(len(v) < c.value);
    case "maxLength":
      return (v) => !(len(v) > c.value);
    case "pattern": {
      const re = new RegExp(c.value, "u");
      return (v) => typeof v === "string" && re.test(v);
    }
    case "format": {
      const test = formatCheck(c.value);
      return (v) => typeof v === "string" && test(v);
    }
  }
}
