/**
 * The declaration order of record fields. Ids sort fields by name; validators check and report them
 * in the order they were written (as typia and zod do: people read the first issue first), so the
 * canonical form keeps each field's declared position as metadata (`order`, never hashed), written
 * only when it differs from the sorted order.
 */
import type { ExprOf, Field } from "./type-expr.js";

/** Each field's declared position (0..n-1): by its `order` where given, else by its place in `fields`. */
export function declaredPositions(fields: readonly Field[]): number[] {
  // A field without a usable `order` (say, a TypeExpr built in code) keeps its place in the array.
  const key = (f: Field, i: number) =>
    typeof f.order === "number" && Number.isFinite(f.order) ? f.order : i;
  const ranked = fields.map((f, i) => ({ key: key(f, i), i })).sort((a, b) => a.key - b.key || a.i - b.i);
  const positions = new Array<number>(fields.length);
  ranked.forEach(({ i }, position) => {
    positions[i] = position;
  });
  return positions;
}

const CACHE = new WeakMap<ExprOf<"record">, readonly Field[]>();

/** The fields of a record in declaration order (the canonical fields array when none has an `order`). */
export function fieldsInDeclarationOrder(e: ExprOf<"record">): readonly Field[] {
  if (!e.fields.some((f) => f.order !== undefined)) return e.fields;
  let sorted = CACHE.get(e);
  if (!sorted) {
    const positions = declaredPositions(e.fields);
    sorted = e.fields
      .map((f, i) => ({ f, at: positions[i]! }))
      .sort((a, b) => a.at - b.at)
      .map(({ f }) => f);
    CACHE.set(e, sorted);
  }
  return sorted;
}
