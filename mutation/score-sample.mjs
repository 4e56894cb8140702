#!/usr/bin/env node
/**
 * `node mutation/score-sample.mjs <plan.json.sample.json> <report.json>`: the score of a sampled run
 * (sample.mjs) over the drawn mutants only (a range can also select mutants nested in a drawn one:
 * those are not counted), with a 95% Wilson interval. Killed counts as detected; survived, timed out
 * and uncovered count as not (the README's score).
 */
import { readFileSync } from "node:fs";

const [samplePath, reportPath] = process.argv.slice(2);
if (!samplePath || !reportPath) throw new Error("usage: score-sample.mjs <sample.json> <report.json>");
const { population, sample } = JSON.parse(readFileSync(samplePath, "utf8"));
const report = JSON.parse(readFileSync(reportPath, "utf8"));
const key = (name, m) =>
  `${name}|${m.location.start.line}:${m.location.start.column}-${m.location.end.line}:${m.location.end.column}|${m.mutatorName}|${m.replacement}`;
const results = new Map();
for (const [name, file] of Object.entries(report.files))
  for (const m of file.mutants) results.set(key(name, m), m);

const counts = {};
const perFile = {};
const notKilled = [];
for (const s of sample) {
  const m = results.get(key(s.name, s));
  const status = m?.status ?? "Missing";
  counts[status] = (counts[status] ?? 0) + 1;
  perFile[s.name] ??= { killed: 0, total: 0 };
  if (status === "CompileError" || status === "RuntimeError" || status === "Ignored" || status === "Missing")
    continue;
  perFile[s.name].total++;
  if (status === "Killed") perFile[s.name].killed++;
  else
    notKilled.push(
      `${s.name.split("/").pop()}:${s.location.start.line}:${s.location.start.column} ${status} ${s.mutatorName} ${JSON.stringify(s.replacement)}`,
    );
}
const counted = Object.values(perFile).reduce((a, f) => a + f.total, 0);
const killed = Object.values(perFile).reduce((a, f) => a + f.killed, 0);
// Wilson score interval at 95%.
const z = 1.96;
const p = killed / counted;
const centre = (p + (z * z) / (2 * counted)) / (1 + (z * z) / counted);
const half =
  (z * Math.sqrt((p * (1 - p)) / counted + (z * z) / (4 * counted * counted))) / (1 + (z * z) / counted);
console.log(
  `sample of ${sample.length} from ${population}: ${JSON.stringify(counts)}; score ${(100 * p).toFixed(1)}% ` +
    `(${killed}/${counted}; 95% interval ${(100 * (centre - half)).toFixed(1)}-${(100 * (centre + half)).toFixed(1)}%)`,
);
for (const [name, f] of Object.entries(perFile)) console.log(`  ${name}: ${f.killed}/${f.total}`);
for (const line of notKilled) console.log(`  not killed: ${line}`);
