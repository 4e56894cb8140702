/**
 * Loads a TypeScript project the way `tsc` does (tsconfig.json, `--project`) and finds its
 * schemas: every `typeSchema<T>()` from @causality/schema, every `defineDataflow<I, O, S>()` from
 * @causality/runtime, and the types listed in causality.config.json. Each becomes a lock entry
 * analyzed by the same analyzer the ts-patch plugin uses, so both give the same ids.
 */
import { createHash } from "node:crypto";
import { dirname, relative, resolve } from "node:path";
import type { SchemaRole, TypeExpr } from "@causality/schema";
import { dataflowDiagnostics } from "@causality/transformer";
import type TS from "typescript";
import { type AnalyzerDiagnostic, analyzeTypeWithDiagnostics } from "./analyzer-bridge.js";
import { CONFIG_FILE, prop, readConfig } from "./config.js";
import { CliError } from "./errors.js";
import { findSchemaCalls } from "./schema-calls.js";
import { assignKeys, type FoundSchema } from "./schema-keys.js";
import { aliasAt, inlineName, namedTypeOf } from "./schema-names.js";
import { ts } from "./typescript.js";

export { findTsconfig } from "./tsconfig-path.js";

export interface SchemaUse {
  /** Lock key: `path/relative/to/project.ts#Name` (see schema-names.ts). */
  readonly key: string;
  /** The part of the key after `#`: `Order`, `Page<Item>`, `transferInput`. */
  readonly name: string;
  /** File the key names (relative, posix). */
  readonly file: string;
  readonly roles: readonly SchemaRole[];
  /** The export of `file` the type can be imported by; absent for generic, inline and unexported types. */
  readonly importName?: string;
  readonly expr: TypeExpr;
}

/** What one source file contributed, reusable while neither it nor anything it imports changed. */
export interface FileCacheEntry {
  readonly closure: string;
  readonly found: readonly FoundSchema[];
}
export type FileCache = Readonly<Record<string, FileCacheEntry>>;

export interface ProjectSchemas {
  readonly root: string;
  readonly uses: readonly SchemaUse[];
  readonly diagnostics: readonly AnalyzerDiagnostic[];
  /** Source files that were read (for the incremental cache). */
  readonly files: readonly string[];
  readonly fileCache: FileCache;
  /** Files analyzed this run (the others were reused from the cache). */
  readonly reanalyzed: number;
}

export { type CausalityConfig, readConfig } from "./config.js";

export function createProgram(tsconfig: string): TS.Program {
  const host: TS.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new CliError("CLI3008_TSCONFIG", ts.flattenDiagnosticMessageText(d.messageText, " "), tsconfig);
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, host);
  if (!parsed) throw new CliError("CLI3008_TSCONFIG", "cannot read", tsconfig);
  if (parsed.errors.length > 0) {
    throw new CliError(
      "CLI3008_TSCONFIG",
      ts.flattenDiagnosticMessageText(parsed.errors[0]!.messageText, " "),
      tsconfig,
    );
  }
  return ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
}

export function collectSchemas(
  tsconfig: string,
  onFile?: (done: number, total: number) => void,
  previous: FileCache = {},
): ProjectSchemas {
  const root = dirname(tsconfig);
  const program = createProgram(tsconfig);
  const checker = program.getTypeChecker();
  const config = readConfig(root);
  const diagnostics: AnalyzerDiagnostic[] = [];
  const rel = (f: string) => relative(root, f).split("\\").join("/");
  // By type, not by key: one type seen twice is analyzed once, two types never share a TypeExpr.
  const exprs = new Map<TS.Type, TypeExpr>();
  const exprOf = (type: TS.Type, node: TS.Node): TypeExpr => {
    let expr = exprs.get(type);
    if (!expr) {
      const result = analyzeTypeWithDiagnostics(ts, checker, type, node);
      diagnostics.push(...result.diagnostics);
      expr = result.expr;
      exprs.set(type, expr);
    }
    return expr;
  };
  /**
   * A use of `type` at `node`; `inline` names it when it has no declared name of its own. A type
   * alias written at the use keeps its own name even when it stands for another named type.
   */
  const find = (type: TS.Type, node: TS.Node, role: SchemaRole | undefined, inline: string): FoundSchema => {
    const named = namedTypeOf(program, type, aliasAt(checker, node));
    const sf = node.getSourceFile();
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    const key = named ? `${rel(named.sourceFile.fileName)}#${named.name}` : `${rel(sf.fileName)}#${inline}`;
    return {
      key,
      line,
      ...(role ? { role } : {}),
      ...(named?.importName === undefined ? {} : { importName: named.importName }),
      expr: exprOf(type, node),
    };
  };

  const found: FoundSchema[] = [];
  const sources = program
    .getSourceFiles()
    .filter((sf) => !sf.isDeclarationFile && !program.isSourceFileFromExternalLibrary(sf));
  const closures = closureHashes(program, sources);
  const fileCache: Record<string, FileCacheEntry> = {};
  let reanalyzed = 0;
  sources.forEach((sf, i) => {
    const closure = closures.get(sf.fileName)!;
    const cached = previous[rel(sf.fileName)];
    if (cached && cached.closure === closure) {
      found.push(...cached.found);
      fileCache[rel(sf.fileName)] = cached;
      onFile?.(i + 1, sources.length);
      return;
    }
    reanalyzed++;
    const before = diagnostics.length;
    const calls = findSchemaCalls(checker, sf);
    diagnostics.push(...calls.diagnostics);
    const inFile: FoundSchema[] = [];
    for (const { node, call } of calls.calls) {
      if (call.name === "defineDataflow") {
        // The runtime's definition checks (DF50xx), every one at its node's place.
        const [i, , s] = (node.typeArguments ?? []).map((a) => exprOf(checker.getTypeFromTypeNode(a), a));
        if (i && s) diagnostics.push(...dataflowDiagnostics(ts, node, sf, { input: i, state: s }));
      }
      call.roles.forEach((role, j) => {
        const arg = node.typeArguments![j]!;
        const line = sf.getLineAndCharacterOfPosition(arg.getStart(sf)).line + 1;
        inFile.push(
          find(checker.getTypeFromTypeNode(arg), arg, role, inlineName(node, call.name, role, line)),
        );
      });
    }
    found.push(...inFile);
    if (diagnostics.length === before) fileCache[rel(sf.fileName)] = { closure, found: inFile };
    onFile?.(i + 1, sources.length);
  });

  for (const ref of config.types) {
    const { type, node } = resolveTypeRef(program, root, ref);
    const roles = config.roles.get(ref) ?? [];
    const hash = ref.lastIndexOf("#");
    // A listed type keeps the key it is listed by, whatever named type it is an alias of.
    const key = `${rel(resolve(root, ref.slice(0, hash)))}#${ref.slice(hash + 1)}`;
    const sf = node.getSourceFile();
    const listed: FoundSchema = {
      key,
      line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
      importName: ref.slice(hash + 1),
      expr: exprOf(type, node),
    };
    if (roles.length === 0) found.push(listed);
    for (const role of roles) found.push({ ...listed, role });
  }

  const byKey = assignKeys(found);
  // Roles from the config also apply to schemas found in the sources. A key that names no schema
  // is refused rather than dropped: its roles would silently not apply (a misspelled key leaves an
  // output judged as an input). Only when the analysis is complete, since a failed type has no key.
  for (const [ref, roles] of config.roles) {
    const entry = byKey.get(ref);
    if (entry) for (const role of roles) entry.roles.add(role);
    else if (diagnostics.length === 0) throw unknownRoleKey(ref, [...byKey.keys()]);
  }

  const uses = [...byKey.values()].map(
    (e): SchemaUse => ({
      key: e.key,
      name: e.name,
      file: e.file,
      roles: [...e.roles],
      ...(e.importName === undefined ? {} : { importName: e.importName }),
      expr: e.expr,
    }),
  );
  return { root, uses, diagnostics, files: sources.map((sf) => sf.fileName), fileCache, reanalyzed };
}

/**
 * For each source file, a hash of its text and the texts of every project file it imports,
 * directly or not: what its schemas can depend on (library types change only with the
 * TypeScript version or dependencies, which invalidate the whole cache).
 */
function closureHashes(program: TS.Program, sources: readonly TS.SourceFile[]): Map<string, string> {
  const byName = new Map(sources.map((sf) => [sf.fileName, sf]));
  const options = program.getCompilerOptions();
  const imports = new Map<string, string[]>();
  for (const sf of sources) {
    const deps: string[] = [];
    for (const ref of ts.preProcessFile(sf.text, true, true).importedFiles) {
      const resolved = ts.resolveModuleName(ref.fileName, sf.fileName, options, ts.sys).resolvedModule
        ?.resolvedFileName;
      if (resolved && byName.has(resolved)) deps.push(resolved);
    }
    imports.set(sf.fileName, deps);
  }
  const textHash = new Map(
    sources.map((sf) => [sf.fileName, createHash("sha1").update(sf.text).digest("hex")]),
  );
  const out = new Map<string, string>();
  for (const sf of sources) {
    const seen = new Set<string>([sf.fileName]);
    const todo = [sf.fileName];
    while (todo.length > 0)
      for (const d of imports.get(todo.pop()!) ?? []) {
        if (seen.has(d)) continue;
        seen.add(d);
        todo.push(d);
      }
    const h = createHash("sha1");
    for (const f of [...seen].sort()) h.update(`${f}\0${textHash.get(f)}\0`);
    out.set(sf.fileName, h.digest("hex"));
  }
  return out;
}

/** `src/x.ts#TypeName` -> the exported type and its declaration. */
export function resolveTypeRef(
  program: TS.Program,
  root: string,
  ref: string,
): { type: TS.Type; node: TS.Node } {
  const hash = ref.lastIndexOf("#");
  if (hash <= 0 || hash === ref.length - 1) {
    throw new CliError("CLI3001_USAGE", "expected <file.ts>#<TypeName>", ref);
  }
  const file = resolve(root, ref.slice(0, hash));
  const name = ref.slice(hash + 1);
  const sf = program.getSourceFile(file);
  if (!sf)
    throw new CliError("CLI3003_FILE_NOT_FOUND", "not part of the project (check tsconfig include)", file);
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(sf);
  const exported = moduleSymbol
    ? checker.getExportsOfModule(moduleSymbol).find((s) => s.name === name)
    : undefined;
  const symbol =
    exported && exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const decl = symbol?.declarations?.[0];
  // A value of the same name (`export const transferInput = typeSchema<...>()`) is not a type.
  if (!symbol || !decl || !(symbol.flags & ts.SymbolFlags.Type)) {
    throw new CliError("CLI3007_TYPE_NOT_FOUND", `no exported type named ${name}`, relative(root, file));
  }
  return { type: checker.getDeclaredTypeOfSymbol(symbol), node: decl };
}

function unknownRoleKey(ref: string, keys: readonly string[]): CliError {
  const name = ref.slice(ref.lastIndexOf("#") + 1);
  const near = keys.filter((k) => k.endsWith(`#${name}`));
  const hint = near.length > 0 ? `; did you mean ${near.map((k) => JSON.stringify(k)).join(" or ")}?` : "";
  return new CliError(
    "CLI3010_BAD_CONFIG",
    `names no schema: no typeSchema call or listed type has the key ${JSON.stringify(ref)}${hint}`,
    `${CONFIG_FILE} $.roles${prop(ref)}`,
  );
}
