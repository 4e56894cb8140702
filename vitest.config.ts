import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "transformer/src/**/*.test.ts",
      "runtime/src/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    // Generous, for a loaded 2-core machine: a hang still fails, a slow neighbour does not.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
