/**
 * `causality doctor`: the setup mistakes that make the plugin silently not run (or make ts-patch
 * crash with a raw stack), as findings with a stable code and where (a file and the JSON path in
 * it). Data in, findings out: doctor-facts.ts reads the project, this module only judges.
 * docs/cli.md lists every code.
 */

export const TRANSFORMER = "@causality/transformer";
export const LANGUAGE_SERVICE = "@causality/transformer/language-service";

export type FindingCode =
  | "DR001_PLUGIN_NOT_REGISTERED"
  | "DR002_TRANSFORM_NOT_FOUND"
  | "DR003_TS_PATCH_MISSING"
  | "DR004_PLAIN_TSC"
  | "DR005_TYPESCRIPT_VERSION"
  | "DR006_TYPESCRIPT_7"
  | "DR007_TYPESCRIPT_MISSING"
  | "DR101_NO_LANGUAGE_SERVICE"
  | "DR102_LANGUAGE_SERVICE_NOT_FOUND";

export interface Finding {
  /** An error makes the command exit 1; a hint does not. */
  readonly severity: "error" | "hint";
  readonly code: FindingCode;
  /** `tsconfig.json: compilerOptions.plugins[0].transform`, `package.json: scripts.build`. */
  readonly where: string;
  readonly message: string;
}

/** How a module specifier resolved from the project directory, the way ts-patch resolves it. */
export type Resolution =
  | { readonly ok: true; readonly path: string }
  | {
      readonly ok: false;
      /** Where a relative specifier points (absolute), absent for a package name. */
      readonly target?: string;
      /** The package exists but its "exports" has nothing `require` can load. */
      readonly notExported?: boolean;
    };

export interface PluginFact {
  readonly index: number;
  readonly transform?: string;
  readonly name?: string;
  /** Resolution of `transform` (or of `name` when there is no transform). */
  readonly resolution?: Resolution;
  /** `transform` resolves to the Causality transformer (the same file `@causality/transformer` gives). */
  readonly isTransformer: boolean;
}

export interface SetupFacts {
  /** The tsconfig that was read, as printed (relative to the working directory). */
  readonly tsconfig: string;
  /** The project directory (absolute): what transform paths are resolved from. */
  readonly projectDir: string;
  /** The file of the `extends` chain whose compilerOptions.plugins applies (the tsconfig when none has one). */
  readonly pluginsFile: string;
  readonly plugins: readonly PluginFact[];
  /** Where `@causality/transformer` is, from the project directory. */
  readonly transformer: Resolution;
  /** typeSchema/defineDataflow calls in the project; only looked for when no plugin entry is the transformer. */
  readonly schemaCalls?: { readonly count: number; readonly first?: string };
  readonly typescript?: {
    readonly version: string;
    /** Its package.json, as printed. */
    readonly packageJson: string;
    /** `ts-patch install` patched it in place: plain `tsc` runs plugins too. */
    readonly patched: boolean;
  };
  readonly tsPatch?: { readonly version: string };
  /** peerDependencies.typescript of the transformer (`>=5.0`; 7 is judged apart, DR006). */
  readonly supportedTypeScript: string;
  /** The nearest package.json (as printed) and its scripts. */
  readonly packageJson?: { readonly path: string; readonly scripts: Readonly<Record<string, string>> };
}

export function diagnose(facts: SetupFacts): Finding[] {
  const findings: Finding[] = [];
  const at = (path: string) => `${facts.pluginsFile}: ${path}`;
  const transforms = facts.plugins.filter((p) => p.transform !== undefined);
  const registered = transforms.some((p) => p.isTransformer);

  // 2. Every transform must resolve: ts-patch stops the build with a raw stack otherwise.
  for (const p of transforms) {
    if (p.resolution?.ok !== false) continue;
    findings.push({
      severity: "error",
      code: "DR002_TRANSFORM_NOT_FOUND",
      where: at(`compilerOptions.plugins[${p.index}].transform`),
      message: `${JSON.stringify(p.transform)} ${unresolved(p.resolution, facts.projectDir)}; ${expected(p.transform!, facts.transformer)}`,
    });
  }
  const misspelled = transforms.some((p) => p.resolution?.ok === false && /causality/i.test(p.transform!));

  // 1. Schema calls without the transformer throw at run time.
  const calls = facts.schemaCalls?.count ?? 0;
  if (!registered && !misspelled && calls > 0) {
    const first = facts.schemaCalls?.first ? ` (first at ${facts.schemaCalls.first})` : "";
    findings.push({
      severity: "error",
      code: "DR001_PLUGIN_NOT_REGISTERED",
      where: at("compilerOptions.plugins"),
      message:
        `the Causality transformer is not registered, but the project has ${calls} typeSchema/defineDataflow call${calls === 1 ? "" : "s"}${first}, ` +
        `which throw at run time without it: add { "transform": "${TRANSFORMER}" } to compilerOptions.plugins and build with tspc, ` +
        "or run `causality generate` and import the generated schema modules instead",
    });
  }

  const ts7 = facts.typescript !== undefined && major(facts.typescript.version) >= 7;
  if (!usesCausality(facts)) {
    // Nothing to check for the plugin; on TypeScript 7 say which route is left (schema types may
    // still be listed in causality.config.json for generate).
    if (ts7) findings.push(typescript7(facts.typescript!, "hint"));
    return findings;
  }

  // 3. Transformer plugins need ts-patch: plain tsc reads the entry and ignores it.
  const firstTransform = transforms[0];
  if (firstTransform && !ts7 && !facts.tsPatch && !facts.typescript?.patched) {
    findings.push({
      severity: "error",
      code: "DR003_TS_PATCH_MISSING",
      where: at(`compilerOptions.plugins[${firstTransform.index}]`),
      message:
        `ts-patch is not installed (not found from ${facts.projectDir}), and plain tsc ignores "transform" plugins: ` +
        "npm install -D ts-patch and build with tspc (or run ts-patch install to patch typescript in place)",
    });
  }
  if (firstTransform && facts.packageJson) {
    for (const [script, command] of Object.entries(facts.packageJson.scripts)) {
      const where = `${facts.packageJson.path}: scripts${jsonKey(script)}`;
      if (/(^|[\s;&|(])tsgo(\s|$)/.test(command)) {
        findings.push({
          severity: "error",
          code: "DR006_TYPESCRIPT_7",
          where,
          message: `${JSON.stringify(command)} runs tsgo (TypeScript 7), which has no JavaScript transformer API, so the plugin cannot run: build with tspc on TypeScript 5 or 6, or run \`causality generate\``,
        });
      } else if (
        !ts7 &&
        !facts.typescript?.patched &&
        /(^|[\s;&|(])tsc(\s|$)/.test(command) &&
        !/--noEmit\b/.test(command)
      ) {
        findings.push({
          severity: "error",
          code: "DR004_PLAIN_TSC",
          where,
          message: `${JSON.stringify(command)} builds with plain tsc, which ignores transformer plugins: use tspc (same options), or run ts-patch install to patch typescript in place`,
        });
      }
    }
  }

  // 4. The TypeScript the project builds with.
  if (!facts.typescript) {
    findings.push({
      severity: "error",
      code: "DR007_TYPESCRIPT_MISSING",
      where: facts.packageJson ? `${facts.packageJson.path}: devDependencies` : facts.tsconfig,
      message: `typescript is not installed (not found from ${facts.projectDir}): npm install -D typescript@5`,
    });
  } else if (ts7) {
    // Only a registered transform is a mistake; a project without one already takes the generate route.
    findings.push(typescript7(facts.typescript, firstTransform ? "error" : "hint"));
  } else if (!satisfies(facts.typescript.version, facts.supportedTypeScript)) {
    findings.push({
      severity: "error",
      code: "DR005_TYPESCRIPT_VERSION",
      where: `${facts.typescript.packageJson}: version`,
      message: `TypeScript ${facts.typescript.version} is outside what ${TRANSFORMER} supports (${facts.supportedTypeScript}): npm install -D typescript@5`,
    });
  }

  // 5. The language-service plugin: editors show the analyzer's diagnostics only with it
  // (TypeScript 7's language server runs no JavaScript plugins, so there is nothing to add).
  if (ts7) return findings;
  const ls = facts.plugins.filter((p) => p.name !== undefined && /causality/i.test(p.name));
  for (const p of ls) {
    if (p.name === LANGUAGE_SERVICE && p.resolution?.ok !== false) continue;
    findings.push({
      severity: "hint",
      code: "DR102_LANGUAGE_SERVICE_NOT_FOUND",
      where: at(`compilerOptions.plugins[${p.index}].name`),
      message: `${JSON.stringify(p.name)} ${p.name === LANGUAGE_SERVICE ? `${unresolved(p.resolution ?? { ok: false }, facts.projectDir)} the way tsserver resolves plugin names (a plain path: <name>.js, <name>/index.js or <name>/package.json "main", never "exports")` : "is not the language-service plugin"}; expected "${LANGUAGE_SERVICE}"`,
    });
  }
  if (ls.length === 0) {
    findings.push({
      severity: "hint",
      code: "DR101_NO_LANGUAGE_SERVICE",
      where: at("compilerOptions.plugins"),
      message: `no language-service plugin, so editors do not show the analyzer's diagnostics (TS91001-TS91011) while typing: add { "name": "${LANGUAGE_SERVICE}" } next to the transform`,
    });
  }
  return findings;
}

function typescript7(
  typescript: NonNullable<SetupFacts["typescript"]>,
  severity: Finding["severity"],
): Finding {
  return {
    severity,
    code: "DR006_TYPESCRIPT_7",
    where: `${typescript.packageJson}: version`,
    message:
      `TypeScript ${typescript.version} has no JavaScript transformer API, so no ts-patch plugin (and no language-service plugin) can run: ` +
      "run `causality generate` (it analyzes with its own TypeScript 5.9, same ids) and import the generated schema modules, or build with TypeScript 5 or 6 and tspc",
  };
}

/** The project uses Causality: a plugin entry names it, or the sources call typeSchema/defineDataflow. */
export function usesCausality(facts: SetupFacts): boolean {
  return (
    (facts.schemaCalls?.count ?? 0) > 0 ||
    facts.plugins.some(
      (p) => p.isTransformer || [p.transform, p.name].some((s) => s !== undefined && /causality/i.test(s)),
    )
  );
}

/** One line: `tsconfig.json: compilerOptions.plugins[0].transform: error DR002_TRANSFORM_NOT_FOUND: …`. */
export function formatFinding(f: Finding): string {
  return `${f.where}: ${f.severity} ${f.code}: ${f.message}\n`;
}

function unresolved(r: Resolution, projectDir: string): string {
  if (r.ok) return "resolves";
  if (r.notExported)
    return `is installed, but its package.json "exports" has no "require" or "default" condition for it, and ts-patch loads transformers with require()`;
  if (r.target) return `does not resolve from ${projectDir}: there is no file ${r.target}`;
  return `does not resolve from ${projectDir} (no such package in node_modules)`;
}

function expected(transform: string, transformer: Resolution): string {
  if (transform.startsWith(".") || transform.startsWith("/") || /^[A-Za-z]:[\\/]/.test(transform))
    return `expected a file at that path (relative to the tsconfig's directory), or the package name "${TRANSFORMER}"`;
  if (/causality/i.test(transform)) {
    return transformer.ok
      ? `expected "${TRANSFORMER}" (installed: ${transformer.path})`
      : `expected "${TRANSFORMER}", which is not installed either: npm install -D ${TRANSFORMER}`;
  }
  return `expected an installed package (npm install -D ${transform}) or a path relative to the tsconfig`;
}

/** `.build`, or `["build:prod"]` for a key that is not an identifier. */
function jsonKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function major(version: string): number {
  return Number.parseInt(version, 10);
}

/** The parts of a version, prerelease ignored: `5.9.3-beta` -> [5, 9, 3]; missing parts are 0. */
function parts(version: string): [number, number, number] {
  const [a = 0, b = 0, c = 0] = version
    .replace(/^[v=]+/, "")
    .split(/[-+]/)[0]!
    .split(".")
    .map((n) => (/^\d+$/.test(n) ? Number(n) : 0));
  return [a, b, c];
}

function compare(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

/**
 * Enough of semver ranges for a peerDependencies entry: `||` of space-separated comparators
 * (`>=5.0 <7`, `>5`, `<=6.1`, `=5.4.2`, `5.4.2`), `^5.0` and `~5.4`; `*` and an empty range match all.
 */
export function satisfies(version: string, range: string): boolean {
  return range.split("||").some((set) =>
    set
      .trim()
      .split(/\s+/)
      .filter((c) => c !== "" && c !== "*" && c !== "x")
      .every((c) => {
        const m = /^(>=|<=|>|<|=|\^|~)?\s*(.+)$/.exec(c)!;
        const [op, v] = [m[1] ?? "=", m[2]!];
        const cmp = compare(version, v);
        const [a, b] = parts(v);
        switch (op) {
          case ">=":
            return cmp >= 0;
          case "<=":
            return cmp <= 0;
          case ">":
            return cmp > 0;
          case "<":
            return cmp < 0;
          case "^":
            return cmp >= 0 && parts(version)[0] === a;
          case "~":
            return cmp >= 0 && parts(version)[0] === a && parts(version)[1] === b;
          default: {
            // `5.4` is any 5.4.x: compare only the parts given.
            const given = v.split(".").length;
            return parts(version)
              .slice(0, given)
              .every((n, i) => n === parts(v)[i]);
          }
        }
      }),
  );
}
