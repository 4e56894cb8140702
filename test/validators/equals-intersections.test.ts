/**
 * `equals` below intersections and index signatures, with TypeScript's excess-property check as
 * the oracle: an object literal assigned to a type is rejected for a key the type does not declare,
 * at any depth, intersection members and index-signature values included. docs/semantics.md:
 * `equals` is `is` that also rejects keys the type does not declare. Each value is checked by the
 * interpreter, the compiled back end and the run-time compiled one. `is` accepts every value here.
 */
import { compileSchema, compileValidatorSource, schemaFromExpr, type TypeExpr, t } from "@causality/schema";
import { describe, expect, it } from "vitest";
import { tsAccepts } from "../oracles/ts-checker.js";

const PRELUDE = "type Inner = { n: number }; type T = { next?: T };";
const inner = t.record({ n: t.number() });
const xKey = t.template(["x-", ""], [t.string()]);
const tree = t.recursive("T", (self) => t.record({ next: t.optionalField(self) }));

/** [TypeScript type, the same as a TypeExpr, values (JSON: no undefined, so no key TS would drop)]. */
const TABLE: [string, TypeExpr, unknown[]][] = [
  [
    "{ a: Inner } & { b: string }",
    t.intersection(t.record({ a: inner }), t.record({ b: t.string() })),
    [
      { a: { n: 1 }, b: "" },
      { a: { n: 1, extra: 1 }, b: "" },
      { a: { n: 1 }, b: "", c: 1 },
    ],
  ],
  [
    "{ id: number; [k: `x-${string}`]: Inner }",
    t.intersection(t.record({ id: t.number() }), t.dict(xKey, inner)),
    [
      { id: 1, "x-a": { n: 1 } },
      { id: 1, "x-a": { n: 1, extra: 1 } },
      { id: 1, other: 1 },
    ],
  ],
  [
    "{ id: Inner; [k: `x-${string}`]: string }",
    t.intersection(t.record({ id: inner }), t.dict(xKey, t.string())),
    [{ id: { n: 1 }, "x-q": "s" }, { id: { n: 1, extra: 1 } }, { id: { n: 1 }, "x-q": "s", other: 1 }],
  ],
  [
    "{ a: Inner } & ({ b: string } | { c: Inner })",
    t.intersection(t.record({ a: inner }), t.union(t.record({ b: t.string() }), t.record({ c: inner }))),
    [
      { a: { n: 1 }, c: { n: 2 } },
      { a: { n: 1 }, b: "" },
      { a: { n: 1, extra: 1 }, b: "" },
      { a: { n: 1 }, c: { n: 1, extra: 1 } },
    ],
  ],
  [
    '{ a: Inner } & ({ k: "x"; b: string } | { k: "y"; c: Inner })',
    t.intersection(
      t.record({ a: inner }),
      t.union(t.record({ k: t.literal("x"), b: t.string() }), t.record({ k: t.literal("y"), c: inner })),
    ),
    [
      { a: { n: 1 }, k: "x", b: "" },
      { a: { n: 1 }, k: "y", c: { n: 2 } },
      { a: { n: 1 }, k: "y", c: { n: 1, extra: 1 } },
    ],
  ],
  [
    "{ a: Inner } & ({ b: string } | { b: string; c: Inner })",
    t.intersection(
      t.record({ a: inner }),
      t.union(t.record({ b: t.string() }), t.record({ b: t.string(), c: inner })),
    ),
    [
      { a: { n: 1 }, b: "" },
      { a: { n: 1 }, b: "", c: { n: 1 } },
      { a: { n: 1, extra: 1 }, b: "" },
    ],
  ],
  [
    "{ a: Inner } & ({ b: T } | { c: Inner })",
    t.intersection(t.record({ a: inner }), t.union(t.record({ b: tree }), t.record({ c: inner }))),
    [
      { a: { n: 1 }, b: { next: {} } },
      { a: { n: 1 }, c: { n: 1 } },
      { a: { n: 1 }, b: { next: { z: 1 } } },
    ],
  ],
  [
    "{ a: Inner } & ({ b: Inner } | undefined)",
    t.intersection(t.record({ a: inner }), t.optional(t.record({ b: inner }))),
    [
      { a: { n: 1 }, b: { n: 1 } },
      { a: { n: 1 }, b: { n: 1, extra: 1 } },
    ],
  ],
  [
    "{ a: Inner } & (({ b: string } & { [k: `x-${string}`]: string }) | { c: Inner })",
    t.intersection(
      t.record({ a: inner }),
      t.union(t.intersection(t.record({ b: t.string() }), t.dict(xKey, t.string())), t.record({ c: inner })),
    ),
    [
      { a: { n: 1 }, b: "", "x-q": "s" },
      { a: { n: 1 }, c: { n: 1 } },
      { a: { n: 1 }, c: { n: 1, extra: 1 } },
    ],
  ],
  [
    "{ a: Inner } & (({ b: string } & { c: string }) | { d: Inner })",
    t.intersection(
      t.record({ a: inner }),
      t.union(
        t.intersection(t.record({ b: t.string() }), t.record({ c: t.string() })),
        t.record({ d: inner }),
      ),
    ),
    [
      { a: { n: 1 }, b: "", c: "" },
      { a: { n: 1 }, d: { n: 1, extra: 1 } },
    ],
  ],
  // A recursive member keeps the keys of the others (what lies below it is checked as by `is`:
  // docs/semantics.md, so no row nests an excess key inside T).
  [
    "T & { v: number }",
    t.intersection(tree, t.record({ v: t.number() })),
    [{ v: 1 }, { v: 1, next: {} }, { v: 1, next: { next: {} } }],
  ],
  [
    "{ a: Inner[] } & { b?: { m: Inner } }",
    t.intersection(t.record({ a: t.list(inner) }), t.record({ b: t.optionalField(t.record({ m: inner })) })),
    [
      { a: [{ n: 1 }], b: { m: { n: 2 } } },
      { a: [{ n: 1, extra: 1 }] },
      { a: [], b: { m: { n: 1, extra: 1 } } },
      { a: [], b: { m: { n: 1 }, extra: 1 } },
    ],
  ],
  [
    "{ outer: { a: Inner } & { b: string } }",
    t.record({ outer: t.intersection(t.record({ a: inner }), t.record({ b: t.string() })) }),
    [
      { outer: { a: { n: 1 }, b: "" } },
      { outer: { a: { n: 1, extra: 1 }, b: "" } },
      { outer: { a: { n: 1 }, b: "", c: 1 } },
    ],
  ],
  [
    "Record<`x-${string}`, Inner> & Record<`n-${string}`, Inner>",
    t.intersection(t.dict(xKey, inner), t.dict(t.template(["n-", ""], [t.string()]), inner)),
    [{ "x-a": { n: 1 }, "n-b": { n: 2 } }, { "x-a": { n: 1, extra: 1 } }, { "n-b": { n: 1, extra: 1 } }],
  ],
];

describe("equals below intersections agrees with TypeScript's excess-property check", () => {
  it("every row, on every back end", async () => {
    const rows = TABLE.flatMap(([type, expr, values]) => values.map((value) => ({ type, expr, value })));
    const answers = await tsAccepts(
      rows.map((r) => ({ type: r.type, source: JSON.stringify(r.value) })),
      PRELUDE,
    );
    // Both verdicts occur, or the table proves little.
    expect(new Set(answers).size).toBe(2);
    rows.forEach(({ type, expr, value }, i) => {
      const at = `${type} = ${JSON.stringify(value)}`;
      const compiled = new Function(`return ${compileValidatorSource(expr)};`)() as {
        is(v: unknown): boolean;
        equals(v: unknown): boolean;
      };
      const backEnds = [schemaFromExpr(expr), compiled, compileSchema(expr)];
      for (const [n, b] of backEnds.entries()) {
        expect(b.is(value), `${at}: is, back end ${n}`).toBe(true);
        expect(b.equals(value), `${at}: equals, back end ${n}`).toBe(answers[i]);
      }
      // The exact issue list is empty exactly when equals holds (a union may report its best
      // member's issues rather than the excess key).
      const exact = schemaFromExpr(expr).validate(value, { exact: true });
      expect(exact.success, `${at}: validate exact`).toBe(answers[i]);
    });
  });
});
