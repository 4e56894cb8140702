/**
 * The independent canonicalizer (test/independent/canonical.ts, written from docs/type-expr-spec.md
 * §2 alone) against the main implementation's `canonicalize` / `typeExprIdHex`, on every
 * non-recursive vector and on random non-recursive expressions. Canonical forms are compared
 * exactly without `name` / `description` metadata (metadata never changes an id, §1; a record
 * field's `name` is its key and is compared); ids are compared exactly, the independent one through
 * test/independent/merkle.ts.
 *
 * Every output of both must be a fixed point (as §2.4 promises), and the two must agree always.
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { canonicalize, parseTypeExpr, type TypeExpr, typeExprIdHex } from "@causality/schema";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shuffled, typeExpr } from "../../packages/schema/src/arbitrary.test-util.js";
import { breathe, runs } from "../support/breathe.js";
import { readVectorFile } from "../support/vector-files.js";
import { canonicalizeIndependent } from "./canonical.js";
import { independentId } from "./merkle.js";

interface Vector {
  description: string;
  expr: unknown;
  canonical: unknown;
  id: string;
}

const DIR = resolve(import.meta.dirname, "../../fixtures/vectors");
const vectors = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .flatMap((f) =>
    readVectorFile<Vector[]>(join(DIR, f)).map((v) => ({
      ...v,
      family: f.replace(/\.json$/, ""),
    })),
  );

/** Whether a JSON value contains a `recursive` or `ref` node anywhere. */
function hasRecursion(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasRecursion);
  if (value === null || typeof value !== "object") return false;
  const kind = (value as { kind?: unknown }).kind;
  if (kind === "recursive" || kind === "ref") return true;
  return Object.values(value).some(hasRecursion);
}

/**
 * The structure of a TypeExpr as JSON text (as the vectors are stored): `name` / `description` / `order`
 * dropped everywhere except a record field's `name` (its key, not metadata).
 */
function structure(value: unknown): string {
  const strip = (v: unknown, isField = false): unknown => {
    if (Array.isArray(v)) return v.map((x) => strip(x));
    if (v === null || typeof v !== "object") return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === "description" || k === "order" || (k === "name" && !isField)) continue;
      out[k] = k === "fields" && Array.isArray(x) ? x.map((f) => strip(f, true)) : strip(x);
    }
    return out;
  };
  return JSON.stringify(strip(value));
}

const mainCanonical = (expr: unknown): unknown => canonicalize(parseTypeExpr(expr));

interface Outcome {
  expr: unknown;
  /** the spec reading agrees with the main implementation (structure and id) */
  spec: boolean;
  /** the spec reading is a fixed point and the independent id is that of the main path on it */
  specSound: boolean;
  /** the main implementation's canonical form is a fixed point */
  mainFixed: boolean;
  main: string;
  mine: string;
}

function compare(expr: unknown): Outcome {
  const parsed = parseTypeExpr(expr);
  const main = canonicalize(parsed);
  const mainId = typeExprIdHex(parsed);
  const mainText = structure(main);
  const mainFixed = structure(mainCanonical(main)) === mainText && independentId(main) === mainId;
  const mine = canonicalizeIndependent(expr);
  const again = canonicalizeIndependent(mine);
  const mineText = structure(mine);
  return {
    expr,
    spec: mineText === mainText && independentId(mine) === mainId,
    specSound: structure(again) === mineText && typeExprIdHex(parseTypeExpr(mine)) === independentId(mine),
    mainFixed,
    main: mainText,
    mine: mineText,
  };
}

/** The smallest few failures, for the assertion message. */
const smallest = (outcomes: Outcome[]) =>
  outcomes
    .sort((a, b) => JSON.stringify(a.expr).length - JSON.stringify(b.expr).length)
    .slice(0, 3)
    .map(({ expr, main, mine }) => ({ expr: JSON.stringify(expr), main, mine }));

/** Runs `compare` on every expression and requires what the file header says. */
async function expectAgreement(
  exprs: unknown[],
): Promise<{ total: number; specAgrees: number; mainNotFixed: number }> {
  const outcomes: ReturnType<typeof compare>[] = [];
  for (const e of exprs) {
    outcomes.push(compare(e));
    await breathe();
  }
  expect(smallest(outcomes.filter((o) => !o.specSound))).toEqual([]);
  expect(smallest(outcomes.filter((o) => !o.mainFixed))).toEqual([]);
  expect(smallest(outcomes.filter((o) => !o.spec))).toEqual([]);
  return {
    total: outcomes.length,
    specAgrees: outcomes.filter((o) => o.spec).length,
    mainNotFixed: outcomes.filter((o) => !o.mainFixed).length,
  };
}

const nonRecursive = typeExpr.filter((e: TypeExpr) => !hasRecursion(e));

const S = { kind: "string" };
const N = { kind: "number" };
const B = { kind: "bool" };
const U = { kind: "undefined" };
const lit = (value: unknown) => ({ kind: "literal", value });
const union = (...members: unknown[]) => ({ kind: "union", members });
const inter = (...members: unknown[]) => ({ kind: "intersection", members });
const opt = (inner: unknown) => ({ kind: "optional", inner });
const refine = (base: unknown, ...constraints: [string, unknown][]) => ({
  kind: "refine",
  base,
  constraints: constraints.map(([kind, value]) => ({ kind, value })),
});
const optionalField = (type: unknown) => ({ kind: "record", fields: [{ name: "x", type, optional: true }] });

/**
 * Spec gap G1 (canonical.ts `dedup`): a union or intersection with structurally equal members is
 * only deduplicated at emission, so its parent was normalized against the un-collapsed node. Each
 * case: the expression, and a simpler way of writing the same type.
 */
const G1: [string, unknown, unknown][] = [
  [
    "A & B through a union of two equal intersections",
    inter(union(inter(S, N), inter(S, N)), B),
    inter(S, N, B),
  ],
  [
    "refine of a union of two equal refinements",
    refine(union(refine(S, ["minLength", 1]), refine(S, ["minLength", 1])), ["maxLength", 5]),
    refine(S, ["minLength", 1], ["maxLength", 5]),
  ],
  [
    "union through an intersection of two equal unions",
    union(inter(union(S, N), union(S, N)), B),
    union(S, N, B),
  ],
  ["literal absorption through an intersection", union(inter(lit("a"), lit("a")), S), S],
  ["true | false through an intersection", union(inter(lit(true), lit(true)), lit(false)), B],
  ["undefined through an intersection", union(inter(U, U), S), opt(S)],
  ["optional through an intersection", union(inter(opt(S), opt(S)), N), opt(union(S, N))],
  ["optional(optional) through an intersection", opt(inter(opt(S), opt(S))), opt(S)],
  ["optional field through an intersection", optionalField(inter(opt(S), opt(S))), optionalField(S)],
];

describe("independent canonicalizer (docs/type-expr-spec.md §2)", () => {
  const plain = vectors.filter((v) => !hasRecursion(v.expr) && !hasRecursion(v.canonical));

  it("runs on every non-recursive vector (146 of 162)", () => {
    expect(plain.length).toBeGreaterThanOrEqual(146);
  });

  describe("vectors", () => {
    for (const v of plain) {
      it(`${v.family}: ${v.description}`, () => {
        const mine = canonicalizeIndependent(v.expr);
        expect(structure(mine)).toBe(structure(v.canonical));
        expect(independentId(mine)).toBe(v.id);
        expect(compare(v.expr)).toMatchObject({ spec: true, specSound: true, mainFixed: true });
      });
    }
  });

  describe("recursive vectors (§2.1-§2.4 with cycles; their canonical forms were the implementation's)", () => {
    const recursive = vectors.filter((v) => hasRecursion(v.expr) || hasRecursion(v.canonical));
    it("there are some", () => expect(recursive.length).toBeGreaterThanOrEqual(10));
    it("rejects a binder whose body is itself, and a union that reaches itself (CX1006)", () => {
      const self = { kind: "recursive", body: { kind: "ref", index: 0 } };
      expect(() => canonicalizeIndependent(self)).toThrow("CX1006");
      const loop = {
        kind: "recursive",
        body: { kind: "union", members: [{ kind: "string" }, { kind: "ref", index: 0 }] },
      };
      expect(() => canonicalizeIndependent(loop)).toThrow("CX1006");
    });
    for (const v of recursive) {
      it(`${v.family}: ${v.description}`, () => {
        const mine = canonicalizeIndependent(v.expr);
        expect(structure(mine)).toBe(structure(v.canonical));
        expect(independentId(mine)).toBe(v.id);
        expect(compare(v.expr)).toMatchObject({ spec: true, specSound: true, mainFixed: true });
      });
    }
  });

  it("agrees with the main implementation on 3,000 random non-recursive expressions", async () => {
    const n = runs(3000);
    const exprs = fc.sample(nonRecursive, { numRuns: n, seed: 20240601 });
    const r = await expectAgreement(exprs);
    expect(r).toEqual({ total: n, specAgrees: n, mainNotFixed: 0 });
  });

  it("agrees on 1,000 of them shuffled and renamed (metadata and member order never change an id)", async () => {
    const exprs = fc.sample(fc.tuple(nonRecursive, fc.integer()), { numRuns: runs(1000), seed: 7 });
    let state = 1;
    const shuffledExprs: unknown[] = [];
    for (const [e, seed] of exprs) {
      await breathe();
      state = seed >>> 0 || 1;
      const rand = () => {
        state = (state * 48271) % 2147483647;
        return state / 2147483647;
      };
      const s = shuffled(e, rand);
      expect(independentId(canonicalizeIndependent(s))).toBe(independentId(canonicalizeIndependent(e)));
      shuffledExprs.push(s);
    }
    const r = await expectAgreement(shuffledExprs);
    expect(r.specAgrees).toBe(r.total);
  });

  // Random expressions built to hit G1: duplicated members (the copy renamed) under every parent that
  // has a normalization rule.
  const withDuplicates: fc.Arbitrary<unknown> = fc.letrec<{ e: unknown }>((tie) => {
    const copy = (x: unknown) => ({ ...(structuredClone(x) as object), name: "Copy" });
    return {
      e: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom<unknown>(
          S,
          N,
          B,
          U,
          lit("a"),
          lit(true),
          lit(false),
          lit(1),
          { kind: "any" },
          union(),
        ),
        nonRecursive,
        fc.tuple(tie("e"), tie("e")).map(([a, b]) => union(a, copy(a), b)),
        fc.tuple(tie("e"), tie("e")).map(([a, b]) => inter(a, copy(a), b)),
        tie("e").map((a) => union(a, copy(a))),
        tie("e").map((a) => inter(a, copy(a))),
        tie("e").map(opt),
        tie("e").map((a) => refine(a, ["minLength", 1])),
        tie("e").map(optionalField),
      ),
    };
  }).e;

  it("agrees on 2,000 random expressions with duplicated members (each output a fixed point)", async () => {
    const n = runs(2000);
    const exprs = fc.sample(withDuplicates, { numRuns: n, seed: 99 });
    expect(await expectAgreement(exprs)).toEqual({ total: n, specAgrees: n, mainNotFixed: 0 });
  });

  describe("duplicates collapse before the parent is normalized (once spec gap G1)", () => {
    for (const [title, expr, same] of G1) {
      it(title, () => {
        const o = compare(expr);
        // The spec reading: a fixed point, with the id of the simpler spelling of the same type.
        expect(o.specSound).toBe(true);
        expect(independentId(canonicalizeIndependent(expr))).toBe(typeExprIdHex(parseTypeExpr(same)));
        // The main implementation gives exactly that, as a fixed point.
        expect(o).toMatchObject({ spec: true, mainFixed: true });
      });
    }
  });

  describe("equal members are found by local data (§2.3), kind by kind", () => {
    // `refine(A ∪ B, c2)` with A = refine(a, c1), B = refine(b, c1): when a and b are one type the
    // union collapses and the refinements merge (refine(a, c1 ++ c2)); when their local data
    // differs they stay two members. Either way the independent reading decides.
    const c1: [string, unknown] = ["minLength", 1];
    const probe = (a: unknown, b: unknown) => refine(union(refine(a, c1), refine(b, c1)), ["maxLength", 9]);
    const field = (name: string, type: unknown, optional?: boolean) =>
      optional ? { name, type, optional } : { name, type };
    const record = (...fields: unknown[]) => ({ kind: "record", fields });
    const tuple = (...kinds: (string | undefined)[]) => ({
      kind: "tuple",
      elements: kinds.map((kind) => (kind === undefined ? { type: S } : { type: S, kind })),
    });
    const enumOf = (...values: unknown[]) => ({ kind: "enum", members: values.map((value) => ({ value })) });
    const range = (kind: string, min: string, max: string) => ({ kind, min, max });
    const fn = (params: number) => ({
      kind: "function",
      params: Array.from({ length: params }, () => S),
      returns: N,
    });
    const same: [string, unknown, unknown][] = [
      [
        "records with fields in another order",
        record(field("a", S), field("b", N)),
        record(field("b", N), field("a", S)),
      ],
      ["enums with members in another order", enumOf("a", "b", 1), enumOf(1, "b", "a")],
      [
        "refinements with constraints in another order",
        refine(S, ["maxLength", 5], c1),
        refine(S, c1, ["maxLength", 5]),
      ],
      ["tuples with a rest element", tuple(undefined, "rest"), tuple(undefined, "rest")],
      [
        "a tuple element required by default or by name",
        tuple(undefined, "optional"),
        tuple("required", "optional"),
      ],
      ["fixed of one scale", { kind: "fixed", scale: 2 }, { kind: "fixed", scale: 2 }],
      [
        "templates of one text",
        { kind: "template", texts: ["a", "b"], types: [S] },
        { kind: "template", texts: ["a", "b"], types: [S] },
      ],
    ];
    const different: [string, unknown, unknown][] = [
      ["record field names", record(field("a", S)), record(field("b", S))],
      ["record field optional flags", record(field("a", S)), record(field("a", S, true))],
      ["tuple element kinds", tuple(undefined, undefined), tuple(undefined, "optional")],
      ["tuple rest or not", tuple(undefined, "rest"), tuple(undefined, undefined)],
      ["tuple rest or optional", tuple(undefined, "rest"), tuple(undefined, "optional")],
      ["union and intersection of one member set", union(S, N), inter(S, N)],
      // A difference three levels down takes several refinement rounds to split the classes.
      [
        "lists of lists of different elements",
        { kind: "list", element: { kind: "list", element: S } },
        { kind: "list", element: { kind: "list", element: N } },
      ],
      // Children in order, not as a set, for every kind but union and intersection.
      [
        "record field types swapped",
        record(field("a", S), field("b", N)),
        record(field("a", N), field("b", S)),
      ],
      [
        "tuple elements swapped",
        { kind: "tuple", elements: [{ type: S }, { type: N }] },
        { kind: "tuple", elements: [{ type: N }, { type: S }] },
      ],
      ["map key and value swapped", { kind: "map", key: S, value: N }, { kind: "map", key: N, value: S }],
      [
        "function parameter and result swapped",
        { kind: "function", params: [S], returns: N },
        { kind: "function", params: [N], returns: S },
      ],
      ["literal values", lit(1), lit(2)],
      ["literal types", lit(1), lit("1")],
      ["literal true and the text true", lit(true), lit("true")],
      ["enum values", enumOf("a", "b"), enumOf("a", "c")],
      ["enum value types", enumOf(1), enumOf("1")],
      ["fixed scales", { kind: "fixed", scale: 2 }, { kind: "fixed", scale: 3 }],
      ["range minimums", range("range", "0", "9"), range("range", "1", "9")],
      ["range maximums", range("range", "0", "9"), range("range", "0", "8")],
      ["bigint range bounds", range("bigintRange", "-5", "5"), range("bigintRange", "-5", "6")],
      ["bigint literals", { kind: "bigintLiteral", value: "1" }, { kind: "bigintLiteral", value: "2" }],
      [
        "template texts",
        { kind: "template", texts: ["a", "b"], types: [S] },
        { kind: "template", texts: ["a", "c"], types: [S] },
      ],
      ["function arity", fn(1), fn(2)],
      ["refinement constraints", refine(S, ["maxLength", 5]), refine(S, ["maxLength", 6])],
      ["list and set", { kind: "list", element: S }, { kind: "set", element: S }],
      ["map and dict", { kind: "map", key: S, value: N }, { kind: "dict", key: S, value: N }],
    ];
    for (const [title, a, b] of same) {
      it(`one type: ${title}`, () => {
        const o = compare(probe(a, b));
        expect(o).toMatchObject({ spec: true, specSound: true, mainFixed: true });
        expect(typeExprIdHex(parseTypeExpr(probe(a, b)))).toBe(
          typeExprIdHex(parseTypeExpr(refine(a, c1, ["maxLength", 9]))),
        );
      });
    }
    for (const [title, a, b] of different) {
      it(`two types: ${title}`, () => {
        const o = compare(probe(a, b));
        expect(o).toMatchObject({ spec: true, specSound: true, mainFixed: true });
        expect(typeExprIdHex(parseTypeExpr(probe(a, b)))).not.toBe(
          typeExprIdHex(parseTypeExpr(refine(a, c1, ["maxLength", 9]))),
        );
      });
    }
  });

  it("spec gap G2: a -0 constraint value is written as 0 (every numeric constraint, §2.2 rule 6)", () => {
    for (const kind of [
      "minimum",
      "maximum",
      "exclusiveMinimum",
      "exclusiveMaximum",
      "minLength",
      "maxLength",
    ]) {
      const expr = refine(N, [kind, -0]);
      const main = mainCanonical(expr) as { constraints: { value: number }[] };
      const mine = canonicalizeIndependent(expr) as unknown as { constraints: { value: number }[] };
      expect(Object.is(main.constraints[0]!.value, 0), kind).toBe(true);
      expect(Object.is(mine.constraints[0]!.value, 0), kind).toBe(true);
    }
    for (const e of [lit(-0), { kind: "enum", members: [{ value: -0 }] }]) {
      expect(JSON.stringify(canonicalizeIndependent(e), (_, v) => (Object.is(v, -0) ? "-0" : v))).toBe(
        JSON.stringify(mainCanonical(e), (_, v) => (Object.is(v, -0) ? "-0" : v)),
      );
    }
  });

  it("a limit passed by canonicalization itself is rejected with a code and the path (once spec gap G3)", () => {
    const constraints = (offset: number) =>
      Array.from({ length: 40 }, (_, i) => ["minimum", i + offset] as [string, unknown]);
    const expr = refine(refine(N, ...constraints(100)), ...constraints(0));
    expect(() => mainCanonical(expr)).toThrow(
      expect.objectContaining({ code: "CX1008_LIMIT_EXCEEDED", path: "$.constraints" }),
    );
    const literals = (offset: number) => Array.from({ length: 3000 }, (_, i) => lit(`v${i + offset}`));
    expect(() => mainCanonical(union(union(...literals(0)), union(...literals(5000))))).toThrow(
      expect.objectContaining({ code: "CX1008_LIMIT_EXCEEDED", path: "$.members" }),
    );
  });
});
