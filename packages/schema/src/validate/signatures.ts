/**
 * An object type with index signatures: an intersection whose members are records and dictionaries
 * (how the analyzer writes `{ id: string; [k: `x-${string}`]: string; [k: `${string}_at`]: number }`).
 * As in TypeScript, each key is checked against the value type of every signature whose key type
 * accepts it, and a key no signature accepts is left alone (it may be a declared field, or an extra
 * key); `equals` rejects a key that is neither declared nor accepted by a signature. Both back ends
 * and the exports read this shape through `indexSignatures`.
 */
import type { ExprOf, TypeExpr } from "../type-expr.js";

export interface IndexSignatures {
  readonly records: readonly ExprOf<"record">[];
  readonly dicts: readonly ExprOf<"dict">[];
  /** Field names the records declare. */
  readonly declared: readonly string[];
}

export function indexSignatures(e: ExprOf<"intersection">): IndexSignatures | undefined {
  const records = e.members.filter((m): m is ExprOf<"record"> => m.kind === "record");
  const dicts = e.members.filter((m): m is ExprOf<"dict"> => m.kind === "dict");
  if (dicts.length === 0 || records.length + dicts.length !== e.members.length) return undefined;
  return { records, dicts, declared: records.flatMap((r) => r.fields.map((f) => f.name)) };
}

/** Whether a member is a dictionary with a key type that accepts every key. */
export function acceptsEveryKey(d: TypeExpr): boolean {
  return d.kind === "dict" && (d.key.kind === "string" || d.key.kind === "any");
}
