/**
 * `canonicalize` reads input that `parseTypeExpr` has not checked (a schema built by hand, a
 * bundle's payload): every malformed node is rejected with the code and the path the spec gives
 * (docs/type-expr-spec.md §1 codes, §3.2 limits, §2.4 limits passed by canonicalization), and the
 * message says what is wrong. Limits are checked on both sides of the boundary.
 */
import { describe, expect, it } from "vitest";
import { canonicalize } from "../canonical.js";
import { TypeExprError } from "../errors.js";
import type { TypeExpr } from "../type-expr.js";

const S = { kind: "string" };
const lit = (value: unknown) => ({ kind: "literal", value });

function rejection(input: unknown): TypeExprError {
  try {
    canonicalize(input as TypeExpr);
  } catch (e) {
    expect(e).toBeInstanceOf(TypeExprError);
    return e as TypeExprError;
  }
  throw new Error(`accepted ${JSON.stringify(input).slice(0, 200)}`);
}

function expectRejected(input: unknown, code: string, path: string, says: string): void {
  const e = rejection(input);
  expect({ code: e.code, path: e.path }).toEqual({ code, path });
  expect(e.message).toContain(says);
}

const fields = (names: string[]) => names.map((name) => ({ name, type: S }));
const nest = (depth: number): unknown => {
  let e: unknown = S;
  for (let i = 0; i < depth; i++) e = { kind: "list", element: e };
  return e;
};

describe("canonicalize rejects malformed input with the code, the path and what is wrong", () => {
  it("something that is not a TypeExpr (CX1002)", () => {
    expectRejected({ kind: 5 }, "CX1002_UNKNOWN_KIND", "$", "kind 5");
    expectRejected({ kind: "strng" }, "CX1002_UNKNOWN_KIND", "$", 'kind "strng"');
    expectRejected({ kind: "toString" }, "CX1002_UNKNOWN_KIND", "$", 'kind "toString"');
    expectRejected(
      { kind: "list", element: { name: "x" } },
      "CX1002_UNKNOWN_KIND",
      "$.element",
      "not a TypeExpr",
    );
    expectRejected({ kind: "list", element: null }, "CX1002_UNKNOWN_KIND", "$.element", "kind null");
    expectRejected({ kind: "optional", inner: 3 }, "CX1002_UNKNOWN_KIND", "$.inner", "kind 3");
  });

  it("paths name the child: element, inner, key, value, members, fields, elements, params, returns, types, base, body", () => {
    const bad = { kind: "nope" };
    const cases: [unknown, string][] = [
      [{ kind: "set", element: bad }, "$.element"],
      [{ kind: "map", key: bad, value: S }, "$.key"],
      [{ kind: "dict", key: S, value: bad }, "$.value"],
      [{ kind: "union", members: [S, bad] }, "$.members[1]"],
      [{ kind: "intersection", members: [bad, S] }, "$.members[0]"],
      [
        {
          kind: "record",
          fields: [
            { name: "b", type: S },
            { name: "a", type: bad },
          ],
        },
        "$.fields[1].type",
      ],
      [{ kind: "tuple", elements: [{ type: S }, { type: bad }] }, "$.elements[1].type"],
      [{ kind: "function", params: [S, bad], returns: S }, "$.params[1]"],
      [{ kind: "function", params: [S], returns: bad }, "$.returns"],
      [{ kind: "template", texts: ["a", "b", "c"], types: [S, bad] }, "$.types[1]"],
      [{ kind: "refine", base: bad, constraints: [{ kind: "minLength", value: 1 }] }, "$.base"],
      [{ kind: "recursive", body: { kind: "list", element: bad } }, "$.body.element"],
    ];
    for (const [input, path] of cases) expectRejected(input, "CX1002_UNKNOWN_KIND", path, 'kind "nope"');
  });

  it("record fields: a name that is not a string, a name too long, a duplicate (CX1003, CX1008, CX1004)", () => {
    expectRejected(
      {
        kind: "record",
        fields: [
          { name: "a", type: S },
          { name: 7, type: S },
        ],
      },
      "CX1003_BAD_FIELD",
      "$.fields[1].name",
      "a field name is a string",
    );
    expectRejected(
      {
        kind: "record",
        fields: [
          { name: "a", type: S },
          { name: "b", type: S },
          { name: "a", type: S },
        ],
      },
      "CX1004_DUPLICATE_FIELD",
      "$.fields[2].name",
      'field "a" appears twice',
    );
    expectRejected(
      {
        kind: "record",
        fields: [
          { name: "ok", type: S },
          { name: "\ud800", type: S },
        ],
      },
      "CX1012_BAD_STRING",
      "$.fields[1].name",
      "lone surrogate",
    );
    // 1024 UTF-8 bytes per field name (§3.2), counted in bytes: 2-byte and 3-byte characters.
    for (const [ok, tooLong] of [
      ["a".repeat(1024), "a".repeat(1025)],
      ["é".repeat(512), `${"é".repeat(512)}a`],
      [`${"€".repeat(341)}a`, "€".repeat(342)],
    ] as const) {
      expect(() => canonicalize({ kind: "record", fields: fields([ok]) } as TypeExpr)).not.toThrow();
      expectRejected(
        { kind: "record", fields: fields(["x", tooLong]) },
        "CX1008_LIMIT_EXCEEDED",
        "$.fields[1].name",
        "longer than 1024 UTF-8 bytes",
      );
    }
  });

  it("literals: a number that is not finite, a string too long or not UTF-8 (CX1007, CX1008, CX1012)", () => {
    expectRejected(
      { kind: "list", element: lit(Number.NaN) },
      "CX1007_BAD_NUMBER",
      "$.element.value",
      "finite",
    );
    expectRejected(lit(Number.POSITIVE_INFINITY), "CX1007_BAD_NUMBER", "$.value", "finite");
    expectRejected(lit(Number.NEGATIVE_INFINITY), "CX1007_BAD_NUMBER", "$.value", "finite");
    expectRejected(lit("a\udc00"), "CX1012_BAD_STRING", "$.value", "lone surrogate");
    expect(() => canonicalize(lit("€".repeat(1365)) as TypeExpr)).not.toThrow();
    expectRejected(lit("€".repeat(1366)), "CX1008_LIMIT_EXCEEDED", "$.value", "longer than 4096 UTF-8 bytes");
    expect(() => canonicalize(lit("a".repeat(4096)) as TypeExpr)).not.toThrow();
    expectRejected(lit("a".repeat(4097)), "CX1008_LIMIT_EXCEEDED", "$.value", "longer than 4096 UTF-8 bytes");
  });

  it("templates: one more text than types, each text UTF-8 within 4096 bytes (CX1003, CX1008, CX1012)", () => {
    expectRejected(
      { kind: "template", texts: ["a", "b"], types: [S, S] },
      "CX1003_BAD_FIELD",
      "$",
      "one more text",
    );
    expectRejected(
      { kind: "template", texts: ["a", "b"], types: [] },
      "CX1003_BAD_FIELD",
      "$",
      "one more text",
    );
    expectRejected(
      { kind: "template", texts: ["a", "b".repeat(4097)], types: [S] },
      "CX1008_LIMIT_EXCEEDED",
      "$.texts[1]",
      "longer than 4096",
    );
    expectRejected(
      { kind: "template", texts: ["a", "\ud800"], types: [S] },
      "CX1012_BAD_STRING",
      "$.texts[1]",
      "lone surrogate",
    );
  });

  it("recursion: a binder that is only itself, a ref that points at no binder (CX1006, CX1005)", () => {
    expectRejected(
      { kind: "recursive", body: { kind: "ref", index: 0 } },
      "CX1006_NON_CONTRACTIVE",
      "$",
      "itself",
    );
    expectRejected(
      {
        kind: "list",
        element: { kind: "recursive", body: { kind: "recursive", body: { kind: "ref", index: 1 } } },
      },
      "CX1006_NON_CONTRACTIVE",
      "$.element",
      "itself",
    );
    const binder = (ref: unknown) => ({ kind: "recursive", body: { kind: "list", element: ref } });
    expectRejected(binder({ kind: "ref", index: 1 }), "CX1005_UNBOUND_REF", "$.body.element", "index 1");
    expectRejected(binder({ kind: "ref", index: -1 }), "CX1005_UNBOUND_REF", "$.body.element", "index -1");
    expectRejected(binder({ kind: "ref", index: 0.5 }), "CX1005_UNBOUND_REF", "$.body.element", "index 0.5");
    // A de Bruijn index is an integer (§1), not text that arithmetic would read as one.
    expectRejected(binder({ kind: "ref", index: "0" }), "CX1005_UNBOUND_REF", "$.body.element", "index 0");
    expectRejected({ kind: "ref", index: 0 }, "CX1005_UNBOUND_REF", "$", "enclosing recursive binder");
    expect(canonicalize(binder({ kind: "ref", index: 0 }) as TypeExpr)).toMatchObject({ kind: "recursive" });
  });
});

describe("limits of §3.2, each accepted at the limit and rejected one past it (CX1008)", () => {
  const many = (n: number, f: (i: number) => unknown) => Array.from({ length: n }, (_, i) => f(i));
  const cases: [string, (n: number) => unknown, string][] = [
    ["union members", (n) => ({ kind: "union", members: many(n, () => S) }), "$.members"],
    ["intersection members", (n) => ({ kind: "intersection", members: many(n, () => S) }), "$.members"],
    ["enum members", (n) => ({ kind: "enum", members: many(n, (i) => ({ value: i })) }), "$.members"],
    [
      "record fields",
      (n) => ({ kind: "record", fields: fields(many(n, (i) => `f${i}`) as string[]) }),
      "$.fields",
    ],
    ["tuple elements", (n) => ({ kind: "tuple", elements: many(n, () => ({ type: S })) }), "$.elements"],
    ["function params", (n) => ({ kind: "function", params: many(n, () => S), returns: S }), "$.params"],
    [
      "template texts",
      (n) => ({ kind: "template", texts: many(n, () => "x"), types: many(n - 1, () => S) }),
      "$.texts",
    ],
  ];
  for (const [what, make, path] of cases) {
    it(`${what}: 4096`, () => {
      expect(() => canonicalize(make(4096) as TypeExpr)).not.toThrow();
      expectRejected(make(4097), "CX1008_LIMIT_EXCEEDED", path, "4097 entries, at most 4096");
    });
  }

  it("constraints: 64 per refinement", () => {
    const refine = (n: number) => ({
      kind: "refine",
      base: S,
      constraints: many(n, (i) => ({ kind: "minLength", value: i })),
    });
    expect(() => canonicalize(refine(64) as TypeExpr)).not.toThrow();
    expectRejected(refine(65), "CX1008_LIMIT_EXCEEDED", "$.constraints", "more than 64 constraints");
  });

  it("nesting: 1000 levels below the root, no deeper (a bound on the stack, §3.2)", () => {
    expect(() => canonicalize(nest(1000) as TypeExpr)).not.toThrow();
    expectRejected(
      nest(1001),
      "CX1008_LIMIT_EXCEEDED",
      `$${".element".repeat(1001)}`,
      "nested deeper than 1000",
    );
  });

  it("canonicalization passing a limit: flattened unions, merged refinements (§2.4), at the node's input path", () => {
    const lits = (from: number) => ({ kind: "union", members: many(2048, (i) => lit(from + i)) });
    expect(() => canonicalize({ kind: "union", members: [lits(0), lits(2048)] } as TypeExpr)).not.toThrow();
    expectRejected(
      { kind: "list", element: { kind: "union", members: [lits(0), lits(2048), lit("x")] } },
      "CX1008_LIMIT_EXCEEDED",
      "$.element.members",
      "4097 members once flattened, at most 4096",
    );
    // With `undefined` among the members the flattened union becomes optional(union(...)): the
    // inner union is a new node, and the error still names the input union's path.
    expectRejected(
      {
        kind: "list",
        element: { kind: "union", members: [{ kind: "undefined" }, lits(0), lits(2048), lit("x")] },
      },
      "CX1008_LIMIT_EXCEEDED",
      "$.element.members",
      "4097 members once flattened, at most 4096",
    );
    const refine = (base: unknown, from: number, n: number) => ({
      kind: "refine",
      base,
      constraints: many(n, (i) => ({ kind: "maxLength", value: from + i })),
    });
    expect(() => canonicalize(refine(refine(S, 0, 32), 32, 32) as TypeExpr)).not.toThrow();
    expectRejected(
      { kind: "optional", inner: refine(refine(S, 0, 32), 32, 33) },
      "CX1008_LIMIT_EXCEEDED",
      "$.inner.constraints",
      "65 constraints once merged, at most 64",
    );
  });
});
