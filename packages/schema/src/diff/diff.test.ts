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

  it("a new input field breaks, even optional (an undeclared key used to pass with any value); unknown does not", () => {
    expect(diffTypeExprs(transfer(), transfer(t.u64(), { memo: t.string() }), "input").breaking).toBe(true);
    const optional = diffTypeExprs(
      transfer(),
      transfer(t.u64(), { memo: t.optionalField(t.string()) }),
      "input",
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
      diffTypeExprs(transfer(), transfer(t.u64(), { memo: t.optionalField(t.any()) }), "input").breaking,
    ).toBe(false);
    // For an output, a field the new type adds never produces a value the old type rejected.
    expect(
      diffTypeExprs(transfer(), transfer(t.u64(), { memo: t.optionalField(t.string()) }), "output").breaking,
    ).toBe(false);
  });
});
