import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "transformer/src/**/*.test.ts",
      "runtime/src/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    testTimeout: 60_000,
  },
});
