/**
 * Interfaces and classes that extend `Array<T>` or `ReadonlyArray<T>` (`interface Items extends
 * Array<Item> {}`, the usual way to write a recursive JSON-like type before TypeScript 3.7): at run
 * time their values are arrays, so they are lists, not objects with Array's methods.
 */
import type ts from "typescript";

type TS = typeof ts;

export interface ArrayLike {
  /** The element type (the number index signature, instantiated). */
  readonly element: ts.Type;
  /** Members declared on top of Array's: a JSON array cannot carry them. */
  readonly extra: readonly string[];
}

/** `type`'s element type when it is an interface or class deriving from an array type; undefined otherwise. */
export function arrayLike(tsNs: TS, checker: ts.TypeChecker, type: ts.ObjectType): ArrayLike | undefined {
  const target = classOrInterface(tsNs, type);
  if (!target || !derivesFromArray(tsNs, checker, target, new Set())) return undefined;
  const element = checker.getIndexInfoOfType(type, tsNs.IndexKind.Number)?.type;
  if (element === undefined) return undefined;
  const extra = checker
    .getPropertiesOfType(type)
    .filter((p) => !(p.declarations ?? []).every(isLibDeclaration))
    .map((p) => p.name);
  return { element, extra };
}

function derivesFromArray(
  tsNs: TS,
  checker: ts.TypeChecker,
  type: ts.InterfaceType,
  seen: Set<ts.Type>,
): boolean {
  if (seen.has(type)) return false;
  seen.add(type);
  for (const base of checker.getBaseTypes(type)) {
    if (checker.isArrayType(base)) return true;
    const target = classOrInterface(tsNs, base);
    if (target && derivesFromArray(tsNs, checker, target, seen)) return true;
  }
  return false;
}

/** The interface or class declaration behind `type` (itself, or the target of a generic reference). */
function classOrInterface(tsNs: TS, type: ts.Type): ts.InterfaceType | undefined {
  if (!(type.flags & tsNs.TypeFlags.Object)) return undefined;
  const object = type as ts.ObjectType;
  const target =
    object.objectFlags & tsNs.ObjectFlags.Reference ? (object as ts.TypeReference).target : object;
  return target.objectFlags & tsNs.ObjectFlags.ClassOrInterface ? (target as ts.InterfaceType) : undefined;
}

/** Declared by TypeScript's standard library (Array's own members), not by the user's interface. */
export function isLibDeclaration(decl: ts.Declaration): boolean {
  const file = decl.getSourceFile();
  return (
    file.isDeclarationFile &&
    (file.hasNoDefaultLib || /[\\/]typescript[\\/]lib[\\/]lib\./.test(file.fileName))
  );
}
