/**
 * One test per rule of docs/semantics.md, each run on both back ends (interpreter, and compiled
 * code loaded as a module) so the documented behaviour is the behaviour of both.
 */
import { compileValidatorSource, schemaFromExpr, type TypeExpr, t } from "@causality/schema";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";

type Schema = ReturnType<typeof schemaFromExpr>;

async function both(expr: TypeExpr): Promise<Schema[]> {
  const source = `export default ${compileValidatorSource(expr)};`;
  const compiled = (await import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`))
    .default;
  return [schemaFromExpr(expr), schemaFromExpr(expr, compiled)];
}

async function verdicts(expr: TypeExpr, values: unknown[], equals = false): Promise<boolean[]> {
  const [interpreted, compiled] = await both(expr);
  const a = values.map((v) => (equals ? interpreted!.equals(v) : interpreted!.is(v)));
  const b = values.map((v) => (equals ? compiled!.equals(v) : compiled!.is(v)));
  expect(b).toEqual(a);
  return a;
}

const firstIssue = (expr: TypeExpr, v: unknown) => {
  const r = schemaFromExpr(expr).validate(v);
  return r.success ? undefined : { code: r.errors[0]!.code, path: r.errors[0]!.path };
};

describe("numbers and primitives", () => {
  it("number is typeof number: NaN, ±Infinity and -0 pass, boxed numbers do not", async () => {
    expect(
      await verdicts(t.number(), [1, -0, Number.NaN, Number.POSITIVE_INFINITY, new Number(1), "1"]),
    ).toEqual([true, true, true, true, false, false]);
  });
  it("number literals compare with === (so 0 and -0 are one literal)", async () => {
    expect(await verdicts(t.literal(0), [0, -0, "0", Number.NaN])).toEqual([true, true, false, false]);
  });
  it("boxed primitives are rejected everywhere", async () => {
    expect(await verdicts(t.string(), [new String("a")])).toEqual([false]);
    expect(await verdicts(t.bool(), [new Boolean(true)])).toEqual([false]);
    expect(await verdicts(t.literal("a"), [new String("a")])).toEqual([false]);
  });
  it("integer kinds: Number.isInteger, exact bounds beyond 2^53", async () => {
    expect(await verdicts(t.integer(), [1, 1.5, 2 ** 60, Number.NaN])).toEqual([true, false, true, false]);
    expect(await verdicts(t.u64(), [0, -1, 2 ** 64 - 2048, 2 ** 64, 1.5])).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
  });
  it("bigint kinds are typeof bigint", async () => {
    expect(await verdicts(t.bigintRange(0n, 10n), [5n, 11n, 5])).toEqual([true, false, false]);
  });
});

describe("records", () => {
  const r = t.record({
    a: t.optionalField(t.string()),
    b: t.optional(t.string()),
    c: t.any(),
    d: t.union(t.string(), t.null()),
  });
  it("a key may be missing when its type admits undefined; T | null requires the key", async () => {
    expect(await verdicts(r, [{ d: null }, { d: "x" }, {}, { a: undefined, b: undefined, d: null }])).toEqual(
      [true, true, false, true],
    );
    expect(firstIssue(r, {})).toEqual({ code: "missing_key", path: "$input.d" });
  });
  it("is ignores extra keys, equals rejects them, an undefined extra counts as absent", async () => {
    expect(await verdicts(r, [{ d: null, extra: 1 }])).toEqual([true]);
    expect(
      await verdicts(
        r,
        [
          { d: null, extra: 1 },
          { d: null, extra: undefined },
        ],
        true,
      ),
    ).toEqual([false, true]);
  });
  it("an own __proto__ key (from JSON.parse) is an ordinary key, and nothing is polluted", async () => {
    const p = t.record({ ["__proto__"]: t.string() });
    expect(await verdicts(p, [JSON.parse('{"__proto__":"x"}'), JSON.parse('{"__proto__":1}'), {}])).toEqual([
      true,
      false,
      false,
    ]);
    expect(await verdicts(t.record({}), [JSON.parse('{"__proto__":{"polluted":1}}')], true)).toEqual([false]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(await verdicts(t.record({ constructor: t.string() }), [{}, { constructor: "x" }])).toEqual([
      false,
      true,
    ]);
  });
  it("{} accepts any non-null, non-array object (null-prototype and class instances included)", async () => {
    expect(await verdicts(t.record({}), [{}, Object.create(null), new Date(), [], null, "x"])).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
  it("classes are structural: data fields only", async () => {
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
      norm() {
        return Math.hypot(this.x, this.y);
      }
    }
    expect(await verdicts(t.record({ x: t.number(), y: t.number() }), [new Point(1, 2)])).toEqual([true]);
  });
});

describe("arrays, tuples and collections", () => {
  it("an array is never an object; array-likes, Sets and typed arrays are never arrays", async () => {
    expect(await verdicts(t.list(t.number()), [[1], { length: 0 }, new Set([1]), new Uint8Array(1)])).toEqual(
      [true, false, false, false],
    );
  });
  it("a hole in a sparse array is undefined", async () => {
    // biome-ignore lint/suspicious/noSparseArray: the rule under test
    const sparse = [1, , 3];
    expect(await verdicts(t.list(t.number()), [sparse])).toEqual([false]);
    expect(await verdicts(t.list(t.optional(t.number())), [sparse])).toEqual([true]);
  });
  it("a wrong-length tuple is reported at the tuple's own path", () => {
    expect(firstIssue(t.record({ p: t.tuple(t.string(), t.number()) }), { p: ["a"] })).toEqual({
      code: "invalid_length",
      path: "$input.p",
    });
  });
  it("an optional tuple element may be absent or present as undefined", async () => {
    const pair = t.tuple(t.string(), t.optionalElement(t.number()));
    expect(await verdicts(pair, [["a"], ["a", undefined], ["a", 1], ["a", "b"], ["a", 1, 2]])).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
  it("Date is instanceof Date, an invalid Date included", async () => {
    expect(await verdicts(t.date(), [new Date(), new Date("nope"), "2024-01-01", Date.now()])).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
  it("Map and Set must be real instances; entries in insertion order with [i][0] / [i][1] / [i] paths", async () => {
    const m = t.map(t.string(), t.number());
    expect(await verdicts(m, [new Map([["a", 1]]), { a: 1 }])).toEqual([true, false]);
    expect(
      firstIssue(
        m,
        new Map<unknown, unknown>([
          ["a", 1],
          [2, "b"],
        ]),
      ),
    ).toEqual({ code: "invalid_type", path: "$input[1][0]" });
    expect(firstIssue(t.set(t.string()), new Set(["a", 1]))).toEqual({
      code: "invalid_type",
      path: "$input[1]",
    });
  });
  it("Uint8Array is exactly that (not a subclass such as Buffer, not other typed arrays)", async () => {
    expect(await verdicts(t.bytes(), [new Uint8Array(2), Buffer.from("ab"), new Uint16Array(1)])).toEqual([
      true,
      false,
      false,
    ]);
  });
  it("enums accept member values only", async () => {
    expect(
      await verdicts(
        t.enum([
          { name: "Red", value: 0 },
          { name: "Green", value: 1 },
        ]),
        [0, 1, 2, "Red"],
      ),
    ).toEqual([true, true, false, false]);
  });
});

describe("unions and issue order", () => {
  const du = t.union(
    t.record({ kind: t.literal("a"), x: t.number() }),
    t.record({ kind: t.literal("b"), y: t.string() }),
  );
  it("a discriminant that picks a member reports inside it; one that picks none reports at the union", () => {
    expect(firstIssue(du, { kind: "b", y: 1 })).toEqual({ code: "invalid_type", path: "$input.y" });
    expect(firstIssue(du, { kind: "c" })).toEqual({ code: "invalid_discriminator", path: "$input" });
  });
  it("a non-discriminated union reports inside the member that fits best, else at its own path", () => {
    const e = t.record({ v: t.union(t.string(), t.list(t.number())) });
    expect(firstIssue(e, { v: [1, "x"] })).toEqual({ code: "invalid_type", path: "$input.v[1]" });
    expect(firstIssue(e, { v: 5 })).toEqual({ code: "invalid_union", path: "$input.v" });
  });
  it("of two discriminants, the one declared first tags the union (not the first by name)", async () => {
    const two = t.union(
      t.record({ type: t.literal("a"), kind: t.literal(1), x: t.number() }),
      t.record({ type: t.literal("b"), kind: t.literal(2), y: t.string() }),
    );
    for (const s of await both(two)) {
      const r = s.validate({ type: "c", kind: 1 });
      expect(r.success ? [] : r.errors.map((i) => `${i.code}: ${i.expected}`)).toEqual([
        'invalid_discriminator: { kind: 1; type: "a"; x: number } | { kind: 2; type: "b"; y: string } (by type: "a" | "b")',
      ]);
    }
    // The JSON Schema export lists properties (and required keys) in declaration order too.
    const json = schemaFromExpr(t.record({ b: t.string(), a: t.number(), c: t.optionalField(t.bool()) }));
    const schema = json.toJSONSchema() as { properties: object; required: string[] };
    expect([Object.keys(schema.properties), schema.required]).toEqual([
      ["b", "a", "c"],
      ["b", "a"],
    ]);
  });
  it("an untagged union of records: a member is ruled out by a missing required key, never chosen by a present one", async () => {
    const point = t.record({ x: t.number(), y: t.number() });
    const figure = t.union(
      t.record({ center: point, radius: t.number() }),
      t.record({ origin: point, width: t.number(), height: t.number() }),
      t.record({ kind: t.optionalField(t.string()), radius: t.number() }),
    );
    const rect = { origin: { x: 0, y: 0 }, width: 1, height: 2 };
    // As TypeScript assigns them: extra keys are allowed, so a value carrying a broken `center` is
    // still a rectangle; `radius` alone fits the third member, whose only required key it is.
    expect(
      await verdicts(figure, [
        { ...rect, center: "broken" },
        { center: { x: 1, y: 1 }, radius: "r", ...rect },
        { center: { x: 1 }, radius: 3 },
        { center: "broken", width: 1, height: 2 },
        { radius: 3 },
        { kind: 1, radius: 3 },
        {},
        [],
      ]),
    ).toEqual([true, true, true, false, true, false, false, false]);
    // A rejected value is reported inside the member it fits best (the same one on both back ends).
    const bad = { center: { x: 1, y: "1" }, radius: "1" };
    const lists = (await both(figure)).map((s) => {
      const r = s.validate(bad);
      return r.success ? [] : r.errors.map((e) => `${e.code}@${e.path}`);
    });
    const inside = ["invalid_type@$input.center.y", "invalid_type@$input.radius"];
    expect(lists).toEqual([inside, inside]);
  });
  it("issues come depth first, fields in declaration order (not the sorted order of ids), elements by index", () => {
    const e = t.record({ b: t.list(t.number()), a: t.string() });
    const r = schemaFromExpr(e).validate({ b: [1, "x", "y"], a: 1 });
    expect(r.success ? [] : r.errors.map((i) => i.path)).toEqual(["$input.b[1]", "$input.b[2]", "$input.a"]);
  });
  it("paths use .key for identifiers (reserved words too) and JSON-escaped brackets otherwise", () => {
    const e = t.record({
      private: t.string(),
      "odd key": t.string(),
      'q"uote': t.string(),
      _$x1: t.string(),
    });
    const r = schemaFromExpr(e).validate({});
    expect(r.success ? [] : r.errors.map((i) => i.path)).toEqual([
      "$input.private",
      '$input["odd key"]',
      '$input["q\\"uote"]',
      "$input._$x1",
    ]);
  });
});

describe("issue codes", () => {
  // One value per code, each checked on both back ends (same list of issues).
  const str = (c: object) => t.refine(t.string(), c as never);
  const num = (c: object) => t.refine(t.number(), c as never);
  const cases: [string, TypeExpr, unknown, string][] = [
    ["invalid_type", t.string(), 1, "invalid_type@$input: string"],
    ["missing_key", t.record({ a: t.string() }), {}, "missing_key@$input.a: string"],
    ["not_integer", t.u32(), 1.5, "not_integer@$input: u32"],
    ["too_small (range)", t.u32(), -1, "too_small@$input: u32"],
    ["too_big (range)", t.u8(), 256, "too_big@$input: u8"],
    ["too_small (minimum)", num({ kind: "minimum", value: 3 }), 2, "too_small@$input: number & Minimum<3>"],
    [
      "too_big (maxLength)",
      str({ kind: "maxLength", value: 2 }),
      "abc",
      "too_big@$input: string & MaxLength<2>",
    ],
    [
      "not_multiple_of",
      num({ kind: "multipleOf", value: 5 }),
      7,
      "not_multiple_of@$input: number & MultipleOf<5>",
    ],
    [
      "pattern_mismatch",
      str({ kind: "pattern", value: "^a+$" }),
      "b",
      'pattern_mismatch@$input: string & Pattern<"^a+$">',
    ],
    [
      "invalid_format",
      str({ kind: "format", value: "uuid" }),
      "nope",
      'invalid_format@$input: string & Format<"uuid">',
    ],
    [
      "invalid_key",
      t.dict(t.template(["k", ""], [t.integer()]), t.string()),
      { x: "v" },
      "invalid_key@$input.x: `k${Int}`",
    ],
    ["invalid_length", t.tuple(t.string()), [], "invalid_length@$input: [string]"],
    ["invalid_union", t.union(t.string(), t.number()), true, "invalid_union@$input: string | number"],
  ];
  for (const [name, expr, value, expected] of cases) {
    it(`${name}`, async () => {
      const lists = (await both(expr)).map((s) => {
        const r = s.validate(value);
        return r.success ? [] : r.errors.map((e) => `${e.code}@${e.path}: ${e.expected}`);
      });
      expect(lists[1]).toEqual(lists[0]);
      expect(lists[0]).toEqual([expected]);
    });
  }
  it("a dictionary keyed by an integer range takes the integer keys within it, on both back ends and in the exports", async () => {
    const d = t.dict(t.u8(), t.string());
    const values = [{ "0": "a", "255": "b" }, { "256": "x" }, { "-1": "x" }, { "01": "x" }, { "1.5": "x" }];
    expect(await verdicts(d, values)).toEqual([true, false, false, false, false]);
    expect(firstIssue(d, { "300": "x" })).toEqual({ code: "invalid_key", path: '$input["300"]' });
    const ajv = new Ajv2020({ strict: false });
    const viaAjv = ajv.compile(schemaFromExpr(d).toJSONSchema());
    const viaZod = schemaFromExpr(d).toZod(z);
    expect(values.map((v) => viaAjv(v))).toEqual([true, false, false, false, false]);
    expect(values.map((v) => viaZod.safeParse(v).success)).toEqual([true, false, false, false, false]);
  });
  it("excess_key: validate with { exact: true } reports each undeclared key, as equals rejects it", async () => {
    const r = t.record({ a: t.string() });
    for (const s of await both(r)) {
      expect(s.validate({ a: "x", b: 1, c: undefined }).success).toBe(true);
      const exact = s.validate({ a: "x", b: 1, c: undefined }, { exact: true });
      expect(exact.success ? [] : exact.errors.map((e) => `${e.code}@${e.path}`)).toEqual([
        "excess_key@$input.b",
      ]);
      expect(s.validate({ a: "x" }, { exact: true }).success).toBe(true);
    }
  });
});

describe("hostile input", () => {
  const tree = t.recursive("Tree", (self) => t.record({ v: t.number(), kids: t.list(self) }));
  it("never throws in is/validate: throwing getters and Proxy traps become an issue", async () => {
    const getter = Object.defineProperty({}, "v", {
      get: () => {
        throw new Error("boom");
      },
      enumerable: true,
    });
    const proxy = new Proxy(
      {},
      {
        get: () => {
          throw new Error("trap");
        },
        ownKeys: () => {
          throw new Error("trap");
        },
      },
    );
    expect(await verdicts(tree, [getter, proxy])).toEqual([false, false]);
    expect(firstIssue(tree, proxy)).toEqual({ code: "unreadable", path: "$input" });
  });
  it("100,000-deep nesting and cyclic values give too_deep, not a stack overflow", async () => {
    let deep: { v: number; kids: unknown[] } = { v: 0, kids: [] };
    for (let i = 0; i < 100_000; i++) deep = { v: i, kids: [deep] };
    const cyclic: { v: number; kids: unknown[] } = { v: 0, kids: [] };
    cyclic.kids.push(cyclic);
    expect(await verdicts(tree, [deep, cyclic])).toEqual([false, false]);
    expect(firstIssue(tree, cyclic)?.code).toBe("too_deep");
  });
  const throwing = (key: string, extra: Record<string, unknown> = {}) =>
    Object.defineProperty({ ...extra }, key, {
      get: () => {
        throw new Error("boom");
      },
      enumerable: true,
    });
  /** The issue lists of both back ends, checked equal. */
  const issuesOfBoth = async (expr: TypeExpr, v: unknown) => {
    const lists = (await both(expr)).map((s) => {
      const r = s.validate(v);
      return r.success ? [] : r.errors.map((e) => `${e.code}@${e.path}: ${e.expected}`);
    });
    expect(lists[1]).toEqual(lists[0]);
    return lists[0]!;
  };
  it("a getter that throws inside a union member fails validate and assert (not a silent pass)", async () => {
    const u = t.union(t.record({ a: t.string() }), t.record({ b: t.string() }));
    for (const s of await both(u)) {
      expect(s.validate(throwing("a")).success).toBe(false);
      expect(() => s.assert(throwing("a"))).toThrow(/unreadable|boom/);
    }
    expect(await issuesOfBoth(u, throwing("a"))).toEqual(["unreadable@$input: a readable value"]);
  });
  it("issues found before a getter throws are kept, then unreadable, on both back ends", async () => {
    const r = t.record({ a: t.string(), z: t.string() });
    expect(await issuesOfBoth(r, throwing("z", { a: 5 }))).toEqual([
      "invalid_type@$input.a: string",
      "unreadable@$input: a readable value",
    ]);
  });
  it("equals stays exact after a value whose getter threw inside an intersection", async () => {
    const both2 = t.intersection(t.record({ a: t.string() }), t.record({ b: t.optionalField(t.number()) }));
    for (const s of await both(both2)) {
      expect(s.equals({ a: "x", b: 1, extra: 1 })).toBe(false);
      expect(s.equals(throwing("a"))).toBe(false);
      expect(s.equals({ a: "x", b: 1, extra: 1 })).toBe(false);
      expect(s.equals({ a: "x", b: 1 })).toBe(true);
    }
  });
  it("a value that contains itself is reported where the cycle closes, fast, even with many branches", async () => {
    const v: { v: number; kids: unknown[] } = { v: 0, kids: [] };
    v.kids.push(v, v, v);
    const started = performance.now();
    expect(await issuesOfBoth(tree, v)).toEqual([
      "too_deep@$input.kids[0]: a value that does not contain itself",
      "too_deep@$input.kids[1]: a value that does not contain itself",
      "too_deep@$input.kids[2]: a value that does not contain itself",
    ]);
    // Without the cycle check, every branch would be followed 1,000 levels down: 3^1000 paths.
    const invalid: { v: unknown; kids: unknown[] } = { v: "x", kids: [] };
    invalid.kids.push(invalid, invalid);
    // Fields in declaration order: `v` before `kids`.
    expect(await issuesOfBoth(tree, invalid)).toEqual([
      "invalid_type@$input.v: number",
      "too_deep@$input.kids[0]: a value that does not contain itself",
      "too_deep@$input.kids[1]: a value that does not contain itself",
    ]);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
  it("a cycle that closes deep down is found at once too (the path of open objects goes past its scanned part)", async () => {
    // A chain of 100 nodes whose last one points back at node 70 (both past the first 32 levels).
    const nodes = Array.from({ length: 100 }, (_, v) => ({ v, kids: [] as unknown[] }));
    nodes.forEach((n, i) => {
      if (i > 0) nodes[i - 1]!.kids.push(n);
    });
    nodes[99]!.kids.push(nodes[70]);
    const at = `$input${".kids[0]".repeat(100)}`;
    expect(await issuesOfBoth(tree, nodes[0])).toEqual([
      `too_deep@${at}: a value that does not contain itself`,
    ]);
    // The same nodes without the cycle are valid, checked again with the same validators.
    nodes[99]!.kids.pop();
    for (const s of await both(tree)) expect(s.validate(nodes[0]).success).toBe(true);
  });
  it("an untagged recursive union stays linear: a member that failed on an object is not tried there again", async () => {
    // Both members recurse into `next`; without memory, a failure at the bottom is retried 2^depth times.
    const chain = t.recursive("Chain", (self) =>
      t.union(
        t.record({ next: t.union(t.null(), self), a: t.optionalField(t.string()) }),
        t.record({ next: t.union(t.null(), self), b: t.optionalField(t.number()) }),
      ),
    );
    let value: unknown = { next: null, a: 1, b: "x" }; // fails both members at the bottom
    for (let i = 0; i < 40; i++) value = { next: value };
    const started = performance.now();
    expect(await verdicts(chain, [value])).toEqual([false]);
    const issues = await issuesOfBoth(chain, value);
    expect(issues).toHaveLength(1);
    // 2^40 tries would take days: the bound only has to hold on a loaded machine under mutation testing.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
  it("what a union remembered about an object lasts one call: the same object, changed, is judged again", async () => {
    const node = t.recursive("N", (self) =>
      t.union(
        t.record({ next: t.union(t.null(), self), a: t.string() }),
        t.record({ next: t.union(t.null(), self), b: t.number() }),
      ),
    );
    const value: Record<string, unknown> = { next: { next: null, a: 1 } };
    for (const s of await both(node)) {
      const inner = value.next as Record<string, unknown>;
      inner.a = 1;
      value.a = "x";
      expect(s.is(value)).toBe(false);
      expect(s.equals(value)).toBe(false);
      inner.a = "fixed";
      expect(s.is(value)).toBe(true);
      expect(s.equals(value)).toBe(true);
    }
  });
  it("a list nested too deep behind `T | null` reports too_deep, not invalid_union", async () => {
    const list = t.recursive("List", (self) => t.union(t.null(), t.record({ next: self })));
    let deep: unknown = null;
    for (let i = 0; i < 5000; i++) deep = { next: deep };
    const issues = await issuesOfBoth(list, deep);
    expect(issues).toEqual(["too_deep@$input: at most 1000 levels of nesting"]);
  });
  it("assert throws a SchemaValidationError carrying the first issue", () => {
    const s = schemaFromExpr(tree);
    expect(() => s.assert({ v: "x", kids: [] })).toThrowError(
      expect.objectContaining({
        name: "SchemaValidationError",
        issue: expect.objectContaining({ code: "invalid_type", path: "$input.v" }),
      }),
    );
    expect(s.assert({ v: 1, kids: [] })).toEqual({ v: 1, kids: [] });
  });
});
