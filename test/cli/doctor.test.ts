/**
 * `causality doctor` on temporary projects: each setup mistake (plugin not registered, a transform
 * path that does not resolve, plain tsc or no ts-patch, an unsupported TypeScript, no
 * language-service plugin) gives one line with its code and where, instead of silence or a raw stack.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { satisfies } from "../../packages/cli/src/doctor.js";
import { ROOT, run, tempProject } from "./temp-project.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const TS_VERSION = JSON.parse(
  readFileSync(join(ROOT, "node_modules/typescript/package.json"), "utf8"),
).version;
const TSP_VERSION = JSON.parse(
  readFileSync(join(ROOT, "node_modules/ts-patch/package.json"), "utf8"),
).version;
const TRANSFORM = { transform: "@causality/transformer" };
const LANGUAGE_SERVICE = { name: "@causality/transformer/language-service" };

interface Options {
  /** Link the workspace's typescript and ts-patch into node_modules (default: both). */
  readonly typescript?: boolean;
  readonly tsPatch?: boolean;
  readonly plugins?: readonly object[];
  readonly scripts?: Record<string, string>;
}

/** The tspc fixture, set up right unless told otherwise: transform + language service, tspc, ts-patch. */
function project(options: Options = {}): string {
  const dir = tempProject("tspc-project");
  dirs.push(dir);
  if (options.typescript !== false)
    symlinkSync(join(ROOT, "node_modules/typescript"), join(dir, "node_modules/typescript"));
  if (options.tsPatch !== false)
    symlinkSync(join(ROOT, "node_modules/ts-patch"), join(dir, "node_modules/ts-patch"));
  editJson(dir, "tsconfig.json", (c) => {
    c.compilerOptions.plugins = options.plugins ?? [TRANSFORM, LANGUAGE_SERVICE];
  });
  editJson(dir, "package.json", (p) => {
    p.scripts = options.scripts ?? { build: "tspc -p .", typecheck: "tsc --noEmit" };
  });
  return dir;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON edited in place
function editJson(dir: string, file: string, edit: (json: any) => void): void {
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, "utf8"));
  edit(json);
  writeFileSync(path, JSON.stringify(json, null, 2));
}

/** A package in the project's node_modules made of the given files. */
function fakePackage(dir: string, name: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    const path = join(dir, "node_modules", name, file);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, text);
  }
}

async function doctor(dir: string, ...args: string[]) {
  const r = await run(dir, ["doctor", ...args]);
  return { ...r, lines: r.stdout.trimEnd().split("\n") };
}

describe("causality doctor", () => {
  it("a correct setup: no finding, exit 0 (the transformer's exports, default condition only, resolve)", async () => {
    const r = await doctor(project());
    expect(r.stderr).toBe("");
    expect(r.lines).toEqual([
      `causality doctor: no problems in tsconfig.json: TypeScript ${TS_VERSION}, ts-patch ${TSP_VERSION}`,
    ]);
    expect(r.code).toBe(0);
  });

  it("plugin not registered while the sources call typeSchema: DR001 says how to add it or to use generate", async () => {
    const r = await doctor(project({ plugins: [LANGUAGE_SERVICE] }));
    expect(r.lines[0]).toMatch(
      /^tsconfig\.json: compilerOptions\.plugins: error DR001_PLUGIN_NOT_REGISTERED: the Causality transformer is not registered, but the project has 3 typeSchema\/defineDataflow calls \(first at src\/index\.ts:5:\d+\)/,
    );
    expect(r.lines[0]).toContain('add { "transform": "@causality/transformer" } to compilerOptions.plugins');
    expect(r.lines[0]).toContain("tspc");
    expect(r.lines[0]).toContain("causality generate");
    expect(r.lines.at(-1)).toBe("causality doctor: 1 problem in tsconfig.json");
    expect(r.code).toBe(1);
  });

  it("no compilerOptions.plugins at all: DR001 too", async () => {
    const dir = project();
    editJson(dir, "tsconfig.json", (c) => {
      delete c.compilerOptions.plugins;
    });
    const r = await doctor(dir);
    expect(r.lines[0]).toMatch(
      /^tsconfig\.json: compilerOptions\.plugins: error DR001_PLUGIN_NOT_REGISTERED: /,
    );
    expect(r.code).toBe(1);
  });

  it("no plugin and no schema call: nothing to report", async () => {
    const dir = project({ plugins: [] });
    writeFileSync(join(dir, "src/index.ts"), "export const x: number = 1;\n");
    const r = await doctor(dir);
    expect(r.lines).toEqual([
      "causality doctor: no problems in tsconfig.json: no Causality plugin and no typeSchema/defineDataflow call",
    ]);
    expect(r.code).toBe(0);
  });

  it("follows extends chains: plugins set in a base tsconfig count, and findings name that file", async () => {
    const dir = project();
    const own = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8"));
    mkdirSync(join(dir, "configs"));
    writeFileSync(
      join(dir, "configs/base.json"),
      JSON.stringify({ compilerOptions: { plugins: [TRANSFORM, LANGUAGE_SERVICE] } }),
    );
    writeFileSync(join(dir, "configs/mid.json"), JSON.stringify({ extends: "./base.json" }));
    delete own.compilerOptions.plugins;
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ ...own, extends: "./configs/mid.json" }));
    expect(await doctor(dir)).toMatchObject({ code: 0 });

    editJson(dir, "configs/base.json", (c) => {
      c.compilerOptions.plugins[0].transform = "@causality/transformr";
    });
    const r = await doctor(dir);
    expect(r.lines[0]).toMatch(
      /^configs\/base\.json: compilerOptions\.plugins\[0\]\.transform: error DR002_TRANSFORM_NOT_FOUND: /,
    );
    expect(r.code).toBe(1);

    // A `plugins` in the tsconfig replaces the base's as a whole.
    editJson(dir, "tsconfig.json", (c) => {
      c.compilerOptions.plugins = [LANGUAGE_SERVICE];
    });
    const over = await doctor(dir);
    expect(over.lines[0]).toMatch(
      /^tsconfig\.json: compilerOptions\.plugins: error DR001_PLUGIN_NOT_REGISTERED: /,
    );
  });

  it("a misspelled transform: DR002 names it and the expected package, instead of ts-patch's raw stack", async () => {
    const r = await doctor(project({ plugins: [{ transform: "@causality/transformr" }, LANGUAGE_SERVICE] }));
    expect(r.lines[0]).toMatch(
      /^tsconfig\.json: compilerOptions\.plugins\[0\]\.transform: error DR002_TRANSFORM_NOT_FOUND: "@causality\/transformr" does not resolve from \/.* \(no such package in node_modules\); expected "@causality\/transformer" \(installed: .*\)$/,
    );
    // Not also "not registered": the entry is there, misspelled.
    expect(r.stdout).not.toContain("DR001");
    expect(r.lines.at(-1)).toBe("causality doctor: 1 problem in tsconfig.json");
    expect(r.code).toBe(1);
  });

  it("a relative transform path to a missing file: DR002 with the file it looked for", async () => {
    const dir = project({ plugins: [TRANSFORM, { transform: "./tools/transformer.js" }, LANGUAGE_SERVICE] });
    const r = await doctor(dir);
    expect(r.lines[0]).toBe(
      `tsconfig.json: compilerOptions.plugins[1].transform: error DR002_TRANSFORM_NOT_FOUND: "./tools/transformer.js" does not resolve from ${dir}: there is no file ${join(dir, "tools/transformer.js")}; expected a file at that path (relative to the tsconfig's directory), or the package name "@causality/transformer"`,
    );
    expect(r.code).toBe(1);
  });

  it("a transform package whose exports has only an import condition: DR002 (ts-patch loads it with require)", async () => {
    const dir = project({
      plugins: [TRANSFORM, { transform: "esm-only" }, { transform: "esm-ok" }, LANGUAGE_SERVICE],
    });
    const factory = "export default () => () => (sf) => sf;\n";
    fakePackage(dir, "esm-only", {
      "package.json": JSON.stringify({ name: "esm-only", type: "module", exports: { import: "./index.js" } }),
      "index.js": factory,
    });
    fakePackage(dir, "esm-ok", {
      "package.json": JSON.stringify({
        name: "esm-ok",
        type: "module",
        exports: { ".": { import: "./index.js", default: "./index.js" } },
      }),
      "index.js": factory,
    });
    const r = await doctor(dir);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[0]).toMatch(
      /^tsconfig\.json: compilerOptions\.plugins\[1\]\.transform: error DR002_TRANSFORM_NOT_FOUND: "esm-only" is installed, but its package\.json "exports" has no "require" or "default" condition/,
    );
    expect(r.code).toBe(1);
  });

  it("ts-patch not installed: DR003 says plain tsc ignores transform plugins", async () => {
    const r = await doctor(project({ tsPatch: false }));
    expect(r.lines[0]).toMatch(
      /^tsconfig\.json: compilerOptions\.plugins\[0\]: error DR003_TS_PATCH_MISSING: ts-patch is not installed .*plain tsc ignores "transform" plugins: npm install -D ts-patch and build with tspc/,
    );
    expect(r.code).toBe(1);
  });

  it("a build script with plain tsc: DR004 at the script (tsc --noEmit and tspc are fine)", async () => {
    const dir = project({
      scripts: {
        build: "tsc -p .",
        "build:watch": "npm run x && tsc -w",
        typecheck: "tsc --noEmit",
        ok: "tspc",
      },
    });
    const r = await doctor(dir);
    expect(r.lines.slice(0, -1)).toEqual([
      `package.json: scripts.build: error DR004_PLAIN_TSC: "tsc -p ." builds with plain tsc, which ignores transformer plugins: use tspc (same options), or run ts-patch install to patch typescript in place`,
      `package.json: scripts["build:watch"]: error DR004_PLAIN_TSC: "npm run x && tsc -w" builds with plain tsc, which ignores transformer plugins: use tspc (same options), or run ts-patch install to patch typescript in place`,
    ]);
    expect(r.code).toBe(1);
  });

  it("typescript patched in place (ts-patch install): plain tsc scripts are fine, even without ts-patch", async () => {
    const dir = project({ typescript: false, tsPatch: false, scripts: { build: "tsc -p ." } });
    fakePackage(dir, "typescript", {
      "package.json": JSON.stringify({ name: "typescript", version: "5.8.2" }),
      "lib/_tsc.js":
        '/// tsp-module:\n/// {\n///   "tspVersion": "3.3.0"\n/// }\n/// :tsp-module\n"use strict";\n',
    });
    expect(await doctor(dir)).toMatchObject({
      code: 0,
      lines: ["causality doctor: no problems in tsconfig.json: TypeScript 5.8.2"],
    });
  });

  it("TypeScript older than the transformer supports: DR005 with the supported range", async () => {
    const dir = project({ typescript: false });
    fakePackage(dir, "typescript", {
      "package.json": JSON.stringify({ name: "typescript", version: "4.9.5" }),
    });
    const r = await doctor(dir);
    expect(r.lines[0]).toBe(
      "node_modules/typescript/package.json: version: error DR005_TYPESCRIPT_VERSION: TypeScript 4.9.5 is outside what @causality/transformer supports (>=5.0): npm install -D typescript@5",
    );
    expect(r.code).toBe(1);
  });

  it("TypeScript 7 (and tsgo): DR006, no transformer API, use causality generate", async () => {
    const dir = project({ typescript: false, scripts: { build: "tsgo -p ." } });
    fakePackage(dir, "typescript", {
      "package.json": JSON.stringify({ name: "typescript", version: "7.0.1" }),
    });
    const r = await doctor(dir);
    expect(r.lines[0]).toMatch(
      /^package\.json: scripts\.build: error DR006_TYPESCRIPT_7: "tsgo -p \." runs tsgo \(TypeScript 7\), which has no JavaScript transformer API.*causality generate/,
    );
    expect(r.lines[1]).toMatch(
      /^node_modules\/typescript\/package\.json: version: error DR006_TYPESCRIPT_7: TypeScript 7\.0\.1 has no JavaScript transformer API, so no ts-patch plugin \(and no language-service plugin\) can run: run `causality generate`/,
    );
    expect(r.lines.at(-1)).toBe("causality doctor: 2 problems in tsconfig.json");
    expect(r.code).toBe(1);
  });

  it("typescript not installed: DR007", async () => {
    const r = await doctor(project({ typescript: false }));
    expect(r.lines[0]).toMatch(
      /^package\.json: devDependencies: error DR007_TYPESCRIPT_MISSING: typescript is not installed/,
    );
    expect(r.code).toBe(1);
  });

  it("no language-service plugin: a hint, exit 0", async () => {
    const r = await doctor(project({ plugins: [TRANSFORM] }));
    expect(r.lines).toEqual([
      `tsconfig.json: compilerOptions.plugins: hint DR101_NO_LANGUAGE_SERVICE: no language-service plugin, so editors do not show the analyzer's diagnostics (TS91001-TS91011) while typing: add { "name": "@causality/transformer/language-service" } next to the transform`,
      `causality doctor: no problems in tsconfig.json (1 hint): TypeScript ${TS_VERSION}, ts-patch ${TSP_VERSION}`,
    ]);
    expect(r.code).toBe(0);
  });

  it("a misspelled language-service plugin: a DR102 hint naming the expected name", async () => {
    const r = await doctor(project({ plugins: [TRANSFORM, { name: "@causality/language-service" }] }));
    expect(r.lines[0]).toBe(
      `tsconfig.json: compilerOptions.plugins[1].name: hint DR102_LANGUAGE_SERVICE_NOT_FOUND: "@causality/language-service" is not the language-service plugin; expected "@causality/transformer/language-service"`,
    );
    expect(r.code).toBe(0);
  });

  it("a language-service entry only package exports can reach: DR102, since tsserver resolves plugin names as plain paths", async () => {
    const dir = project();
    rmSync(join(dir, "node_modules/@causality/transformer"));
    fakePackage(dir, "@causality/transformer", {
      "package.json": JSON.stringify({
        name: "@causality/transformer",
        peerDependencies: { typescript: ">=5.0" },
        exports: { ".": "./index.cjs", "./language-service": "./language-service.cjs" },
      }),
      "index.cjs": "module.exports = () => () => (sf) => sf;\n",
      "language-service.cjs": "module.exports = () => ({ create: (info) => info.languageService });\n",
    });
    const r = await doctor(dir);
    expect(r.lines[0]).toBe(
      `tsconfig.json: compilerOptions.plugins[1].name: hint DR102_LANGUAGE_SERVICE_NOT_FOUND: "@causality/transformer/language-service" does not resolve from ${dir} (no such package in node_modules) the way tsserver resolves plugin names (a plain path: <name>.js, <name>/index.js or <name>/package.json "main", never "exports"); expected "@causality/transformer/language-service"`,
    );
    expect(r.code).toBe(0);
  });

  it("TypeScript 7 without a transform (the generate route): DR006 is a hint, no language-service hint", async () => {
    const dir = project({ typescript: false, plugins: [], scripts: { build: "causality generate && tsc" } });
    fakePackage(dir, "typescript", {
      "package.json": JSON.stringify({ name: "typescript", version: "7.0.2" }),
    });
    const r = await doctor(dir);
    expect(r.lines.filter((l) => l.includes("DR006"))).toEqual([
      expect.stringMatching(
        /^node_modules\/typescript\/package\.json: version: hint DR006_TYPESCRIPT_7: TypeScript 7\.0\.2 has no JavaScript transformer API/,
      ),
    ]);
    expect(r.stdout).not.toMatch(/DR101|DR004/);
  });

  it("-p: a tsconfig elsewhere; paths are printed relative to the working directory", async () => {
    const dir = project({ plugins: [{ transform: "@causality/transformr" }, LANGUAGE_SERVICE] });
    const r = await run(join(dir, ".."), ["doctor", "-p", join(dir, "tsconfig.json")]);
    const name = dir.split("/").at(-1);
    expect(r.stdout).toMatch(
      new RegExp(`^${name}/tsconfig\\.json: compilerOptions\\.plugins\\[0\\]\\.transform: error DR002_`),
    );
    expect(r.code).toBe(1);
  });

  it("usage and tool errors exit 3 with one line", async () => {
    const dir = project();
    expect(await run(dir, ["doctor", "--nope"])).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/CLI3001_USAGE/),
    });
    expect(await run(dir, ["doctor", "extra"])).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/CLI3001_USAGE/),
    });
    expect(await run(dir, ["doctor", "-p", "missing.json"])).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/^causality: CLI3008_TSCONFIG: .*missing\.json: /),
    });
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: "./nowhere.json" }));
    expect(await run(dir, ["doctor"])).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/CLI3008_TSCONFIG/),
    });
  });

  it("reads peerDependencies ranges the way npm does for the cases that matter", async () => {
    const range = ">=5.0 <7";
    expect(["5.0.0", "5.9.3", "6.0.2", "5.4.0-beta"].filter((v) => satisfies(v, range))).toHaveLength(4);
    expect(["4.9.5", "7.0.0", "7.0.0-dev.1"].some((v) => satisfies(v, range))).toBe(false);
    expect(satisfies("5.4.2", "^5.0")).toBe(true);
    expect(satisfies("6.0.0", "^5.0")).toBe(false);
    expect(satisfies("5.4.9", "5.4")).toBe(true);
    expect(satisfies("4.2.0", "^5 || 4.2")).toBe(true);
  });
});
