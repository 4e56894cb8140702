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
      // Texts with generated parts between them, so valid template strings occur.
      return fc
        .tuple(...e.types.map(templatePart))
        .map((parts) => e.texts[0] + parts.map((part, i) => `${part}${e.texts[i + 1]}`).join(""));
    case "fixed": {
      const scale = e.scale;
      return fc
        .tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.nat(10 ** Math.min(scale, 6) - 1))
        .map(([whole, frac]) =>
          scale === 0 ? `${whole}` : `${whole}.${String(frac).padStart(Math.min(scale, 6), "0")}`,
        );
    }
    case "ratio":
      return fc
        .tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }))
        .map(([n, d]) => `${n}/${d}`);
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
    if (typeof c.multipleOf === "number") {
      const step = c.multipleOf;
      return fc.integer({ min: -1000, max: 1000 }).map((k) => k * step);
    }
    const min = (c.minimum as number) ?? (c.exclusiveMinimum as number) ?? -1e9;
    const max = (c.maximum as number) ?? (c.exclusiveMaximum as number) ?? 1e9;
    return fc.double({
      noNaN: true,
      min,
      max,
      minExcluded: c.exclusiveMinimum !== undefined,
      maxExcluded: c.exclusiveMaximum !== undefined,
    });
  }
  return go(e.base);
}

function templatePart(t: TypeExpr): fc.Arbitrary<string> {
  switch (t.kind) {
    case "integer":
    case "number":
      return fc.oneof(fc.integer(), fc.constantFrom(1.5, -0, 1e21)).map(String);
    case "literal":
      return fc.constant(String(t.value));
    case "bool":
      return fc.boolean().map(String);
    default:
      return fc.string({ maxLength: 4 });
  }
}

/** Values made to break validators (throwing getters, Proxy traps, cycles): only our two back ends are compared on them. */
export const HOSTILE = new WeakSet<object>();

function hostile<T extends object>(v: T): T {
  HOSTILE.add(v);
  return v;
}

/** The odd values of JavaScript a validator must judge the same way in both back ends. */
export function edgeValue(): fc.Arbitrary<unknown> {
  return fc
    .constantFrom<() => unknown>(
      () => Object.create(null),
      () => Object.assign(Object.create(null), { a: "x", label: "l", value: 1, children: [] }),
      () => new Map([["a", 1n]]),
      () => new Set(["a", 1]),
      () => new Date(Number.NaN),
      () => new Date(0),
      // biome-ignore lint/suspicious/noSparseArray: a hole is the point
      () => [, 1],
      () => new Uint8Array(2),
      () => Buffer.from("ab"),
      () => new Number(1),
      () => new String("a"),
      () => ({ __proto__: { a: "inherited" } }),
      () => JSON.parse('{"__proto__": {"a": "x"}, "a": "y"}'),
      () => ({ constructor: "c", toString: 1 }),
      () => ({ length: 1, 0: "a" }),
      () => [1n, Symbol.for("s")],
      () =>
        hostile(
          Object.defineProperty({}, "a", {
            enumerable: true,
            get: () => {
              throw new Error("getter");
            },
          }),
        ),
      () =>
        hostile(
          new Proxy(
            {},
            {
              get: () => {
                throw new Error("trap");
              },
              ownKeys: () => {
                throw new Error("trap");
              },
            },
          ),
        ),
      () => {
        const v: Record<string, unknown> = { label: "x", value: 1, name: "n", a: "x" };
        v.children = [v];
        v.b = v;
        v.bs = [v];
        return hostile(v);
      },
    )
    .map((make) => make());
}
