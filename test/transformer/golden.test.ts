/**
 * The golden corpus (fixtures/types): every exported type analyzed two ways must give the TypeExpr
 * and id in expected.json: (1) the CLI's path, `typescript` + the analyzer; (2) the real `tspc`
 * with our plugin, on a project that calls `typeSchema<T>()` for every type, then run.
 */

import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs helper shared with the fixture generator
import { analyzeFixtures, readExpected } from "../../fixtures/types/golden.mjs";
import { runNode } from "../support/run.js";
import { corpusProject, writeGoldenModule } from "./corpus-project.js";

interface Expected {
  generic: boolean;
  id?: string;
  expr?: unknown;
  diagnostics?: { code: number; path: string }[];
}

const ROOT = resolve(import.meta.dirname, "../..");
const expected = readExpected() as Record<string, Expected>;
const analyzable = Object.entries(expected).filter(([, e]) => e.id !== undefined);
let dir: string | undefined;

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("golden TypeScript types", () => {
  it("has at least 120 analyzable types", () => {
    expect(analyzable.length).toBeGreaterThanOrEqual(120);
  });

  it("the CLI's analyzer reproduces expected.json exactly", () => {
    const actual = analyzeFixtures() as Record<string, Expected>;
    expect(JSON.parse(JSON.stringify(actual))).toEqual(expected);
  });

  it("tspc with the plugin injects the same ids", async () => {
    dir = corpusProject("causality-golden-");
    writeGoldenModule(
      dir,
      analyzable.map(([key]) => key),
    );
    const build = await runNode([join(ROOT, "node_modules/ts-patch/bin/tspc.js"), "-p", dir]);
    expect(build.stdout + build.stderr).toBe("");
    const mod = (await import(pathToFileURL(join(dir, "dist/__golden.js")).href)) as Record<
      string,
      { id: string }
    >;
    const mismatches = analyzable.filter(([, e], i) => mod[`s${i}`]?.id !== e.id).map(([key]) => key);
    expect(mismatches).toEqual([]);
  });
});
