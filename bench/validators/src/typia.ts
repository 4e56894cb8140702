// The bench shapes for typia, compiled by tspc with typia's transformer (bench/validators/index.mjs builds it).
import typia, { type tags } from "typia";

export interface TokenTransferInput {
  sender: string & tags.MinLength<1>;
  recipient: string & tags.MinLength<1>;
  amount: number & tags.Type<"uint64">;
  token_type: "ETH" | "USDC";
  memo?: string & tags.MaxLength<140>;
}

export interface Order {
  id: string & tags.Format<"uuid">;
  customer: { name: string; email?: string & tags.Format<"email"> };
  items: {
    sku: string;
    qty: number & tags.Type<"uint32">;
    price: number & tags.Minimum<0>;
    note?: string;
    tags: string[];
  }[];
  shipping?: { address: string; express: boolean };
  meta: Record<string, string>;
  status: "open" | "paid" | "shipped";
}

export interface Catalog {
  store: string & tags.MinLength<1>;
  products: {
    id: number & tags.Type<"uint32">;
    name: string & tags.MinLength<1>;
    price: number & tags.Minimum<0>;
    inStock: boolean;
    rating?: number;
  }[];
}

interface Leaf {
  name: string;
  value: number;
  flag: boolean;
  note?: string;
}
interface Level<Next> {
  name: string;
  level: number & tags.Type<"uint32">;
  next: Next;
  note?: string;
}
export type Deep = Level<Level<Level<Level<Level<Level<Leaf>>>>>>;

export type Event =
  | { type: "created"; id: string }
  | { type: "updated"; id: string; fields: string[] }
  | { type: "deleted"; id: string }
  | { type: "moved"; id: string; to: string }
  | { type: "archived"; id: string; at: number }
  | { type: "restored"; id: string; by?: string };

interface Point {
  x: number;
  y: number;
}
export type Figure =
  | { center: Point; radius: number }
  | { origin: Point; width: number; height: number }
  | { points: Point[]; closed: boolean };

export interface Tree {
  label: string;
  value: number;
  children: Tree[];
}

export const is = {
  flat: typia.createIs<TokenTransferInput>(),
  nested: typia.createIs<Order>(),
  catalog: typia.createIs<Catalog>(),
  deep: typia.createIs<Deep>(),
  event: typia.createIs<Event>(),
  figure: typia.createIs<Figure>(),
  tree: typia.createIs<Tree>(),
};

export const validate = {
  flat: typia.createValidate<TokenTransferInput>(),
  nested: typia.createValidate<Order>(),
  catalog: typia.createValidate<Catalog>(),
  deep: typia.createValidate<Deep>(),
  event: typia.createValidate<Event>(),
  figure: typia.createValidate<Figure>(),
  tree: typia.createValidate<Tree>(),
};
