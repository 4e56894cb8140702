import { canonicalize, compileValidatorSource, t } from "@causality/schema";
import { describe, expect, it } from "vitest";
// The worker runs the built module (a thread cannot load .ts), so this test uses dist like tspc does.
import { EmissionPool, emissionOf } from "../dist/emission.js";

const types = Array.from({ length: 60 }, (_, i) =>
  t.record({
    id: t.refine(t.string(), { kind: "minLength", value: 1 }),
    kind: t.union(t.literal("a"), t.literal(`k${i}`)),
    items: t.list(t.record({ qty: t.u32(), note: t.optionalField(t.string()) })),
  }),
);

describe("EmissionPool", () => {
  it("gives, for every key, exactly what the main thread computes alone", () => {
    const pool = new EmissionPool(types.length);
    for (const [key, expr] of types.entries()) pool.submit(key, expr);
    types.forEach((expr, key) => {
      const got = pool.take(key);
      expect(got).toEqual(emissionOf(expr));
      expect(got.literal).toBe(JSON.stringify(canonicalize(expr)));
      expect(got.validators).toBe(compileValidatorSource(expr));
    });
  });

  it("keys taken out of order and after the worker caught up are still right", async () => {
    const pool = new EmissionPool(types.length);
    for (const [key, expr] of types.entries()) pool.submit(key, expr);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const key of [59, 0, 30, 1, 58]) expect(pool.take(key)).toEqual(emissionOf(types[key]!));
    pool.close();
  });

  it("a TypeExpr that cannot be canonicalized fails as it would on the main thread", () => {
    const pool = new EmissionPool(1);
    const bad = { kind: "ref", index: 3 } as never;
    pool.submit(0, bad);
    expect(() => pool.take(0)).toThrow(/CX1005|binder/);
  });
});
