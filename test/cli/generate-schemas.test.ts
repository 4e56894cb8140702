/**
 * `causality generate` on a project with generic, inline and unexported types: lock keys, ids
 * (the plugin's), the generated .d.ts and file names, diagnostics, stale files, and `diff`'s exit 2.
 * The tests run in order on one temporary copy of fixtures/cli-project-generics.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, TSC, TSPC, tempProject } from "./temp-project.js";

let dir: string;
const causality = (...args: string[]) => run(dir, args);
const read = (path: string) => readFileSync(join(dir, path), "utf8");
const write = (path: string, text: string) => {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), text);
};
const lock = () => JSON.parse(read("schema.lock.json")).schemas as Record<string, { id: string }>;

/** Every file under `sub`, relative to the project. */
function filesUnder(sub: string): string[] {
  return (readdirSync(join(dir, sub), { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** The `id` of each export of an ES module of the project (`unnamed` is an array of schemas). */
function idsOf(module: string): Record<string, string> {
  const script = `const m = await import(${JSON.stringify(join(dir, module))});
    const out = {};
    for (const [k, v] of Object.entries(m)) out[k] = Array.isArray(v) ? v[0].id : v.id;
    console.log(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: dir,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Record<string, string>;
}

beforeAll(() => {
  dir = tempProject("cli-project-generics");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("generate: keys, ids and files of generic, inline and unexported types", () => {
  it("gives each instantiation of a generic type its own entry, with the ids the plugin gives", async () => {
    expect(await causality("generate")).toMatchObject({ code: 0 });
    const schemas = lock();
    expect(Object.keys(schemas)).toEqual([
      "src/api.ts#Internal",
      "src/api.ts#transferInput",
      "src/api.ts#typeSchema@15",
      "src/types.ts#Box<Item>",
      "src/types.ts#Item",
      "src/types.ts#Page<Item>",
      "src/types.ts#Page<string>",
    ]);
    expect(schemas["src/types.ts#Page<Item>"]!.id).not.toBe(schemas["src/types.ts#Page<string>"]!.id);

    const build = await run(dir, ["-p", "tsconfig.json"], TSPC);
    expect(build.stdout + build.stderr).toBe("");
    expect(idsOf("dist/api.js")).toEqual({
      itemPage: schemas["src/types.ts#Page<Item>"]!.id,
      stringPage: schemas["src/types.ts#Page<string>"]!.id,
      boxedItem: schemas["src/types.ts#Box<Item>"]!.id,
      item: schemas["src/types.ts#Item"]!.id,
      internal: schemas["src/api.ts#Internal"]!.id,
      transferInput: schemas["src/api.ts#transferInput"]!.id,
      unnamed: schemas["src/api.ts#typeSchema@15"]!.id,
    });
    // The generated modules, used without the plugin, carry the same ids.
    expect(idsOf("schemas/src/types.schemas.js")).toEqual({
      Box_Item: schemas["src/types.ts#Box<Item>"]!.id,
      Item: schemas["src/types.ts#Item"]!.id,
      Page_Item: schemas["src/types.ts#Page<Item>"]!.id,
      Page_string: schemas["src/types.ts#Page<string>"]!.id,
    });
  });

  it("keys an inline type by its variable, so a line added above does not rename it", async () => {
    const before = lock();
    write("src/api.ts", `// a line added above\n${read("src/api.ts")}`);
    expect(await causality("generate")).toMatchObject({ code: 0 });
    const after = lock();
    expect(after["src/api.ts#transferInput"]!.id).toBe(before["src/api.ts#transferInput"]!.id);
    // Only a call assigned to no variable is keyed by its line.
    expect(Object.keys(after)).toContain("src/api.ts#typeSchema@16");
    expect(Object.keys(after)).not.toContain("src/api.ts#typeSchema@15");
  });

  it("writes .d.ts files that tsc accepts, importing only exported non-generic types by name", async () => {
    const dts = read("schemas/src/types.schemas.d.ts");
    expect(dts).toContain("export declare const Item: TypeSchema<source.Item>;");
    expect(dts).toContain(
      "/** Schema of `src/types.ts#Page<Item>` (that type has no importable name). */\nexport declare const Page_Item: TypeSchema<unknown>;",
    );
    expect(read("schemas/src/api.schemas.d.ts")).toContain(
      "export declare const Internal: TypeSchema<unknown>;",
    );
    write(
      "tsconfig.dts.json",
      JSON.stringify({
        compilerOptions: {
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          // The point is to check the generated declaration files themselves.
          skipLibCheck: false,
          types: [],
        },
        files: ["schemas/src/api.schemas.d.ts", "schemas/src/types.schemas.d.ts"],
      }),
    );
    const tsc = await run(dir, ["-p", "tsconfig.dts.json"], TSC);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
  });

  it("names JSON Schema files by the export name: no <, >, @ or other characters Windows rejects", async () => {
    const names = filesUnder("schemas").map((f) => f.split(/[\\/]/).pop()!);
    expect(names).toContain("types.Page_Item.schema.json");
    expect(names).toContain("api.typeSchema_16.schema.json");
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_$.-]+$/);
  });

  it("reports typeSchema() without a type argument (TS91008 at file:line:column) and exits 3", async () => {
    write(
      "src/bad.ts",
      'import * as s from "@causality/schema";\n\nexport const nothing = s.typeSchema();\n',
    );
    const r = await causality("generate");
    rmSync(join(dir, "src/bad.ts"));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      "src/bad.ts:3:24 - error TS91008: typeSchema<T>() and defineDataflow<I, O, S>() need explicit type arguments (at typeSchema)\n",
    );
    expect(r.stderr).toMatch(/causality: CLI3009_ANALYSIS: /);
  });

  it("deletes the generated files of removed schemas, and nothing it did not generate", async () => {
    write(
      "src/extra/gone.ts",
      'import { typeSchema } from "@causality/schema";\nexport const g = typeSchema<{ g: 1 }>();\n',
    );
    expect(await causality("generate")).toMatchObject({ code: 0 });
    expect(filesUnder("schemas/src/extra")).toEqual([
      "schemas/src/extra/gone.g.schema.json",
      "schemas/src/extra/gone.schemas.d.ts",
      "schemas/src/extra/gone.schemas.js",
    ]);
    const header = read("schemas/src/extra/gone.schemas.js").split("\n")[0];
    write("schemas/README.md", "hand-written\n");
    write("schemas/src/hand.schema.json", '{ "$id": "https://example.com/hand" }\n');
    write("elsewhere/old.schemas.js", `${header}\n`);
    write("elsewhere/old.schema.json", '{ "$id": "urn:causality:0x00" }\n');

    rmSync(join(dir, "src/extra"), { recursive: true });
    // Replaced by a comment, not deleted: the line-keyed schema below it keeps its key.
    write("src/api.ts", read("src/api.ts").replace(/^export const stringPage.*$/m, "// stringPage removed"));
    const r = await causality("generate");
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/; 4 stale file\(s\) deleted/);
    expect(existsSync(join(dir, "schemas/src/extra"))).toBe(false);
    expect(existsSync(join(dir, "schemas/src/types.Page_string.schema.json"))).toBe(false);
    expect(existsSync(join(dir, "schemas/src/types.Page_Item.schema.json"))).toBe(true);
    for (const kept of [
      "schemas/README.md",
      "schemas/src/hand.schema.json",
      "elsewhere/old.schemas.js",
      "elsewhere/old.schema.json",
    ]) {
      expect(existsSync(join(dir, kept))).toBe(true);
    }
    expect(Object.keys(lock())).not.toContain("src/types.ts#Page<string>");
  });

  it("diff without --head exits 2 and names the entries when the lock is out of date", async () => {
    cpSync(join(dir, "schema.lock.json"), join(dir, "base.lock.json"));
    write("src/types.ts", read("src/types.ts").replace("name: string;", "name: string;\n  price: number;"));
    const stale = await causality("diff", "--base", "base.lock.json");
    expect(stale.code).toBe(2);
    expect(stale.stdout).toBe("");
    expect(stale.stderr).toMatch(/^schema\.lock\.json is out of date:\n/);
    expect(stale.stderr).toMatch(
      / {2}src\/types\.ts#Item: lock has 0x[0-9a-f]{64}, sources give 0x[0-9a-f]{64}\n/,
    );
    // With --head both sides are given: nothing to check against the sources.
    expect((await causality("diff", "--base", "base.lock.json", "--head", "schema.lock.json")).code).toBe(0);
    expect((await causality("generate")).code).toBe(0);
    // Regenerated: the diff runs, and a new required field is a breaking input change.
    expect((await causality("diff", "--base", "base.lock.json")).code).toBe(1);
  });
});
