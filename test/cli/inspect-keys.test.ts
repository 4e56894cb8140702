/** `causality id` / `show` take any lock key: a generic instantiation or an inline type's variable. */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run, tempProject } from "./temp-project.js";

const dir = tempProject("cli-project-generics");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("id and show by lock key", () => {
  it("give the id generate locks, for named types, instantiations and inline types", async () => {
    const generated = await run(dir, ["generate"]);
    expect(generated.code, generated.stderr).toBe(0);
    const lock = JSON.parse(readFileSync(join(dir, "schema.lock.json"), "utf8")) as {
      schemas: Record<string, { id: string }>;
    };
    const keys = [
      "src/types.ts#Item",
      "src/types.ts#Page<Item>",
      "src/types.ts#Page<string>",
      "src/types.ts#Box<Item>",
      "src/api.ts#transferInput",
      "src/api.ts#Internal",
    ];
    for (const key of keys) {
      expect(lock.schemas[key], key).toBeDefined();
      const id = await run(dir, ["id", key]);
      expect(id.code, id.stderr).toBe(0);
      expect(id.stdout.trim(), key).toBe(lock.schemas[key]!.id);
    }
    expect(lock.schemas["src/types.ts#Page<Item>"]!.id).not.toBe(
      lock.schemas["src/types.ts#Page<string>"]!.id,
    );
    const shown = await run(dir, ["show", "src/api.ts#transferInput"]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain("amount: u64");
  });

  it("still says which name is unknown", async () => {
    const missing = await run(dir, ["id", "src/types.ts#Nope"]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/CLI3007_TYPE_NOT_FOUND.*no exported type named Nope/);
  });
});
