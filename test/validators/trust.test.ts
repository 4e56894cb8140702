/**
 * Generated code and caches never trust the caller's objects: an expression is copied (each
 * property read once, frozen) before it is checked, cached or compiled (packages/schema/src/snapshot.ts).
 */
import { canonicalize, compileValidatorSource, schemaFromExpr, type TypeExpr, t } from "@causality/schema";
import { describe, expect, it } from "vitest";

const pwned = () => (globalThis as { PWNED?: number }).PWNED;

describe("the expression is read once, into a private copy", () => {
  it("a getter that answers safely while checked and with code when read again injects nothing", () => {
    let reads = 0;
    const range = {
      kind: "range",
      min: "0",
      get max() {
        reads++;
        return reads === 1 ? "10" : "1) || (globalThis.PWNED = 1) || (0";
      },
    } as unknown as TypeExpr;
    const source = compileValidatorSource(t.record({ a: range }));
    expect(source).not.toContain("PWNED");
    expect(reads).toBe(1);
    const compiled = new Function(`return ${source}`)();
    expect(compiled.is({ a: 10 })).toBe(true);
    expect(compiled.is({ a: 11 })).toBe(false);
    expect(pwned()).toBeUndefined();
  });

  it("a constraint object mutated after canonicalization changes neither the form nor later code", () => {
    const constraint = { kind: "minimum", value: 5 };
    // Written by hand: `t.refine` copies its constraints (and freezes the copy).
    const expr = { kind: "refine", base: t.number(), constraints: [constraint] } as TypeExpr;
    const before = schemaFromExpr(expr);
    constraint.value = "0 || (globalThis.PWNED = 1)" as unknown as number;
    expect(() => compileValidatorSource(expr)).toThrow(
      expect.objectContaining({ code: "CX1007_BAD_NUMBER" }),
    );
    expect(before.is(4)).toBe(false);
    expect(before.is(5)).toBe(true);
    expect(pwned()).toBeUndefined();
  });

  it("an expression changed after use is canonicalized again, not served the old form", () => {
    const field = { name: "a", type: t.string() } as { name: string; type: TypeExpr };
    const expr = { kind: "record", fields: [field] } as TypeExpr;
    const first = schemaFromExpr(expr);
    field.type = t.number();
    const second = schemaFromExpr(expr);
    expect(second.id).not.toBe(first.id);
    expect(second.is({ a: 1 })).toBe(true);
    expect(second.is({ a: "x" })).toBe(false);
  });

  it("a non-enumerable optional does not poison the JSON-text cache for a later plain schema", () => {
    const hidden = { name: "a", type: t.string() };
    Object.defineProperty(hidden, "optional", { value: true, enumerable: false });
    const poisoned = schemaFromExpr({ kind: "record", fields: [hidden] } as TypeExpr);
    const plain = schemaFromExpr({ kind: "record", fields: [{ name: "a", type: t.string() }] } as TypeExpr);
    expect(poisoned.is({})).toBe(true);
    expect(plain.is({})).toBe(false);
    expect(plain.id).not.toBe(poisoned.id);
    expect(plain.id).toBe(schemaFromExpr(t.record({ a: t.string() })).id);
  });

  it("an expression object that contains itself is an error with a code, not a hang", () => {
    const loop: { kind: string; element?: unknown } = { kind: "list" };
    loop.element = loop;
    expect(() => canonicalize(loop as TypeExpr)).toThrow(
      expect.objectContaining({ code: "CX1008_LIMIT_EXCEEDED" }),
    );
  });
});
