// The simulation table (issue 7): every policy on every trace, same seed, printed as a table, then
// adaptive's cost against each fixed strategy and the p99 goal per trace.
import { FIXED_POLICIES, POLICIES, simulate } from "@causality/runtime";

export const TRACES = ["steady", "bursty", "spike", "outage"];

export function simulationTable(seed = 42) {
  const rows = [];
  for (const trace of TRACES) {
    for (const policy of POLICIES) rows.push({ trace, ...simulate(trace, policy, seed) });
  }
  return rows;
}

const ms = (x) => (Number.isFinite(x) ? String(x) : "∞");

export function printTable(rows) {
  const head = [
    "trace",
    "policy",
    "p50 ms",
    "p99 ms",
    "cost",
    "violations",
    "util",
    "done",
    "failed",
    "retries",
    "switches",
  ];
  const width = (i) => (i === 1 ? 28 : 11);
  console.log(
    head
      .map((h, i) => h.padEnd(width(i)))
      .join("")
      .trimEnd(),
  );
  for (const r of rows) {
    const cells = [
      r.trace,
      r.policy,
      ms(r.p50),
      ms(r.p99),
      r.totalCost,
      r.violations,
      r.utilization.toFixed(2),
      r.completed,
      r.failed,
      r.retries,
      r.switches,
    ];
    console.log(
      cells
        .map((c, i) => String(c).padEnd(width(i)))
        .join("")
        .trimEnd(),
    );
  }
}

/** Per trace: adaptive's cost over each fixed strategy's, and whether its p99 beats them all. */
export function comparisons(rows) {
  return TRACES.map((trace) => {
    const of = (policy) => rows.find((r) => r.trace === trace && r.policy === policy);
    const adaptive = of("adaptive");
    const fixed = FIXED_POLICIES.map((policy) => of(policy));
    const best = fixed.reduce((a, b) => (b.p99 < a.p99 ? b : a));
    return {
      trace,
      adaptive,
      best,
      beatsAll: fixed.every((f) => adaptive.p99 < f.p99) && adaptive.violations === 0,
      ratios: fixed.map((f) => ({ policy: f.policy, cost: adaptive.totalCost / f.totalCost })),
    };
  });
}

export function printComparisons(rows) {
  console.log("\nadaptive's cost / each fixed strategy's cost (same trace, same seed):");
  for (const c of comparisons(rows)) {
    const ratios = c.ratios.map((r) => `${r.policy} ${r.cost.toFixed(3)}`).join(", ");
    console.log(`  ${c.trace.padEnd(7)} ${ratios}`);
  }
  console.log(
    "\np99 against every fixed strategy, with zero hard-limit violations (the goal is on spike and outage):",
  );
  for (const c of comparisons(rows)) {
    console.log(
      `  ${c.trace.padEnd(7)} adaptive ${ms(c.adaptive.p99)} ms vs best fixed ${ms(c.best.p99)} ms (${c.best.policy}), ` +
        `${c.adaptive.violations} violations: ${c.beatsAll ? "beats all" : "does not beat all"}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = simulationTable();
  printTable(rows);
  printComparisons(rows);
}
