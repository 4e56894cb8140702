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

const MODULES = new Set(Object.values(CALLS).map((c) => c.module));

/**
 * Offsets in `sf.text` where a schema call can start: every occurrence of a name this file imports
 * `typeSchema`/`defineDataflow` (or the whole module) under. A call is always an import of this
 * file, so the transformer only walks the subtrees that hold one of these offsets; a file that
 * imports neither module gets no walk at all. A source file never changes, so its offsets are
 * found once (a full build asks while planning and again while transforming).
 */
export function candidateOffsets(tsNs: typeof ts, sf: ts.SourceFile): readonly number[] {
  let offsets = OFFSETS.get(sf);
  if (!offsets) {
    offsets = findOffsets(tsNs, sf);
    OFFSETS.set(sf, offsets);
  }
  return offsets;
}

const OFFSETS = new WeakMap<ts.SourceFile, readonly number[]>();

function findOffsets(tsNs: typeof ts, sf: ts.SourceFile): number[] {
  const names = new Set<string>();
  for (const statement of sf.statements) {
    if (!tsNs.isImportDeclaration(statement)) continue;
    const module = statement.moduleSpecifier;
    const bindings = statement.importClause?.namedBindings;
    if (!tsNs.isStringLiteral(module) || !MODULES.has(module.text) || !bindings) continue;
    if (tsNs.isNamespaceImport(bindings)) names.add(bindings.name.text);
    else {
      for (const spec of bindings.elements) {
        if (Object.hasOwn(CALLS, (spec.propertyName ?? spec.name).text)) names.add(spec.name.text);
      }
    }
  }
  const offsets: number[] = [];
  for (const name of names) {
    for (let at = sf.text.indexOf(name); at >= 0; at = sf.text.indexOf(name, at + name.length)) {
      offsets.push(at);
    }
  }
  return offsets.sort((a, b) => a - b);
}

/** Whether some offset lies in [pos, end); `offsets` sorted ascending. */
export function holdsOffset(offsets: readonly number[], pos: number, end: number): boolean {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid]! < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo < offsets.length && offsets[lo]! < end;
}

/** Every schema call in `sf` (type arguments present or not), in source order. */
export function schemaCallsIn(
  tsNs: typeof ts,
  checker: ts.TypeChecker,
  sf: ts.SourceFile,
): { node: ts.CallExpression; call: SchemaCall }[] {
  const offsets = candidateOffsets(tsNs, sf);
  const found: { node: ts.CallExpression; call: SchemaCall }[] = [];
  if (offsets.length === 0) return found;
  const walk = (node: ts.Node): void => {
    if (!holdsOffset(offsets, node.pos, node.end)) return;
    if (tsNs.isCallExpression(node)) {
      const call = schemaCallOf(tsNs, checker, node);
      if (call) found.push({ node, call });
    }
    tsNs.forEachChild(node, walk);
  };
  walk(sf);
  return found;
}
