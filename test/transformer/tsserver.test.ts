/**
 * The language-service plugin in a real tsserver process: tsserver resolves the plugin name
 * `@causality/transformer/language-service` as a plain path (no package "exports"), loads it with
 * require(), and the analyzer's diagnostics come back in `semanticDiag` events, for every fixture of
 * the compile-errors corpus, and again after an edit.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TsServer } from "../consumer/tsserver.js";

const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURE = join(ROOT, "fixtures/compile-errors");
const expected = JSON.parse(readFileSync(join(FIXTURE, "expected.json"), "utf8")) as {
  file: string;
  line: number;
  column: number;
  code: number;
  message: string;
}[];
const dir = mkdtempSync(join(tmpdir(), "causality-tsserver-"));
cpSync(FIXTURE, dir, { recursive: true });
const tsconfig = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8"));
tsconfig.compilerOptions.plugins.push({ name: "@causality/transformer/language-service" });
writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
mkdirSync(join(dir, "node_modules/@causality"), { recursive: true });
for (const pkg of ["schema", "runtime", "transformer"]) {
  symlinkSync(join(ROOT, "node_modules/@causality", pkg), join(dir, "node_modules/@causality", pkg));
}
symlinkSync(join(ROOT, "node_modules/typescript"), join(dir, "node_modules/typescript"));
const server = new TsServer(
  join(dir, "node_modules/typescript/lib/tsserver.js"),
  dir,
  join(dir, "tsserver.log"),
);
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `line:column TScode text` of the plugin's diagnostics (TS91xxx) in a file. */
async function causalityDiagnostics(file: string): Promise<string[]> {
  return (await server.semanticDiagnostics(file))
    .filter((d) => d.code >= 91000 && d.code < 92000)
    .map((d) => `${d.line}:${d.column} TS${d.code} ${d.text}`);
}

describe("language-service plugin in tsserver", () => {
  it("reports every fixture's diagnostic, also when asked before the analyzer has loaded, and re-checks an edit", async () => {
    const first = join(dir, expected[0]!.file);
    await server.request("open", { file: first, projectRootPath: dir });
    // The very first request may come before the analyzer (an ES module) is in; then the plugin
    // asks tsserver to refresh (projectsUpdatedInBackground), as an editor then asks again.
    let found = await causalityDiagnostics(first);
    if (found.length === 0) {
      await server.event("projectsUpdatedInBackground");
      found = await causalityDiagnostics(first);
    }
    for (const e of expected) {
      const file = join(dir, e.file);
      if (file !== first) await server.request("open", { file, projectRootPath: dir });
      const diags = file === first ? found : await causalityDiagnostics(file);
      expect(diags).toContain(`${e.line}:${e.column} TS${e.code} [causality] ${e.message}`);
    }

    // An edit: the function-typed field becomes a string, and the diagnostic is gone.
    const file = join(dir, "src/function-in-data.ts");
    const lines = readFileSync(file, "utf8").split("\n");
    const line = lines.findIndex((l) => l.includes("memo: () => string")) + 1;
    expect(await causalityDiagnostics(file)).toHaveLength(1);
    await server.request("change", {
      file,
      line,
      offset: 9,
      endLine: line,
      endOffset: 21,
      insertString: "string",
    });
    expect(await causalityDiagnostics(file)).toEqual([]);
  });
});
