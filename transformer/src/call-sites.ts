/**
 * Finds the calls the transformer and the CLI care about: `typeSchema<T>()` imported from
 * @causality/schema and `defineDataflow<I, O, S>()` from @causality/runtime, through named,
 * renamed (`import { typeSchema as ts_ }`) and namespace (`s.typeSchema`) imports.
 */
import type ts from "typescript";

export type SchemaRole = "input" | "output" | "state";

export interface SchemaCall {
  readonly name: "typeSchema" | "defineDataflow";
  /** The role of each type argument (typeSchema's has none). */
  readonly roles: readonly (SchemaRole | undefined)[];
}

const CALLS: Record<string, { module: string; call: SchemaCall }> = {
  typeSchema: { module: "@causality/schema", call: { name: "typeSchema", roles: [undefined] } },
  defineDataflow: {
    module: "@causality/runtime",
    call: { name: "defineDataflow", roles: ["input", "output", "state"] },
  },
};

export function schemaCallOf(
  tsNs: typeof ts,
  checker: ts.TypeChecker,
  call: ts.CallExpression,
): SchemaCall | undefined {
  const imported = calledImport(tsNs, checker, call);
  const spec = imported && CALLS[imported.name];
  return spec && spec.module === imported.module ? spec.call : undefined;
}

function calledImport(
  tsNs: typeof ts,
  checker: ts.TypeChecker,
  call: ts.CallExpression,
): { name: string; module: string } | undefined {
  const callee = call.expression;
  const symbol = checker.getSymbolAtLocation(tsNs.isPropertyAccessExpression(callee) ? callee.name : callee);
  const decl = symbol?.declarations?.[0];
  if (decl && tsNs.isImportSpecifier(decl)) {
    const module = decl.parent.parent.parent.moduleSpecifier;
    return tsNs.isStringLiteral(module)
      ? { name: (decl.propertyName ?? decl.name).text, module: module.text }
      : undefined;
  }
  if (tsNs.isPropertyAccessExpression(callee)) {
    const ns = checker.getSymbolAtLocation(callee.expression)?.declarations?.[0];
    if (ns && tsNs.isNamespaceImport(ns)) {
      const module = ns.parent.parent.moduleSpecifier;
      return tsNs.isStringLiteral(module) ? { name: callee.name.text, module: module.text } : undefined;
    }
  }
  return undefined;
}
