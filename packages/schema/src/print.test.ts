import { describe, expect, it } from "vitest";
import { t } from "./builders.js";
import { canonicalize } from "./canonical.js";
import { printTypeExpr } from "./print.js";

describe("printTypeExpr", () => {
  it("prints records, optionals and odd keys like TypeScript", () => {
    const e = t.record({
      id: t.string(),
      "odd key": t.optionalField(t.number()),
      tags: t.list(t.union(t.string(), t.unit())),
    });
    expect(printTypeExpr(e)).toBe('{ id: string; "odd key"?: number; tags: (string | null)[] }');
  });

  it("prints the seed's TokenTransferInput with its u64 amount", () => {
    const e = t.record({
      sender: t.string(),
      recipient: t.string(),
      amount: t.u64(),
      token_type: t.string(),
    });
    expect(printTypeExpr(canonicalize(e))).toBe(
      "{ amount: u64; recipient: string; sender: string; token_type: string }",
    );
  });

  it("prints recursion through the binder's name", () => {
    const list = t.recursive("List", (self) =>
      t.record({ value: t.number(), next: t.union(t.unit(), self) }),
    );
    expect(printTypeExpr(list)).toBe("{ value: number; next: null | List } /* as List */");
  });

  it("prints tuples, templates, refinements and literals", () => {
    expect(printTypeExpr(t.tuple(t.string(), t.optionalElement(t.number()), t.restElement(t.bool())))).toBe(
      "[string, number?, ...boolean[]]",
    );
    expect(printTypeExpr(t.template(["id-", ""], [t.number()]))).toBe(`\`id-\${number}\``);
    expect(printTypeExpr(t.refine(t.string(), { kind: "minLength", value: 3 }))).toBe(
      "string & MinLength<3>",
    );
    expect(printTypeExpr(t.union(t.literal("a"), t.literal(1), t.bigintLiteral(2n)))).toBe('"a" | 1 | 2n');
    expect(printTypeExpr(t.never())).toBe("never");
  });

  it("indents nested records in multiline mode", () => {
    const e = t.record({ a: t.record({ b: t.string() }) });
    expect(printTypeExpr(e, { multiline: true })).toBe("{\n  a: {\n    b: string;\n  };\n}");
  });
});

describe("t builders", () => {
  it("binds nested recursion with the right de Bruijn index", () => {
    const outer = t.recursive("Outer", (o) =>
      t.record({ inner: t.recursive("Inner", (i) => t.record({ o, i })) }),
    );
    const inner = (outer as { body: { fields: { type: { body: { fields: { type: unknown }[] } } }[] } }).body
      .fields[0]!.type.body;
    expect(inner.fields.map((f) => f.type)).toEqual([
      { kind: "ref", index: 1, name: "Outer" },
      { kind: "ref", index: 0, name: "Inner" },
    ]);
  });

  it("gives integer kinds exact decimal bounds", () => {
    expect(t.u64()).toEqual({ kind: "range", min: "0", max: "18446744073709551615" });
    expect(t.i8()).toEqual({ kind: "range", min: "-128", max: "127" });
  });
});
