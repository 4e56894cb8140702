/**
 * Relations a reader can see in the golden corpus (fixtures/types, mostly relations.ts), asserted on
 * the ids of expected.json, which golden.test.ts checks the analyzer and tspc reproduce: a type and
 * its alias, an interface and its type literal, `x?: T` and `x?: T | undefined` give one id; the
 * pairs docs/type-expr-spec.md calls different give different ids. The oracle is the spec's rule
 * named on each group, not the analyzer's output.
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs helper shared with the fixture generator
import { readExpected } from "../../fixtures/types/golden.mjs";

const expected = readExpected() as Record<string, { id?: string }>;

function idOf(key: string): string {
  const id = expected[key]?.id;
  if (id === undefined) throw new Error(`${key}: not an analyzable entry of fixtures/types/expected.json`);
  return id;
}

const r = (name: string) => `relations.ts#${name}`;

/** Groups of one type written several ways, with the rule that makes them one. */
const SAME: [rule: string, keys: string[]][] = [
  [
    "an alias is its target (spec 1: a name is metadata, which never changes an id)",
    ["objects.ts#Point", r("PointRef"), r("PointRefRef")],
  ],
  [
    "an interface and its type literal, fields in any order (spec 2.1: fields sorted)",
    ["objects.ts#Point", r("PointLiteral"), "objects.ts#PointAlias"],
  ],
  [
    "doc comments are metadata (spec 1 and 2.4: metadata never changes an id)",
    ["objects.ts#Point", r("PointDocumented")],
  ],
  [
    "x?: T and x?: T | undefined (spec 2.2 rule 5)",
    [r("OptionalField"), r("OptionalUndefinedField"), r("OptionalFieldInterface")],
  ],
  [
    "x?: T and x?: T | undefined, in an interface (spec 2.2 rule 5)",
    ["objects.ts#WithOptional", "objects.ts#WithOptionalUndefined"],
  ],
  [
    "T[], Array<T> and a list of an alias (spec 1: one `list` kind; a name is metadata)",
    [r("ListShorthand"), r("ListGeneric"), r("ListOfAlias"), "collections.ts#StrList"],
  ],
  [
    "union members are a set (spec 2.3: unions compared as sets)",
    [r("NullableString"), r("NullableReordered")],
  ],
  [
    "union members are a set (spec 2.3: unions compared as sets)",
    ["unions.ts#PrimUnion", "unions.ts#ReorderedUnion"],
  ],
  ["true | false is bool (spec 2.2 rule 1)", [r("BothBooleans"), r("JustBoolean"), "primitives.ts#Bool"]],
  ["string absorbs its literals (spec 2.2 rule 1)", [r("LiteralAbsorbed"), "primitives.ts#Str"]],
  [
    "a recursive interface and a recursive alias, unrolled or not (spec 2.3)",
    ["recursive.ts#Tree", r("TreeLiteral"), r("TreeUnrolled"), r("TreeRef")],
  ],
  ["recursive JSON through an array interface (spec 2.3)", ["recursive.ts#Json", "idioms.ts#JsonValue"]],
  [
    "Pick and Omit are the record they produce (spec 1: `record` is its fields)",
    ["generics.ts#PickX", "generics.ts#OmitY"],
  ],
];

/** Pairs the spec calls different types, with the rule. */
const DIFFERENT: [rule: string, a: string, b: string][] = [
  ["x: T | undefined is not x?: T (spec 2.2 rule 5)", r("RequiredUndefinedField"), r("OptionalField")],
  [
    "x: T | undefined is not x: T (spec 2.2 rule 1: undefined is remembered)",
    r("RequiredUndefinedField"),
    r("RequiredField"),
  ],
  ["x?: T is not x: T (spec 1: a field's `optional: true`)", r("OptionalField"), r("RequiredField")],
  [
    "x: T | undefined is not x?: T, in an interface (spec 2.2 rule 5)",
    "objects.ts#WithUndefined",
    "objects.ts#WithOptional",
  ],
  ["one more field (spec 1: `record` is its fields)", "objects.ts#Point", r("PointWithZ")],
  ["one more field, by extension (spec 1: `record` is its fields)", "objects.ts#Point", "objects.ts#Point3"],
  [
    "a field of another type (spec 1: `record` is its fields and their types)",
    "objects.ts#Point",
    r("PointOfStrings"),
  ],
  ["T | undefined is not T (spec 2.2 rule 1)", "primitives.ts#Maybe", "primitives.ts#Str"],
  [
    "T | null is not T (spec 1: null is `unit`, a member like any other)",
    r("NullableString"),
    "primitives.ts#Str",
  ],
  [
    "optional children are not required children (spec 1: a field's `optional: true`)",
    "recursive.ts#Tree",
    r("TreeOptionalChildren"),
  ],
];

describe("golden corpus relations (docs/type-expr-spec.md)", () => {
  it.each(SAME)("one id: %s", (_rule, keys) => {
    const ids = keys.map(idOf);
    expect(Object.fromEntries(keys.map((k, i) => [k, ids[i]]))).toEqual(
      Object.fromEntries(keys.map((k) => [k, ids[0]])),
    );
  });

  it.each(DIFFERENT)("different ids: %s", (_rule, a, b) => {
    expect(idOf(a)).not.toBe(idOf(b));
  });

  it("every relations.ts type takes part in a relation", () => {
    const named = new Set([...SAME.flatMap(([, keys]) => keys), ...DIFFERENT.flatMap(([, a, b]) => [a, b])]);
    const unused = Object.keys(expected).filter((k) => k.startsWith("relations.ts#") && !named.has(k));
    expect(unused).toEqual([]);
  });
});
