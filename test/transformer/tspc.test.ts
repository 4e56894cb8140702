/**
 * End to end: small projects built with the real `tspc` (ts-patch) and our plugin, then run.
 * Also the setup mistakes a user makes, each with a clear message rather than silence.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { typeExprIdHex } from "@causality/schema";
import { afterAll, describe, expect, it } from "vitest";
import { runNode } from "../support/run.js";

const ROOT = resolve(import.meta.dirname, "../..");
const TSPC = join(ROOT, "node_modules/ts-patch/bin/tspc.js");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const dirs: string[] = [];

function project(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), "causality-tspc-"));
  dirs.push(dir);
  cpSync(join(ROOT, "fixtures", fixture), dir, { recursive: true });
  mkdirSync(join(dir, "node_modules/@causality"), { recursive: true });
  for (const pkg of ["schema", "runtime", "transformer"]) {
    symlinkSync(join(ROOT, "node_modules/@causality", pkg), join(dir, "node_modules/@causality", pkg));
  }
  return dir;
}

async function compile(compiler: string, dir: string) {
  const run = await runNode([compiler, "-p", dir]);
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

async function runFile(file: string) {
  const run = await runNode([file]);
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("tspc with the Causality plugin", () => {
  const dir = project("tspc-project");

  it("builds, and the emitted JS validates with the injected schemas", async () => {
    expect(await compile(TSPC, dir)).toMatchObject({ code: 0 });
    const run = await runFile(join(dir, "dist/index.js"));
    expect(run.stderr).toBe("");
    const result = JSON.parse(run.stdout);
    expect(result.good).toBe(true);
    expect(result.tree).toBe(true);
    expect(result.badIssues.success).toBe(false);
    expect(result.badIssues.errors.map((e: { path: string; code: string }) => `${e.code} ${e.path}`)).toEqual(
      ["too_small $input.sender", "too_small $input.amount", "invalid_type $input.token_type"],
    );
    expect(result.flowIds[0]).toBe(result.id);
    // The generated validators are injected next to the TypeExpr: no interpreter on the hot path.
    expect(readFileSync(join(dir, "dist/index.js"), "utf8")).toMatch(
      /const is = \(v\) => \{ (failed = null; )?try \{ return f\d+\(v, 0\)/,
    );
  });

  it("injects the same ids the CLI computes", async () => {
    const id = (
      await runNode([join(ROOT, "packages/cli/dist/bin.js"), "id", "src/types.ts#TokenTransferInput"], {
        cwd: dir,
      })
    ).stdout.trim();
    const emitted = readFileSync(join(dir, "dist/index.js"), "utf8");
    const injected = emitted.match(/export const transferInput = typeSchema\((\{.*?\}), \(\(\) => \{/)?.[1];
    expect(injected).toBeDefined();
    expect(typeExprIdHex(JSON.parse(injected!))).toBe(id);
  });

  it("emits byte-identical JS on a rebuild", async () => {
    const first = readFileSync(join(dir, "dist/index.js"), "utf8");
    rmSync(join(dir, "dist"), { recursive: true });
    expect((await compile(TSPC, dir)).code).toBe(0);
    expect(readFileSync(join(dir, "dist/index.js"), "utf8")).toBe(first);
  });
});

describe("setup mistakes", () => {
  it("plain tsc (plugin not run): the emitted code throws a clear error naming the call site", async () => {
    const dir = project("tspc-project");
    expect((await compile(TSC, dir)).code).toBe(0);
    const run = await runFile(join(dir, "dist/index.js"));
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(
      /typeSchema<T>\(\) was called at run time without its schema \(at file:\/\/.*dist\/index\.js:\d+:\d+\)/,
    );
    expect(run.stderr).toMatch(/tspc.*@causality\/transformer.*causality generate/s);
  });

  it("plugin not registered in tsconfig: same clear error at run time", async () => {
    const dir = project("tspc-project");
    const config = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8"));
    config.compilerOptions.plugins = [];
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
    expect((await compile(TSPC, dir)).code).toBe(0);
    expect((await runFile(join(dir, "dist/index.js"))).stderr).toMatch(
      /the Causality transformer did not run on this file/,
    );
  });

  it("wrong transform path: tspc stops and names the module it could not load", async () => {
    const dir = project("tspc-project");
    const config = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8"));
    config.compilerOptions.plugins = [{ transform: "@causality/transformr" }];
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
    const result = await compile(TSPC, dir);
    expect(result.code).not.toBe(0);
    expect(result.out).toMatch(/@causality\/transformr/);
  });

  it("a type that cannot be data fails the build with the code, file, line and path", async () => {
    const dir = project("tspc-errors");
    const result = await compile(TSPC, dir);
    expect(result.code).not.toBe(0);
    expect(result.out).toMatch(
      /src\/index\.ts\(5,3\): error TS91001: \[causality\] a function is not data.*\(at TokenTransferInput\.memo\)/,
    );
  });
});
