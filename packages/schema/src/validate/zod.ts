/**
 * zod 4 schema of a TypeExpr. zod is passed in (`toZod(z)`) so @causality/schema does not depend on
 * it. Where zod cannot say exactly what our validator checks, the schema gets a `.describe()` note
 * starting with "inexact:" instead of silently widening.
 */
import type { z as Z } from "zod";
import { canonicalize } from "../canonical.js";
import type { TypeExpr } from "../type-expr.js";
import { formatCheck } from "./formats.js";
import { templateRegExp } from "./template.js";

type Zod = typeof Z;
type ZodType = Z.ZodType;

export function toZod(z: Zod, expr: TypeExpr): ZodType {
  return convert(z, canonicalize(expr), []);
}

function convert(z: Zod, e: TypeExpr, binders: (() => ZodType)[]): ZodType {
  const go = (x: TypeExpr) => convert(z, x, binders);
  const inexact = (schema: ZodType, why: string) => schema.describe(`inexact: ${why}`);
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
      return z.string().regex(templateRegExp(e));
    case "date":
      return z.instanceof(Date);
    case "bytes":
      return z.custom<Uint8Array>(
        (v) => v instanceof Uint8Array && Object.getPrototypeOf(v) === Uint8Array.prototype,
      );
    case "function":
      return inexact(
        z.custom((v) => typeof v === "function"),
        "functions are not data",
      );
    case "optional":
      return go(e.inner).optional();
    case "list":
      return z.array(go(e.element));
    case "set":
      return z.set(go(e.element));
    case "map":
      return z.map(go(e.key), go(e.value));
    case "dict":
      return z.record(
        (e.key.kind === "string" ? z.string() : go(e.key)) as never,
        go(e.value),
      ) as unknown as ZodType;
    case "record": {
      const shape: Record<string, ZodType> = {};
      for (const f of e.fields) shape[f.name] = f.optional ? go(f.type).optional() : go(f.type);
      // Our `is` allows extra keys and arrays are never records: a loose object that is not an array.
      return z.looseObject(shape).refine((v) => !Array.isArray(v));
    }
    case "tuple": {
      const restAt = e.elements.findIndex((el) => el.kind === "rest");
      const head = (restAt < 0 ? e.elements : e.elements.slice(0, restAt)).map((el) =>
        el.kind === "optional" ? go(el.type).optional() : go(el.type),
      );
      const tuple =
        restAt < 0 ? z.tuple(head as [ZodType]) : z.tuple(head as [ZodType], go(e.elements[restAt]!.type));
      return restAt >= 0 && restAt < e.elements.length - 1
        ? inexact(tuple, "elements after a rest element are not checked")
        : tuple;
    }
    case "union":
      return e.members.length === 0
        ? z.never()
        : e.members.length === 1
          ? go(e.members[0]!)
          : z.union(e.members.map(go) as [ZodType, ZodType]);
    case "intersection":
      return e.members.map(go).reduce((a, b) => z.intersection(a, b));
    case "refine": {
      let schema = go(e.base);
      for (const c of e.constraints) {
        schema = schema.refine((v: unknown) => satisfies(v, c.kind, c.value), {
          message: `${c.kind} ${c.value}`,
        });
      }
      return schema;
    }
    case "recursive": {
      let self: ZodType | undefined;
      const lazy = z.lazy(() => self!);
      self = convert(z, e.body, [...binders, () => lazy]);
      return lazy;
    }
    case "ref":
      return binders[binders.length - 1 - (e.index ?? 0)]!();
  }
}

function satisfies(v: unknown, kind: string, value: number | string): boolean {
  const n = typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : Number.NaN;
  const len = typeof v === "string" || Array.isArray(v) || v instanceof Uint8Array ? v.length : 0;
  switch (kind) {
    case "minimum":
      return !(n < (value as number));
    case "maximum":
      return !(n > (value as number));
    case "exclusiveMinimum":
      return !(n <= (value as number));
    case "exclusiveMaximum":
      return !(n >= (value as number));
    case "multipleOf":
      return Number.isFinite(n) && Math.abs(n / (value as number) - Math.round(n / (value as number))) < 1e-9;
    case "minLength":
      return !(len < (value as number));
    case "maxLength":
      return !(len > (value as number));
    case "pattern":
      return typeof v === "string" && new RegExp(value as string, "u").test(v);
    case "format":
      return typeof v === "string" && formatCheck(value as string)(v);
    default:
      return false;
  }
}
