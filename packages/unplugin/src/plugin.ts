/**
 * The unplugin: the same transform as the ts-patch plugin, for every bundler unplugin serves. It
 * runs before the bundler strips types (`enforce: "pre"`), only on TypeScript modules that mention
 * one of our packages, and reports the analyzer's diagnostics through the bundler's own error
 * channel with file, line and column (a failing type stops a production build; Vite dev shows it
 * in its overlay).
 */
import { dirname, resolve } from "node:path";
import type { AnalyzerDiagnostic } from "@causality/transformer";
import { createUnplugin, type UnpluginFactory, type UnpluginMessage } from "unplugin";
import { SchemaProject } from "./project.js";
import { transformModule } from "./transform.js";
import { typescript } from "./typescript.js";

export interface CausalityPluginOptions {
  /** The tsconfig whose compiler options and files analyze the types; default: the nearest one above each module. */
  readonly tsconfig?: string;
}

const TYPESCRIPT_MODULE = /\.[cm]?tsx?$/;
const MENTIONS_OURS = /@causality\/(schema|runtime)/;

/** A bundler id without its query (`?v=123`, `?import`) or Vite's `\0` marker. */
function fileOf(id: string): string {
  const q = id.indexOf("?");
  return q >= 0 ? id.slice(0, q) : id;
}

export function diagnosticMessage(d: AnalyzerDiagnostic): UnpluginMessage {
  return {
    message: `${d.file}:${d.line}:${d.column} TS${d.code} ${d.message} (at ${d.path})`,
    code: `TS${d.code}`,
    id: d.file,
    loc: { file: d.file, line: d.line, column: d.column - 1 },
  };
}

export const unpluginFactory: UnpluginFactory<CausalityPluginOptions | undefined, false> = (options = {}) => {
  const projects = new Map<string, SchemaProject>();
  /** Modules that held schema calls: a type they use may live in a file the bundle never loads. */
  const transformed = new Set<string>();
  /** Files handed to the bundler's watcher in this build (once each, not once per module). */
  let watched = new Set<string>();

  const projectFor = (file: string): SchemaProject => {
    const config =
      options.tsconfig !== undefined
        ? resolve(options.tsconfig)
        : typescript.findConfigFile(dirname(file), typescript.sys.fileExists, "tsconfig.json");
    if (config === undefined) throw new Error(`causality: no tsconfig.json above ${file}`);
    let project = projects.get(config);
    if (!project) {
      project = new SchemaProject(config);
      projects.set(config, project);
    }
    return project;
  };

  return {
    name: "causality",
    enforce: "pre",
    buildStart() {
      watched = new Set();
    },
    transform: {
      filter: { id: { include: TYPESCRIPT_MODULE, exclude: /[\\/]node_modules[\\/]/ }, code: MENTIONS_OURS },
      handler(code, id) {
        const file = resolve(fileOf(id));
        const project = projectFor(file);
        project.update(file, code);
        const result = transformModule(typescript, project.program(), file);
        if (!result) {
          transformed.delete(file);
          return null;
        }
        transformed.add(file);
        // Types imported with `import type` vanish from the bundle graph: watch them ourselves.
        for (const source of project.sourceFiles()) {
          if (source === file || watched.has(source)) continue;
          watched.add(source);
          this.addWatchFile(source);
        }
        const [first, ...rest] = result.diagnostics;
        if (first) {
          const message = diagnosticMessage(first);
          if (rest.length > 0) {
            message.message += `\n${rest.map((d) => diagnosticMessage(d).message).join("\n")}`;
          }
          this.error(message);
        }
        return { code: result.code, map: result.map };
      },
    },
    watchChange(id) {
      const file = resolve(fileOf(id));
      for (const project of projects.values()) project.invalidate(file);
    },
    vite: {
      // Vite's graph does not see `import type`: when any TypeScript file changes, the modules that
      // hold schema calls are transformed again (they are few) and hot-updated with the change.
      handleHotUpdate(ctx) {
        if (!TYPESCRIPT_MODULE.test(ctx.file)) return;
        const file = resolve(ctx.file);
        for (const project of projects.values()) project.invalidate(file);
        const extra = [...transformed]
          .filter((f) => f !== file)
          .flatMap((f) => [...(ctx.server.moduleGraph.getModulesByFile(f) ?? [])]);
        for (const mod of extra) ctx.server.moduleGraph.invalidateModule(mod);
        return extra.length > 0 ? [...ctx.modules, ...extra] : undefined;
      },
    },
  };
};

export const causality = /* @__PURE__ */ createUnplugin(unpluginFactory);
