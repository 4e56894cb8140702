import { describe, expect, it } from "vitest";
import { t } from "../builders.js";
import { schemaFromExpr } from "../validate/schema.js";
import { isAssignable } from "./assignable.js";
import { diffTypeExprs } from "./diff.js";

const transfer = (amount = t.u64(), extra = {}) =>
  t.record({
    sender: t.string(),
    recipient: t.string(),
    amount,
    token: t.union(t.literal("ETH"), t.literal("USDC")),
    ...extra,
  });

const validTransfer = { sender: "a", recipient: "b", amount: 1, token: "ETH" };

describe("isAssignable", () => {
  it("follows literal, range and optional widening", () => {
    expect(isAssignable(t.literal("a"), t.string())).toBe(true);
    expect(isAssignable(t.string(), t.literal("a"))).toBe(false);
    expect(isAssignable(t.u32(), t.u64())).toBe(true);
    expect(isAssignable(t.u64(), t.u32())).toBe(false);
    expect(isAssignable(t.string(), t.optional(t.string()))).toBe(true);
    expect(isAssignable(t.optional(t.string()), t.string())).toBe(false);
  });

  it("compares recursive types coinductively", () => {
    const list = (el: ReturnType<typeof t.string>) =>
      t.recursive("L", (self) => t.record({ head: el, tail: t.union(t.null(), self) }));
    expect(isAssignable(list(t.literal("x")), list(t.string()))).toBe(true);
    expect(isAssignable(list(t.string()), list(t.literal("x")))).toBe(false);
  });
});

describe("diffTypeExprs", () => {
  it("reports nothing for a renamed but identical type", () => {
    const d = diffTypeExprs(t.named(transfer(), "A"), t.named(transfer(), "B"), "input");
    expect(d.direction).toBe("equal");
    expect(d.changes).toEqual([]);
  });

  it("narrowing an input field breaks, with the exact path", () => {
    const d = diffTypeExprs(transfer(t.u64()), transfer(t.u32()), "input", "TokenTransferInput");
    expect(d.breaking).toBe(true);
    expect(d.changes).toMatchObject([
      { path: "TokenTransferInput.amount", direction: "narrowed", breaking: true },
    ]);
    expect(diffTypeExprs(transfer(t.u64()), transfer(t.u32()), "output").breaking).toBe(false);
  });

  it("adding a union member widens: fine for inputs, breaking for outputs", () => {
    const old = transfer();
    const wider = t.record({
      sender: t.string(),
      recipient: t.string(),
      amount: t.u64(),
      token: t.union(t.literal("ETH"), t.literal("USDC"), t.literal("DAI")),
    });
    expect(diffTypeExprs(old, wider, "input").breaking).toBe(false);
    const out = diffTypeExprs(old, wider, "output", "Out");
    expect(out.breaking).toBe(true);
    expect(out.changes).toMatchObject([{ path: "Out.token", kind: "members-added", breaking: true }]);
  });

  it("strict: a new input field breaks, even optional (an undeclared key used to pass with any value); unknown does not", () => {
    expect(diffTypeExprs(transfer(), transfer(t.u64(), { memo: t.string() }), "input").breaking).toBe(true);
    const optional = diffTypeExprs(
      transfer(),
      transfer(t.u64(), { memo: t.optionalField(t.string()) }),
      "input",
      "$",
      "strict",
    );
    expect(optional.breaking).toBe(true);
    expect(optional.changes.map((c) => [c.kind, c.direction])).toEqual([["field-added", "narrowed"]]);
    // The old type accepted { ..., memo: 5 } (memo undeclared, ignored); the new one rejects it.
    expect(schemaFromExpr(transfer()).is({ ...validTransfer, memo: 5 })).toBe(true);
    expect(
      schemaFromExpr(transfer(t.u64(), { memo: t.optionalField(t.string()) })).is({
        ...validTransfer,
        memo: 5,
      }),
    ).toBe(false);
    expect(
      diffTypeExprs(transfer(), transfer(t.u64(), { memo: t.optionalField(t.any()) }), "input", "$", "strict")
        .breaking,
    ).toBe(false);
    // For an output, a field the new type adds never produces a value the old type rejected.
    expect(
      diffTypeExprs(transfer(), transfer(t.u64(), { memo: t.optionalField(t.string()) }), "output").breaking,
    ).toBe(false);
  });
});

describe("the optional-field policy", () => {
  const withMemo = transfer(t.u64(), { memo: t.optionalField(t.string()) });

  it("contract (the default): an optional input field added, or an optional output field removed, is compatible with a note", () => {
    const added = diffTypeExprs(transfer(), withMemo, "input", "In");
    expect(added).toMatchObject({ direction: "compatible", breaking: false });
    expect(added.changes).toMatchObject([
      { path: "In.memo", kind: "field-added", direction: "compatible", breaking: false },
    ]);
    expect(added.changes[0]!.note).toMatch(/outside its contract/);
    const removed = diffTypeExprs(withMemo, transfer(), "output", "Out");
    expect(removed).toMatchObject({ direction: "compatible", breaking: false });
    expect(removed.changes[0]).toMatchObject({ kind: "field-removed", direction: "compatible" });
    expect(removed.changes[0]!.note).toMatch(/outside its contract/);
  });

  it("strict keeps the exact reading: the same changes narrow an input and widen an output", () => {
    expect(diffTypeExprs(transfer(), withMemo, "input", "In", "strict")).toMatchObject({
      direction: "narrowed",
      breaking: true,
    });
    expect(diffTypeExprs(withMemo, transfer(), "output", "Out", "strict")).toMatchObject({
      direction: "widened",
      breaking: true,
    });
  });

  it("a required field is in the contract under both policies", () => {
    for (const policy of ["contract", "strict"] as const) {
      const d = diffTypeExprs(transfer(), transfer(t.u64(), { memo: t.string() }), "input", "$", policy);
      expect(d.breaking).toBe(true);
    }
  });
});

describe("one verdict per change", () => {
  it("`a?: string` -> `a: string | undefined` on an output: compatible, and no change under it is breaking", () => {
    // The walk sees "field became required" and "now also accepts undefined" (widened, which alone
    // would break an output); the type as a whole accepts the same values.
    const before = t.record({ a: t.optionalField(t.string()) });
    const after = t.record({ a: t.optional(t.string()) });
    for (const policy of ["contract", "strict"] as const) {
      const d = diffTypeExprs(before, after, "output", "Out", policy);
      expect(d).toMatchObject({ direction: "compatible", breaking: false });
      expect(d.changes.map((c) => c.kind)).toContain("undefined-added");
      expect(d.changes.filter((c) => c.breaking)).toEqual([]);
    }
  });
});

describe("big unions", () => {
  it("diffs two big unions by index (one member swapped), reporting only that member (timed in bench/diff)", () => {
    const make = (last: string) =>
      t.union(...Array.from({ length: 511 }, (_, i) => t.literal(`m${i}`)), t.literal(last));
    const d = diffTypeExprs(make("old"), make("new"), "input", "T");
    expect(d.direction).toBe("incompatible");
    expect(d.changes.map((c) => c.message)).toEqual(['no longer accepts "old"', 'now also accepts "new"']);
  });
});

describe("isAssignable against indexed unions agrees with a plain scan", () => {
  it("literal, tagged-record and untagged members, both ways", () => {
    const lits = (xs: string[]) => t.union(...xs.map((x) => t.literal(x)));
    expect(isAssignable(lits(["a", "b"]), t.union(t.literal("a"), t.literal("b"), t.literal("c")))).toBe(
      true,
    );
    expect(isAssignable(lits(["a", "z"]), lits(["a", "b", "c"]))).toBe(false);
    // A literal not among the literals can still fit a non-literal member.
    expect(isAssignable(t.literal("z"), t.union(t.literal("a"), t.string()))).toBe(true);
    const tagged = (k: string, v = t.string()) => t.record({ kind: t.literal(k), v });
    const union = t.union(tagged("a"), tagged("b", t.number()));
    expect(isAssignable(tagged("a"), union)).toBe(true);
    expect(isAssignable(tagged("b"), union)).toBe(false);
    expect(isAssignable(tagged("c"), union)).toBe(false);
    expect(
      isAssignable(t.record({ kind: t.union(t.literal("a"), t.literal("b")), v: t.string() }), union),
    ).toBe(false);
  });
});
