// The bundler plugin's cost (issue 17): a Vite production build of the 200-file benchmark project
// with @causality/unplugin against the same build without it (types stripped only), interleaved
// runs in one process, medians; then a dev server's warm re-transform of one edited file.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { generateProject, median, ROOT } from "../project.mjs";

// Vite 8 is the plugin package's own dev dependency (the root's vite belongs to vitest).
const require = createRequire(join(ROOT, "packages/unplugin/package.json"));
const vite = await import(pathToFileURL(require.resolve("vite")).href);
const { causality } = await import(pathToFileURL(join(ROOT, "packages/unplugin/dist/index.js")).href);

const FILES = 200;
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const dir = generateProject(FILES);
const entry = join(dir, "src/main.ts");
writeFileSync(
  entry,
  Array.from({ length: FILES }, (_, i) => `export { order${i}, total${i} } from "./file${i}.js";`).join("\n"),
);

async function build(withPlugin) {
  const started = performance.now();
  await vite.build({
    root: dir,
    configFile: false,
    logLevel: "silent",
    plugins: withPlugin ? [causality.vite()] : [],
    resolve: { extensionAlias: { ".js": [".ts", ".js"] } },
    build: {
      ssr: entry,
      outDir: join(dir, withPlugin ? "out-plugin" : "out-plain"),
      minify: false,
      rollupOptions: { external: (id) => id.startsWith("@causality/") },
    },
  });
  return performance.now() - started;
}

/** TypeScript's own floor for type information: parse and bind the project's program, make a checker. */
function typeScriptProgram() {
  const ts = require("typescript");
  const started = performance.now();
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, "tsconfig.json"), {}, ts.sys);
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: { ...config.options, noEmit: true },
  });
  program.getTypeChecker();
  return performance.now() - started;
}

// One warm-up each, then interleaved rounds.
await build(false);
await build(true);
const plain = [];
const plugin = [];
const floor = [];
for (let r = 0; r < ROUNDS; r++) {
  plain.push(await build(false));
  plugin.push(await build(true));
  floor.push(typeScriptProgram());
}
const ratios = plain.map((p, i) => plugin[i] / p);
const overFloor = plain.map((p, i) => plugin[i] / (p + floor[i]));
console.log(`vite build, ${FILES} files, ${ROUNDS} interleaved rounds (median ms):`);
console.log(`  types stripped only                  ${median(plain).toFixed(0)} ms`);
console.log(`  with the plugin                      ${median(plugin).toFixed(0)} ms`);
console.log(
  `  TypeScript program + checker alone   ${median(floor).toFixed(0)} ms (the floor of any type-aware transform)`,
);
console.log(
  `  plugin / stripped only               ${median(ratios).toFixed(2)}x (per-round ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x; goal <= 1.5x)`,
);
console.log(`  plugin / (stripped + TS program)     ${median(overFloor).toFixed(2)}x`);

// Dev: a server with the plugin; the first request builds the language service, each later edit of
// one file re-parses that file only and analyzes its schema calls again.
const server = await vite.createServer({
  root: dir,
  configFile: false,
  logLevel: "silent",
  plugins: [causality.vite()],
  resolve: { extensionAlias: { ".js": [".ts", ".js"] } },
  server: { hmr: false, watch: null },
});
const file = join(dir, "src/file100.ts");
const url = "/src/file100.ts";
let started = performance.now();
await server.transformRequest(url);
const cold = performance.now() - started;
const { readFileSync } = await import("node:fs");
const original = readFileSync(file, "utf8");
const warm = [];
for (let r = 0; r < 10; r++) {
  writeFileSync(file, original.replace("price?: number;", `price?: number;\n  extra${r}?: string;`));
  for (const mod of server.moduleGraph.getModulesByFile(file) ?? []) server.moduleGraph.invalidateModule(mod);
  started = performance.now();
  await server.transformRequest(url);
  warm.push(performance.now() - started);
}
await server.close();
console.log(`vite dev, one module with a schema call:`);
console.log(`  first transform (language service built)  ${cold.toFixed(0)} ms`);
console.log(`  warm re-transform after an edit           ${median(warm).toFixed(1)} ms median of 10`);
