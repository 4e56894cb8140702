import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

/** The consumer matrix (npm run test:consumer): separate from `npm test`, since it installs from npm. */
export default defineConfig({
  root: resolve(import.meta.dirname, "../.."),
  test: {
    include: ["test/consumer/*.consumer.ts"],
    testTimeout: 900_000,
    hookTimeout: 600_000,
  },
});
