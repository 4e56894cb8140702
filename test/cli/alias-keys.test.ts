/**
 * Lock keys of aliases (issue: `type Order = Entity & Audited` changed to `type Order = Entity` was
 * reported as Order removed and Entity added). A listed type keeps the key it is listed by; a
 * type alias used in `typeSchema<Alias>()` keeps its own name whatever it points to; and the
 * change is then judged as what it is (dropping an intersection member widens an input: exit 0).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "./temp-project.js";

const ROOT = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "causality-alias-keys-"));
mkdirSync(join(dir, "node_modules/@causality"), { recursive: true });
symlinkSync(join(ROOT, "node_modules/@causality/schema"), join(dir, "node_modules/@causality/schema"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  mkdirSync(join(dir, name, ".."), { recursive: true });
  writeFileSync(join(dir, name), text);
};
write(
  "tsconfig.json",
  JSON.stringify({
    compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", noEmit: true },
    include: ["src"],
  }),
);
write("package.json", '{ "type": "module" }');
write(
  "causality.config.json",
  JSON.stringify({ types: ["src/a.ts#Order"], roles: { "src/a.ts#Order": ["input"] } }),
);
const source = (order: string) => `import { typeSchema } from "@causality/schema";
export interface Entity { id: string }
export interface Audited { by: string }
export type Order = ${order};
export type Item = Entity;
export const item = typeSchema<Item>();
`;

const cli = (...args: string[]) => run(dir, args);
const keys = () =>
  Object.keys(JSON.parse(readFileSync(join(dir, "schema.lock.json"), "utf8")).schemas).sort();

describe("alias keys", () => {
  it("a listed alias and an alias in typeSchema<>() keep their own names", async () => {
    write("src/a.ts", source("Entity & Audited"));
    const r = await cli("generate");
    expect(r.stderr.split("\n").filter((l) => l.startsWith("causality:"))).toEqual([]);
    expect(r.code).toBe(0);
    expect(keys()).toEqual(["src/a.ts#Item", "src/a.ts#Order"]);
    writeFileSync(join(dir, "base.json"), readFileSync(join(dir, "schema.lock.json")));
    write("src/a.ts", source("Entity"));
    expect((await cli("generate")).code).toBe(0);
    // Order now stands for Entity itself: still keyed Order, not Entity.
    expect(keys()).toEqual(["src/a.ts#Item", "src/a.ts#Order"]);
    const diff = await cli("diff", "--base", "base.json");
    expect(diff.stdout).toMatch(/^ok\s+src\/a\.ts#Order\s+changed/m);
    expect(diff.code).toBe(0);
    const json = JSON.parse((await cli("diff", "--base", "base.json", "--format", "json")).stdout);
    expect(json.entries.map((e: { key: string; status: string }) => [e.key, e.status])).toEqual([
      ["src/a.ts#Order", "changed"],
    ]);
    // The generated .d.ts imports the alias by its own name.
    expect(readFileSync(join(dir, "schemas/src/a.schemas.d.ts"), "utf8")).toContain(
      "TypeSchema<source.Order>",
    );
  });

  it("a roles key that names no schema is refused with its JSON path and the near key", async () => {
    write("src/a.ts", source("Entity"));
    const config = readFileSync(join(dir, "causality.config.json"), "utf8");
    write("causality.config.json", JSON.stringify({ roles: { "a.ts#Item": ["output"] } }));
    const r = await cli("generate");
    write("causality.config.json", config);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      'causality: CLI3010_BAD_CONFIG: causality.config.json $.roles["a.ts#Item"]: names no schema: no typeSchema call or listed type has the key "a.ts#Item"; did you mean "src/a.ts#Item"?',
    );
    // The same roles under the right key apply.
    write("causality.config.json", JSON.stringify({ roles: { "src/a.ts#Item": ["output"] } }));
    expect((await cli("generate")).code).toBe(0);
    write("causality.config.json", config);
    const lock = JSON.parse(readFileSync(join(dir, "schema.lock.json"), "utf8"));
    expect(lock.schemas["src/a.ts#Item"].roles).toEqual(["output"]);
  });
});
