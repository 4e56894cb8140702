/** The fixture families of the differential tests and the benchmark (issue 5's shapes). */
import { type TypeExpr, t } from "@causality/schema";

export const tokenTransfer = t.record({
  sender: t.refine(t.string(), { kind: "minLength", value: 1 }),
  recipient: t.refine(t.string(), { kind: "minLength", value: 1 }),
  amount: t.u64(),
  token_type: t.union(t.literal("ETH"), t.literal("USDC")),
  memo: t.optionalField(t.refine(t.string(), { kind: "maxLength", value: 140 })),
});

export const order = t.record({
  id: t.refine(t.string(), { kind: "format", value: "uuid" }),
  customer: t.record({
    name: t.string(),
    email: t.optionalField(t.refine(t.string(), { kind: "format", value: "email" })),
  }),
  items: t.list(
    t.record({
      sku: t.string(),
      qty: t.u32(),
      price: t.refine(t.number(), { kind: "minimum", value: 0 }),
      note: t.optionalField(t.string()),
      tags: t.list(t.string()),
    }),
  ),
  shipping: t.optionalField(t.record({ address: t.string(), express: t.bool() })),
  meta: t.dict(t.string(), t.string()),
  status: t.union(t.literal("open"), t.literal("paid"), t.literal("shipped")),
});

export const event = t.union(
  t.record({ type: t.literal("created"), id: t.string() }),
  t.record({ type: t.literal("updated"), id: t.string(), fields: t.list(t.string()) }),
  t.record({ type: t.literal("deleted"), id: t.string() }),
  t.record({ type: t.literal("moved"), id: t.string(), to: t.string() }),
  t.record({ type: t.literal("archived"), id: t.string(), at: t.number() }),
  t.record({ type: t.literal("restored"), id: t.string(), by: t.optionalField(t.string()) }),
);

export const tree = t.recursive("Tree", (self) =>
  t.record({ label: t.string(), value: t.number(), children: t.list(self) }),
);

export const mixed = t.record({
  pair: t.tuple(t.string(), t.optionalElement(t.number())),
  rest: t.tuple(t.bool(), t.restElement(t.integer())),
  when: t.date(),
  bytes: t.bytes(),
  set: t.set(t.union(t.string(), t.number())),
  map: t.map(t.string(), t.bigint()),
  maybe: t.optional(t.union(t.null(), t.string())),
  intersection: t.intersection(t.record({ a: t.string() }), t.record({ b: t.optionalField(t.number()) })),
  enum: t.enum([1, 2, "three"]),
  big: t.bigintRange(0n, 2n ** 64n - 1n),
});

export const json = t.recursive("Json", (self) =>
  t.union(t.string(), t.number(), t.bool(), t.null(), t.list(self), t.dict(t.string(), self)),
);

/** name -> [type, comparable with JSON Schema (ajv) and zod on JSON values] */
export const FAMILIES: Record<string, [TypeExpr, boolean]> = {
  tokenTransfer: [tokenTransfer, false],
  order: [order, true],
  event: [event, true],
  tree: [tree, true],
  mixed: [mixed, false],
  json: [json, true],
};

/** A tree of `n` nodes. */
export function treeValue(n: number): unknown {
  let made = 1;
  const node = (depth: number): { label: string; value: number; children: unknown[] } => {
    const children: unknown[] = [];
    while (made < n && children.length < 3 && depth < 6) {
      made++;
      children.push(node(depth + 1));
    }
    return { label: `n${made}`, value: made, children };
  };
  return node(0);
}
