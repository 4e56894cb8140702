// The README's main job: generate the example's schemas with `causality generate` (lock file,
// schema modules, JSON Schemas), build it with `tspc` and the Causality plugin, and run it.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// The example itself, or a copy of it given as the argument (the e2e test runs on a copy so that
// `npm test` never rewrites tracked files).
const project = process.argv[2] ? resolve(process.argv[2]) : join(here, "token-transfer");
const root = join(here, "..");

function step(title, args) {
  console.log(`\n$ ${title}`);
  const run = spawnSync(process.execPath, args, { cwd: project, stdio: "inherit" });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

step("causality generate", [join(root, "packages/cli/dist/bin.js"), "generate"]);
step("causality id src/types.ts#TokenTransferInput", [
  join(root, "packages/cli/dist/bin.js"),
  "id",
  "src/types.ts#TokenTransferInput",
]);
step("tspc (with @causality/transformer)", [join(root, "node_modules/ts-patch/bin/tspc.js"), "-p", project]);
// Durable: the instances stay in examples/token-transfer/.causality/db (PGlite); run it again to see them.
step("node dist/main.js", [join(project, "dist/main.js")]);
step("causality instances --db .causality/db --limit 4", [
  join(root, "packages/cli/dist/bin.js"),
  "instances",
  "--db",
  ".causality/db",
  "--limit",
  "4",
]);
