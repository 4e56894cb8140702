import { describe, expect, it } from "vitest";
import { t } from "./builders.js";
import { canonicalize } from "./canonical.js";
import { typeExprIdHex } from "./id.js";
import { parseTypeExpr } from "./parse.js";
import type { ExprOf, TypeExpr } from "./type-expr.js";
import { compileValidatorSource } from "./validate/compile.js";
import { schemaFromExpr } from "./validate/schema.js";

const declared = t.record({
  sender: t.string(),
  amount: t.u64(),
  memo: t.optionalField(t.string()),
  inner: t.record({ z: t.bool(), a: t.bool() }),
});

const compiled = (e: TypeExpr) => schemaFromExpr(e, new Function(`return ${compileValidatorSource(e)}`)());

describe("declaration order (metadata, never hashed)", () => {
  it("the canonical form sorts fields and keeps where each was declared", () => {
    const c = canonicalize(declared) as ExprOf<"record">;
    expect(c.fields.map((f) => [f.name, f.order])).toEqual([
      ["amount", 1],
      ["inner", 3],
      ["memo", 2],
      ["sender", 0],
    ]);
    const inner = c.fields[1]!.type as ExprOf<"record">;
    expect(inner.fields.map((f) => [f.name, f.order])).toEqual([
      ["a", 1],
      ["z", 0],
    ]);
    // A fixed point, through JSON text too.
    expect(canonicalize(c)).toEqual(c);
    expect(canonicalize(parseTypeExpr(JSON.parse(JSON.stringify(c))))).toEqual(c);
  });

  it("does not change an id, and sorted declarations carry no order at all", () => {
    const sorted = t.record({
      amount: t.u64(),
      inner: t.record({ a: t.bool(), z: t.bool() }),
      memo: t.optionalField(t.string()),
      sender: t.string(),
    });
    expect(typeExprIdHex(declared)).toBe(typeExprIdHex(sorted));
    expect(JSON.stringify(canonicalize(sorted))).not.toContain('"order"');
  });

  it("a bad order is rejected when parsed", () => {
    const bad = { kind: "record", fields: [{ name: "a", type: { kind: "string" }, order: -1 }] };
    expect(() => parseTypeExpr(bad)).toThrow(expect.objectContaining({ path: "$.fields[0].order" }));
  });

  it("issues come in declaration order from both back ends", () => {
    const value = { sender: 1, amount: -1, memo: 2, inner: { a: 0, z: 0 } };
    const paths = ["$input.sender", "$input.amount", "$input.memo", "$input.inner.z", "$input.inner.a"];
    for (const schema of [schemaFromExpr(declared), compiled(declared)]) {
      const result = schema.validate(value);
      expect(result.success).toBe(false);
      if (!result.success) expect(result.errors.map((e) => e.path)).toEqual(paths);
      expect(() => schema.assert(value)).toThrow(
        expect.objectContaining({ issue: expect.objectContaining({ path: "$input.sender" }) }),
      );
    }
  });
});
