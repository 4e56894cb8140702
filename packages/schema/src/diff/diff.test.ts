import { describe, expect, it } from "vitest";
import { t } from "../builders.js";
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

  it("a new required input field breaks; a new optional one does not", () => {
    expect(diffTypeExprs(transfer(), transfer(t.u64(), { memo: t.string() }), "input").breaking).toBe(true);
    expect(
      diffTypeExprs(transfer(), transfer(t.u64(), { memo: t.optionalField(t.string()) }), "input").breaking,
    ).toBe(false);
  });
});
