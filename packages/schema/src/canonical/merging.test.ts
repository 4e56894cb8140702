/**
 * What merging equal vertices (docs/type-expr-spec.md §2.3) keeps: a field redacted in any vertex
 * of a class is redacted in the survivor, whichever vertex survives; nothing is redacted that was
 * not; and merging happens only when the spec says it runs.
 */
import { describe, expect, it } from "vitest";
import { canonicalize } from "../canonical.js";
import type { Field, TypeExpr } from "../type-expr.js";

const S: TypeExpr = { kind: "string" };
const N: TypeExpr = { kind: "number" };
const rec = (name: string, redact: string[]): TypeExpr => ({
  kind: "record",
  name,
  fields: ["a", "b", "c"].map((f) =>
    redact.includes(f) ? { name: f, type: S, redacted: true } : { name: f, type: S },
  ),
});
const redactedFields = (e: TypeExpr): string[] =>
  e.kind === "record" ? e.fields.filter((f: Field) => f.redacted === true).map((f: Field) => f.name) : [];

describe("merging equal records keeps every redaction (§2.3)", () => {
  const cases: [string[], string[], string[]][] = [
    [["b"], [], ["b"]],
    [[], ["b"], ["b"]],
    [["a"], ["c"], ["a", "c"]],
    [["a", "b"], ["b"], ["a", "b"]],
    [[], [], []],
  ];
  for (const [x, y, expected] of cases) {
    it(`redacted ${JSON.stringify(x)} and ${JSON.stringify(y)}: ${JSON.stringify(expected)}`, () => {
      for (const members of [
        [rec("X", x), rec("Y", y)],
        [rec("Y", y), rec("X", x)],
      ]) {
        const out = canonicalize({ kind: "union", members });
        expect(out.kind).toBe("record");
        expect(redactedFields(out)).toEqual(expected);
      }
    });
  }

  it("the same through a recursive type unrolled once (a cycle: minimization always runs)", () => {
    // mu L. { a: string, next: L | number }, once with `a` redacted in the unrolled copy only.
    const body = (redact: boolean, next: TypeExpr): TypeExpr => ({
      kind: "record",
      fields: [
        redact ? { name: "a", type: S, redacted: true } : { name: "a", type: S },
        { name: "next", type: next },
      ],
    });
    const mu: TypeExpr = {
      kind: "recursive",
      name: "L",
      body: body(false, { kind: "union", members: [{ kind: "ref", index: 0 }, N] }),
    };
    const unrolled = body(true, { kind: "union", members: [mu, N] });
    const out = canonicalize(unrolled);
    expect(out.kind).toBe("recursive");
    expect(redactedFields((out as { body: TypeExpr }).body)).toEqual(["a"]);
    expect(redactedFields((canonicalize(mu) as { body: TypeExpr }).body)).toEqual([]);
  });
});

describe("merging runs only where the spec says (§2.3)", () => {
  it("without a cycle or equal members, equal records in two fields keep their own names", () => {
    const out = canonicalize({
      kind: "record",
      fields: [
        { name: "x", type: rec("X", []) },
        { name: "y", type: rec("Y", []) },
      ],
    }) as { fields: Field[] };
    expect(out.fields.map((f) => f.type.name)).toEqual(["X", "Y"]);
  });

  it("a union of two members with different local data leaves the other records alone", () => {
    const out = canonicalize({
      kind: "record",
      fields: [
        { name: "u", type: { kind: "union", members: [S, N] } },
        { name: "x", type: rec("X", []) },
        { name: "y", type: rec("Y", ["a"]) },
      ],
    }) as { fields: Field[] };
    expect(out.fields.map((f) => f.type.name)).toEqual([undefined, "X", "Y"]);
    expect(redactedFields(out.fields[1]!.type)).toEqual([]);
  });
});
