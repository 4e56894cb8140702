#!/usr/bin/env node
/**
 * `npm run test:mutation [module...]`: StrykerJS over the modules that decide correctness, one
 * module at a time (each its own report under reports/mutation/), at concurrency 1 under `nice`:
 * the machine is shared. Without arguments every module runs; names select some.
 */
import { spawnSync } from "node:child_process";

export const MODULES = {
  canonical: [
    "packages/schema/src/canonical/*.ts",
    "!packages/schema/src/canonical/*.test.ts",
    "packages/schema/src/id.ts",
  ],
  validators: [
    "packages/schema/src/validate/interpret.ts",
    "packages/schema/src/validate/compile.ts",
    "packages/schema/src/validate/compile-validate.ts",
    "packages/schema/src/validate/template.ts",
    "packages/schema/src/validate/formats.ts",
  ],
  "validators-interpret": [
    "packages/schema/src/validate/interpret.ts",
    "packages/schema/src/validate/template.ts",
    "packages/schema/src/validate/formats.ts",
  ],
  "validators-compiled": [
    "packages/schema/src/validate/compile.ts",
    "packages/schema/src/validate/compile-validate.ts",
  ],
  diff: ["packages/schema/src/diff/assignable.ts", "packages/schema/src/diff/diff.ts"],
  transitions: ["runtime/src/orchestrator/transitions.ts"],
  "handler-limits": ["runtime/src/lisp/limits.ts", "runtime/src/lisp/measure.ts"],
};

const wanted = process.argv.slice(2);
for (const name of wanted)
  if (!(name in MODULES)) throw new Error(`unknown module ${name}: ${Object.keys(MODULES).join(", ")}`);
let failed = false;
for (const [name, files] of Object.entries(MODULES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n== mutation: ${name} (${files.join(" ")})`);
  const r = spawnSync(
    "nice",
    ["-n", "10", "npx", "stryker", "run", "mutation/stryker.config.mjs", "--mutate", files.join(",")],
    { stdio: "inherit", env: { ...process.env, MUTATION_MODULE: name } },
  );
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
