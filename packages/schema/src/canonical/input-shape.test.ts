/**
 * `canonicalize` on nodes whose fields are missing or of the wrong type, for every kind and every
 * field docs/type-expr-spec.md §1 lists: always a TypeExprError with a code, a path and a message,
 * never a TypeError from deeper in (`{ kind: "function" }` without `params` used to be one).
 *
 * Oracle: parseTypeExpr, the strict reader of the same spec (a second implementation of the checks):
 * canonicalize must give its code, path and message, except where the spec of canonicalize's input
 * says otherwise: a child that is present but is not a TypeExpr is CX1002 at the child
 * (input-errors.test.ts), where the parser says CX1001 (not an object) or CX1002 at the child's `kind`.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { canonicalize } from "../canonical.js";
import { TypeExprError } from "../errors.js";
import { parseTypeExpr } from "../parse.js";
import { TAG, type TypeExpr } from "../type-expr.js";

const S = { kind: "string" };

/** A valid node of each kind: its fields (besides `kind`). */
const VALID: Record<string, Record<string, unknown>> = {
  any: {},
  unit: {},
  bool: {},
  string: {},
  integer: {},
  fixed: { scale: 2 },
  ratio: {},
  number: {},
  list: { element: S },
  map: { key: S, value: S },
  record: { fields: [{ name: "a", type: S }] },
  union: { members: [S] },
  intersection: { members: [S] },
  optional: { inner: S },
  range: { min: "0", max: "1" },
  enum: { members: [{ value: "a" }] },
  tuple: { elements: [{ type: S }] },
  function: { params: [S], returns: S },
  undefined: {},
  literal: { value: "a" },
  bigintLiteral: { value: "1" },
  bigint: {},
  bytes: {},
  date: {},
  set: { element: S },
  template: { texts: ["a", "b"], types: [S] },
  refine: { base: S, constraints: [{ kind: "minLength", value: 1 }] },
  recursive: { body: { kind: "list", element: { kind: "ref", index: 0 } } },
  ref: {},
  dict: { key: S, value: S },
  bigintRange: { min: "0", max: "1" },
};

/** Fields that hold one TypeExpr (a present non-TypeExpr there is CX1002 at the child); not a literal's `value`. */
const CHILD = new Set(["element", "key", "value", "inner", "returns", "base", "body"]);

/** Each kind's fields from the spec's table (backticked names in the fields column; `ref` aside). */
function specFields(): Map<string, string[]> {
  const spec = readFileSync(new URL("../../../../docs/type-expr-spec.md", import.meta.url), "utf8");
  const out = new Map<string, string[]>();
  for (const line of spec.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const kind = /^`(\w+)`$/.exec(cells[1] ?? "")?.[1];
    if (kind === undefined || !/^\d+$/.test(cells[2] ?? "")) continue;
    const names = [...(cells[3] ?? "").matchAll(/`([a-zA-Z]+)`/g)].map((m) => m[1]!);
    out.set(kind, kind === "ref" ? [] : names);
  }
  return out;
}

interface Verdict {
  code: string;
  path: string;
  message: string;
}

function verdict(f: () => unknown): Verdict | "accepted" {
  try {
    f();
    return "accepted";
  } catch (e) {
    // A TypeError (or anything else) fails here, with its message.
    if (!(e instanceof TypeExprError)) throw new Error(`not a TypeExprError: ${String(e)}`);
    return { code: e.code, path: e.path, message: e.message };
  }
}

const node = (kind: string, fields: Record<string, unknown>, key: string, bad: unknown) => {
  const out: Record<string, unknown> = { kind, ...fields, [key]: bad };
  if (bad === undefined) delete out[key];
  return out;
};

const WRONG: [string, unknown][] = [
  ["missing", undefined],
  ["null", null],
  ["a number", 5],
  ["a string", "s"],
  ["an object", {}],
  ["an empty array", []],
  ["[null]", [null]],
  ["[5]", [5]],
  ["[[]]", [[]]],
];

describe("canonicalize: every kind's fields missing or of the wrong type (docs/type-expr-spec.md §1)", () => {
  it("the table covers every kind and exactly the spec's fields of each", () => {
    const spec = specFields();
    expect([...spec.keys()].sort()).toEqual(Object.keys(TAG).sort());
    expect(Object.keys(VALID).sort()).toEqual(Object.keys(TAG).sort());
    for (const [kind, fields] of spec)
      expect(Object.keys(VALID[kind]!).sort(), kind).toEqual([...fields].sort());
  });

  for (const [kind, fields] of Object.entries(VALID)) {
    const keys = Object.keys(fields);
    if (keys.length === 0) continue;
    it(`${kind}: ${keys.join(", ")}`, () => {
      expect(
        verdict(() => canonicalize({ kind, ...fields } as TypeExpr)),
        "the valid node",
      ).toBe("accepted");
      for (const key of keys) {
        for (const [what, bad] of WRONG) {
          const input = node(kind, fields, key, bad);
          const at = `${kind}.${key} ${what}`;
          const ours = verdict(() => canonicalize(input as unknown as TypeExpr));
          const parsed = verdict(() => parseTypeExpr(input));
          if (parsed === "accepted") {
            // Some wrong values are still valid (an empty union, a number literal): both accept.
            expect(ours, at).toBe("accepted");
            continue;
          }
          expect(ours, at).not.toBe("accepted");
          const childPath = `$.${key}`;
          if (CHILD.has(key) && !kind.endsWith("iteral") && bad !== undefined) {
            expect(parsed.path === childPath || parsed.path === `${childPath}.kind`, at).toBe(true);
            expect(ours, at).toMatchObject({ code: "CX1002_UNKNOWN_KIND", path: childPath });
            expect((ours as Verdict).message, at).toContain("not a TypeExpr");
          } else if (/^CX100[12]/.test(parsed.code) && /\[\d+\]/.test(parsed.path) && key !== "fields") {
            // An entry of a list of TypeExprs (members, params, types) that is not one: CX1002 at it.
            const entry = parsed.path.replace(/\.kind$/, "");
            const isTypeList = ["members", "params", "types"].includes(key) && kind !== "enum";
            if (isTypeList) {
              expect(ours, at).toMatchObject({ code: "CX1002_UNKNOWN_KIND", path: entry });
            } else {
              expect(ours, at).toEqual(parsed);
            }
          } else {
            expect(ours, at).toEqual(parsed);
          }
        }
      }
    });
  }

  it("entries of fields, elements, members and constraints, and semantic flags on them", () => {
    const cases: unknown[] = [
      { kind: "record", fields: [{ name: "a", type: S, optional: "yes" }] },
      { kind: "record", fields: [{ name: "a", type: S, redacted: 1 }] },
      { kind: "record", fields: [{ type: S }] },
      { kind: "tuple", elements: [{ type: S, kind: "bogus" }] },
      { kind: "tuple", elements: [[]] },
      { kind: "enum", members: [{}] },
      { kind: "enum", members: [{ value: null }] },
      { kind: "enum", members: [{ value: Number.NaN }] },
      { kind: "refine", base: S, constraints: [{ kind: "minimum" }] },
      { kind: "refine", base: S, constraints: [[]] },
      { kind: "template", texts: [5, "b"], types: [S] },
      { kind: "literal", value: Number.NaN },
      { kind: "literal", value: [] },
    ];
    for (const input of cases) {
      const at = JSON.stringify(input);
      const parsed = verdict(() => parseTypeExpr(input));
      expect(parsed, at).not.toBe("accepted");
      // Code and path as the parser's; the words may differ ("a field name is a string", input-errors.test.ts).
      const { code, path } = parsed as Verdict;
      expect(
        verdict(() => canonicalize(input as TypeExpr)),
        at,
      ).toMatchObject({ code, path });
    }
  });

  it("the brief's case: a function without params", () => {
    expect(verdict(() => canonicalize({ kind: "function", returns: S } as unknown as TypeExpr))).toEqual({
      code: "CX1003_BAD_FIELD",
      path: "$.params",
      message: expect.stringContaining('missing for kind "function"'),
    });
  });
});
