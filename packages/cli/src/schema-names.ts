/**
 * What a schema is called in the lock: `<file>#<name>`. The name must stay put while the type
 * does, so that a diff sees a change only when the type changed:
 *
 * - a named type declared in the project is keyed where it is declared: `src/types.ts#Order`;
 *   a generic one by its instantiated text (`src/types.ts#Page<Item>`), since each
 *   instantiation is a different schema;
 * - any other type (a type literal, `string`, `Item[]`, a library type such as `Date`) is keyed
 *   at the call site by the variable the call is assigned to (`src/x.ts#transferInput`), not by
 *   its line, which moves whenever a line is added above it. `@<line>` only when there is no
 *   variable.
 */
import type TS from "typescript";
import { ts } from "./typescript.js";

export interface SchemaName {
  /** The part of the key after `#`. */
  readonly name: string;
  /** The file the key names: the declaring file of a named type, the call site's file otherwise. */
  readonly sourceFile: TS.SourceFile;
  /**
   * The export of `sourceFile` the generated .d.ts can import the type by. Only for exported,
   * non-generic named types in a .ts source: anything else has no name to import.
   */
  readonly importName?: string;
}

/**
 * The declared name of `type` when it is a named type of the project itself, else undefined.
 * `written` is the alias the use names (`typeSchema<Order>()` with `type Order = Entity`): it wins
 * over the type's own symbol, so the key stays `#Order` whatever Order points to.
 */
export function namedTypeOf(program: TS.Program, type: TS.Type, written?: TS.Symbol): SchemaName | undefined {
  const checker = program.getTypeChecker();
  const alias = written ?? type.aliasSymbol;
  const symbol = alias ?? type.getSymbol();
  const decl = symbol?.declarations?.[0];
  if (!symbol || !decl) return undefined;
  if (
    !alias &&
    !(ts.isInterfaceDeclaration(decl) || ts.isClassDeclaration(decl) || ts.isEnumDeclaration(decl))
  )
    return undefined;
  const sourceFile = decl.getSourceFile();
  // Library types (Array, Date, Map…) are not declared by the project: there is no file of ours to key them by.
  if (program.isSourceFileFromExternalLibrary(sourceFile) || program.isSourceFileDefaultLibrary(sourceFile))
    return undefined;
  if (written === undefined && isGenericInstance(type)) {
    return { name: checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation), sourceFile };
  }
  const importName = sourceFile.isDeclarationFile ? undefined : exportNameOf(checker, sourceFile, symbol);
  return importName === undefined
    ? { name: symbol.name, sourceFile }
    : { name: symbol.name, sourceFile, importName };
}

/**
 * The name of a type with no declared name of its own, from the call it appears in:
 * the variable the call is assigned to, else `<call>@<line>`. A dataflow's three type arguments
 * share a call, so its role is appended (`transfer.input`).
 */
export function inlineName(
  call: TS.CallExpression,
  callName: string,
  role: string | undefined,
  line: number,
): string {
  const base = assignedVariable(call) ?? `${callName}@${line}`;
  return role === undefined ? base : `${base}.${role}`;
}

/**
 * The type alias a type argument names, when it is a plain reference to one (`Order`, not
 * `Order[]` or `Page<Order>`): TypeScript gives `type Order = Entity` no type of its own, so only
 * the written name tells the alias apart from its target.
 */
export function aliasAt(checker: TS.TypeChecker, node: TS.Node): TS.Symbol | undefined {
  if (!ts.isTypeReferenceNode(node) || node.typeArguments !== undefined) return undefined;
  let symbol = checker.getSymbolAtLocation(node.typeName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  if (!symbol || !(symbol.flags & ts.SymbolFlags.TypeAlias)) return undefined;
  const decl = symbol.declarations?.[0];
  // A generic alias used without arguments is an error TypeScript reports; leave it to the type.
  if (!decl || !ts.isTypeAliasDeclaration(decl) || decl.typeParameters !== undefined) return undefined;
  return symbol;
}

function isGenericInstance(type: TS.Type): boolean {
  if (type.aliasSymbol) return (type.aliasTypeArguments?.length ?? 0) > 0;
  if (!(type.flags & ts.TypeFlags.Object)) return false;
  const object = type as TS.ObjectType;
  if (!(object.objectFlags & ts.ObjectFlags.Reference)) return false;
  return ((object as TS.TypeReference).target.typeParameters?.length ?? 0) > 0;
}

/** Per module: each exported symbol -> the name to import it by. Built once per file, not per use. */
const exportNames = new WeakMap<TS.SourceFile, Map<TS.Symbol, string>>();

/** The name `sourceFile` exports `symbol` under (its own name first), if it exports it. */
function exportNameOf(
  checker: TS.TypeChecker,
  sourceFile: TS.SourceFile,
  symbol: TS.Symbol,
): string | undefined {
  let names = exportNames.get(sourceFile);
  if (!names) {
    names = new Map();
    const module = checker.getSymbolAtLocation(sourceFile);
    const exports = module ? checker.getExportsOfModule(module) : [];
    // `default` cannot be imported by name; sorted so a symbol exported twice always gets the same one.
    for (const e of exports.filter((x) => x.name !== "default").sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
      if (!names.has(target) || e.name === target.name) names.set(target, e.name);
    }
    exportNames.set(sourceFile, names);
  }
  return names.get(symbol);
}

/** `const x = typeSchema<…>()`, also through parentheses, `as`, `satisfies` and `!`. */
function assignedVariable(call: TS.CallExpression): string | undefined {
  let node: TS.Node = call;
  while (
    ts.isParenthesizedExpression(node.parent) ||
    ts.isAsExpression(node.parent) ||
    ts.isSatisfiesExpression(node.parent) ||
    ts.isNonNullExpression(node.parent)
  )
    node = node.parent;
  const parent = node.parent;
  return ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)
    ? parent.name.text
    : undefined;
}
