#!/usr/bin/env node
/**
 * `node mutation/typecheck-mutants.mjs <report.json> <tsconfig.json>`: the TypeScript checker's
 * verdict on the mutants of a Stryker report made without its checker (`checkers: []`), one
 * language service over the package, each mutant applied to its file alone. A mutant whose file
 * gets a type error the original does not have is one the checker would have rejected: it is
 * marked CompileError (not counted). Prints the score per file over the rest and writes the
 * report back. Only sound for files whose exports have declared types (a mutant cannot then break
 * a dependent file without breaking its own).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import ts from "typescript";

const [reportPath, tsconfigPath] = process.argv.slice(2);
if (!reportPath || !tsconfigPath)
  throw new Error("usage: typecheck-mutants.mjs <report.json> <tsconfig.json>");
const report = JSON.parse(readFileSync(reportPath, "utf8"));
const config = ts.getParsedCommandLineOfConfigFile(
  resolve(tsconfigPath),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  },
);
const overrides = new Map();
const versions = new Map();
const host = {
  getScriptFileNames: () => config.fileNames,
  getScriptVersion: (f) => String(versions.get(f) ?? 0),
  getScriptSnapshot: (f) => {
    const text = overrides.get(f) ?? ts.sys.readFile(f);
    return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
  },
  getCurrentDirectory: () => dirname(resolve(tsconfigPath)),
  getCompilationSettings: () => config.options,
  getProjectReferences: () => config.projectReferences,
  getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
  fileExists: ts.sys.fileExists,
  readFile: ts.sys.readFile,
  readDirectory: ts.sys.readDirectory,
  directoryExists: ts.sys.directoryExists,
  getDirectories: ts.sys.getDirectories,
};
const service = ts.createLanguageService(host, ts.createDocumentRegistry());
const errors = (file) =>
  [...service.getSyntacticDiagnostics(file), ...service.getSemanticDiagnostics(file)].filter(
    (d) => d.category === ts.DiagnosticCategory.Error,
  );

/** Offset of a report location (lines and columns 1-based). */
function offsetOf(lines, { line, column }) {
  let at = 0;
  for (let i = 0; i < line - 1; i++) at += lines[i].length + 1;
  return at + column - 1;
}

// NoCoverage too: an uncovered mutant the checker rejects is no gap in the tests.
const COUNTED = new Set(["Killed", "Survived", "Timeout", "NoCoverage"]);
for (const [name, file] of Object.entries(report.files)) {
  const path = resolve(name);
  const original = file.source;
  const lines = original.split("\n");
  const before = errors(path).length;
  let version = 0;
  for (const m of file.mutants) {
    if (!COUNTED.has(m.status)) continue;
    const text =
      original.slice(0, offsetOf(lines, m.location.start)) +
      m.replacement +
      original.slice(offsetOf(lines, m.location.end));
    overrides.set(path, text);
    versions.set(path, ++version);
    const found = errors(path);
    if (found.length > before) {
      m.statusReason = `type error: ${ts.flattenDiagnosticMessageText(found[0].messageText, " ")}`;
      m.status = "CompileError";
    }
  }
  overrides.delete(path);
  versions.set(path, ++version);
  const count = (s) => file.mutants.filter((m) => m.status === s).length;
  const [killed, survived, timeout, uncovered] = ["Killed", "Survived", "Timeout", "NoCoverage"].map(count);
  // The README's score: killed / (killed + survived + timed out + no coverage); and over covered mutants.
  const score = (100 * killed) / (killed + survived + timeout + uncovered);
  const covered = (100 * killed) / (killed + survived + timeout);
  console.log(
    `${name}: ${score.toFixed(1)}% (${covered.toFixed(1)}% of covered; killed ${killed}, timed out ${timeout}, ` +
      `survived ${survived}, no coverage ${uncovered}; compile errors ${count("CompileError")})`,
  );
  for (const m of file.mutants.filter((x) => x.status === "Survived" || x.status === "NoCoverage"))
    console.log(
      `  ${m.status === "Survived" ? "survived" : "uncovered"} ${m.id} line ${m.location.start.line} ${m.mutatorName}: ${JSON.stringify(m.replacement)}`,
    );
}
writeFileSync(reportPath, JSON.stringify(report));
