/**
 * Recursive types get one id however they are written (docs/type-expr-spec.md §2.3): unrolled,
 * members in any order, entered anywhere on the cycle. The oracle is the spec's statement itself:
 * each case builds the same type several ways and requires one id.
 */
import { type TypeExpr, t, typeExprIdHex } from "@causality/schema";
import { describe, expect, it } from "vitest";

const oneId = (...exprs: TypeExpr[]) => expect(new Set(exprs.map((e) => typeExprIdHex(e))).size).toBe(1);

describe("recursive types: one id per type", () => {
  it("a union whose members come in a different order in the unrolled copy", () => {
    // Minimization compares union members as sets: in order, `null | T | string` and
    // `string | T | null` would look like different vertices and the unrolled copy would differ.
    const mk = (swap: boolean) =>
      t.recursive("T", (self) =>
        t.record({
          a: swap ? t.union(t.string(), self, t.null()) : t.union(t.null(), self, t.string()),
          b: t.list(self),
        }),
      );
    const once = t.record({ a: t.union(t.string(), mk(false), t.null()), b: t.list(mk(false)) });
    const mixed = t.record({ a: t.union(t.null(), mk(true), t.string()), b: t.list(mk(false)) });
    oneId(mk(false), mk(true), once, mixed);
  });
});
