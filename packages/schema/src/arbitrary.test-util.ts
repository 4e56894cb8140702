/** fast-check arbitraries of TypeExprs (with recursion) shared by the property tests. */
import fc from "fast-check";
import type { Field, TypeExpr } from "./type-expr.js";

const NULLARY = [
  "any",
  "unit",
  "bool",
  "string",
  "integer",
  "ratio",
  "number",
  "undefined",
  "bigint",
  "bytes",
  "date",
] as const;

const name = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom("é", "z", "\u{FF61}", "\u{1F600}", "__proto__", "constructor", "odd key"),
);

const leaf: fc.Arbitrary<TypeExpr> = fc.oneof(
  fc.constantFrom(...NULLARY).map((kind) => ({ kind }) as TypeExpr),
  fc
    .oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -3, max: 3 }), fc.boolean())
    .map((value): TypeExpr => ({ kind: "literal", value })),
  fc.bigInt({ min: -5n, max: 5n }).map((v): TypeExpr => ({ kind: "bigintLiteral", value: v.toString() })),
  fc
    .tuple(fc.bigInt({ min: -10n, max: 10n }), fc.bigInt({ min: 0n, max: 2n ** 64n }))
    .map(([min, span]): TypeExpr => ({ kind: "range", min: min.toString(), max: (min + span).toString() })),
  fc.integer({ min: 0, max: 6 }).map((scale): TypeExpr => ({ kind: "fixed", scale })),
  fc
    .tuple(fc.bigInt({ min: -(2n ** 70n), max: 10n }), fc.bigInt({ min: 0n, max: 2n ** 70n }))
    .map(
      ([min, span]): TypeExpr => ({ kind: "bigintRange", min: min.toString(), max: (min + span).toString() }),
    ),
  fc
    .uniqueArray(fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 5 })), { maxLength: 4 })
    .map((values): TypeExpr => ({ kind: "enum", members: values.map((value) => ({ value })) })),
);

const constraint = fc.oneof(
  fc
    .tuple(
      fc.constantFrom("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") as fc.Arbitrary<
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum"
      >,
      fc.oneof(fc.integer({ min: -9, max: 9 }), fc.constantFrom(0.5, -1e21, 2 ** 53)),
    )
    .map(([kind, value]) => ({ kind, value })),
  fc
    .tuple(fc.constantFrom("minLength", "maxLength") as fc.Arbitrary<"minLength" | "maxLength">, fc.nat(9))
    .map(([kind, value]) => ({ kind, value })),
  fc.constantFrom(0.5, 3, 10).map((value) => ({ kind: "multipleOf" as const, value })),
  fc.constantFrom("^a+$", "[0-9]", "\\p{L}").map((value) => ({ kind: "pattern" as const, value })),
  fc.constantFrom("uuid", "email", "date-time").map((value) => ({ kind: "format" as const, value })),
);

function fieldsOf(types: fc.Arbitrary<TypeExpr>): fc.Arbitrary<Field[]> {
  return fc.uniqueArray(fc.record({ name, type: types, optional: fc.boolean() }), {
    selector: (f) => f.name,
    maxLength: 4,
  });
}

/** Random TypeExprs: every structural kind, refinements, templates and recursive types. */
export const typeExpr: fc.Arbitrary<TypeExpr> = fc.letrec<{ expr: TypeExpr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    tie("expr").map((element): TypeExpr => ({ kind: "list", element })),
    tie("expr").map((element): TypeExpr => ({ kind: "set", element })),
    tie("expr").map((inner): TypeExpr => ({ kind: "optional", inner })),
    fc.tuple(tie("expr"), tie("expr")).map(([key, value]): TypeExpr => ({ kind: "map", key, value })),
    tie("expr").map((value): TypeExpr => ({ kind: "dict", key: { kind: "string" }, value })),
    fieldsOf(tie("expr")).map((fields): TypeExpr => ({ kind: "record", fields })),
    fc.array(tie("expr"), { maxLength: 4 }).map((members): TypeExpr => ({ kind: "union", members })),
    fc
      .array(tie("expr"), { minLength: 1, maxLength: 3 })
      .map((members): TypeExpr => ({ kind: "intersection", members })),
    fc
      .array(tie("expr"), { maxLength: 3 })
      .map((types): TypeExpr => ({ kind: "tuple", elements: types.map((type) => ({ type })) })),
    fc
      .tuple(tie("expr"), fc.array(constraint, { minLength: 1, maxLength: 3 }))
      .map(([base, constraints]): TypeExpr => ({ kind: "refine", base, constraints })),
    // Tuples of every shape checkTupleShape allows: required, then optional, or a rest with a tail.
    fc
      .tuple(
        fc.array(tie("expr"), { maxLength: 2 }),
        fc.array(tie("expr"), { maxLength: 2 }),
        fc.option(fc.tuple(tie("expr"), fc.array(tie("expr"), { maxLength: 2 })), { nil: undefined }),
      )
      .map(
        ([required, optional, rest]): TypeExpr => ({
          kind: "tuple",
          elements: [
            ...required.map((type) => ({ type })),
            ...(rest
              ? [{ type: rest[0], kind: "rest" as const }, ...rest[1].map((type) => ({ type }))]
              : optional.map((type) => ({ type, kind: "optional" as const }))),
          ],
        }),
      ),
    fc
      .tuple(fc.array(tie("expr"), { maxLength: 2 }), tie("expr"))
      .map(([params, returns]): TypeExpr => ({ kind: "function", params, returns })),
    // Mutual recursion: an outer binder referred to from inside an inner one.
    fc.tuple(tie("expr"), fc.boolean()).map(
      ([other, viaOuter]): TypeExpr => ({
        kind: "recursive",
        name: "Outer",
        body: {
          kind: "record",
          fields: [
            { name: "other", type: other },
            {
              name: "inner",
              type: {
                kind: "recursive",
                name: "Inner",
                body: {
                  kind: "record",
                  fields: [
                    {
                      name: "up",
                      type: { kind: "union", members: [{ kind: "unit" }, { kind: "ref", index: 1 }] },
                    },
                    {
                      name: "items",
                      type: { kind: "list", element: { kind: "ref", index: viaOuter ? 1 : 0 } },
                    },
                  ],
                },
              },
            },
          ],
        },
      }),
    ),
    tie("expr").map((t): TypeExpr => ({ kind: "template", texts: ["a-", ""], types: [t] })),
    // A recursive record: a self reference under a union with null, plus other fields.
    fc.tuple(fieldsOf(tie("expr")), fc.constantFrom("next", "child", "z")).map(
      ([fields, self]): TypeExpr => ({
        kind: "recursive",
        name: "Self",
        body: {
          kind: "record",
          fields: [
            ...fields.filter((f) => f.name !== self),
            { name: self, type: { kind: "union", members: [{ kind: "unit" }, { kind: "ref", index: 0 }] } },
          ],
        },
      }),
    ),
  ),
})).expr;

/** Rebuilds an expression with fields and members shuffled and declaration names changed. */
export function shuffled(e: TypeExpr, rand: () => number): TypeExpr {
  const mix = <T>(xs: readonly T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  const go = (x: TypeExpr) => shuffled(x, rand);
  const renamed = { name: `Renamed${Math.floor(rand() * 100)}`, description: "another doc comment" };
  switch (e.kind) {
    case "record":
      return { ...e, ...renamed, fields: mix(e.fields.map((f) => ({ ...f, type: go(f.type) }))) };
    case "union":
    case "intersection":
      return { ...e, ...renamed, members: mix(e.members.map(go)) };
    case "enum":
      return { ...e, ...renamed, members: mix(e.members) };
    case "list":
    case "set":
      return { ...e, element: go(e.element) };
    case "optional":
      return { ...e, inner: go(e.inner) };
    case "map":
    case "dict":
      return { ...e, key: go(e.key), value: go(e.value) };
    case "tuple":
      return { ...e, elements: e.elements.map((el) => ({ ...el, type: go(el.type) })) };
    case "refine":
      return { ...e, base: go(e.base), constraints: mix(e.constraints) };
    case "template":
      return { ...e, types: e.types.map(go) };
    case "recursive":
      // Binder names are metadata too (refs here use indices).
      return { ...e, name: renamed.name, body: go(e.body) };
    default:
      return e;
  }
}
