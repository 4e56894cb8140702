import type { MaxLength, MinLength, u32, u64 } from "@causality/schema";

/** The seed's token transfer: who pays whom, how much, in which token. */
export interface TokenTransferInput {
  sender: string & MinLength<1>;
  recipient: string & MinLength<1>;
  amount: u64;
  token_type: "ETH" | "USDC";
  memo?: string & MaxLength<140>;
}

/** Where a transfer stands while the dataflow runs. */
export interface TransferState {
  status: "pending" | "validated" | "emitted" | "failed";
  attempts: u32;
  receipt?: string;
  error?: string;
}

export interface TransferOutput {
  ok: boolean;
  receipt: string | null;
}
