/**
 * The language-service plugin: an editor (tsserver) shows the same diagnostics as `tspc`, for the
 * compile-errors fixture project, through a real TypeScript language service.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURE = join(ROOT, "fixtures/compile-errors");
const expected = JSON.parse(readFileSync(join(FIXTURE, "expected.json"), "utf8")) as {
  file: string;
  line: number;
  column: number;
  code: number;
  message: string;
}[];
const dir = mkdtempSync(join(tmpdir(), "causality-ls-"));
cpSync(FIXTURE, dir, { recursive: true });
mkdirSync(join(dir, "node_modules/@causality"), { recursive: true });
for (const pkg of ["schema", "runtime", "transformer"]) {
  symlinkSync(join(ROOT, "node_modules/@causality", pkg), join(dir, "node_modules/@causality", pkg));
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function languageService(): ts.LanguageService {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(dir, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  )!;
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => parsed.fileNames,
    getScriptVersion: () => "1",
    getScriptSnapshot: (f) =>
      ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)!) : undefined,
    getCurrentDirectory: () => dir,
    getCompilationSettings: () => parsed.options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host);
}

describe("language-service plugin", () => {
  it("adds every fixture's diagnostic to the file's semantic diagnostics, as tspc reports it", async () => {
    // Loaded the way tsserver loads plugins: require() of the package entry, then create().
    const init = createRequire(join(dir, "tsconfig.json"))("@causality/transformer/language-service");
    const plugin = init({ typescript: ts });
    const ls = plugin.create({
      languageService: languageService(),
      project: { refreshDiagnostics: () => undefined },
      config: {},
    }) as ts.LanguageService;
    await plugin.ready;
    for (const e of expected) {
      const file = join(dir, e.file);
      const found = ls
        .getSemanticDiagnostics(file)
        .filter((d) => d.source === "causality")
        .map((d) => {
          const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start!);
          return `${line + 1}:${character + 1} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
        });
      expect(found).toContain(`${e.line}:${e.column} TS${e.code} [causality] ${e.message}`);
    }
    // Other language-service calls pass through untouched.
    const file = join(dir, "src/never-field.ts");
    const at = readFileSync(file, "utf8").indexOf("Impossible");
    expect(ts.displayPartsToString(ls.getQuickInfoAtPosition(file, at)?.displayParts)).toContain(
      "interface Impossible",
    );
  });
});
