/**
 * The facts `causality doctor` judges (doctor.ts), read from a project the way its tools read it:
 * the tsconfig as tsc reads it (`extends` followed), transform paths as ts-patch resolves them
 * (Node's require resolution from the tsconfig's directory), the installed typescript and ts-patch.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import type TS from "typescript";
import { type PluginFact, type Resolution, type SetupFacts, TRANSFORMER } from "./doctor.js";
import { CliError } from "./errors.js";
import { findSchemaCalls } from "./schema-calls.js";
import { ts } from "./typescript.js";

/** What the transformer's package.json says when it cannot be read. */
const DEFAULT_SUPPORTED = ">=5.0";

export function readSetup(tsconfig: string, cwd: string): SetupFacts {
  const show = (path: string) => {
    const rel = relative(cwd, path);
    return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel.split("\\").join("/");
  };
  const projectDir = dirname(tsconfig);
  const resolveFrom = resolver(projectDir);
  const { parsed, cache } = parseConfig(tsconfig);

  const transformer = resolveFrom(TRANSFORMER);
  const raw = (parsed.options.plugins ?? []) as unknown as readonly unknown[];
  const plugins = raw.map((entry, index): PluginFact => {
    const e = (entry ?? {}) as { transform?: unknown; name?: unknown };
    const transform = typeof e.transform === "string" ? e.transform : undefined;
    const name = typeof e.name === "string" ? e.name : undefined;
    const causalityName = name !== undefined && /causality/i.test(name) ? name : undefined;
    const resolution =
      transform !== undefined
        ? resolveFrom(transform)
        : causalityName === undefined
          ? undefined
          : resolveAsTsserver(projectDir, causalityName);
    return {
      index,
      ...(transform === undefined ? {} : { transform }),
      ...(name === undefined ? {} : { name }),
      ...(resolution ? { resolution } : {}),
      isTransformer:
        transform !== undefined &&
        resolution?.ok === true &&
        transformer.ok &&
        resolution.path === transformer.path,
    };
  });

  const typescriptJson = resolveFrom("typescript/package.json");
  const tsPatchJson = resolveFrom("ts-patch/package.json");
  const packageJson = nearest(projectDir, "package.json");
  const transformerJson = transformer.ok ? packageOf(transformer.path) : ownTransformerPackage();

  return {
    tsconfig: show(tsconfig),
    projectDir,
    pluginsFile: show(pluginsSource(tsconfig, parsed, cache)),
    plugins,
    transformer,
    ...(plugins.some((p) => p.isTransformer) ? {} : { schemaCalls: countSchemaCalls(parsed, show) }),
    ...(typescriptJson.ok
      ? {
          typescript: {
            version: String(readJson(typescriptJson.path).version ?? "0"),
            packageJson: show(typescriptJson.path),
            patched: isPatched(dirname(typescriptJson.path)),
          },
        }
      : {}),
    ...(tsPatchJson.ok ? { tsPatch: { version: String(readJson(tsPatchJson.path).version ?? "") } } : {}),
    supportedTypeScript: String(
      (transformerJson && readJson(transformerJson).peerDependencies?.typescript) ?? DEFAULT_SUPPORTED,
    ),
    ...(packageJson
      ? { packageJson: { path: show(packageJson), scripts: stringRecord(readJson(packageJson).scripts) } }
      : {}),
  };
}

/** The tsconfig as tsc reads it; unreadable is a tool error (CLI3008), "no inputs" is not. */
function parseConfig(tsconfig: string) {
  const host: TS.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new CliError("CLI3008_TSCONFIG", ts.flattenDiagnosticMessageText(d.messageText, " "), tsconfig);
    },
  };
  const cache = new Map<string, TS.ExtendedConfigCacheEntry>();
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, host, cache);
  if (!parsed) throw new CliError("CLI3008_TSCONFIG", "cannot read", tsconfig);
  // 18003: no inputs were found. The setup can still be checked.
  const error = parsed.errors.find((d) => d.code !== 18003);
  if (error)
    throw new CliError("CLI3008_TSCONFIG", ts.flattenDiagnosticMessageText(error.messageText, " "), tsconfig);
  return { parsed, cache };
}

/**
 * The file of the `extends` chain whose compilerOptions.plugins is the one that applies: the
 * tsconfig itself when it sets one, otherwise the most derived base that does (a later `plugins`
 * replaces an earlier one as a whole).
 */
function pluginsSource(
  tsconfig: string,
  parsed: TS.ParsedCommandLine,
  cache: ReadonlyMap<string, TS.ExtendedConfigCacheEntry>,
): string {
  const has = (raw: unknown) =>
    typeof raw === "object" &&
    raw !== null &&
    typeof (raw as { compilerOptions?: unknown }).compilerOptions === "object" &&
    (raw as { compilerOptions: object | null }).compilerOptions !== null &&
    "plugins" in (raw as { compilerOptions: object }).compilerOptions;
  if (has(parsed.raw)) return tsconfig;
  const bases = new Map<string, string[]>();
  const raws = new Map<string, unknown>();
  for (const entry of cache.values()) {
    const file = resolve(entry.extendedResult.fileName);
    const ext = entry.extendedConfig?.extendedConfigPath;
    bases.set(
      file,
      (ext === undefined ? [] : Array.isArray(ext) ? ext : [ext]).map((p) => resolve(p)),
    );
    raws.set(file, entry.extendedConfig?.raw);
  }
  const final = JSON.stringify(parsed.options.plugins ?? null);
  const withPlugins = [...raws].filter(([, raw]) => has(raw));
  const same = withPlugins.filter(
    ([, raw]) =>
      JSON.stringify((raw as { compilerOptions: { plugins: unknown } }).compilerOptions.plugins) === final,
  );
  const candidates = (same.length > 0 ? same : withPlugins).map(([file]) => file);
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
    (bases.get(from) ?? []).some((b) => {
      if (b === to) return true;
      if (seen.has(b)) return false;
      seen.add(b);
      return reaches(b, to, seen);
    });
  return candidates.find((c) => !candidates.some((d) => d !== c && reaches(d, c))) ?? tsconfig;
}

/** Resolution from `dir` with Node's `require` algorithm, which is what ts-patch uses for `transform`. */
function resolver(dir: string): (spec: string) => Resolution {
  const req = createRequire(join(dir, "tsconfig.json"));
  return (spec) => {
    try {
      return { ok: true, path: req.resolve(spec) };
    } catch (e) {
      if ((e as { code?: string }).code === "ERR_PACKAGE_PATH_NOT_EXPORTED")
        return { ok: false, notExported: true };
      if (spec.startsWith(".") || isAbsolute(spec)) return { ok: false, target: resolve(dir, spec) };
      return { ok: false };
    }
  };
}

/**
 * A language-service plugin name resolved the way tsserver resolves it: TypeScript's own
 * `sys.require`, which looks for `<name>.js`, then `<name>/package.json` "main" and
 * `<name>/index.js` under node_modules, without reading "exports" (Node's require would).
 */
function resolveAsTsserver(projectDir: string, name: string): Resolution {
  const sys = ts.sys as TS.System & {
    require?: (dir: string, name: string) => { modulePath?: string; error?: unknown };
  };
  if (!sys.require) return { ok: false };
  const result = sys.require(join(projectDir, "node_modules"), name);
  return result.error === undefined && result.modulePath
    ? { ok: true, path: result.modulePath }
    : { ok: false };
}

function countSchemaCalls(
  parsed: TS.ParsedCommandLine,
  show: (path: string) => string,
): { count: number; first?: string } {
  if (parsed.fileNames.length === 0) return { count: 0 };
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: { ...parsed.options, noEmit: true },
  });
  const checker = program.getTypeChecker();
  let count = 0;
  let first: string | undefined;
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || program.isSourceFileFromExternalLibrary(sf)) continue;
    const { calls, diagnostics } = findSchemaCalls(checker, sf);
    count += calls.length + diagnostics.length;
    const node = calls[0]?.node;
    if (first === undefined && node) {
      const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      first = `${show(sf.fileName)}:${line + 1}:${character + 1}`;
    } else if (first === undefined && diagnostics[0]) {
      first = `${show(diagnostics[0].file)}:${diagnostics[0].line}:${diagnostics[0].column}`;
    }
  }
  return first === undefined ? { count } : { count, first };
}

/** `ts-patch install` writes a `/// tsp-module:` header at the top of the compiler it patched. */
function isPatched(typescriptDir: string): boolean {
  for (const name of ["_tsc.js", "tsc.js"]) {
    const file = join(typescriptDir, "lib", name);
    if (!existsSync(file)) continue;
    const fd = openSync(file, "r");
    try {
      const head = Buffer.alloc(4096);
      const n = readSync(fd, head, 0, head.length, 0);
      if (head.subarray(0, n).toString("utf8").includes("/// tsp-module:")) return true;
    } finally {
      closeSync(fd);
    }
    if (name === "_tsc.js") return false;
  }
  return false;
}

function nearest(dir: string, name: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, name))) return join(d, name);
    if (dirname(d) === d) return undefined;
  }
}

/** The package.json of the package a resolved file belongs to (its "exports" may hide ./package.json). */
function packageOf(file: string): string | undefined {
  for (let d = dirname(file); dirname(d) !== d; d = dirname(d)) {
    const pkg = join(d, "package.json");
    if (existsSync(pkg) && readJson(pkg).name === TRANSFORMER) return pkg;
  }
  return undefined;
}

/** The transformer the CLI itself depends on, when the project has none to read the range from. */
function ownTransformerPackage(): string | undefined {
  try {
    return packageOf(createRequire(import.meta.url).resolve(TRANSFORMER));
  } catch {
    return undefined;
  }
}

interface PackageJson {
  readonly name?: unknown;
  readonly version?: unknown;
  readonly scripts?: unknown;
  readonly peerDependencies?: { readonly typescript?: unknown };
}

function readJson(path: string): PackageJson {
  try {
    const value: unknown = JSON.parse(readFileSync(path, "utf8"));
    return typeof value === "object" && value !== null ? (value as PackageJson) : {};
  } catch {
    return {};
  }
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
}
