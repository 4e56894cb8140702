// The simulation table (issue 7): every policy on every trace, same seed, printed as a table.
import { POLICIES, simulate } from "@causality/runtime";

export function simulationTable(seed = 42) {
  const rows = [];
  for (const trace of ["steady", "bursty", "spike", "outage"]) {
    for (const policy of POLICIES) rows.push({ trace, ...simulate(trace, policy, seed) });
  }
  return rows;
}

export function printTable(rows) {
  const head = ["trace", "policy", "p50 ms", "p99 ms", "cost", "violations", "util", "done", "switches"];
  console.log(head.map((h, i) => h.padEnd(i === 1 ? 28 : 11)).join(""));
  for (const r of rows) {
    const cells = [
      r.trace,
      r.policy,
      r.p50,
      r.p99,
      r.totalCost,
      r.violations,
      r.utilization.toFixed(2),
      r.completed,
      r.switches,
    ];
    console.log(cells.map((c, i) => String(c).padEnd(i === 1 ? 28 : 11)).join(""));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printTable(simulationTable());
