/** StrykerJS for `npm run test:mutation` (mutation/run.mjs passes `--mutate` and MUTATION_MODULE per module). */
const module = process.env.MUTATION_MODULE ?? "all";
/** Modules inside one package type-check that package only (the checker starts faster, checks less). */
const TSCONFIG = {
  "validators-interpret": "packages/schema/tsconfig.json",
  canonical: "packages/schema/tsconfig.json",
  transitions: "runtime/tsconfig.json",
  "validators-compiled": "packages/schema/tsconfig.json",
  diff: "packages/schema/tsconfig.json",
};

export default {
  testRunner: "vitest",
  vitest: { configFile: "mutation/vitest.config.ts", related: true },
  // MUTATION_NO_CHECKER=1: no checker process (it dominates a run on a loaded machine); the report's
  // type errors are classified afterwards by typecheck-mutants.mjs (see README).
  checkers: process.env.MUTATION_NO_CHECKER === "1" ? [] : ["typescript"],
  tsconfigFile: TSCONFIG[module] ?? "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  concurrency: 1,
  ignoreStatic: true,
  timeoutMS: 30_000,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: `reports/mutation/${module}.json` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  ignorePatterns: ["bench", "examples", "reports", ".tmp", "**/dist", "*.tsbuildinfo"],
  tempDirName: ".tmp/stryker",
  cleanTempDir: true,
};
