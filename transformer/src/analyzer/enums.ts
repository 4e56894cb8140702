/**
 * TypeScript enums as `enum` TypeExprs: an enum type, or a union of the literals of one enum
 * declaration, becomes its members (name and value); computed members cannot be read.
 */
import type { TypeExpr } from "@causality/schema/core";
import type ts from "typescript";

type TS = typeof ts;

/** Whether a union is made of the members of one enum declaration. */
export function isEnumUnion(ts: TS, type: ts.UnionType): boolean {
  return (
    type.types.length > 0 &&
    type.types.every((t) => (t.flags & ts.TypeFlags.EnumLiteral) !== 0) &&
    new Set(type.types.map(enumDeclarationOf)).size === 1
  );
}

function enumDeclarationOf(t: ts.Type): ts.Node | undefined {
  return t.getSymbol()?.valueDeclaration?.parent;
}

/** The enum TypeExpr of an enum type (or union of its members); an error for computed members. */
export function enumOf(ts: TS, type: ts.Type): TypeExpr | { error: string } {
  const members = (type.flags & ts.TypeFlags.Union ? (type as ts.UnionType).types : [type]).map((t) => {
    const value = (t as ts.LiteralType).value;
    if (typeof value !== "string" && typeof value !== "number") return undefined;
    return { name: t.getSymbol()?.name, value };
  });
  if (members.some((m) => m === undefined)) return { error: "enum with computed members" };
  const name =
    type.aliasSymbol?.name ??
    enumDeclarationOf((type as ts.UnionType).types?.[0] ?? type)
      ?.getText()
      .match(/enum\s+(\w+)/)?.[1];
  const expr: TypeExpr = {
    kind: "enum",
    members: members.map((m) =>
      m!.name === undefined ? { value: m!.value } : { name: m!.name, value: m!.value },
    ),
  };
  return name ? { ...expr, name } : expr;
}
