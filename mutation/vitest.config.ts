/**
 * vitest for mutation testing (mutation/run.mjs): the workspace packages resolve to their TypeScript
 * sources, so the tests exercise the mutated code Stryker instruments (the normal config resolves
 * them to the built dist/). Only the tests that pin the module under mutation are included.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The tests that pin each module (mutation/run.mjs names the module in MUTATION_MODULE). */
const TESTS: Record<string, string[]> = {
  canonical: [
    "packages/schema/src/canonical.test.ts",
    "packages/schema/src/canonical/*.test.ts",
    "packages/schema/src/id.test.ts",
    "test/independent/**/*.test.ts",
    "test/vectors.test.ts",
  ],
  validators: [
    "packages/schema/src/validate/*.test.ts",
    "test/validators/semantics.test.ts",
    "test/validators/strings.test.ts",
    "test/validators/template-oracle.test.ts",
    "test/validators/differential.test.ts",
    "test/oracles/template-literals.test.ts",
  ],
  // The interpreter half (interpret.ts, formats.ts, template.ts): the files with an outside oracle
  // (RFC tables, TypeScript's checker, the docs' tables) and no heavy property runs; the
  // differential, exports and bounded-time files would each cost minutes per mutant on this machine.
  "validators-interpret": [
    "packages/schema/src/validate/*.test.ts",
    "test/validators/semantics.test.ts",
    "test/validators/strings.test.ts",
    "test/validators/template-oracle.test.ts",
    "test/oracles/template-literals.test.ts",
    "test/oracles/format-tables.test.ts",
    "test/validators/empty-alternatives.test.ts",
    "test/validators/equals-intersections.test.ts",
    "test/validators/interpreter-a.test.ts",
    "test/validators/interpreter-b.test.ts",
    "test/validators/interpreter-b-constraints.test.ts",
  ],
  // The compiled half (compile.ts, compile-validate.ts): the tests that run generated code and are
  // cheap (a full run must fit this shared machine); the interpreter is their second implementation.
  // The differential and the TypeScript-checker oracles also run generated code but cost ten times more.
  "validators-compiled": [
    "packages/schema/src/validate/compile.test.ts",
    "test/validators/compiled-branches.test.ts",
    "test/validators/compiled-generator-a.test.ts",
    "test/validators/compiled-generator-b.test.ts",
    "test/validators/equals-intersections.test.ts",
    "test/validators/semantics.test.ts",
    "test/validators/bounded.test.ts",
    "test/validators/union-issues.test.ts",
    "test/validators/strings.test.ts",
    "test/validators/trust.test.ts",
  ],
  // The diff module: the deterministic oracles (every catalogue pair against the validators, the
  // changes a diff lists, refinement tables); the randomized diff-soundness property is left out
  // (slow per mutant on a shared machine; leaving a test out can only lower the score).
  diff: [
    "packages/schema/src/diff/*.test.ts",
    "test/oracles/refinement-implications.test.ts",
    "test/oracles/diff-table.test.ts",
    "test/oracles/diff-changes.test.ts",
    "test/oracles/diff-edges.test.ts",
  ],
  // The orchestrator's tests but handler-budget (it pins the handler language's budget, 4 s a run) and
  // isolation (concurrency and leases, with sleeps; transitions.test.ts covers its input checks).
  transitions: [
    "runtime/src/orchestrator/{operator,orchestrator,parallel,placement,redaction,transitions,upgrade}.test.ts",
    "test/runtime/promises.test.ts",
  ],
  "handler-limits": ["runtime/src/lisp/*.test.ts", "test/runtime/handler-limits.test.ts"],
};
const selected = process.env.MUTATION_MODULE;
if (selected !== undefined && !(selected in TESTS)) throw new Error(`no tests listed for module ${selected}`);

export default defineConfig({
  root,
  resolve: {
    alias: {
      "@causality/schema": `${root}packages/schema/src/index.ts`,
      "@causality/runtime": `${root}runtime/src/index.ts`,
    },
  },
  test: {
    include: selected ? TESTS[selected] : Object.values(TESTS).flat(),
    testTimeout: 60_000,
    // Randomized tests at their `npm run test:quick` size (the same tests, fewer values) for the validators and canonical modules.
    // TypeScript's answers to the template oracle's table are computed once (test/oracles/ts-checker.ts).
    env:
      selected === "validators-interpret" || selected === "validators-compiled"
        ? {
            CAUSALITY_TEST_QUICK: "1",
            CAUSALITY_ORACLE_CACHE: join(tmpdir(), "causality-oracle"),
          }
        : selected === "canonical" || selected === "diff"
          ? { CAUSALITY_TEST_QUICK: "1" }
          : // transitions: the orchestrator's store-generic tests on the memory store only (engines.fixture.ts).
            selected === "transitions"
            ? { CAUSALITY_TEST_ENGINES: "memory" }
            : {},
    // transitions: every file imports the same runtime modules; one module cache for them all
    // (Stryker switches mutants at run time, so a cached module still runs the active mutant).
    ...(selected === "transitions" ? { isolate: false } : {}),
    // The compiled back end embeds formats.ts and template.ts functions as source text (see the file).
    setupFiles: selected === "validators-interpret" ? ["mutation/embedded-helpers.ts"] : [],
  },
});
