/**
 * Where a failing union's issues are reported (docs/semantics.md, "Unions"): inside the member that
 * clearly fits best, at the field that is wrong; `invalid_union` at the union only when no member
 * fits best. Each class on both back ends, then a differential run over the same types.
 */
import { compileValidatorSource, schemaFromExpr, type TypeExpr, t } from "@causality/schema";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nearValid, validValue } from "./values.js";

type Issue = { code: string; path: string };

async function compiledSchema(expr: TypeExpr) {
  const source = `export default ${compileValidatorSource(expr)};`;
  const code = (await import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`))
    .default;
  return schemaFromExpr(expr, code);
}

/** The issues (code and path) of both back ends, which must agree; and assert's first issue. */
async function issues(expr: TypeExpr, value: unknown): Promise<Issue[]> {
  const interpreted = schemaFromExpr(expr);
  const compiled = await compiledSchema(expr);
  const a = interpreted.validate(value);
  expect(compiled.validate(value)).toEqual(a);
  const found = a.success ? [] : a.errors.map((e) => ({ code: e.code, path: e.path }));
  if (found.length > 0) {
    for (const schema of [interpreted, compiled]) {
      expect(() => schema.assert(value)).toThrow(
        expect.objectContaining({ issue: expect.objectContaining(found[0]) }),
      );
    }
  }
  return found;
}

const list = t.recursive("List", (self) => t.record({ value: t.number(), next: t.union(t.null(), self) }));
const tree = t.recursive("Tree", (self) =>
  t.record({ label: t.string(), left: t.optionalField(self), right: t.optional(self) }),
);
const json = t.recursive("Json", (self) =>
  t.union(t.string(), t.number(), t.bool(), t.null(), t.list(self), t.dict(t.string(), self)),
);
const user = t.record({ id: t.string(), name: t.string() });
const contact = t.record({ id: t.string(), email: t.string() });
const shapes = t.union(user, contact);

describe("a failing union reports inside the member that fits best", () => {
  it("T | null: an object is reported inside T", async () => {
    const expr = t.record({ owner: t.union(t.null(), user) });
    expect(await issues(expr, { owner: { id: "1", name: 2 } })).toEqual([
      { code: "invalid_type", path: "$input.owner.name" },
    ]);
    expect(await issues(expr, { owner: 5 })).toEqual([{ code: "invalid_union", path: "$input.owner" }]);
  });
  it("optional members: x?: T | null and T | undefined", async () => {
    const expr = t.record({
      a: t.optionalField(t.union(t.null(), user)),
      b: t.optional(t.union(t.string(), user)),
    });
    expect(await issues(expr, { a: { id: 1, name: "n" }, b: { id: "1" } })).toEqual([
      { code: "invalid_type", path: "$input.a.id" },
      { code: "missing_key", path: "$input.b.name" },
    ]);
  });
  it("a linked list: the wrong value deep down, not the list's head", async () => {
    const value = { value: 1, next: { value: 2, next: { value: "3", next: null } } };
    expect(await issues(list, value)).toEqual([{ code: "invalid_type", path: "$input.next.next.value" }]);
    expect(await issues(list, { value: 1, next: { value: 2 } })).toEqual([
      { code: "missing_key", path: "$input.next.next" },
    ]);
  });
  it("a tree: both wrong leaves, each at its path", async () => {
    const value = { label: "a", left: { label: 1 }, right: { label: "c", right: { label: null } } };
    expect(await issues(tree, value)).toEqual([
      { code: "invalid_type", path: "$input.left.label" },
      { code: "invalid_type", path: "$input.right.right.label" },
    ]);
  });
  it("JSON values: objects and arrays descend; a value of no JSON kind is invalid_union where it is", async () => {
    const value = { a: [1, { b: [true, undefined] }], c: { d: 1n } };
    expect(await issues(json, value)).toEqual([
      { code: "invalid_union", path: "$input.a[1].b[1]" },
      { code: "invalid_union", path: "$input.c.d" },
    ]);
  });
  it("arrays of nullable elements", async () => {
    expect(
      await issues(t.list(t.union(t.null(), user)), [null, { id: "1", name: "a" }, { id: "2" }, 7]),
    ).toEqual([
      { code: "missing_key", path: "$input[2].name" },
      { code: "invalid_union", path: "$input[3]" },
    ]);
  });
  it("unions of object shapes: the member whose keys match", async () => {
    expect(await issues(shapes, { id: "1", name: 5 })).toEqual([
      { code: "invalid_type", path: "$input.name" },
    ]);
    expect(await issues(shapes, { id: 1, email: "e" })).toEqual([
      { code: "invalid_type", path: "$input.id" },
    ]);
  });
  it("unions of object shapes: a literal field that matches picks the member (a tag in a non-discriminated union)", async () => {
    const expr = t.union(
      t.record({ type: t.literal("a"), x: t.number() }),
      t.record({ type: t.literal("a"), y: t.number(), z: t.string() }),
      t.record({ type: t.literal("b"), x: t.string() }),
    );
    expect(await issues(expr, { type: "b", x: 1 })).toEqual([{ code: "invalid_type", path: "$input.x" }]);
  });
  it("tuples: the member whose length fits", async () => {
    const expr = t.union(t.tuple(t.string(), t.number()), t.tuple(t.number()));
    expect(await issues(expr, ["a", "b"])).toEqual([{ code: "invalid_type", path: "$input[1]" }]);
  });
});

describe("invalid_union stays when no member fits best", () => {
  it("a value of a kind no member accepts", async () => {
    expect(await issues(shapes, "x")).toEqual([{ code: "invalid_union", path: "$input" }]);
  });
  it("two members fit equally well", async () => {
    expect(await issues(shapes, { id: "1" })).toEqual([{ code: "invalid_union", path: "$input" }]);
    expect(await issues(t.union(t.list(t.string()), t.list(t.number())), [true])).toEqual([
      { code: "invalid_union", path: "$input" },
    ]);
  });
  it("the expected text lists what each member expected", () => {
    const r = schemaFromExpr(shapes).validate(3);
    expect(r.success ? "" : r.errors[0]!.expected).toBe(
      "{ email: string; id: string } | { id: string; name: string }",
    );
  });
  it("a cycle or too deep a value still gives too_deep", async () => {
    const cyclic: { value: number; next: unknown } = { value: 1, next: null };
    cyclic.next = cyclic;
    const found = await issues(list, cyclic);
    expect(found.map((i) => i.code)).toEqual(["too_deep"]);
  });
});

describe("compiled == interpreter on the issues of these unions", () => {
  const families: [string, TypeExpr][] = [
    ["list", list],
    ["tree", tree],
    ["shapes", t.list(shapes)],
    ["nullable elements", t.list(t.union(t.null(), user))],
  ];
  for (const [name, expr] of families) {
    it(`${name}: 2,000 values`, async () => {
      const interpreted = schemaFromExpr(expr);
      const compiled = await compiledSchema(expr);
      const value = fc.oneof(validValue(expr), nearValid(expr), fc.anything({ maxDepth: 2 }));
      fc.assert(
        fc.property(value, (v) => {
          expect(compiled.validate(v)).toEqual(interpreted.validate(v));
        }),
        { numRuns: 2000 },
      );
    });
  }
});
