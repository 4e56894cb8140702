/**
 * The golden corpus (fixtures/types): every exported type analyzed two ways must give the TypeExpr
 * and id in expected.json: (1) the CLI's path, `typescript` + the analyzer; (2) the real `tspc`
 * with our plugin, on a project that calls `typeSchema<T>()` for every type, then run.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs helper shared with the fixture generator
import { analyzeFixtures, FIXTURE_DIR, readExpected } from "../../fixtures/types/golden.mjs";

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
    dir = mkdtempSync(join(tmpdir(), "causality-golden-"));
    mkdirSync(join(dir, "src"));
    for (const f of readdirSync(FIXTURE_DIR).filter((f: string) => f.endsWith(".ts")))
      cpSync(join(FIXTURE_DIR, f), join(dir, "src", f));
    mkdirSync(join(dir, "node_modules/@causality"), { recursive: true });
    for (const pkg of ["schema", "runtime", "transformer"]) {
      symlinkSync(join(ROOT, "node_modules/@causality", pkg), join(dir, "node_modules/@causality", pkg));
    }
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          skipLibCheck: true,
          outDir: "dist",
          plugins: [{ transform: "@causality/transformer" }],
        },
        include: ["src"],
      }),
    );
    const lines = ['import { typeSchema } from "@causality/schema";'];
    analyzable.forEach(([key], i) => {
      const [file, name] = key.split("#");
      lines.push(`import type { ${name} as T${i} } from "./${file!.replace(/\.ts$/, ".js")}";`);
      lines.push(`export const s${i} = typeSchema<T${i}>();`);
    });
    writeFileSync(join(dir, "src/__golden.ts"), `${lines.join("\n")}\n`);
    const build = spawnSync(process.execPath, [join(ROOT, "node_modules/ts-patch/bin/tspc.js"), "-p", dir], {
      encoding: "utf8",
    });
    expect(build.stdout + build.stderr).toBe("");
    const mod = (await import(pathToFileURL(join(dir, "dist/__golden.js")).href)) as Record<
      string,
      { id: string }
    >;
    const mismatches = analyzable.filter(([, e], i) => mod[`s${i}`]?.id !== e.id).map(([key]) => key);
    expect(mismatches).toEqual([]);
  });
});
