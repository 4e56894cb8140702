import { describe, expect, it } from "vitest";
import type { TypeExpr } from "../type-expr.js";
import { compileValidatorSource } from "./compile.js";
import { schemaFromExpr } from "./schema.js";

/** TypeExprs built in code skip parseTypeExpr; values the generated code embeds are checked anyway. */
const hostile: [string, unknown][] = [
  ["$.max", { kind: "range", min: "0", max: "1) || (globalThis.PWNED = 1) || (0" }],
  ["$.min", { kind: "bigintRange", min: "0n; globalThis.PWNED = 1; 0", max: "1" }],
  ["$.value", { kind: "bigintLiteral", value: "1n + (globalThis.PWNED = 1)" }],
  ["$.scale", { kind: "fixed", scale: -1 }],
  [
    "$.constraints[0].value",
    {
      kind: "refine",
      base: { kind: "number" },
      constraints: [{ kind: "minimum", value: "0 || (globalThis.PWNED = 1)" }],
    },
  ],
  [
    "$.fields[0].type.max",
    { kind: "record", fields: [{ name: "a", type: { kind: "range", min: "0", max: "1e3" } }] },
  ],
];

describe("payload checks before code generation", () => {
  for (const [path, expr] of hostile) {
    it(`rejects ${JSON.stringify(expr).slice(0, 60)} at ${path}`, () => {
      expect(() => compileValidatorSource(expr as TypeExpr)).toThrow(
        expect.objectContaining({ code: "CX1007_BAD_NUMBER", path }),
      );
      expect(() => schemaFromExpr(expr as TypeExpr)).toThrow(expect.objectContaining({ path }));
      expect((globalThis as { PWNED?: number }).PWNED).toBeUndefined();
    });
  }
});
