/** Rewrites of converted TypeExprs: refs by name to de Bruijn indices, optional tuple elements. */
import { mapChildren, type TypeExpr } from "@causality/schema/core";

/** An optional tuple element's type without the `| undefined` the checker adds to it. */
export function withoutUndefined(t: TypeExpr): TypeExpr {
  if (t.kind === "optional") return t.inner;
  if (t.kind !== "union") return t;
  const members = t.members.filter((m) => m.kind !== "undefined");
  return members.length === 1 ? members[0]! : { ...t, members };
}

/** Turns the analyzer's by-name refs into de Bruijn indices (binders counted innermost first). */
export function bindRefs(e: TypeExpr, binders: readonly string[]): TypeExpr {
  if (e.kind === "ref") {
    return e.index !== undefined
      ? e
      : { ...e, index: binders.length - 1 - binders.lastIndexOf(e.name ?? "") };
  }
  const inner = e.kind === "recursive" ? [...binders, e.name ?? ""] : binders;
  return mapChildren(e, (child) => bindRefs(child, inner));
}
