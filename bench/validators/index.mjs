// Validator benchmark (issues 5 and 18), measured the way the field measures: 64 valid and 64 invalid
// seeded values per shape; every library checked to agree on all of them first (the run stops
// otherwise); a mixed run (validators see valid and invalid values) and a valid-only run, each in
// its own processes; one loop function per (library, shape, case); samples of calibrated CPU time,
// interleaved rounds, medians; ratios taken inside each process, then the median and spread over
// processes. BENCH_PROCESSES (3), BENCH_ROUNDS (9), BENCH_SAMPLE_MS (10), BENCH_SHAPES (all) and
// BENCH_LIBS (all; causality is always timed) tune it.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildPeers } from "./build.mjs";
import { median } from "./measure.mjs";
import { shapes } from "./shapes.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 3);

buildPeers();

function worker(mode) {
  const run = spawnSync(process.execPath, [join(here, "worker.mjs"), mode], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = run.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`bench worker (${mode}) failed:\n${run.stdout}`);
  return { status: run.status, ...JSON.parse(line.slice(7)) };
}

const check = worker("check");
if (check.status !== 0) {
  console.log("The validators disagree; no timing is meaningful:");
  for (const w of check.wrong.slice(0, 40)) console.log(`  ${w}`);
  process.exit(1);
}
const faults = Object.entries(check.faults).map(([k, n]) => `${k} ${n}`);
console.log(`all validators agree on 64 valid + 64 invalid values per shape; faults: ${faults.join(", ")}`);

const runs = { mixed: [], valid: [] };
for (let p = 0; p < PROCESSES; p++) {
  for (const mode of p % 2 ? ["valid", "mixed"] : ["mixed", "valid"]) runs[mode].push(worker(mode).samples);
}

const IS_PEERS = ["typia", "hand-written", "ajv", "typebox", "zod", "interpreter"];
const VALIDATE_PEERS = ["typia", "ajv", "zod"];
const fmtNs = (ns) => (ns < 10 ? ns.toFixed(1) : ns.toFixed(0));

/**
 * Per shape: our ns per call, and per peer the ratio peer time / our time. In a process the ratio is
 * the median over rounds of the two samples of one round (taken close together, so a load spike on
 * the shared machine hits both); over processes, the median and the min-max spread.
 */
function table(title, mode, kase, peers) {
  console.log(`\n${title}`);
  console.log(["shape".padEnd(9), "causality".padEnd(11), ...peers.map((p) => p.padEnd(20))].join(""));
  const ratios = {};
  for (const shape of Object.keys(shapes)) {
    const ours = runs[mode].map((m) => m[`${shape}|${kase}|causality`]);
    if (ours[0] === undefined) continue;
    const cells = peers.map((peer) => {
      if (runs[mode][0][`${shape}|${kase}|${peer}`] === undefined) return "-".padEnd(20);
      const r = runs[mode].map((m, i) =>
        median(m[`${shape}|${kase}|${peer}`].map((ns, j) => ns / ours[i][j])),
      );
      ratios[`${shape}|${peer}`] = r;
      const fmt = (x) => (x < 100 ? x.toFixed(2) : x.toFixed(0));
      return `${fmt(median(r))}x ${fmt(Math.min(...r))}-${fmt(Math.max(...r))}`.padEnd(20);
    });
    console.log([shape.padEnd(9), `${fmtNs(median(ours.map(median)))} ns`.padEnd(11), ...cells].join(""));
  }
  return ratios;
}

console.log(
  `\nns per call (causality, median over ${PROCESSES} processes); peers as (peer time / causality time): ` +
    "median, then min-max over processes; > 1 means causality is faster",
);
const mixedValid = table("is(), mixed run, valid values", "mixed", "valid", IS_PEERS);
const mixedInvalid = table("is(), mixed run, invalid values", "mixed", "invalid", IS_PEERS);
const validOnly = table("is(), valid-only run", "valid", "valid", IS_PEERS);
const validate = table(
  "validate() on invalid values, mixed run (all issues)",
  "mixed",
  "validate",
  VALIDATE_PEERS,
);

console.log(
  "\ngoals: is >= 1.0x typia and >= 0.8x hand-written on every shape and run; validate >= 1.0x typia",
);
let missed = 0;
for (const shape of Object.keys(shapes)) {
  const goals = [
    ["is/typia mixed valid", mixedValid[`${shape}|typia`], 1],
    ["mixed invalid", mixedInvalid[`${shape}|typia`], 1],
    ["valid-only", validOnly[`${shape}|typia`], 1],
    ["is/hand mixed valid", mixedValid[`${shape}|hand-written`], 0.8],
    ["mixed invalid", mixedInvalid[`${shape}|hand-written`], 0.8],
    ["valid-only", validOnly[`${shape}|hand-written`], 0.8],
    ["validate/typia", validate[`${shape}|typia`], 1],
  ].filter(([, r]) => r !== undefined && r.length > 0);
  const cells = goals.map(([what, r, goal]) => {
    const m = median(r);
    if (m < goal) missed++;
    return `${what} ${m.toFixed(2)}${m < goal ? " (MISSED)" : ""}`;
  });
  console.log(`  ${shape.padEnd(9)} ${cells.join(", ")}`);
}
console.log(missed === 0 ? "all goals met" : `${missed} goal(s) missed`);
