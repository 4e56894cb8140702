/**
 * `@causality/unplugin`: `typeSchema<T>()` and `defineDataflow<I, O, S>()` in the builds people use.
 * Import the entry for your bundler (`@causality/unplugin/vite`, `/esbuild`, `/rollup`, `/rolldown`,
 * `/webpack`, `/rspack`) or take it from `causality` here.
 */
export { type CausalityPluginOptions, causality, diagnosticMessage, unpluginFactory } from "./plugin.js";
export { SchemaProject } from "./project.js";
export { type ModuleTransform, transformModule } from "./transform.js";
