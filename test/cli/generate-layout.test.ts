/**
 * `causality generate` on odd layouts and names: a tsconfig that includes sources outside the
 * project root, a symbolic link in the output directory that leads out of it, type names that are
 * not bindable in a module (`eval`, `arguments`), a file name holding `"`, and a cache edited by hand.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "./temp-project.js";

const ROOT = resolve(import.meta.dirname, "../..");
const top = mkdtempSync(join(tmpdir(), "causality-layout-"));
const dir = join(top, "app");
afterAll(() => rmSync(top, { recursive: true, force: true }));

const write = (path: string, text: string) => {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
};
mkdirSync(join(dir, "node_modules/@causality"), { recursive: true });
symlinkSync(join(ROOT, "node_modules/@causality/schema"), join(dir, "node_modules/@causality/schema"));
write(join(dir, "package.json"), '{ "type": "module" }');
write(
  join(dir, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", noEmit: true },
    include: ["src", "../libs/core"],
  }),
);
const IMPORT = 'import { typeSchema } from "@causality/schema";\n';
write(
  join(top, "libs/core/money.ts"),
  `${IMPORT}export interface Money { cents: number }\nexport const money = typeSchema<Money>();\n`,
);
write(
  join(dir, "src/names.ts"),
  `${IMPORT}export interface eval { a: string }\nexport interface arguments { b: number }\nexport const e = typeSchema<eval>();\nexport const g = typeSchema<arguments>();\n`,
);
write(
  join(dir, 'src/we"ird.ts'),
  `${IMPORT}export interface Quoted { q: boolean }\nexport const q = typeSchema<Quoted>();\n`,
);

const cli = (...args: string[]) => run(dir, args);
const files = (sub: string): string[] =>
  existsSync(sub)
    ? (readdirSync(sub, { recursive: true }) as string[]).map((f) => f.split("\\").join("/")).sort()
    : [];

describe("generate on odd layouts", () => {
  it("puts sources outside the root at a stable place inside the output directory, and writes nothing outside", async () => {
    const r = await cli("generate");
    expect(r.stderr.split("\n").filter((l) => l.startsWith("causality:"))).toEqual([]);
    expect(r.code).toBe(0);
    expect(files(join(dir, "schemas"))).toContain("_external/up1/libs/core/money.schemas.js");
    expect(files(join(top, "libs/core"))).toEqual(["money.ts"]);
    expect(existsSync(join(top, "libs/schemas"))).toBe(false);
    // The .d.ts still imports the real source.
    expect(readFileSync(join(dir, "schemas/_external/up1/libs/core/money.schemas.d.ts"), "utf8")).toContain(
      'import type * as source from "../../../../../../libs/core/money.js";',
    );
  }, 120_000);

  it("modules for `eval`, `arguments` and a file name with a quote load and parse", () => {
    const modules = [
      "schemas/src/names.schemas.js",
      'schemas/src/we"ird.schemas.js',
      "schemas/_external/up1/libs/core/money.schemas.js",
    ];
    const script = `for (const m of ${JSON.stringify(modules)}) { const mod = await import("./" + m); console.log(Object.keys(mod).sort().join(",")); }`;
    const loaded = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(loaded.stderr).toBe("");
    expect(loaded.stdout.trim().split("\n")).toEqual(["arguments_,eval_", "Quoted", "Money"]);
    for (const dts of ["schemas/src/names.schemas.d.ts", 'schemas/src/we"ird.schemas.d.ts']) {
      const sf = ts.createSourceFile(dts, readFileSync(join(dir, dts), "utf8"), ts.ScriptTarget.ES2022, true);
      expect((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics, dts).toEqual([]);
    }
    expect(readFileSync(join(dir, "schemas/src/names.schemas.d.ts"), "utf8")).toContain(
      "export declare const eval_: TypeSchema<source.eval>;",
    );
  });

  it("refuses to write through a symbolic link that leads out of the output directory", async () => {
    const elsewhere = join(top, "elsewhere");
    mkdirSync(elsewhere);
    rmSync(join(dir, "schemas/src"), { recursive: true });
    symlinkSync(elsewhere, join(dir, "schemas/src"));
    write(join(dir, "src/names.ts"), `${readFileSync(join(dir, "src/names.ts"), "utf8")}// changed\n`);
    const r = await cli("generate");
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^causality: CLI3014_OUTSIDE_OUTPUT: .*schemas\/src: a symbolic link in the output directory leads out of it/m,
    );
    expect(files(elsewhere)).toEqual([]);
    rmSync(join(dir, "schemas/src"));
  }, 120_000);

  it("a hand-edited cache is not believed: check analyzes and finds the change", async () => {
    expect((await cli("generate")).code).toBe(0);
    expect((await cli("check")).stdout).toMatch(/unchanged since causality generate/);
    const source = join(dir, "src/names.ts");
    write(source, readFileSync(source, "utf8").replace("a: string", "a: number"));
    // Rewrite the cache so that it claims the new source's hash.
    const cacheDir = join(dir, "node_modules/.cache/causality");
    const [name] = readdirSync(cacheDir);
    const cache = JSON.parse(readFileSync(join(cacheDir, name!), "utf8"));
    cache.files[source] = createHash("sha1").update(readFileSync(source)).digest("hex");
    writeFileSync(join(cacheDir, name!), JSON.stringify(cache));
    const r = await cli("check");
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/src\/names\.ts#eval: lock has 0x[0-9a-f]+, sources give 0x/);
  }, 120_000);
});
