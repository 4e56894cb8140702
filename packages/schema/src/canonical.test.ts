import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { breathe, runs } from "../../../test/support/breathe.js";
import { shuffled, typeExpr } from "./arbitrary.test-util.js";
import { t } from "./builders.js";
import { canonicalize } from "./canonical.js";
import { TypeExprError } from "./errors.js";
import { typeExprIdHex } from "./id.js";
import { deserializeTypeExpr, serializeTypeExpr } from "./ssz/serialize.js";
import type { TypeExpr } from "./type-expr.js";

const RUNS = Number(process.env.PROPERTY_RUNS ?? runs(300));
const json = (e: TypeExpr) => JSON.parse(JSON.stringify(e));
const withoutMeta = (value: unknown): unknown =>
  JSON.parse(
    JSON.stringify(value, (key, v) =>
      key === "name" || key === "description" || key === "order" ? undefined : v,
    ),
  );

/** The canonical form without metadata: names and doc comments of nodes, tuple labels and enum members, declaration order; field names stay. */
const structure = (v: unknown, parentKey?: string): unknown => {
  if (Array.isArray(v)) return v.map((x) => structure(x, parentKey));
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === "description" || k === "order" || (k === "name" && parentKey !== "fields")) continue;
    out[k] = structure(x, k);
  }
  return out;
};

describe("canonicalize (properties)", () => {
  it("is idempotent", async () => {
    await fc.assert(
      fc.asyncProperty(typeExpr, async (e) => {
        await breathe();
        const once = canonicalize(e);
        const twice = canonicalize(json(once));
        expect(json(twice)).toEqual(json(once));
        expect(typeExprIdHex(twice)).toBe(typeExprIdHex(once));
      }),
      { numRuns: RUNS },
    );
  });

  it("ids ignore field order, member order, names and doc comments", async () => {
    await fc.assert(
      fc.asyncProperty(typeExpr, fc.integer(), async (e, seed) => {
        await breathe();
        let state = seed >>> 0 || 1;
        const rand = () => {
          state = (state * 1103515245 + 12345) >>> 0;
          return state / 2 ** 32;
        };
        expect(typeExprIdHex(shuffled(e, rand))).toBe(typeExprIdHex(e));
      }),
      { numRuns: RUNS },
    );
  });

  it("serialize/deserialize round-trips to the canonical form", async () => {
    await fc.assert(
      fc.asyncProperty(typeExpr, async (e) => {
        await breathe();
        const back = deserializeTypeExpr(serializeTypeExpr(e));
        expect(withoutMeta(back)).toEqual(withoutMeta(canonicalize(e)));
        expect(typeExprIdHex(back)).toBe(typeExprIdHex(e));
      }),
      { numRuns: RUNS },
    );
  });

  it("two expressions share an id exactly when their canonical forms (without names) are equal", async () => {
    const pair = typeExpr.chain((a) =>
      fc.tuple(
        fc.constant(a),
        fc.oneof(
          fc.constant(a),
          fc.integer().map((seed) => {
            let state = seed >>> 0 || 1;
            return shuffled(a, () => {
              state = (state * 1103515245 + 12345) >>> 0;
              return state / 2 ** 32;
            });
          }),
          fc
            .constantFrom("wrap-list", "rename-field", "flip-optional", "change-literal")
            .map((how) => mutate(json(canonicalize(a)) as TypeExpr, how) ?? a),
          typeExpr,
        ),
      ),
    );
    let same = 0;
    await fc.assert(
      fc.asyncProperty(pair, async ([a, b]) => {
        await breathe();
        const equalForms =
          JSON.stringify(structure(canonicalize(a))) === JSON.stringify(structure(canonicalize(b)));
        if (equalForms) same++;
        expect(typeExprIdHex(a) === typeExprIdHex(b)).toBe(equalForms);
      }),
      { numRuns: RUNS },
    );
    expect(same).toBeGreaterThan(RUNS / 10);
    expect(same).toBeLessThan(RUNS);
  });

  it("any structural change changes the id", async () => {
    await fc.assert(
      fc.asyncProperty(
        typeExpr,
        fc.constantFrom("wrap-list", "rename-field", "flip-optional", "change-literal"),
        async (e, how) => {
          await breathe();
          const c = json(canonicalize(e)) as TypeExpr;
          const changed = mutate(c, how);
          fc.pre(changed !== undefined);
          expect(typeExprIdHex(changed!)).not.toBe(typeExprIdHex(c));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

/** One structural change at the first place it applies (depth first), or undefined. */
function mutate(e: TypeExpr, how: string): TypeExpr | undefined {
  if (how === "wrap-list") return { kind: "list", element: e };
  const visit = (x: TypeExpr): TypeExpr | undefined => {
    if (x.kind === "record" && x.fields.length > 0 && how !== "change-literal") {
      const [first, ...rest] = x.fields;
      if (how === "rename-field" && !x.fields.some((f) => f.name === `${first!.name}_`)) {
        return { ...x, fields: [{ ...first!, name: `${first!.name}_` }, ...rest] };
      }
      if (how === "flip-optional")
        return { ...x, fields: [{ ...first!, optional: !first!.optional }, ...rest] };
    }
    if (x.kind === "literal" && how === "change-literal" && typeof x.value === "string")
      return { ...x, value: `${x.value}!` };
    // Only descend where a change cannot be absorbed by a sibling (no unions/intersections/enums).
    if (x.kind === "list" || x.kind === "set") {
      const inner = visit(x.element);
      return inner && { ...x, element: inner };
    }
    if (x.kind === "record") {
      for (const [i, f] of x.fields.entries()) {
        const inner = visit(f.type);
        if (inner) return { ...x, fields: x.fields.map((g, j) => (j === i ? { ...g, type: inner } : g)) };
      }
    }
    return undefined;
  };
  return visit(e);
}

describe("caching", () => {
  it("a schema re-read as a new object is found by content; a changed one is not", () => {
    const e = t.record({ a: t.string(), b: t.list(t.union(t.literal("x"), t.literal("y"))) });
    const first = canonicalize(e);
    expect(canonicalize(json(e))).toBe(first);
    const changed = json(e);
    changed.fields[0].name = "c";
    expect(canonicalize(changed)).not.toBe(first);
    expect(typeExprIdHex(changed)).not.toBe(typeExprIdHex(e));
  });
});

describe("canonicalize (rules)", () => {
  it("keeps x?: T distinct from x: T | undefined", () => {
    const a = t.record({ x: t.optionalField(t.string()) });
    const b = t.record({ x: t.optional(t.string()) });
    expect(typeExprIdHex(a)).not.toBe(typeExprIdHex(b));
    expect(typeExprIdHex(t.record({ x: t.optionalField(t.optional(t.string())) }))).toBe(typeExprIdHex(a));
  });

  it("orders record fields by UTF-8 bytes, not UTF-16", () => {
    const e = canonicalize(t.record({ "\u{1F600}": t.string(), "\u{FF61}": t.string(), a: t.string() }));
    expect(e.kind === "record" && e.fields.map((f) => f.name)).toEqual(["a", "\u{FF61}", "\u{1F600}"]);
  });

  it("gives one id to a recursive type whatever its name and unrolling", () => {
    const list = t.recursive("List", (self) => t.record({ next: t.union(t.null(), self) }));
    const other = t.recursive("Chain", (self) => t.record({ next: t.union(self, t.null()) }));
    const unrolled = t.record({ next: t.union(t.null(), list) });
    expect(typeExprIdHex(other)).toBe(typeExprIdHex(list));
    expect(typeExprIdHex(unrolled)).toBe(typeExprIdHex(list));
  });

  it("rejects bad input with a code and the path", () => {
    const cases: [unknown, string, string][] = [
      [{ kind: "strng" }, "CX1002_UNKNOWN_KIND", "$"],
      [{ kind: "list", element: { kind: "ref", index: 0 } }, "CX1005_UNBOUND_REF", "$.element"],
      [
        {
          kind: "recursive",
          body: { kind: "union", members: [{ kind: "string" }, { kind: "ref", index: 0 }] },
        },
        "CX1006_NON_CONTRACTIVE",
        "$.body",
      ],
      [
        {
          kind: "record",
          fields: [
            {
              name: "b",
              type: {
                kind: "recursive",
                body: { kind: "union", members: [{ kind: "string" }, { kind: "ref", index: 0 }] },
              },
            },
          ],
        },
        "CX1006_NON_CONTRACTIVE",
        "$.fields[0].type.body",
      ],
      [
        {
          kind: "record",
          fields: [
            { name: "a", type: { kind: "string" } },
            { name: "a", type: { kind: "number" } },
          ],
        },
        "CX1004_DUPLICATE_FIELD",
        "$.fields[1].name",
      ],
      [
        {
          kind: "tuple",
          elements: [{ type: { kind: "string" }, kind: "optional" }, { type: { kind: "string" } }],
        },
        "CX1009_BAD_TUPLE",
        "$.elements[1]",
      ],
    ];
    for (const [input, code, path] of cases) {
      const error = (() => {
        try {
          canonicalize(input as TypeExpr);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(TypeExprError);
      expect(error).toMatchObject({ code, path });
    }
  });
});

describe("shared subtrees (a DAG) are built once", () => {
  /** `depth` levels, each using the level below twice: a tree of 2^depth paths, a DAG of 2*depth nodes. */
  const dag = (depth: number, leaf: TypeExpr): TypeExpr => {
    let x = leaf;
    for (let i = 0; i < depth; i++) x = t.record({ a: x, b: t.list(x) });
    return x;
  };

  it("gives a DAG the id of the same expression written out as a tree", () => {
    for (const depth of [1, 4, 9]) {
      const shared = dag(depth, t.string());
      expect(typeExprIdHex(shared)).toBe(typeExprIdHex(json(shared)));
    }
    // Shared subtrees holding refs to an enclosing binder (the same scope on every path).
    const tree = t.recursive("Tree", (self) => dag(6, t.optional(self)));
    expect(typeExprIdHex(tree)).toBe(typeExprIdHex(json(tree)));
    expect(canonicalize(tree)).toEqual(canonicalize(json(tree)));
  });

  it("canonicalizes a DAG of depth 64 (2^64 paths) at once", () => {
    const start = performance.now();
    const id = typeExprIdHex(dag(64, t.string()));
    expect(id).toMatch(/^0x[0-9a-f]{64}$/);
    expect(typeExprIdHex(dag(64, t.number()))).not.toBe(id);
    // Measured ~0.1 s cold; it hung (2^64 paths) before.
    expect(performance.now() - start).toBeLessThan(5000);
  });
});
