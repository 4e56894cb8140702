/**
 * The consumer matrix: the four packages packed from this checkout and installed from the tarballs
 * into fresh projects outside the repository, then built and run there, as a user would:
 * (1) ESM + tspc + TypeScript 5.9, (2) the same on TypeScript 6.0, (3) CommonJS, (4) TypeScript 7 +
 * `causality generate` + an esbuild bundle, (5) the language-service plugin in a real tsserver,
 * (6) `causality init` on a bare project, then build and run, (7) the bundler plugin from its
 * tarball in a Vite build and an esbuild bundle. Each checks that every route gives
 * the same id (plugin, generated module, lock, `causality id`, and the other projects), a valid and an
 * invalid value, and `causality diff` with an acknowledgment in a git repository.
 * Run by `npm run test:consumer` (a step of .ci/run), not by `npm test`: it installs from npm.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Consumer, diffWithAck, INVALID_PATHS, packAll, reportOf, TYPES_TS } from "./project.js";
import { TsServer } from "./tsserver.js";

let tarballs: string[] = [];
let pluginTarball = "";
const projects: Consumer[] = [];
/** Every id seen, by route: they must all be one id. */
const ids = new Map<string, string>();

beforeAll(() => {
  ({ tarballs, plugin: pluginTarball } = packAll());
});
afterAll(() => {
  for (const p of projects) p.remove();
});

const PLUGINS = [
  { transform: "@causality/transformer" },
  { name: "@causality/transformer/language-service" },
];
const SCHEMAS_TS = `import { typeSchema } from "@causality/schema";
import type { Transfer } from "./types.js";

export const transfer = typeSchema<Transfer>();
`;

function tsconfig(module: "NodeNext" | "CommonJS", plugins: readonly object[] = PLUGINS): string {
  const compilerOptions = {
    target: "ES2022",
    module,
    moduleResolution: module === "NodeNext" ? "NodeNext" : "Node10",
    strict: true,
    skipLibCheck: true,
    outDir: "dist",
    rootDir: "src",
    ...(plugins.length ? { plugins } : {}),
  };
  return `${JSON.stringify({ compilerOptions, include: ["src"] }, null, 2)}\n`;
}

function consumer(type: "module" | "commonjs", files: Record<string, string>): Consumer {
  const project = new Consumer({
    "package.json": `${JSON.stringify({ name: "consumer", private: true, type }, null, 2)}\n`,
    "src/types.ts": TYPES_TS,
    ...files,
  });
  projects.push(project);
  return project;
}

/** Runs a built program that prints a report line; checks the verdicts, records the id. */
async function checkReport(project: Consumer, route: string, command: string[]): Promise<void> {
  const out = (await project.ok(process.execPath, command)).trim().split("\n").at(-1)!;
  const report = JSON.parse(out) as { id: string; valid: boolean; invalid: string[] };
  expect(report.valid, route).toBe(true);
  expect(report.invalid, route).toEqual(INVALID_PATHS);
  ids.set(route, report.id);
}

/** The lock's id and `causality id`'s, recorded; then the diff with an acknowledgment. */
async function checkCli(project: Consumer, name: string): Promise<void> {
  const generated = await project.causality("generate");
  expect(generated.code, generated.stderr).toBe(0);
  ids.set(
    `${name}: schema.lock.json`,
    JSON.parse(project.read("schema.lock.json")).schemas["src/types.ts#Transfer"].id,
  );
  const id = await project.causality("id", "src/types.ts#Transfer");
  expect(id.code, id.stderr).toBe(0);
  ids.set(`${name}: causality id`, id.stdout.trim());
  const { breaking, acknowledged } = await diffWithAck(project);
  expect(breaking.code, breaking.stdout + breaking.stderr).toBe(1);
  expect(breaking.stdout).toContain("src/types.ts#Transfer");
  expect(breaking.stdout).toContain("✗ [input] Transfer.token: type changed (narrowed)");
  expect(acknowledged.code, acknowledged.stdout + acknowledged.stderr).toBe(0);
}

function expectOneId(): void {
  const distinct = new Set(ids.values());
  expect(distinct.size, JSON.stringify(Object.fromEntries(ids), null, 2)).toBe(1);
  expect([...distinct][0]).toMatch(/^0x[0-9a-f]{64}$/);
}

/** A project built with tspc and the plugin on the given TypeScript, in ESM or CommonJS. */
async function tspcProject(name: string, typescript: string, type: "module" | "commonjs"): Promise<Consumer> {
  const project = consumer(type, {
    "tsconfig.json": tsconfig(type === "module" ? "NodeNext" : "CommonJS"),
    "src/schemas.ts": SCHEMAS_TS,
    "src/main.ts": `import { transfer } from "./schemas.js";\n${reportOf("transfer")}`,
    // The generated module, loaded the way this package loads a .js file.
    "check-generated.cjs": reportOf('require("./schemas/src/types.schemas.js").Transfer'),
    "check-generated.mjs": `const m = await import("./schemas/src/types.schemas.js");\n${reportOf("m.Transfer")}`,
  });
  await project.npmInstall(`typescript@${typescript}`, "ts-patch@3.3.0", ...tarballs);
  await project.ok(process.execPath, ["node_modules/ts-patch/bin/tspc.js"]);
  await checkReport(project, `${name}: tspc plugin`, ["dist/main.js"]);
  expect((await project.causality("generate")).code).toBe(0);
  await checkReport(project, `${name}: generated module`, [
    type === "module" ? "check-generated.mjs" : "check-generated.cjs",
  ]);
  return project;
}

describe("consumer matrix: the packed packages in fresh projects", () => {
  it("(1) ESM + tspc + TypeScript 5.9, and (5) the language-service plugin in a real tsserver", async () => {
    const project = await tspcProject("ts5.9 esm", "5.9.3", "module");
    // (5) tsserver started from the project's own typescript, as an editor with the workspace version.
    project.write(
      "src/bad.ts",
      `import { typeSchema } from "@causality/schema";\nexport interface Bad { run: () => void }\nexport const bad = typeSchema<Bad>();\n`,
    );
    const server = new TsServer(
      join(project.dir, "node_modules/typescript/lib/tsserver.js"),
      project.dir,
      join(project.dir, "tsserver.log"),
    );
    try {
      const file = join(project.dir, "src/bad.ts");
      await server.request("open", { file, projectRootPath: project.dir });
      let diags = await server.semanticDiagnostics(file);
      if (!diags.some((d) => d.code === 91001)) {
        await server.event("projectsUpdatedInBackground");
        diags = await server.semanticDiagnostics(file);
      }
      expect(diags.filter((d) => d.code === 91001).map((d) => `${d.line}:${d.column} ${d.text}`)).toEqual([
        "2:24 [causality] a function is not data and cannot be part of a schema: () => void (at Bad.run)",
      ]);
    } finally {
      await server.close();
    }
    rmSync(join(project.dir, "src/bad.ts"));
    await checkCli(project, "ts5.9 esm");
    const doctor = await project.causality("doctor");
    expect(doctor.stdout).toMatch(
      /^causality doctor: no problems in tsconfig\.json: TypeScript 5\.9\.3, ts-patch 3\.3\.0$/m,
    );
    // Source and declaration maps of the installed packages lead to files the tarballs ship.
    expect(missingMapSources(join(project.dir, "node_modules/@causality"))).toEqual([]);
  });

  it("(2) ESM + tspc + TypeScript 6.0", async () => {
    await checkCli(await tspcProject("ts6.0 esm", "6.0.3", "module"), "ts6.0 esm");
  });

  it("(3) CommonJS + tspc: the plugin's output and the generated modules load with require", async () => {
    await checkCli(await tspcProject("commonjs", "5.9.3", "commonjs"), "commonjs");
  });

  it("(4) TypeScript 7 + causality generate + an esbuild bundle; doctor says generate is the way", async () => {
    const project = consumer("module", {
      "tsconfig.json": tsconfig("NodeNext", []),
      "causality.config.json": `${JSON.stringify({ types: ["src/types.ts#Transfer"] })}\n`,
      "src/main.ts": `import { Transfer } from "../schemas/src/types.schemas.js";\n${reportOf("Transfer")}`,
    });
    await project.npmInstall("typescript@7", "esbuild@0.28", ...tarballs);
    expect(JSON.parse(project.read("node_modules/typescript/package.json")).version).toMatch(/^7\./);
    expect((await project.causality("generate")).code).toBe(0);
    // esbuild's bin is a native executable once its install script ran, a node shim otherwise.
    await project.ok(join(project.dir, "node_modules/.bin/esbuild"), [
      "src/main.ts",
      "--bundle",
      "--platform=node",
      "--format=esm",
      "--outfile=out/main.mjs",
    ]);
    await checkReport(project, "ts7: generate + esbuild bundle", ["out/main.mjs"]);
    await checkCli(project, "ts7");
    const doctor = await project.causality("doctor");
    expect(doctor.stdout).toMatch(
      /hint DR006_TYPESCRIPT_7: TypeScript 7\.\d+\.\d+ has no JavaScript transformer API.*causality generate/,
    );
    expect(doctor.code).toBe(0);
  });

  it("(6) causality init on a bare project, then npm install, build and run", async () => {
    const project = consumer("module", {
      "src/schemas.ts": SCHEMAS_TS,
      "src/main.ts": `import { transfer } from "./schemas.js";\n${reportOf("transfer")}`,
    });
    await project.npmInstall("typescript@5.9.3", ...tarballs);
    const init = await project.causality("init");
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain("the tspc route");
    expect((await project.causality("init")).stdout).toContain("nothing to change");
    await project.npmInstall();
    await project.ok("npm", ["run", "build", "--silent"]);
    await checkReport(project, "init: npm run build", ["dist/main.js"]);
    await checkCli(project, "init");
    expect((await project.causality("doctor")).code).toBe(0);
  });

  it("(7) the bundler plugin from its tarball, on TypeScript 7: a Vite build and an esbuild bundle", async () => {
    const project = consumer("module", {
      "tsconfig.json": tsconfig("NodeNext", []),
      "src/schemas.ts": SCHEMAS_TS,
      "src/main.ts": `import { transfer } from "./schemas.js";\n${reportOf("transfer")}`,
      "vite.config.mjs": `import causality from "@causality/unplugin/vite";
export default {
  plugins: [causality()],
  build: { ssr: "src/main.ts", outDir: "out-vite", rollupOptions: { output: { entryFileNames: "main.mjs" } } },
};
`,
      "esbuild.mjs": `import { build } from "esbuild";
import causality from "@causality/unplugin/esbuild";
await build({ entryPoints: ["src/main.ts"], bundle: true, platform: "node", format: "esm",
  outfile: "out-esbuild/main.mjs", plugins: [causality()] });
`,
    });
    await project.npmInstall("typescript@7", "vite@8.3.8", "esbuild@0.28", ...tarballs, pluginTarball);
    await project.ok(join(project.dir, "node_modules/.bin/vite"), ["build", "--logLevel", "error"]);
    await checkReport(project, "unplugin: vite build", ["out-vite/main.mjs"]);
    await project.ok(process.execPath, ["esbuild.mjs"]);
    await checkReport(project, "unplugin: esbuild bundle", ["out-esbuild/main.mjs"]);
  });

  it("every route in every project gave the same id", async () => {
    expect(ids.size).toBeGreaterThanOrEqual(15);
    expectOneId();
  });
});

/** Every `sources` entry of every .map file under `root` that names no file there. */
function missingMapSources(root: string): string[] {
  const maps = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith(".map"));
  expect(maps.length).toBeGreaterThan(100);
  return maps.flatMap((map) => {
    const { sources } = JSON.parse(readFileSync(join(root, map), "utf8")) as { sources: string[] };
    return sources
      .filter((s) => !existsSync(resolve(dirname(join(root, map)), s)))
      .map((s) => `${map}: ${s}`);
  });
}
