/**
 * One fixture file per diagnostic code (fixtures/compile-errors): `tspc` must fail with exactly
 * the expected code, file, line, column and message, through TypeScript's own diagnostics.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DIAGNOSTIC } from "@causality/transformer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunResult, runNode } from "../support/run.js";

interface Case {
  file: string;
  line: number;
  column: number;
  code: number;
  name: keyof typeof DIAGNOSTIC;
  message: string;
}

const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURE = join(ROOT, "fixtures/compile-errors");
const cases = JSON.parse(readFileSync(join(FIXTURE, "expected.json"), "utf8")) as Case[];
const dir = mkdtempSync(join(tmpdir(), "causality-errors-"));
cpSync(FIXTURE, dir, { recursive: true });
mkdirSync(join(dir, "node_modules/@causality"), { recursive: true });
for (const pkg of ["schema", "runtime", "transformer"]) {
  symlinkSync(join(ROOT, "node_modules/@causality", pkg), join(dir, "node_modules/@causality", pkg));
}
let build: RunResult;
let reported: string[] = [];
/** The one fixture whose type TypeScript itself cannot resolve also fails with TypeScript's own error. */
let typescriptOwn: string[] = [];

beforeAll(async () => {
  build = await runNode([join(ROOT, "node_modules/ts-patch/bin/tspc.js"), "-p", dir], { cwd: dir });
  const errors = build.stdout.split("\n").filter((l) => l.includes("error TS"));
  reported = errors.filter((l) => l.includes("[causality]"));
  typescriptOwn = errors.filter((l) => !l.includes("[causality]"));
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("compile errors", () => {
  it("has a fixture for every diagnostic code, and tspc fails", () => {
    expect(new Set(cases.map((c) => c.code))).toEqual(new Set(Object.values(DIAGNOSTIC).map((d) => d.code)));
    expect(build.status).not.toBe(0);
    expect(reported).toHaveLength(cases.length);
    expect(typescriptOwn).toEqual([
      "src/unresolved-type.ts(5,10): error TS2304: Cannot find name 'Custmer'.",
    ]);
  });

  for (const c of cases) {
    it(`${c.name} (TS${c.code})`, () => {
      expect(DIAGNOSTIC[c.name].code).toBe(c.code);
      expect(reported).toContain(
        `${c.file}(${c.line},${c.column}): error TS${c.code}: [causality] ${c.message}`,
      );
    });
  }
});
