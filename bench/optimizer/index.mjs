// Optimizer benchmarks (issue 7): placement speed, then the simulation table and adaptive's cost ratios.
import { placementSpeed } from "./placement.mjs";
import { printComparisons, printTable, simulationTable } from "./simulate.mjs";

const rate = placementSpeed(Number(process.env.BENCH_MS ?? 1500));
console.log(
  `placement: ${Math.round(rate).toLocaleString("en")} decisions/s (20-node dataflow, 10 domains; goal >= 10,000)\n`,
);
const rows = simulationTable(42);
printTable(rows);
printComparisons(rows);
