/**
 * The golden corpus (fixtures/types) through the plugin in real bundlers: every type gets the id in
 * expected.json (the ids `tspc` and `causality generate` give, checked by the golden tests), and
 * the injected compiled validators give the interpreter's verdicts on probe values. Also the
 * tspc-project fixture (typeSchema and defineDataflow) run from each bundle, diagnostics through a
 * Vite build, and a Vite dev server re-transforming a module when a type it uses changes.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { schemaFromExpr, type TypeExpr } from "@causality/schema";
import { build as esbuild } from "esbuild";
import { rollup } from "rollup";
import esbuildTypes from "rollup-plugin-esbuild";
import { createServer, build as viteBuild } from "vite";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs helper shared with the fixture generator
import { readExpected } from "../../../fixtures/types/golden.mjs";
import { corpusProject, writeGoldenModule } from "../../../test/transformer/corpus-project.js";
import { causality } from "./plugin.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const expected = readExpected() as Record<string, { id?: string; expr?: TypeExpr }>;
const analyzable = Object.entries(expected).filter(([, e]) => e.id !== undefined);
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Schema {
  id: string;
  expr: TypeExpr;
  is(v: unknown): boolean;
  validate(v: unknown): { success: boolean; errors?: { path: string; code: string }[] };
}

/** Values of many shapes; the compiled and interpreted verdicts must agree on each. */
const PROBES: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  Number.NaN,
  "",
  "a",
  "2024-01-02",
  true,
  [],
  [1, "a"],
  {},
  { id: "x", name: "n", value: 1 },
  { kind: "a" },
  { type: "circle", radius: 1 },
  new Date(0),
  2n,
  new Map([["a", 1]]),
  new Set([1]),
];

function goldenProject(): string {
  const dir = corpusProject("causality-unplugin-");
  dirs.push(dir);
  writeGoldenModule(
    dir,
    analyzable.map(([key]) => key),
  );
  return dir;
}

async function checkGolden(bundle: string): Promise<void> {
  const mod = (await import(pathToFileURL(bundle).href)) as Record<string, Schema>;
  const wrongIds = analyzable.filter(([, e], i) => mod[`s${i}`]?.id !== e.id).map(([key]) => key);
  expect(wrongIds).toEqual([]);
  const disagreements: string[] = [];
  analyzable.forEach(([key], i) => {
    const compiled = mod[`s${i}`]!;
    const interpreted = schemaFromExpr(compiled.expr);
    PROBES.forEach((v, p) => {
      if (compiled.is(v) !== interpreted.is(v)) disagreements.push(`${key} probe ${p}`);
      const a = compiled.validate(v).errors?.map((e) => `${e.code} ${e.path}`);
      const b = interpreted.validate(v).errors?.map((e) => `${e.code} ${e.path}`);
      if (JSON.stringify(a) !== JSON.stringify(b)) disagreements.push(`${key} probe ${p} issues`);
    });
  });
  expect(disagreements).toEqual([]);
  // Compiled, not interpreted: the bundle carries the generated validator functions.
  expect(readFileSync(bundle, "utf8")).toMatch(/function f0\(v, d\) \{/);
}

describe("the golden corpus through the bundler plugin", { timeout: 180_000 }, () => {
  it("Vite build: every id as expected.json, compiled verdicts as the interpreter's", async () => {
    const dir = goldenProject();
    await viteBuild({
      root: dir,
      configFile: false,
      logLevel: "silent",
      plugins: [causality.vite()],
      build: {
        ssr: join(dir, "src/__golden.ts"),
        outDir: join(dir, "out-vite"),
        rollupOptions: { output: { entryFileNames: "golden.mjs" } },
      },
    });
    await checkGolden(join(dir, "out-vite/golden.mjs"));
  });

  it("esbuild bundle (our packages bundled in): the same ids and verdicts", async () => {
    const dir = goldenProject();
    const result = await esbuild({
      entryPoints: [join(dir, "src/__golden.ts")],
      outfile: join(dir, "out-esbuild/golden.mjs"),
      bundle: true,
      platform: "node",
      format: "esm",
      logLevel: "silent",
      plugins: [causality.esbuild()],
    });
    expect(result.errors).toEqual([]);
    await checkGolden(join(dir, "out-esbuild/golden.mjs"));
  });

  it("Rollup (types stripped by rollup-plugin-esbuild after ours): the same ids and verdicts", async () => {
    const dir = goldenProject();
    const bundle = await rollup({
      input: join(dir, "src/__golden.ts"),
      plugins: [causality.rollup(), esbuildTypes({ target: "es2022" })],
      external: (id) => id.startsWith("@causality/"),
      onwarn: () => {},
    });
    await bundle.write({ file: join(dir, "out-rollup/golden.mjs"), format: "es" });
    await bundle.close();
    await checkGolden(join(dir, "out-rollup/golden.mjs"));
  });
});

function tspcProject(): string {
  const dir = corpusProject("causality-unplugin-flow-");
  dirs.push(dir);
  for (const f of ["index.ts", "types.ts"]) {
    writeFileSync(join(dir, "src", f), readFileSync(join(ROOT, "fixtures/tspc-project/src", f)));
  }
  return dir;
}

describe("typeSchema and defineDataflow in a bundled program", { timeout: 180_000 }, () => {
  it("runs from a Vite build and from an esbuild bundle with tspc's results", async () => {
    const dir = tspcProject();
    await viteBuild({
      root: dir,
      configFile: false,
      logLevel: "silent",
      plugins: [causality.vite()],
      build: { ssr: join(dir, "src/index.ts"), outDir: join(dir, "out-vite") },
    });
    await esbuild({
      entryPoints: [join(dir, "src/index.ts")],
      outfile: join(dir, "out-esbuild/index.mjs"),
      bundle: true,
      platform: "node",
      format: "esm",
      logLevel: "silent",
      plugins: [causality.esbuild()],
    });
    const tspc = spawnSync(process.execPath, [join(ROOT, "node_modules/ts-patch/bin/tspc.js"), "-p", dir], {
      encoding: "utf8",
    });
    expect(tspc.stdout + tspc.stderr).toBe("");
    const outputs = [
      join(dir, "dist/index.js"),
      join(dir, "out-vite/index.js"),
      join(dir, "out-esbuild/index.mjs"),
    ].map((file) => {
      const run = spawnSync(process.execPath, [file], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      return JSON.parse(run.stdout) as { id: string; good: boolean; flowIds: string[] };
    });
    expect(outputs[0]!.good).toBe(true);
    expect(outputs[0]!.flowIds[0]).toBe(outputs[0]!.id);
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  });
});

describe("diagnostics", () => {
  it("a type that cannot be data fails `vite build` with its code, file, line and column", async () => {
    const dir = tspcProject();
    writeFileSync(
      join(dir, "src/bad.ts"),
      'import { typeSchema } from "@causality/schema";\n\ninterface Job {\n  run: () => void;\n}\nexport const job = typeSchema<Job>();\n',
    );
    const failure = await viteBuild({
      root: dir,
      configFile: false,
      logLevel: "silent",
      plugins: [causality.vite()],
      build: { ssr: join(dir, "src/bad.ts"), outDir: join(dir, "out-bad") },
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(failure?.message).toMatch(/bad\.ts:4:3 TS91001 .*function/);
  });
});

describe("Vite dev server", { timeout: 120_000 }, () => {
  it("serves the new id after a type in another file changes (hot update)", async () => {
    const dir = tspcProject();
    const server = await createServer({
      root: dir,
      configFile: false,
      logLevel: "silent",
      plugins: [causality.vite()],
      server: { port: 0, strictPort: false, hmr: false, watch: { usePolling: true, interval: 50 } },
    });
    try {
      const idOf = async () => {
        const mod = (await server.ssrLoadModule("/src/index.ts")) as { transferInput: Schema };
        return mod.transferInput.id;
      };
      const before = await idOf();
      expect(before).toMatch(/^0x[0-9a-f]{64}$/);
      const types = join(dir, "src/types.ts");
      writeFileSync(
        types,
        readFileSync(types, "utf8").replace("memo?: string;", "memo?: string;\n  fee?: number;"),
      );
      let after = before;
      for (let i = 0; i < 100 && after === before; i++) {
        await new Promise((r) => setTimeout(r, 100));
        after = await idOf();
      }
      expect(after).toMatch(/^0x[0-9a-f]{64}$/);
      expect(after).not.toBe(before);
    } finally {
      await server.close();
    }
  });
});
