// Build overhead (issue 4): the 200-file project built by `tspc` with our plugin vs plain `tsc`,
// alternating runs in one process session, median of each. Goal: <= 1.3x.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { generateProject, median, ROOT } from "../project.mjs";

const REPS = Number(process.env.REPS ?? 5);
const dir = generateProject(200);
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const TSPC = join(ROOT, "node_modules/ts-patch/bin/tspc.js");

function time(compiler, config) {
  rmSync(join(dir, "dist"), { recursive: true, force: true });
  const t0 = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [compiler, "-p", join(dir, config)], { encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (run.status !== 0) throw new Error(`${compiler} failed:\n${run.stdout}${run.stderr}`);
  return ms;
}

const tsc = [];
const tspcNoPlugin = [];
const tspc = [];
time(TSC, "tsconfig.json"); // warm the file cache
for (let r = 0; r < REPS; r++) {
  tsc.push(time(TSC, "tsconfig.json"));
  tspcNoPlugin.push(time(TSPC, "tsconfig.json"));
  tspc.push(time(TSPC, "tsconfig.plugin.json"));
}
const base = median(tsc);
console.log(
  "build overhead: 200 files, 2-3 interfaces and one typeSchema<T>() each (median of",
  REPS,
  "runs)",
);
console.log(`  tsc                     ${base.toFixed(0)} ms   1.00x`);
console.log(
  `  tspc, no plugin         ${median(tspcNoPlugin).toFixed(0)} ms   ${(median(tspcNoPlugin) / base).toFixed(2)}x`,
);
console.log(
  `  tspc + causality plugin ${median(tspc).toFixed(0)} ms   ${(median(tspc) / base).toFixed(2)}x   (goal <= 1.3x)`,
);
rmSync(dir, { recursive: true, force: true });
