import { defineDataflow } from "@causality/runtime";
import { typeSchema } from "@causality/schema";
import type { TokenTransferInput, TransferOutput, TransferState } from "./types.js";

/** The transfer dataflow's definition; the plugin injects the three schemas. */
export const transfer = defineDataflow<TokenTransferInput, TransferOutput, TransferState>({
  name: "token-transfer",
});

export const transferInput = typeSchema<TokenTransferInput>();
