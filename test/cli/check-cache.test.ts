/** `check` and `diff` trust generate's cache when it proves the lock current, and analyze otherwise. */
import { appendFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run, tempProject } from "./temp-project.js";

const dir = tempProject("cli-project-generics");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("check after generate", () => {
  it("answers from the cache while nothing changed, and analyzes once a source changed", async () => {
    expect((await run(dir, ["generate"])).code).toBe(0);
    const cached = await run(dir, ["check"]);
    expect(cached.code).toBe(0);
    expect(cached.stdout).toContain("unchanged since causality generate");
    appendFileSync(join(dir, "src/types.ts"), "\nexport interface Extra { x: number }\n");
    const analyzed = await run(dir, ["check"]);
    expect(analyzed.code).toBe(0);
    expect(analyzed.stdout).toContain("is up to date (7 schemas)");
    appendFileSync(
      join(dir, "src/api.ts"),
      "\nexport const extra = typeSchema<import('./types.js').Extra>();\n",
    );
    const stale = await run(dir, ["check"]);
    expect(stale.code).toBe(2);
    expect(stale.stdout).toMatch(/Extra.*missing from the lock/);
    expect((await run(dir, ["diff", "--base", "schema.lock.json"])).code).toBe(2);
  });
});
