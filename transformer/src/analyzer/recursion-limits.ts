/**
 * Bounds on how deep the analyzer follows types. A regular recursive type (`Tree<T>` holding
 * `Tree<T>[]`) comes back to a type already on the stack and becomes a `ref`; a non-regular one
 * (`Deep<T>` holding `Deep<Deep<T>>`) instantiates a new, larger type at every level and would be
 * followed until the stack overflows. It has no finite TypeExpr, so it is reported.
 */
import type ts from "typescript";

/** Open instantiations of one generic declaration before the analyzer gives up (a backstop). */
export const MAX_SELF_INSTANTIATIONS = 24;

/** Deepest stack of nested types followed at all (hand-written types stay far below it). */
export const MAX_NESTING = 400;

/** The generic declaration `type` instantiates (interface/class target, or alias), if any. */
export function genericOrigin(tsNs: typeof ts, type: ts.Type): object | undefined {
  if (type.aliasSymbol && (type.aliasTypeArguments?.length ?? 0) > 0) return type.aliasSymbol;
  if (
    type.flags & tsNs.TypeFlags.Object &&
    (type as ts.ObjectType).objectFlags & tsNs.ObjectFlags.Reference
  ) {
    const target = (type as ts.TypeReference).target;
    if (target !== type && (target.typeParameters?.length ?? 0) > 0) return target;
  }
  return undefined;
}

/**
 * Whether `type` grows out of `open`, an instantiation of the same generic being converted around
 * it: one of its type arguments contains `open` (`Deep<Deep<T>>` inside `Deep<T>`). Converting it
 * would meet an even larger one inside, forever.
 */
export function growsFrom(checker: ts.TypeChecker, type: ts.Type, open: ts.Type): boolean {
  return argumentsOf(checker, type).some((arg) => contains(checker, arg, open, 4));
}

function contains(checker: ts.TypeChecker, type: ts.Type, wanted: ts.Type, depth: number): boolean {
  if (type === wanted) return true;
  if (depth === 0) return false;
  const parts = (type as ts.UnionOrIntersectionType).types ?? argumentsOf(checker, type);
  return parts.some((part) => contains(checker, part, wanted, depth - 1));
}

function argumentsOf(checker: ts.TypeChecker, type: ts.Type): readonly ts.Type[] {
  if (type.aliasTypeArguments) return type.aliasTypeArguments;
  const ref = type as ts.TypeReference;
  return ref.target !== undefined && ref.target !== type ? checker.getTypeArguments(ref) : [];
}
