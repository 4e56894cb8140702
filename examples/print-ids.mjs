// The main job until the example project is wired through the transformer: print the id and
// canonical TypeExpr of the example types.
import { canonicalize, printTypeExpr, t, typeExprIdHex } from "@causality/schema";

const types = {
  TokenTransferInput: t.record({
    sender: t.string(),
    recipient: t.string(),
    amount: t.u64(),
    token_type: t.string(),
  }),
  TransferState: t.record({
    status: t.union(t.literal("pending"), t.literal("validated"), t.literal("emitted"), t.literal("done")),
    domain: t.optionalField(t.string()),
    attempts: t.u32(),
  }),
  TransferOutput: t.record({ ok: t.bool(), receipt: t.optional(t.string()) }),
  Json: t.recursive("Json", (self) =>
    t.union(t.string(), t.number(), t.bool(), t.null(), t.list(self), t.dict(t.string(), self)),
  ),
};

for (const [name, expr] of Object.entries(types)) {
  console.log(`${name}  ${typeExprIdHex(expr)}`);
  console.log(`  ${printTypeExpr(canonicalize(expr))}`);
  console.log(`  ${JSON.stringify(canonicalize(expr))}\n`);
}
