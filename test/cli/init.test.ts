/**
 * `causality init` on temporary projects: the edits keep comments and formatting, a second run
 * changes nothing, `--dry-run` writes nothing, a broken tsconfig is refused, the route follows the
 * project (tspc, or generate for a bundler), `--ci` writes the workflow of docs/ci.md, and doctor
 * finds nothing wrong with the result.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, run } from "./temp-project.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const TSCONFIG = `{
\t// our settings
\t"compilerOptions": {
\t\t"target": "ES2022", // modern
\t\t"module": "NodeNext",
\t\t"moduleResolution": "NodeNext",
\t\t"strict": true,
\t\t"skipLibCheck": true,
\t\t"outDir": "dist",
\t},
\t"include": ["src"],
}
`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "causality-init-"));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

describe("causality init", () => {
  it("tspc route: plugins added with comments and tabs kept, build through tspc; a second run changes nothing; doctor agrees", async () => {
    const pkg = `{\n  "name": "app",\n  "type": "module",\n  "scripts": { "build": "tsc -p ." },\n  "devDependencies": { "typescript": "5.9.3" }\n}\n`;
    const dir = project({
      "package.json": pkg,
      "tsconfig.json": TSCONFIG,
      "src/types.ts":
        'import { typeSchema } from "@causality/schema";\nexport interface A { a: string }\nexport const a = typeSchema<A>();\n',
    });
    const r = await run(dir, ["init"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("causality init: the tspc route");
    const tsconfig = read(dir, "tsconfig.json");
    expect(tsconfig).toContain("\t// our settings\n");
    expect(tsconfig).toContain('\t\t"target": "ES2022", // modern\n');
    expect(tsconfig).toMatch(
      /\n\t\t"plugins": \[\n\t\t\t\{\n\t\t\t\t"transform": "@causality\/transformer"\n\t\t\t\},/,
    );
    expect(tsconfig).toContain('"name": "@causality/transformer/language-service"');
    const json = JSON.parse(read(dir, "package.json"));
    expect(json.scripts).toEqual({ build: "tspc -p .", "schemas:check": "causality check" });
    expect(json.devDependencies).toEqual({ typescript: "5.9.3", "ts-patch": "^3.3.0" });
    expect(JSON.parse(read(dir, "causality.config.json"))).toEqual({ types: [], roles: {} });

    const files = ["package.json", "tsconfig.json", "causality.config.json"].map((f) => read(dir, f));
    const again = await run(dir, ["init"]);
    expect(again.stdout).toContain("nothing to change: the project is set up");
    expect(["package.json", "tsconfig.json", "causality.config.json"].map((f) => read(dir, f))).toEqual(
      files,
    );

    mkdirSync(join(dir, "node_modules/@causality"), { recursive: true });
    for (const p of ["typescript", "ts-patch", "@causality/schema", "@causality/transformer"])
      symlinkSync(join(ROOT, "node_modules", p), join(dir, "node_modules", p));
    const doctor = await run(dir, ["doctor"]);
    expect(doctor.stdout).toMatch(/^causality doctor: no problems in tsconfig\.json: TypeScript /m);
    expect(doctor.code).toBe(0);
  });

  it("--dry-run prints the changed lines and writes nothing", async () => {
    const pkg = '{ "name": "app", "scripts": { "build": "tsc" } }\n';
    const dir = project({ "package.json": pkg, "tsconfig.json": TSCONFIG });
    const r = await run(dir, ["init", "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('    - { "name": "app", "scripts": { "build": "tsc" } }');
    expect(r.stdout).toMatch(/ {4}\+ .*"build": "tspc"/);
    expect(r.stdout).toContain('\t\t\t\t"transform": "@causality/transformer"');
    expect(r.stdout).toContain("dry run: nothing written");
    expect(read(dir, "package.json")).toBe(pkg);
    expect(read(dir, "tsconfig.json")).toBe(TSCONFIG);
    expect(() => read(dir, "causality.config.json")).toThrow();
  });

  it("refuses a tsconfig it cannot parse, with where, and writes nothing", async () => {
    const broken = '{\n  "compilerOptions": {\n    "strict": true\n    "outDir": "dist"\n  }\n}\n';
    const dir = project({ "package.json": '{ "name": "app" }\n', "tsconfig.json": broken });
    const r = await run(dir, ["init"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      "causality: CLI3008_TSCONFIG: tsconfig.json:4:5: cannot parse (CommaExpected); fix it by hand, init changes nothing\n",
    );
    expect(read(dir, "tsconfig.json")).toBe(broken);
    expect(read(dir, "package.json")).toBe('{ "name": "app" }\n');
  });

  it("a project that bundles with esbuild takes the generate route; --ci writes the workflow of docs/ci.md", async () => {
    const dir = project({
      "package.json": JSON.stringify(
        {
          name: "app",
          scripts: { build: "esbuild src/main.ts --bundle --outfile=out.js" },
          devDependencies: { esbuild: "^0.28.0" },
        },
        null,
        2,
      ),
    });
    const r = await run(dir, ["init", "--ci"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "causality init: the generate route (esbuild builds without TypeScript transformers)",
    );
    expect(JSON.parse(read(dir, "package.json")).scripts.build).toBe(
      "causality generate && esbuild src/main.ts --bundle --outfile=out.js",
    );
    // A new tsconfig, with the editor plugin only: esbuild runs no transformer.
    expect(JSON.parse(read(dir, "tsconfig.json")).compilerOptions.plugins).toEqual([
      { name: "@causality/transformer/language-service" },
    ]);
    const docs = read(ROOT, "docs/ci.md");
    const yaml = /```yaml\n([\s\S]*?)```/.exec(docs)![1];
    expect(read(dir, ".github/workflows/schemas.yml")).toBe(yaml);
    expect(r.stdout).toContain("next: or, with esbuild, add the bundler plugin @causality/unplugin");
    expect((await run(dir, ["init", "--ci"])).stdout).toContain("nothing to change");
  });

  it("keeps the plugins a tsconfig inherits through extends (an own list would replace them)", async () => {
    const other = { transform: "some-other-transform" };
    const dir = project({
      "package.json": '{ "name": "app", "scripts": { "build": "tsc -p ." } }\n',
      "tsconfig.base.json": JSON.stringify({ compilerOptions: { strict: true, plugins: [other] } }),
      "tsconfig.json": '{\n  "extends": "./tsconfig.base.json",\n  "include": ["src"]\n}\n',
    });
    const r = await run(dir, ["init"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('after the 1 inherited through "extends"');
    expect(JSON.parse(read(dir, "tsconfig.json")).compilerOptions.plugins).toEqual([
      other,
      { transform: "@causality/transformer" },
      { name: "@causality/transformer/language-service" },
    ]);
    expect((await run(dir, ["init"])).stdout).toContain("nothing to change");
  });

  it("adds nothing to tsconfig when the inherited plugins already have ours", async () => {
    const dir = project({
      "package.json":
        '{ "name": "app", "scripts": { "build": "tspc -p ." }, "devDependencies": { "ts-patch": "^3.3.0", "typescript": "~5.9.3" } }\n',
      "tsconfig.base.json": JSON.stringify({
        compilerOptions: {
          plugins: [
            { transform: "@causality/transformer" },
            { name: "@causality/transformer/language-service" },
          ],
        },
      }),
      "tsconfig.json": '{ "extends": "./tsconfig.base.json" }\n',
    });
    const r = await run(dir, ["init"]);
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, "tsconfig.json")).toBe('{ "extends": "./tsconfig.base.json" }\n');
  });
});
