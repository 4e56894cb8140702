// `causality generate` on the 200-file project vs `tsc --noEmit` (issue 6). Goals: first run
// <= 1.5x tsc --noEmit, a second run with nothing changed <= 0.3x.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { generateProject, median, ROOT } from "../project.mjs";

const REPS = Number(process.env.REPS ?? 5);
const dir = generateProject(200);
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const CLI = join(ROOT, "packages/cli/dist/bin.js");

function time(args, clean) {
  if (clean) rmSync(join(dir, "node_modules/.cache"), { recursive: true, force: true });
  const t0 = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (run.status !== 0) throw new Error(`${args.join(" ")} failed:\n${run.stdout}${run.stderr}`);
  return ms;
}

const tsc = [];
const cold = [];
const warm = [];
time([TSC, "--noEmit", "-p", dir], false);
for (let r = 0; r < REPS; r++) {
  tsc.push(time([TSC, "--noEmit", "-p", dir], false));
  cold.push(time([CLI, "generate"], true));
  warm.push(time([CLI, "generate"], false));
}
const base = median(tsc);
console.log("causality generate: 200 files (median of", REPS, "runs)");
console.log(`  tsc --noEmit                  ${base.toFixed(0)} ms   1.00x`);
console.log(
  `  causality generate (cold)     ${median(cold).toFixed(0)} ms   ${(median(cold) / base).toFixed(2)}x   (goal <= 1.5x)`,
);
console.log(
  `  causality generate (no change) ${median(warm).toFixed(0)} ms   ${(median(warm) / base).toFixed(2)}x   (goal <= 0.3x)`,
);
rmSync(dir, { recursive: true, force: true });
