/**
 * Ids remembered by identity only for inputs that can never read differently: deep-frozen, plain
 * data (schemas built with `t` are). Anything mutable, or with a getter, is read afresh every time.
 */
import { describe, expect, it } from "vitest";
import { t } from "./builders.js";
import { typeExprIdHex } from "./id.js";
import type { TypeExpr } from "./type-expr.js";

/** A schema of ~`n` records, each a few nodes, built with `t` (so deep-frozen). */
function wide(n: number): TypeExpr {
  const fields: Record<string, TypeExpr> = {};
  for (let i = 0; i < n; i++) {
    fields[`f${i}`] = t.record({
      id: t.range(0, 1000 + i),
      tag: t.literal(`tag-${i}`),
      at: t.optional(t.date()),
    });
  }
  return t.record(fields);
}

const perCall = (f: () => void, calls: number) => {
  const start = performance.now();
  for (let i = 0; i < calls; i++) f();
  return (performance.now() - start) / calls;
};

describe("ids of schemas that cannot change are remembered by identity", () => {
  it("a schema built with t: asking again costs microseconds, a mutable copy of it is read again", () => {
    const built = wide(150);
    expect(Object.isFrozen(built)).toBe(true);
    const id = typeExprIdHex(built);
    const copy = JSON.parse(JSON.stringify(built)) as TypeExpr;
    expect(typeExprIdHex(copy)).toBe(id);
    perCall(() => typeExprIdHex(built), 200); // warm-up
    const frozenMs = perCall(() => typeExprIdHex(built), 1000);
    const copyMs = perCall(() => typeExprIdHex(copy), 20);
    // Measured: ~1-10 us against ~2-17 ms here; the bounds leave room for a loaded machine.
    expect(frozenMs).toBeLessThan(0.1);
    expect(frozenMs * 10).toBeLessThan(copyMs);
  });

  it("a mutable schema is read afresh: a change between calls changes the id", () => {
    const mutable = { kind: "list", element: { kind: "string" } } as { kind: "list"; element: TypeExpr };
    const before = typeExprIdHex(mutable);
    mutable.element = { kind: "number" };
    expect(typeExprIdHex(mutable)).not.toBe(before);
    expect(typeExprIdHex(mutable)).toBe(typeExprIdHex(t.list(t.number())));
  });

  it("a frozen root over a mutable child is not remembered", () => {
    const child = { kind: "string" } as { kind: string };
    const root = Object.freeze({ kind: "list", element: child as TypeExpr }) as TypeExpr;
    const before = typeExprIdHex(root);
    child.kind = "number";
    expect(typeExprIdHex(root)).not.toBe(before);
    expect(typeExprIdHex(root)).toBe(typeExprIdHex(t.list(t.number())));
  });

  it("a frozen getter (an accessor stays callable when frozen) is not remembered", () => {
    let kind = "string";
    const leaf = Object.freeze({
      get kind() {
        return kind;
      },
    }) as unknown as TypeExpr;
    const root = t.list(leaf);
    const before = typeExprIdHex(root);
    kind = "number";
    expect(typeExprIdHex(root)).not.toBe(before);
  });

  it("a frozen object with a prototype of its own is not remembered", () => {
    const proto = { kind: "string" };
    const leaf = Object.freeze(Object.create(proto)) as TypeExpr;
    const root = t.list(leaf);
    const before = typeExprIdHex(root);
    proto.kind = "number";
    expect(typeExprIdHex(root)).not.toBe(before);
  });

  it("builders copy what they are given and freeze only their own objects", () => {
    const constraint = { kind: "minLength" as const, value: 1 };
    const texts = ["a-", ""];
    const refined = t.refine(t.string(), constraint);
    const template = t.template(texts, [t.string()]);
    expect(Object.isFrozen(constraint)).toBe(false);
    expect(Object.isFrozen(texts)).toBe(false);
    constraint.value = 5;
    texts[0] = "b-";
    expect(refined).toEqual(t.refine(t.string(), { kind: "minLength", value: 1 }));
    expect(template).toEqual(t.template(["a-", ""], [t.string()]));
  });
});
