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

export type Event =
  | { type: "created"; id: string }
  | { type: "updated"; id: string; fields: string[] }
  | { type: "deleted"; id: string }
  | { type: "moved"; id: string; to: string }
  | { type: "archived"; id: string; at: number }
  | { type: "restored"; id: string; by?: string };

export interface Tree {
  label: string;
  value: number;
  children: Tree[];
}

export const is = {
  tokenTransfer: typia.createIs<TokenTransferInput>(),
  order: typia.createIs<Order>(),
  event: typia.createIs<Event>(),
  tree: typia.createIs<Tree>(),
};

export const validate = {
  tokenTransfer: typia.createValidate<TokenTransferInput>(),
  order: typia.createValidate<Order>(),
  event: typia.createValidate<Event>(),
  tree: typia.createValidate<Tree>(),
};
