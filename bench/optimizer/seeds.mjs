// The simulation over seeds 1-12 (issue 19): per trace and seed, adaptive's p99 against the best
// fixed strategy's, and adaptive's cost over each fixed strategy's; then the counts per trace.
// `node bench/optimizer/seeds.mjs [first] [last]`.
import { FIXED_POLICIES, simulate } from "@causality/runtime";
import { TRACES } from "./simulate.mjs";

export function seedTable(seeds) {
  const rows = [];
  for (const trace of TRACES) {
    for (const seed of seeds) {
      const adaptive = simulate(trace, "adaptive", seed);
      const fixed = FIXED_POLICIES.map((policy) => simulate(trace, policy, seed));
      const best = fixed.reduce((a, b) => (b.p99 < a.p99 ? b : a));
      rows.push({
        trace,
        seed,
        adaptive,
        best,
        beatsAll: adaptive.violations === 0 && fixed.every((f) => adaptive.p99 < f.p99),
        costRatios: Object.fromEntries(fixed.map((f) => [f.policy, adaptive.totalCost / f.totalCost])),
        p99: Object.fromEntries(fixed.map((f) => [f.policy, f.p99])),
      });
    }
  }
  return rows;
}

const range = (xs) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;

export function printSeedTable(rows) {
  console.log(
    "trace   seed  adaptive p99  adaptive cost  best fixed p99 (policy)               beats all  cost/balanced  cost/latency_opt",
  );
  for (const r of rows) {
    console.log(
      `${r.trace.padEnd(8)}${String(r.seed).padEnd(6)}${`${r.adaptive.p99} ms`.padEnd(14)}${String(r.adaptive.totalCost).padEnd(15)}` +
        `${`${r.best.p99} ms (${r.best.policy})`.padEnd(41)}${(r.beatsAll ? "yes" : "no").padEnd(11)}` +
        `${r.costRatios["static:balanced"].toFixed(2).padEnd(15)}${r.costRatios["static:latency_optimization"].toFixed(2)}`,
    );
  }
  console.log(
    "\nper trace: runs where adaptive beats every fixed strategy on p99; adaptive's p99 wins and cost ratio against each",
  );
  for (const trace of TRACES) {
    const of = rows.filter((r) => r.trace === trace);
    const mean = (xs) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
    console.log(
      `  ${trace}: beats all in ${of.filter((r) => r.beatsAll).length} of ${of.length}; adaptive's mean p99 ${mean(of.map((r) => r.adaptive.p99))} ms, mean cost ${mean(of.map((r) => r.adaptive.totalCost))}`,
    );
    for (const policy of FIXED_POLICIES) {
      const wins = of.filter((r) => r.adaptive.p99 < r.p99[policy]).length;
      console.log(
        `    vs ${policy.padEnd(28)} p99 better in ${String(wins).padStart(2)} of ${of.length}, cost ratio ${range(of.map((r) => r.costRatios[policy]))}`,
      );
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const first = Number(process.argv[2] ?? 1);
  const last = Number(process.argv[3] ?? 12);
  printSeedTable(seedTable(Array.from({ length: last - first + 1 }, (_, i) => first + i)));
}
