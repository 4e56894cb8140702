/**
 * What `causality init` changes in a project, decided from the files' texts alone (data in, edits
 * out, nothing written here). Each change is only made when it is missing, so a second run plans
 * nothing. Two routes:
 * - tspc: the ts-patch transform and the language-service plugin in tsconfig, the build through tspc;
 * - generate: for projects that bundle with esbuild, vite or swc, or build with TypeScript 7 (no
 *   transformer API there): `causality generate` before the build, schema modules imported from
 *   schemas/, and the language-service plugin where tsserver still runs JavaScript plugins (TS < 7).
 */
import { LANGUAGE_SERVICE, TRANSFORMER } from "../doctor.js";
import { CliError } from "../errors.js";
import { type JsonPath, parseJsonc, setJsonc } from "./jsonc-edit.js";
import { WORKFLOW, WORKFLOW_FILE } from "./workflow.js";

export type Route = "tspc" | "generate";

export interface InitInput {
  readonly packageJson: string;
  /** The tsconfig's text; undefined when the project has none (one is written). */
  readonly tsconfig?: string;
  readonly tsconfigFile: string;
  readonly hasConfig: boolean;
  readonly hasWorkflow: boolean;
  /** The installed typescript's version, if any. */
  readonly typescriptVersion?: string;
  /**
   * compilerOptions.plugins as TypeScript resolves the tsconfig, `extends` included: an own
   * `plugins` list replaces the inherited one, so init must carry those over when it adds its own.
   */
  readonly resolvedPlugins?: readonly unknown[];
  readonly route?: Route;
  /** Write the CI workflow (docs/ci.md). */
  readonly ci: boolean;
}

export interface FileChange {
  /** Relative to the project directory. */
  readonly file: string;
  /** One line per edit, said as done: `added compilerOptions.plugins[0] …`. */
  readonly edits: readonly string[];
  readonly before?: string;
  readonly after: string;
}

export interface InitPlan {
  readonly route: Route;
  readonly why: string;
  readonly changes: readonly FileChange[];
  /** Things init does not do itself (install packages, the CI workflow when not asked). */
  readonly next: readonly string[];
}

/** Packages that mean the project is built by a bundler that runs no TypeScript transformers. */
const BUNDLERS = ["esbuild", "vite", "@swc/core", "@swc/cli", "tsup"];
/** Bundlers the @causality/unplugin plugin serves (docs/bundlers.md). */
const UNPLUGIN_BUNDLERS = ["vite", "esbuild", "rollup", "rolldown", "webpack", "@rspack/core"];
const TS_PATCH_RANGE = "^3.3.0";
const TYPESCRIPT_RANGE = "~5.9.3";

interface PackageJson {
  readonly scripts?: Record<string, unknown>;
  readonly dependencies?: Record<string, unknown>;
  readonly devDependencies?: Record<string, unknown>;
}

interface PluginEntry {
  readonly transform?: unknown;
  readonly name?: unknown;
}

export function planInit(input: InitInput): InitPlan {
  const pkg = parseJsonc(input.packageJson, "package.json") as PackageJson;
  const declared = { ...pkg.dependencies, ...pkg.devDependencies };
  const ts7 = typescriptMajor(input.typescriptVersion, declared.typescript) >= 7;
  const bundler = BUNDLERS.find((b) => b in declared);
  const route: Route = input.route ?? (ts7 || bundler ? "generate" : "tspc");
  const why = input.route
    ? `--route ${input.route}`
    : ts7
      ? "TypeScript 7 has no JavaScript transformer API"
      : bundler
        ? `${bundler} builds without TypeScript transformers`
        : "TypeScript 5/6 without a bundler: the plugin runs in tspc";

  const changes: FileChange[] = [];
  const next: string[] = [];

  // tsconfig.json: the plugins (the transform only on the tspc route; no plugin runs on TS 7).
  const wanted: PluginEntry[] = [
    ...(route === "tspc" ? [{ transform: TRANSFORMER }] : []),
    ...(ts7 ? [] : [{ name: LANGUAGE_SERVICE }]),
  ];
  const tsconfig = tsconfigChange(input, wanted);
  if (tsconfig) changes.push(tsconfig);

  // package.json: scripts and the build tools the route needs.
  let text = input.packageJson;
  const edits: string[] = [];
  const set = (path: JsonPath, value: unknown, edit: string) => {
    text = setJsonc(text, path, value);
    edits.push(edit);
  };
  const scripts = pkg.scripts ?? {};
  const build = typeof scripts.build === "string" ? scripts.build : undefined;
  if (route === "tspc") {
    if (build === undefined) set(["scripts", "build"], "tspc", 'added scripts.build "tspc"');
    else if (/(^|[\s;&|(])tsc(?=\s|$)/.test(build) && !/--noEmit\b/.test(build)) {
      const tspc = build.replace(/(^|[\s;&|(])tsc(?=\s|$)/g, "$1tspc");
      set(
        ["scripts", "build"],
        tspc,
        `changed scripts.build ${JSON.stringify(build)} -> ${JSON.stringify(tspc)}`,
      );
    }
    if (!("ts-patch" in declared))
      set(
        ["devDependencies", "ts-patch"],
        TS_PATCH_RANGE,
        `added devDependencies.ts-patch "${TS_PATCH_RANGE}"`,
      );
  } else if (build === undefined) {
    set(["scripts", "build"], "causality generate", 'added scripts.build "causality generate"');
  } else if (!build.includes("causality generate")) {
    const generated = `causality generate && ${build}`;
    set(
      ["scripts", "build"],
      generated,
      `changed scripts.build ${JSON.stringify(build)} -> ${JSON.stringify(generated)}`,
    );
  }
  if (!("typescript" in declared))
    set(
      ["devDependencies", "typescript"],
      TYPESCRIPT_RANGE,
      `added devDependencies.typescript "${TYPESCRIPT_RANGE}"`,
    );
  if (scripts["schemas:check"] === undefined)
    set(["scripts", "schemas:check"], "causality check", 'added scripts["schemas:check"] "causality check"');
  if (edits.length > 0) {
    changes.push({ file: "package.json", edits, before: input.packageJson, after: text });
    if (edits.some((e) => e.includes("devDependencies"))) next.push("npm install (new devDependencies)");
  }

  if (!input.hasConfig) {
    changes.push({
      file: "causality.config.json",
      edits: ["written: extra types to lock (`src/x.ts#TypeName`) and roles by key"],
      after: `${JSON.stringify({ types: [], roles: {} }, null, 2)}\n`,
    });
  }
  if (input.ci && !input.hasWorkflow) {
    changes.push({
      file: WORKFLOW_FILE,
      edits: ["written: causality check and diff on pull requests (docs/ci.md)"],
      after: WORKFLOW,
    });
  } else if (!input.hasWorkflow) {
    next.push(
      `causality init --ci writes ${WORKFLOW_FILE}: causality check and diff on pull requests (docs/ci.md)`,
    );
  }
  if (route === "generate") {
    next.push(
      "import schemas from the generated schemas/<path>.schemas.js modules (typeSchema<T>() needs the plugin)",
    );
    const unplugin = UNPLUGIN_BUNDLERS.find((b) => b in declared);
    if (unplugin)
      next.push(
        `or, with ${unplugin}, add the bundler plugin @causality/unplugin: typeSchema<T>() then works in the build itself (docs/bundlers.md)`,
      );
  }
  return { route, why, changes, next };
}

function tsconfigChange(input: InitInput, wanted: readonly PluginEntry[]): FileChange | undefined {
  if (input.tsconfig === undefined) {
    const options = {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: true,
      outDir: "dist",
      rootDir: "src",
      ...(wanted.length > 0 ? { plugins: wanted } : {}),
    };
    return {
      file: input.tsconfigFile,
      edits: [
        "written: NodeNext, strict, src -> dist",
        ...wanted.map((w) => `with plugin ${JSON.stringify(w)}`),
      ],
      after: `${JSON.stringify({ compilerOptions: options, include: ["src"] }, null, 2)}\n`,
    };
  }
  const config = parseJsonc(input.tsconfig, input.tsconfigFile) as {
    compilerOptions?: { plugins?: unknown };
  };
  const plugins = config.compilerOptions?.plugins;
  if (plugins !== undefined && !Array.isArray(plugins)) {
    throw new CliError(
      "CLI3008_TSCONFIG",
      "compilerOptions.plugins is not an array; fix it by hand, init changes nothing",
      input.tsconfigFile,
    );
  }
  const inherited = plugins === undefined ? ((input.resolvedPlugins ?? []) as PluginEntry[]) : [];
  const present = (plugins ?? inherited) as PluginEntry[];
  const missing = wanted.filter(
    (w) => !present.some((p) => (w.transform ? p?.transform === w.transform : p?.name === w.name)),
  );
  if (missing.length === 0) return undefined;
  let text = input.tsconfig;
  const edits: string[] = [];
  if (plugins === undefined) {
    text = setJsonc(text, ["compilerOptions", "plugins"], [...inherited, ...missing]);
    edits.push(
      `added compilerOptions.plugins ${JSON.stringify(missing)}` +
        (inherited.length > 0
          ? ` after the ${inherited.length} inherited through "extends" (an own list replaces the inherited one, so they are copied)`
          : ""),
    );
  } else {
    for (const [i, entry] of missing.entries()) {
      text = setJsonc(text, ["compilerOptions", "plugins", -1], entry);
      edits.push(`added compilerOptions.plugins[${present.length + i}] ${JSON.stringify(entry)}`);
    }
  }
  return { file: input.tsconfigFile, edits, before: input.tsconfig, after: text };
}

/** The major version of the installed typescript, else of the declared range (`^7.0.0` -> 7), else 5. */
function typescriptMajor(installed: string | undefined, declared: unknown): number {
  const source = installed ?? (typeof declared === "string" ? declared : "");
  const m = /(\d+)/.exec(source);
  return m ? Number(m[1]) : 5;
}
