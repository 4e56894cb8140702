import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { TypeExprError } from "./errors.js";
import { parseTypeExpr, parseTypeExprJson } from "./parse.js";

interface Case {
  case: string;
  input: unknown;
  code: string;
  path: string;
}

const cases = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../../fixtures/parse-errors/cases.json"), "utf8"),
) as Case[];

/** Inputs too large to write out in the data file are named by a placeholder. */
function expand(input: unknown): unknown {
  if (input === "UNION_4097")
    return { kind: "union", members: Array.from({ length: 4097 }, () => ({ kind: "string" })) };
  if (input === "LIST_300_DEEP") {
    let e: unknown = { kind: "string" };
    for (let i = 0; i < 300; i++) e = { kind: "list", element: e };
    return e;
  }
  return JSON.parse(JSON.stringify(input).replace("LONG_NAME_1025", "n".repeat(1025)));
}

describe("parseTypeExpr rejects bad input with a code and the path", () => {
  for (const c of cases) {
    it(c.case, () => {
      let error: unknown;
      try {
        parseTypeExpr(expand(c.input));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TypeExprError);
      const e = error as TypeExprError;
      expect(e.code).toBe(c.code);
      if (c.path === "DEEP") expect(e.path).toMatch(/^\$(\.element)+$/);
      else expect(e.path).toBe(c.path);
      expect(e.message).toBe(`${e.code} at ${e.path}: ${e.detail}`);
    });
  }
});

describe("parseTypeExpr", () => {
  it("rebuilds fresh objects and resolves refs by name", () => {
    const input = {
      kind: "recursive",
      name: "L",
      body: { kind: "list", element: { kind: "ref", name: "L" } },
    };
    const parsed = parseTypeExpr(input);
    expect(parsed).toEqual({
      kind: "recursive",
      name: "L",
      body: { kind: "list", element: { kind: "ref", index: 0, name: "L" } },
    });
    expect(parsed).not.toBe(input);
  });

  it("treats an own __proto__ key from JSON as data, without touching prototypes", () => {
    const parsed = parseTypeExprJson(
      '{"kind":"record","fields":[{"name":"__proto__","type":{"kind":"string"}}]}',
    );
    expect(parsed.kind === "record" && parsed.fields[0]!.name).toBe("__proto__");
    expect(({} as Record<string, unknown>).kind).toBeUndefined();
  });

  it("reports invalid JSON text", () => {
    expect(() => parseTypeExprJson("{")).toThrow(/CX1001_NOT_AN_OBJECT at \$: not JSON/);
  });
});
