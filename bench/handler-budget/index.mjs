// Handler programs against the step budget: every case must stop (out of gas, or a value too
// large) well under a second at the default limits. Each case runs in its own process, capped at
// CAP_MS, so a program that does not stop is reported as "> CAP_MS" instead of hanging the bench.
// Prints, per case, the median wall and CPU time over ROUNDS runs, CPU time as a multiple of the
// baseline (100,000 plain steps, the budget spent on the cheapest work) and how the program ended.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { CASES } from "./cases.mjs";

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const CAP_MS = Number(process.env.CAP_MS ?? 20_000);
const runner = fileURLToPath(new URL("./run-case.mjs", import.meta.url));

console.log(`case | median wall ms | median CPU ms (${ROUNDS} runs) | x baseline (CPU) | ended with`);
let worst = 0;
let baseline;
for (const [i, c] of CASES.entries()) {
  const times = [];
  const cpus = [];
  let ended = "";
  for (let r = 0; r < ROUNDS; r++) {
    const run = spawnSync(process.execPath, [runner, String(i)], { encoding: "utf8", timeout: CAP_MS });
    if (run.error || run.status !== 0) {
      times.push(Number.POSITIVE_INFINITY);
      cpus.push(Number.POSITIVE_INFINITY);
      ended = run.error ? `killed after ${CAP_MS} ms` : run.stderr.trim().split("\n").at(-1);
      break;
    }
    const out = JSON.parse(run.stdout);
    times.push(out.ms);
    cpus.push(out.cpuMs);
    ended = out.ended;
  }
  const median = times.sort((a, b) => a - b)[times.length >> 1];
  const cpu = cpus.sort((a, b) => a - b)[cpus.length >> 1];
  baseline ??= cpu;
  if (i > 0) worst = Math.max(worst, cpu);
  const wall = Number.isFinite(median) ? median.toFixed(1) : `> ${CAP_MS}`;
  console.log(`${c.name} | ${wall} | ${cpu.toFixed(1)} | ${(cpu / baseline).toFixed(2)} | ${ended}`);
}
console.log(
  `worst case: ${Number.isFinite(worst) ? `${worst.toFixed(1)} ms CPU, ${(worst / baseline).toFixed(2)} x the baseline` : `> ${CAP_MS} ms`}`,
);
