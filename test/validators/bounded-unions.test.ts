/**
 * Unions over a recursive type cost work linear in the value, on both back ends: a member that
 * passes a whole subtree and then fails on a later field (`{ next: Node | null; tag: string } |
 * { next: Node | null; tag: number }` with a numeric tag) must not make the next member check the
 * subtree again, level after level (2^depth reads). The oracle is a count of the reads of `next`
 * (linear in depth, not exponential); verdicts are held to the type as written (the values are
 * built valid or invalid by construction) and issue lists to the other back end.
 */
import { compileSchema, compileValidatorSource, schemaFromExpr, type TypeExpr, t } from "@causality/schema";
import { describe, expect, it, onTestFinished } from "vitest";

type Schema = ReturnType<typeof schemaFromExpr>;

async function backEnds(expr: TypeExpr): Promise<[string, Schema][]> {
  const source = `export default ${compileValidatorSource(expr)};`;
  const compiled = (await import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`))
    .default;
  const runtime = compileSchema(expr);
  expect(runtime.compiled).toBe(true);
  return [
    ["interpreter", schemaFromExpr(expr)],
    ["compiled", schemaFromExpr(expr, compiled)],
    ["compileSchema", runtime as unknown as Schema],
  ];
}

const nullable = (e: TypeExpr) => t.union(e, t.null());

/** The shape found: two records alike but for the type of `tag`. */
const node = t.recursive("Node", (self) =>
  t.union(
    t.record({ next: nullable(self), tag: t.string() }),
    t.record({ next: nullable(self), tag: t.number() }),
  ),
);

/** The deciding field one level deeper. */
const nested = t.recursive("Nested", (self) =>
  t.union(
    t.record({ next: nullable(self), meta: t.record({ tag: t.string() }) }),
    t.record({ next: nullable(self), meta: t.record({ tag: t.number() }) }),
  ),
);

/** Three members: a boolean tag passes the subtree in two members before its own. */
const three = t.recursive("Three", (self) =>
  t.union(
    t.record({ next: nullable(self), tag: t.string() }),
    t.record({ next: nullable(self), tag: t.number() }),
    t.record({ next: nullable(self), tag: t.bool() }),
  ),
);

/** Mutual recursion: A's `next` is a B, B's is an A, each a union of the same kind. */
const mutual = t.recursive("A", (a) => {
  const b = t.recursive("B", () =>
    t.union(t.record({ next: nullable(a), k: t.string() }), t.record({ next: nullable(a), k: t.number() })),
  );
  return t.union(
    t.record({ next: nullable(b), tag: t.string() }),
    t.record({ next: nullable(b), tag: t.number() }),
  );
});

/** Reads of `next`, counted; past the budget a read throws, so a regression fails fast instead of hanging. */
const counter = { reads: 0, budget: Number.POSITIVE_INFINITY };

/** A chain of `depth` levels, level i built by `level(i)`, its `next` behind a counting getter. */
function chain(depth: number, level: (i: number) => Record<string, unknown>): unknown {
  let value: unknown = null;
  for (let i = depth - 1; i >= 0; i--) {
    const next = value;
    value = Object.defineProperty(level(i), "next", {
      enumerable: true,
      get: () => {
        if (++counter.reads > counter.budget) throw new Error("read budget exceeded");
        return next;
      },
    });
  }
  return value;
}

interface Case {
  name: string;
  expr: TypeExpr;
  /** Level i of a valid value (the last level decides validity in `broken`). */
  valid: (i: number) => Record<string, unknown>;
  /** A valid value but for its deepest level. */
  broken: (i: number, depth: number) => Record<string, unknown>;
}

const tags = (tag: (i: number) => unknown) => (i: number) => ({ tag: tag(i) });
const cases: Case[] = [
  {
    name: "string tags",
    expr: node,
    valid: tags(() => "s"),
    broken: (i, n) => ({ tag: i === n - 1 ? true : "s" }),
  },
  {
    name: "number tags",
    expr: node,
    valid: tags(() => 1),
    broken: (i, n) => ({ tag: i === n - 1 ? true : 1 }),
  },
  {
    name: "alternating tags",
    expr: node,
    valid: tags((i) => (i % 2 === 0 ? "s" : 1)),
    broken: (i, n) => ({ tag: i === n - 1 ? null : i % 2 === 0 ? "s" : 1 }),
  },
  {
    name: "tag one level deeper",
    expr: nested,
    valid: (i) => ({ meta: { tag: i % 3 === 0 ? "s" : 2 } }),
    broken: (i, n) => ({ meta: { tag: i === n - 1 ? [] : 2 } }),
  },
  {
    name: "three members",
    expr: three,
    valid: tags(() => false),
    broken: (i, n) => ({ tag: i === n - 1 ? 0n : false }),
  },
  {
    name: "mutual recursion",
    expr: mutual,
    valid: (i) => (i % 2 === 0 ? { tag: 1 } : { k: 2 }),
    broken: (i, n) => (i === n - 1 ? { tag: true, k: true } : i % 2 === 0 ? { tag: 1 } : { k: 2 }),
  },
];

/**
 * Reads of `next` a linear check may make per level: each member of each union over the level reads
 * it once (the canonical form nests one binder per member, so three members make about 9 reads a
 * level); 2^depth would be about 10^12 at depth 40.
 */
const PER_LEVEL = 12;

function counted<T>(depth: number, run: () => T): { result: T; reads: number } {
  counter.reads = 0;
  counter.budget = PER_LEVEL * depth * 4;
  try {
    return { result: run(), reads: counter.reads };
  } finally {
    counter.budget = Number.POSITIVE_INFINITY;
  }
}

describe("unions over a recursive type read each level a bounded number of times", () => {
  for (const c of cases) {
    it(`${c.name}: valid and invalid chains of 40 and 60 levels, every back end`, async () => {
      const schemas = await backEnds(c.expr);
      for (const depth of [40, 60]) {
        const valid = chain(depth, c.valid);
        const broken = chain(depth, (i) => c.broken(i, depth));
        // An extra key deep down: still a Node for `is`, not for `equals` (exact, as an object literal).
        const extra = chain(depth, (i) => (i === depth - 1 ? { ...c.valid(i), extra: 1 } : c.valid(i)));
        const issues: unknown[] = [];
        for (const [name, schema] of schemas) {
          const at = `${c.name} ${name} depth ${depth}`;
          const verdicts = [
            counted(depth, () => schema.is(valid)),
            counted(depth, () => schema.equals(valid)),
            counted(depth, () => schema.validate(valid).success),
            counted(depth, () => schema.is(extra)),
            counted(depth, () => schema.equals(extra)),
            counted(depth, () => schema.is(broken)),
            counted(depth, () => schema.equals(broken)),
          ];
          expect(
            verdicts.map((v) => v.result),
            at,
          ).toEqual([true, true, true, true, false, false, false]);
          const rejected = counted(depth, () => schema.validate(broken));
          expect(rejected.result.success, at).toBe(false);
          issues.push(rejected.result.success ? [] : rejected.result.errors);
          for (const { reads } of [...verdicts, rejected]) {
            expect(reads, at).toBeGreaterThanOrEqual(depth);
            expect(reads, at).toBeLessThanOrEqual(PER_LEVEL * depth);
          }
        }
        // The compiled issue lists are the interpreter's.
        expect(issues[1], c.name).toEqual(issues[0]);
        expect(issues[2], c.name).toEqual(issues[0]);
      }
    });
  }

  it("reads grow linearly: twice the depth, about twice the reads (not the square, not 2^depth)", async () => {
    for (const [name, schema] of await backEnds(node)) {
      const reads = [30, 60].map((depth) => {
        const broken = chain(depth, (i) => ({ tag: i === depth - 1 ? true : 1 }));
        return (
          counted(depth, () => schema.validate(broken)).reads +
          counted(depth, () =>
            schema.is(
              chain(
                depth,
                tags(() => 1),
              ),
            ),
          ).reads
        );
      });
      expect(reads[1]!, name).toBeLessThanOrEqual(2 * reads[0]! + 8);
    }
  });
});

describe("a remembered verdict holds only where the depth bound gives the same answer", () => {
  // `l` and `r` are both Trees: a chain reached through `l` near the top, and the same chain again
  // through `r` below a long spine, is checked within the 1,000 levels the first time and beyond
  // them the second (docs/semantics.md: a value nested deeper than that through a recursive type
  // is rejected as too_deep), so the pass remembered the first time must not answer the second.
  const tree = t.recursive("Tree", (self) =>
    t.union(
      t.record({ l: nullable(self), r: nullable(self), tag: t.string() }),
      t.record({ l: nullable(self), r: nullable(self), tag: t.number() }),
    ),
  );
  const spine = (length: number, end: unknown): unknown => {
    let v = end;
    for (let i = 0; i < length; i++) {
      const r = v;
      // Counted as `next` is above: without the remembered verdicts this check would not end.
      v = Object.defineProperty({ l: null, tag: 1 }, "r", {
        enumerable: true,
        get: () => {
          if (++counter.reads > counter.budget) throw new Error("read budget exceeded");
          return r;
        },
      });
    }
    return v;
  };
  // A level of this Tree is two levels of binders in its canonical form (nested binders), so a
  // chain of 500 levels fits and one of 501 does not (as the first test shows).
  const shared = spine(200, null);
  const fits = { l: shared, r: spine(100, shared), tag: 1 };
  const tooDeep = { l: shared, r: spine(400, shared), tag: 1 };

  it("a chain that passes near the top fails when reached again beyond the bound", async () => {
    const issues: unknown[] = [];
    // Where the bound cuts a check, its verdict holds at its own depth only, so an object is checked
    // again per depth (at most 1,000): about 180,000 reads for `tooDeep`, far from 2^400.
    counter.budget = 1_000_000;
    onTestFinished(() => {
      counter.budget = Number.POSITIVE_INFINITY;
    });
    for (const [name, schema] of await backEnds(tree)) {
      counter.reads = 0;
      expect(
        [500, 501].map((n) => schema.is(spine(n, null))),
        name,
      ).toEqual([true, false]);
      // Each part alone is within the bound; together they are not.
      expect(schema.is(spine(400, null)), name).toBe(true);
      expect(schema.is(shared), name).toBe(true);
      expect(schema.is(fits), name).toBe(true);
      expect(schema.validate(fits).success, name).toBe(true);
      expect(schema.is(tooDeep), name).toBe(false);
      expect(schema.equals(tooDeep), name).toBe(false);
      const r = schema.validate(tooDeep);
      expect(r.success ? [] : r.errors.map((i) => i.code), name).toContain("too_deep");
      issues.push(r);
    }
    expect(issues[1]).toEqual(issues[0]);
    expect(issues[2]).toEqual(issues[0]);
  });
});
