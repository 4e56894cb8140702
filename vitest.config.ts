import { configDefaults, defineConfig } from "vitest/config";

/**
 * `npm run test:quick` (CAUSALITY_TEST_QUICK=1): the inner loop. It leaves out the suites that build
 * whole projects in child processes (tspc, the CLI, bundlers, the example) and runs the randomized
 * suites at a tenth of their size (test/support/breathe.ts `runs`). `npm test` runs everything.
 */
const quick = process.env.CAUSALITY_TEST_QUICK === "1";
const SPAWNING = [
  "test/cli/**",
  "test/e2e/**",
  "test/consumer/**",
  "test/transformer/{golden,golden-cli,compile-errors,tspc,language-service}.test.ts",
  "packages/unplugin/src/bundlers.test.ts",
];

export default defineConfig({
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "transformer/src/**/*.test.ts",
      "runtime/src/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    exclude: [...configDefaults.exclude, ...(quick ? SPAWNING : [])],
    // Generous, for a loaded 2-core machine: a hang still fails, a slow neighbour does not.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
