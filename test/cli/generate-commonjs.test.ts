/**
 * `causality generate` in a CommonJS package (npm's default: no "type", or "commonjs"): the
 * generated .schemas.js modules are CommonJS there, so `require` loads them, with the lock's ids
 * (ES modules in a "type": "module" package are loaded by the other generate tests).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run, tempProject } from "./temp-project.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Requires the generated module in a fresh node and reports its id and verdicts. */
function load(dir: string): { id: string; valid: boolean; invalid: string[] } {
  const path = join(dir, "schemas/src/types.schemas.js");
  const script = `const s = require(${JSON.stringify(path)}).TokenTransferInput;
    const bad = s.validate({ sender: "", recipient: "b", amount: -1, token_type: "DOGE" });
    console.log(JSON.stringify({ id: s.id, valid: s.is({ sender: "a", recipient: "b", amount: 5, token_type: "ETH" }),
      invalid: bad.success ? [] : bad.errors.map((e) => e.path) }));`;
  const r = spawnSync(process.execPath, ["--input-type", "commonjs", "-e", script], {
    cwd: dir,
    encoding: "utf8",
  });
  expect(r.stderr).not.toMatch(/Error/);
  return JSON.parse(r.stdout);
}

describe("generate for the package's module type", () => {
  for (const type of ["commonjs", undefined]) {
    it(`"type": ${type ?? "(none)"}: the modules load with require, ids as in the lock`, async () => {
      const dir = tempProject("tspc-project");
      dirs.push(dir);
      writeFileSync(
        join(dir, "package.json"),
        JSON.stringify({ name: "consumer", private: true, ...(type ? { type } : {}) }),
      );
      expect((await run(dir, ["generate"])).code).toBe(0);
      const lock = JSON.parse(readFileSync(join(dir, "schema.lock.json"), "utf8")).schemas;
      const got = load(dir);
      expect(got.id).toBe(lock["src/types.ts#TokenTransferInput"].id);
      expect(got.valid).toBe(true);
      expect(got.invalid.sort()).toEqual(["$input.amount", "$input.sender", "$input.token_type"]);
    });
  }

  it('a change of only the package "type" regenerates the modules in the new format', async () => {
    const dir = tempProject("tspc-project");
    dirs.push(dir);
    const pkg = (type: string) =>
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "c", type }));
    pkg("module");
    expect((await run(dir, ["generate"])).code).toBe(0);
    const generated = join(dir, "schemas/src/types.schemas.js");
    expect(readFileSync(generated, "utf8")).toMatch(/^export /m);
    pkg("commonjs");
    const again = await run(dir, ["generate"]);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/nothing re-analyzed/);
    expect(readFileSync(generated, "utf8")).not.toMatch(/^export /m);
    expect(load(dir).valid).toBe(true);
  });
});
