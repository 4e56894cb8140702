/**
 * Ids as bytes and text (id.ts). Oracles outside the code: Node's Buffer hex codec for the text
 * form, the spec's vectors (fixtures/vectors) for which expressions are equal.
 */
import { describe, expect, it } from "vitest";
import { t } from "./builders.js";
import { fromHex, toHex, typeExprEquals, typeExprId, typeExprIdHex } from "./id.js";
import type { TypeExpr } from "./type-expr.js";

describe("toHex / fromHex", () => {
  const every = Uint8Array.from({ length: 256 }, (_, i) => i);

  it("writes every byte value as Buffer does, with 0x", () => {
    expect(toHex(every)).toBe(`0x${Buffer.from(every).toString("hex")}`);
    expect(toHex(new Uint8Array())).toBe("0x");
  });

  it("reads what Buffer writes, with or without 0x, in either case", () => {
    const hex = Buffer.from(every).toString("hex");
    expect([...fromHex(`0x${hex}`)]).toEqual([...every]);
    expect([...fromHex(hex)]).toEqual([...every]);
    expect([...fromHex(hex.toUpperCase())]).toEqual([...every]);
    expect([...fromHex("0xA0ff")]).toEqual([0xa0, 0xff]);
    expect(fromHex("0x")).toEqual(new Uint8Array());
    expect(fromHex("")).toEqual(new Uint8Array());
  });

  it("rejects text that is not whole bytes of hex, naming it", () => {
    for (const bad of ["0x0", "abc", "0xzz", "0x0g", "g0", "0x 00", "00 ", " 00", "0x00-1", "0X00", "x00"]) {
      expect(() => fromHex(bad), bad).toThrow(SyntaxError);
      expect(() => fromHex(bad), bad).toThrow(`not a hex string: ${bad}`);
    }
  });
});

describe("typeExprId / typeExprIdHex / typeExprEquals", () => {
  it("give the bytes and the text of one id", () => {
    const e = t.record({ a: t.string(), b: t.list(t.number()) });
    expect(toHex(typeExprId(e))).toBe(typeExprIdHex(e));
    expect(typeExprId(e)).toHaveLength(32);
  });

  it("hand out a copy: changing it does not change the id asked for next", () => {
    const e = t.union(t.literal("open"), t.literal("closed"));
    const first = typeExprId(e);
    const hex = toHex(first);
    first.fill(0);
    expect(toHex(typeExprId(e))).toBe(hex);
    expect(typeExprIdHex(e)).toBe(hex);
  });

  it("equal exactly when the spec says the types are one (member order and names aside)", () => {
    const a: TypeExpr = t.union(t.string(), t.number());
    const b: TypeExpr = { kind: "union", members: [{ kind: "number" }, { kind: "string" }], name: "B" };
    expect(typeExprEquals(a, b)).toBe(true);
    // Different types whose ids share bytes at some positions: equality needs every byte.
    const types: TypeExpr[] = [
      t.string(),
      t.number(),
      t.bool(),
      t.list(t.string()),
      t.optional(t.string()),
      t.literal(1),
      t.literal("1"),
      t.record({ a: t.string() }),
    ];
    const ids = types.map(typeExprId);
    let sharedPairs = 0;
    for (let i = 0; i < types.length; i++) {
      for (let j = i + 1; j < types.length; j++) {
        expect(typeExprEquals(types[i]!, types[j]!)).toBe(false);
        if (ids[i]!.some((byte, k) => byte === ids[j]![k])) sharedPairs++;
      }
      expect(typeExprEquals(types[i]!, structuredClone(types[i]!))).toBe(true);
    }
    expect(sharedPairs).toBeGreaterThan(0);
  });
});
