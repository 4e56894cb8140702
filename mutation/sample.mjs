#!/usr/bin/env node
/**
 * `node mutation/sample.mjs <plan.json> <tsconfig.json> <n> <seed>`: a random sample of a module's
 * mutants for a module whose whole run does not fit the machine (canonical: every test goes through
 * `canonicalize`, so a surviving mutant runs ~450 tests, about a minute).
 *
 * <plan.json> is the `onMutationTestingPlanReady` event of a run with `--reporters event-recorder`
 * (stopped once it is written). Mutants the TypeScript checker rejects are dropped first (as
 * typecheck-mutants.mjs decides; they do not count in a score), then `n` of the rest are drawn
 * uniformly with a seeded generator. Only mutants on one line are drawn: Stryker's `--mutate` range
 * selects every mutant inside it, so a multi-line mutant (a removed block) would bring all its nested
 * ones along. Those are mostly killed, so leaving them out can only lower the estimate.
 *
 * Prints the `--mutate` argument (exact line:column ranges) on stdout and writes the sample's
 * identities to <plan.json>.sample.json for `score-sample.mjs`.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const [planPath, tsconfig, n, seed] = process.argv.slice(2);
if (!planPath || !tsconfig || !n || !seed)
  throw new Error("usage: sample.mjs <plan.json> <tsconfig.json> <n> <seed>");
const root = process.cwd();
const plans = JSON.parse(readFileSync(planPath, "utf8")).mutantPlans.filter((p) => p.plan === "Run");

// A report in the JSON reporter's shape (1-based lines and columns) for typecheck-mutants.mjs.
const files = {};
for (const { mutant: m } of plans) {
  const name = relative(root, m.fileName);
  files[name] ??= { source: readFileSync(join(root, name), "utf8"), mutants: [] };
  const at = (l) => ({ line: l.line + 1, column: l.column + 1 });
  files[name].mutants.push({
    id: m.id,
    mutatorName: m.mutatorName,
    replacement: m.replacement,
    location: { start: at(m.location.start), end: at(m.location.end) },
    status: "Survived",
  });
}
const checked = `${planPath}.checked.json`;
writeFileSync(checked, JSON.stringify({ schemaVersion: "1", thresholds: { high: 80, low: 60 }, files }));
const tc = spawnSync(
  process.execPath,
  [join(import.meta.dirname, "typecheck-mutants.mjs"), checked, tsconfig],
  {
    encoding: "utf8",
  },
);
if (tc.status !== 0) throw new Error(tc.stderr);

const candidates = [];
for (const [name, file] of Object.entries(JSON.parse(readFileSync(checked, "utf8")).files))
  for (const m of file.mutants)
    if (m.status !== "CompileError" && m.location.start.line === m.location.end.line)
      candidates.push({ name, ...m });

// mulberry32: a small seeded generator, so the sample is reproducible.
let state = Number(seed) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
for (let i = candidates.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
}
const sample = candidates.slice(0, Number(n));
writeFileSync(
  `${planPath}.sample.json`,
  JSON.stringify({
    population: candidates.length,
    sample: sample.map(({ name, location, mutatorName, replacement }) => ({
      name,
      location,
      mutatorName,
      replacement,
    })),
  }),
);
// Stryker's ranges: 1-based lines, 0-based columns.
const range = ({ name, location: { start, end } }) =>
  `${name}:${start.line}:${start.column - 1}-${end.line}:${end.column - 1}`;
console.error(
  `${candidates.length} one-line mutants the checker accepts; ${sample.length} drawn (seed ${seed})`,
);
console.log(sample.map(range).join(","));
