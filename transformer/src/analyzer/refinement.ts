/**
 * Reads the phantom tags of @causality/schema's refinement types (`u64`, `MinLength<3>`, ...)
 * from the `"~causality"` property of an intersection's object members.
 */
import type { Constraint, NumericConstraintKind, TypeExpr } from "@causality/schema/core";
import type ts from "typescript";

const NUMERIC: readonly NumericConstraintKind[] = [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
];

export function readRefinement(
  tsNs: typeof ts,
  checker: ts.TypeChecker,
  base: TypeExpr,
  tagTypes: readonly ts.Type[],
  property: string,
): { expr: TypeExpr } | { error: string } {
  const tags = new Map<string, unknown>();
  for (const t of tagTypes) {
    const prop = checker.getPropertyOfType(t, property)!;
    const carrier = checker.getNonNullableType(checker.getTypeOfSymbol(prop));
    for (const tag of checker.getPropertiesOfType(carrier)) {
      const valueType = checker.getTypeOfSymbol(tag);
      tags.set(tag.name, literalValue(tsNs, valueType));
    }
  }
  const min = tags.get("min");
  const max = tags.get("max");
  let expr: TypeExpr = base;
  if (tags.has("fixed")) {
    const scale = tags.get("fixed");
    if (typeof scale !== "number") return { error: "Fixed<S> needs a number literal scale" };
    expr = { kind: "fixed", scale };
  } else if (tags.has("ratio")) {
    expr = { kind: "ratio" };
  } else if (min !== undefined || max !== undefined) {
    if (typeof min !== "string" || typeof max !== "string")
      return { error: "integer ranges need both bounds as decimal strings" };
    if (base.kind === "bigint") expr = { kind: "bigintRange", min, max };
    else if (base.kind === "number") expr = { kind: "range", min, max };
    else return { error: "an integer range refines number or bigint" };
  } else if (tags.get("integer") === true) {
    if (base.kind !== "number") return { error: "Int refines number" };
    expr = { kind: "integer" };
  }
  const constraints: Constraint[] = [];
  for (const kind of NUMERIC) {
    if (!tags.has(kind)) continue;
    const value = tags.get(kind);
    if (typeof value !== "number") return { error: `${kind} needs a number literal` };
    constraints.push({ kind, value });
  }
  for (const kind of ["pattern", "format"] as const) {
    if (!tags.has(kind)) continue;
    const value = tags.get(kind);
    if (typeof value !== "string") return { error: `${kind} needs a string literal` };
    constraints.push({ kind, value });
  }
  return { expr: constraints.length === 0 ? expr : { kind: "refine", base: expr, constraints } };
}

function literalValue(tsNs: typeof ts, t: ts.Type): unknown {
  if (t.flags & tsNs.TypeFlags.StringLiteral) return (t as ts.StringLiteralType).value;
  if (t.flags & tsNs.TypeFlags.NumberLiteral) return (t as ts.NumberLiteralType).value;
  if (t.flags & tsNs.TypeFlags.BooleanLiteral)
    return (t as { intrinsicName?: string }).intrinsicName === "true";
  return undefined;
}
