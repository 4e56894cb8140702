/**
 * The golden corpus (fixtures/types) through the real CLI: `causality generate` on a temporary copy of
 * the corpus must write every type of expected.json into schema.lock.json with exactly the expected id
 * and TypeExpr, and the same ids that the real `tspc` with our plugin injects into the emitted JS.
 *
 * Two CLI runs cover both ways the CLI finds a type: first a causality.config.json `types` list (the
 * corpus declares its types without `typeSchema` calls), then `typeSchema<T>()` calls, one per type,
 * in a generated `src/__golden.ts` that `tspc` also compiles.
 */

import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNode } from "../support/run.js";
import { corpusProject, writeGoldenModule } from "./corpus-project.js";

interface Expected {
  generic: boolean;
  id?: string;
  expr?: unknown;
}

interface Lock {
  schemas: Record<string, { id: string; roles: string[]; expr: unknown }>;
}

const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURE_DIR = join(ROOT, "fixtures/types");
const BIN = join(ROOT, "packages/cli/dist/bin.js");
const TSPC = join(ROOT, "node_modules/ts-patch/bin/tspc.js");
const expected = JSON.parse(readFileSync(join(FIXTURE_DIR, "expected.json"), "utf8")) as Record<
  string,
  Expected
>;
/** `[key in expected.json, its entry]` for every type with an id (generic declarations have none). */
const analyzable = Object.entries(expected).filter(([, e]) => e.id !== undefined) as [
  string,
  Expected & { id: string },
][];
/** The corpus is copied to `src/`, so `objects.ts#Point` is locked as `src/objects.ts#Point`. */
const lockKey = (key: string) => `src/${key}`;

let dir: string;
let fromConfig: { code: number | null; output: string; lock: Lock };
let fromCalls: { code: number | null; output: string; lock: Lock };
let tspc: { code: number | null; output: string; ids: (string | undefined)[] };

async function generate(): Promise<{ code: number | null; output: string; lock: Lock }> {
  const r = await runNode([BIN, "generate", "-p", join(dir, "tsconfig.json")], {
    cwd: dir,
    env: { ...process.env, CI: "true" },
  });
  const output = r.stdout + r.stderr;
  const lock =
    r.status === 0
      ? (JSON.parse(readFileSync(join(dir, "schema.lock.json"), "utf8")) as Lock)
      : { schemas: {} };
  return { code: r.status, output, lock };
}

beforeAll(async () => {
  dir = corpusProject("causality-golden-cli-");

  // 1. The types as the corpus declares them, listed in causality.config.json.
  writeFileSync(
    join(dir, "causality.config.json"),
    JSON.stringify({ types: analyzable.map(([key]) => lockKey(key)) }),
  );
  fromConfig = await generate();

  // 2. One typeSchema call per type, compiled by tspc and found by the CLI; no config this time.
  rmSync(join(dir, "causality.config.json"));
  writeGoldenModule(
    dir,
    analyzable.map(([key]) => key),
  );
  const build = await runNode([TSPC, "-p", dir], { cwd: dir });
  const mod =
    build.status === 0
      ? ((await import(pathToFileURL(join(dir, "dist/__golden.js")).href)) as Record<string, { id: string }>)
      : {};
  tspc = {
    code: build.status,
    output: build.stdout + build.stderr,
    ids: analyzable.map((_, i) => mod[`s${i}`]?.id),
  };
  fromCalls = await generate();
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("golden TypeScript types through `causality generate`", () => {
  it("covers the corpus (at least 120 types)", () => {
    expect(analyzable.length).toBeGreaterThanOrEqual(120);
  });

  it("generate with a causality.config.json types list exits 0 and locks exactly the listed types", () => {
    expect(fromConfig.code, fromConfig.output).toBe(0);
    expect(Object.keys(fromConfig.lock.schemas).sort()).toEqual(
      analyzable.map(([key]) => lockKey(key)).sort(),
    );
  });

  it("every listed type is locked with exactly the expected id and TypeExpr", () => {
    const mismatches = analyzable
      .filter(([key, e]) => fromConfig.lock.schemas[lockKey(key)]?.id !== e.id)
      .map(([key, e]) => ({ key, expected: e.id, lock: fromConfig.lock.schemas[lockKey(key)]?.id }));
    expect(mismatches).toEqual([]);
    for (const [key, e] of analyzable)
      expect(fromConfig.lock.schemas[lockKey(key)]?.expr, key).toEqual(e.expr);
  });

  it("tspc with the plugin compiles the same corpus cleanly and injects the ids the CLI locked", () => {
    expect(tspc.output).toBe("");
    expect(tspc.code).toBe(0);
    const mismatches = analyzable
      .map(([key], i) => ({ key, tspc: tspc.ids[i], cli: fromConfig.lock.schemas[lockKey(key)]?.id }))
      .filter((m) => m.tspc === undefined || m.tspc !== m.cli);
    expect(mismatches).toEqual([]);
  });

  it("generate finds the same types, with the same ids, through typeSchema calls", () => {
    expect(fromCalls.code, fromCalls.output).toBe(0);
    // A named type keeps its declaration's key; one without a name of its own (an alias of
    // `string`, a union of literals, ...) is keyed by the variable its typeSchema call is assigned to.
    const entryOf = (key: string, i: number) =>
      fromCalls.lock.schemas[lockKey(key)] ?? fromCalls.lock.schemas[`src/__golden.ts#s${i}`];
    const mismatches = analyzable
      .map(([key, e], i) => ({ key, expected: e.id, tspc: tspc.ids[i], lock: entryOf(key, i)?.id }))
      .filter((m) => m.lock !== m.expected || m.lock !== m.tspc);
    expect(mismatches).toEqual([]);
    expect(Object.keys(fromCalls.lock.schemas)).toHaveLength(analyzable.length);
  });
});
