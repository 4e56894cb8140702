// The bench shapes as TypeExprs (our side) and their valid-value generators. The other libraries'
// definitions of the same shapes: src/typia.ts, peers.mjs (ajv, TypeBox, zod), handwritten.mjs.
import { t } from "@causality/schema";
import { event, order, tokenTransfer, tree } from "../../fixtures/validators/shapes.mjs";

const text = (n) => t.refine(t.string(), { kind: "minLength", value: n });

/** Seven levels of nested objects (not recursive), each with an optional note. */
const deepLevel = (level) =>
  level === 6
    ? t.record({ name: t.string(), value: t.number(), flag: t.bool(), note: t.optionalField(t.string()) })
    : t.record({
        name: t.string(),
        level: t.u32(),
        next: deepLevel(level + 1),
        note: t.optionalField(t.string()),
      });

const point = t.record({ x: t.number(), y: t.number() });

export const shapes = {
  /** Flat: a token transfer with a u64 amount and a literal union (issue 18's flat shape). */
  flat: tokenTransfer,
  /** Nested: a document with ~10 items, optional fields and a record (issue 18's nested shape). */
  nested: order,
  /** Arrays of objects: a catalog of 16-32 products. */
  catalog: t.record({
    store: text(1),
    products: t.list(
      t.record({
        id: t.u32(),
        name: text(1),
        price: t.refine(t.number(), { kind: "minimum", value: 0 }),
        inStock: t.bool(),
        rating: t.optionalField(t.number()),
      }),
    ),
  }),
  /** Deep nesting: seven levels of objects. */
  deep: deepLevel(0),
  /** A discriminated union of objects. */
  event,
  /** A union of objects with no discriminant (the members differ by their keys). */
  figure: t.union(
    t.record({ center: point, radius: t.number() }),
    t.record({ origin: point, width: t.number(), height: t.number() }),
    t.record({ points: t.list(point), closed: t.bool() }),
  ),
  /** Recursion: a tree of 10-40 nodes. */
  tree,
};

/** A seeded PRNG (mulberry32): the same values in every process and run. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
const word = (r) => pick(r, ["alpha", "beta", "gamma", "delta", "omega", "kappa", "sigma", "theta"]);
const hex = (r, n) => Array.from({ length: n }, () => "0123456789abcdef"[int(r, 0, 15)]).join("");
// A version-4 UUID (zod 4 checks the version and variant nibbles).
const uuid = (r) =>
  `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-${pick(r, ["8", "9", "a", "b"])}${hex(r, 3)}-${hex(r, 12)}`;

/** Valid values, built field by field in declaration order (as JSON.parse would). */
export const generators = {
  flat: (r) => {
    const v = {
      sender: word(r) + int(r, 0, 999),
      recipient: word(r) + int(r, 0, 999),
      amount: int(r, 0, 2 ** 40),
      token_type: pick(r, ["ETH", "USDC"]),
    };
    if (r() < 0.5) v.memo = `${word(r)} ${word(r)}`;
    return v;
  },
  nested: (r) => {
    const customer = { name: word(r) };
    if (r() < 0.7) customer.email = `${word(r)}${int(r, 1, 99)}@example.com`;
    const v = { id: uuid(r), customer, items: [] };
    const n = int(r, 8, 12);
    for (let i = 0; i < n; i++) {
      const item = { sku: `sku-${int(r, 1, 9999)}`, qty: int(r, 1, 20), price: int(r, 0, 9999) / 100 };
      if (r() < 0.3) item.note = word(r);
      item.tags = Array.from({ length: int(r, 0, 3) }, () => word(r));
      v.items.push(item);
    }
    if (r() < 0.6) v.shipping = { address: `${int(r, 1, 99)} ${word(r)} St`, express: r() < 0.5 };
    v.meta = {};
    for (let i = int(r, 0, 3); i > 0; i--) v.meta[word(r)] = word(r);
    v.status = pick(r, ["open", "paid", "shipped"]);
    return v;
  },
  catalog: (r) => {
    const products = [];
    for (let i = int(r, 16, 32); i > 0; i--) {
      const p = { id: int(r, 0, 1e6), name: word(r), price: int(r, 0, 99999) / 100, inStock: r() < 0.7 };
      if (r() < 0.5) p.rating = int(r, 0, 50) / 10;
      products.push(p);
    }
    return { store: word(r), products };
  },
  deep: (r) => {
    const level = (n) => {
      const v =
        n === 6
          ? { name: word(r), value: r() * 100, flag: r() < 0.5 }
          : { name: word(r), level: n, next: level(n + 1) };
      if (r() < 0.3) v.note = word(r);
      return v;
    };
    return level(0);
  },
  event: (r) => {
    const id = String(int(r, 1, 1e6));
    switch (int(r, 0, 5)) {
      case 0:
        return { type: "created", id };
      case 1:
        return { type: "updated", id, fields: Array.from({ length: int(r, 1, 4) }, () => word(r)) };
      case 2:
        return { type: "deleted", id };
      case 3:
        return { type: "moved", id, to: word(r) };
      case 4:
        return { type: "archived", id, at: int(r, 1.6e9, 1.8e9) };
      default:
        return r() < 0.5 ? { type: "restored", id, by: word(r) } : { type: "restored", id };
    }
  },
  figure: (r) => {
    const pt = () => ({ x: int(r, -500, 500), y: int(r, -500, 500) });
    switch (int(r, 0, 2)) {
      case 0:
        return { center: pt(), radius: int(r, 1, 100) };
      case 1:
        return { origin: pt(), width: int(r, 1, 100), height: int(r, 1, 100) };
      default:
        return { points: Array.from({ length: int(r, 3, 8) }, pt), closed: r() < 0.5 };
    }
  },
  tree: (r) => {
    let left = int(r, 10, 40);
    const node = (depth) => {
      const v = { label: word(r), value: int(r, 0, 1000), children: [] };
      while (left > 0 && depth < 5 && v.children.length < 3 && r() < 0.8) {
        left--;
        v.children.push(node(depth + 1));
      }
      return v;
    };
    return node(0);
  },
};
