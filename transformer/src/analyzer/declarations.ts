/**
 * What the analyzer asks of declarations: their doc comments and `@redacted` tags, whether they
 * come from TypeScript's standard library, and which class members are data. Pure questions.
 */
import type ts from "typescript";

type TS = typeof ts;

/** Types of TypeScript's standard library read as something other than their properties. */
export const LIB_TYPES: ReadonlySet<string> = new Set([
  "Date",
  "Uint8Array",
  "Map",
  "ReadonlyMap",
  "Set",
  "ReadonlySet",
  "Promise",
  "WeakMap",
  "WeakSet",
  "RegExp",
  "Function",
]);

/**
 * The doc comment of a declaration, inherited ones included. Asking the checker costs a JSDoc
 * walk per symbol, so it is asked only when a declaration carries a comment or could inherit one.
 */
export function docOf(ts: TS, checker: ts.TypeChecker, symbol: ts.Symbol): string {
  const decls = symbol.declarations ?? [];
  const mayHave = decls.some((d) => {
    if ((d as { jsDoc?: readonly unknown[] }).jsDoc?.length) return true;
    const owner = ts.isClassLike(d) || ts.isInterfaceDeclaration(d) ? d : d.parent;
    return (
      owner !== undefined &&
      (ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner)) &&
      (owner.heritageClauses?.length ?? 0) > 0
    );
  });
  if (!mayHave) return "";
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
}

export function hasMethods(ts: TS, checker: ts.TypeChecker, type: ts.Type): boolean {
  return checker.getPropertiesOfType(type).some((p) => (p.flags & ts.SymbolFlags.Method) !== 0);
}

/** Whether `symbol` is declared in TypeScript's standard library (lib.*.d.ts or a no-default-lib file). */
export function isGlobalLib(symbol: ts.Symbol | undefined): boolean {
  const decl = symbol?.declarations?.[0];
  if (!decl) return false;
  const file = decl.getSourceFile();
  return (
    file.isDeclarationFile &&
    (file.hasNoDefaultLib || /[\\/]typescript[\\/]lib[\\/]lib\./.test(file.fileName))
  );
}

export function isClassMember(ts: TS, decl: ts.Declaration): boolean {
  return ts.isClassLike(decl.parent) || ts.isParameterPropertyDeclaration?.(decl, decl.parent) === true;
}

/** Classes are their public data: no methods, accessors, private/protected or static members. */
export function isPublicDataMember(ts: TS, decl: ts.Declaration): boolean {
  if (ts.isMethodDeclaration(decl) || ts.isGetAccessor(decl) || ts.isSetAccessor(decl)) return false;
  const flags = ts.getCombinedModifierFlags(decl);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected | ts.ModifierFlags.Static)) return false;
  const name = (decl as ts.PropertyDeclaration).name;
  return !(name && ts.isPrivateIdentifier(name));
}

/**
 * A property whose declaration carries the JSDoc tag `@redacted`: its value is a secret the
 * runtime keeps out of journals and events. A tag, not a branded type like `Format<>`, because it
 * says where a value may be written, not which values the type accepts (so the id stays the same).
 */
export function isRedacted(ts: TS, prop: ts.Symbol): boolean {
  return (prop.declarations ?? []).some((d) =>
    ts.getJSDocTags(d).some((tag) => tag.tagName.text === "redacted"),
  );
}
