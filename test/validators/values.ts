/**
 * fast-check arbitraries of values for a TypeExpr: valid ones (generated from the type) and
 * near-valid ones (a valid value with one spot replaced by something random), plus junk.
 */
import { canonicalize, type ExprOf, type TypeExpr } from "@causality/schema";
import fc from "fast-check";

const MAX_DEPTH = 4;

export function validValue(expr: TypeExpr): fc.Arbitrary<unknown> {
  return gen(canonicalize(expr), [], 0);
}

function gen(e: TypeExpr, env: TypeExpr[], depth: number): fc.Arbitrary<unknown> {
  const go = (x: TypeExpr) => gen(x, env, depth + 1);
  switch (e.kind) {
    case "any":
      return fc.anything({ maxDepth: 1 });
    case "unit":
      return fc.constant(null);
    case "undefined":
      return fc.constant(undefined);
    case "bool":
      return fc.boolean();
    case "string":
      return fc.string({ maxLength: 8 });
    case "number":
      return fc.oneof(fc.double(), fc.integer());
    case "integer":
      return fc.integer();
    case "range":
      return fc
        .bigInt({ min: BigInt(e.min), max: BigInt(e.max) })
        .map((b) => Number(b))
        .filter((n) => BigInt(n) >= BigInt(e.min) && BigInt(n) <= BigInt(e.max));
    case "bigint":
      return fc.bigInt();
    case "bigintRange":
      return fc.bigInt({ min: BigInt(e.min), max: BigInt(e.max) });
    case "literal":
      return fc.constant(e.value);
    case "bigintLiteral":
      return fc.constant(BigInt(e.value));
    case "enum":
      return fc.constantFrom(...e.members.map((m) => m.value));
    case "date":
      return fc.date({ noInvalidDate: false });
    case "bytes":
      return fc.uint8Array({ maxLength: 4 });
    case "optional":
      return fc.option(go(e.inner), { nil: undefined });
    case "list":
      return depth > MAX_DEPTH ? fc.constant([]) : fc.array(go(e.element), { maxLength: 4 });
    case "set":
      return fc.array(go(e.element), { maxLength: 3 }).map((xs) => new Set(xs));
    case "map":
      return fc.array(fc.tuple(go(e.key), go(e.value)), { maxLength: 3 }).map((xs) => new Map(xs));
    case "dict":
      return fc.dictionary(
        e.key.kind === "string" ? fc.string({ maxLength: 4 }) : (go(e.key) as fc.Arbitrary<string>),
        go(e.value),
        { maxKeys: 3 },
      );
    case "record": {
      const required: Record<string, fc.Arbitrary<unknown>> = {};
      const optional: string[] = [];
      for (const f of e.fields) {
        required[f.name] = go(f.type);
        if (f.optional) optional.push(f.name);
      }
      return fc.record(required, { requiredKeys: e.fields.filter((f) => !f.optional).map((f) => f.name) });
    }
    case "tuple":
      return fc
        .tuple(
          ...e.elements.map((el) =>
            el.kind === "rest" ? fc.array(go(el.type), { maxLength: 2 }) : go(el.type),
          ),
        )
        .map((parts) =>
          e.elements.flatMap((el, i) => (el.kind === "rest" ? (parts[i] as unknown[]) : [parts[i]])),
        );
    case "union": {
      const members = depth > MAX_DEPTH ? e.members.filter((m) => !mentionsRef(m)) : e.members;
      return members.length === 0 ? fc.constant(Symbol("never")) : fc.oneof(...members.map(go));
    }
    case "intersection":
      return go(e.members[0]!);
    case "refine":
      return refined(e, go);
    case "recursive":
      return gen(e.body, [...env, e], depth + 1);
    case "ref": {
      const target = env[env.length - 1 - (e.index ?? 0)] as ExprOf<"recursive">;
      return depth > MAX_DEPTH * 2
        ? fc.constant(null)
        : gen(target.body, env.slice(0, env.length - (e.index ?? 0)), depth + 1);
    }
    case "template":
      return fc.string({ maxLength: 6 });
    default:
      return fc.anything({ maxDepth: 1 });
  }
}

function mentionsRef(e: TypeExpr): boolean {
  return JSON.stringify(e).includes('"kind":"ref"');
}

/** A value with one randomly chosen spot (the root or any nested value) replaced. */
export function nearValid(expr: TypeExpr): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      validValue(expr),
      fc.oneof(fc.anything({ maxDepth: 1 }), fc.constantFrom(undefined, null, NaN, -0, "", 0, [], {})),
      fc.nat(),
    )
    .map(([value, replacement, pick]) => replaceNth(value, replacement, pick));
}

function replaceNth(value: unknown, replacement: unknown, n: number): unknown {
  const spots: { parent: Record<string | number, unknown>; key: string | number }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v))
      v.forEach((x, i) => {
        spots.push({ parent: v as never, key: i });
        walk(x);
      });
    else if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      for (const k of Object.keys(v)) {
        spots.push({ parent: v as never, key: k });
        walk((v as Record<string, unknown>)[k]);
      }
    }
  };
  walk(value);
  if (spots.length === 0 || n % (spots.length + 1) === spots.length) return replacement;
  const spot = spots[n % (spots.length + 1)]!;
  spot.parent[spot.key] = replacement;
  return value;
}

/** Values meeting a refinement's constraints, so valid values really are valid. */
function refined(e: ExprOf<"refine">, go: (x: TypeExpr) => fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const c = Object.fromEntries(e.constraints.map((x) => [x.kind, x.value])) as Record<
    string,
    number | string | undefined
  >;
  if (e.base.kind === "string") {
    if (c.format === "uuid") return fc.uuid();
    if (c.format === "email") return fc.emailAddress();
    if (c.format === "date-time")
      return fc
        .date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) })
        .map((d) => d.toISOString());
    if (typeof c.pattern === "string") return fc.stringMatching(new RegExp(c.pattern, "u"));
    return fc.string({ minLength: (c.minLength as number) ?? 0, maxLength: (c.maxLength as number) ?? 8 });
  }
  if (e.base.kind === "number") {
    return fc.double({ noNaN: true, min: (c.minimum as number) ?? -1e9, max: (c.maximum as number) ?? 1e9 });
  }
  return go(e.base);
}
