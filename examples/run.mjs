// The README's main job: generate the example's schemas with `causality generate` (lock file,
// schema modules, JSON Schemas), build it with `tspc` and the Causality plugin, run it, and diff its
// schemas against the previous release's lock the way CI does.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// The example itself, or a copy of it given as the argument (the e2e test runs on a copy so that
// `npm test` never rewrites tracked files).
const project = process.argv[2] ? resolve(process.argv[2]) : join(here, "token-transfer");
const root = join(here, "..");

/** Runs one command of the walk-through; any exit code but `expected` stops the example. */
function step(title, args, expected = 0) {
  console.log(`\n$ ${title}`);
  const run = spawnSync(process.execPath, args, { cwd: project, stdio: "inherit" });
  if (run.status !== expected) process.exit(run.status || 1);
  return run.status;
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

// The CI side: previous/schema.lock.json is the lock of the previous release, when token_type was
// only "ETH" and a receipt was always a string. `causality diff` judges each change by the type's
// role: the input accepts more (compatible), the output can now be null (breaking), so it exits 1,
// which fails a pull request until the break is acknowledged in schema.acks.json (docs/ci.md).
const code = step(
  "causality diff --base previous/schema.lock.json",
  [join(root, "packages/cli/dist/bin.js"), "diff", "--base", "previous/schema.lock.json"],
  1,
);
console.log(`exit code ${code}: one unacknowledged breaking change, so CI fails here`);
