/**
 * Checks that the modules `generate` wrote parse and would load: every generated .js and .d.ts
 * goes through TypeScript's parser and binder (no lib, no module resolution), and any grammar or
 * strict-mode error (`const eval`, an unterminated import path, a name declared twice) fails the
 * run instead of leaving a module that throws on import. Such an error is a bug of the emitter.
 */
import { CliError } from "./errors.js";
import { ts } from "./typescript.js";

const MODULE = /\.(m|c)?js$|\.d\.(m|c)?ts$/;
/** Grammar errors are TS1xxx; these two are a name declared twice, which a module cannot link. */
const LOAD_ERRORS = new Set([2300, 2451]);

export function verifyGenerated(files: ReadonlyMap<string, string>): void {
  const texts = new Map([...files].filter(([path]) => MODULE.test(path)));
  if (texts.size === 0) return;
  const options: import("typescript").CompilerOptions = {
    noLib: true,
    noResolve: true,
    allowJs: true,
    checkJs: true,
    types: [],
    noEmit: true,
    module: ts.ModuleKind.ESNext,
    target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  host.getSourceFile = (name, language) => {
    const text = texts.get(name);
    return text === undefined ? undefined : ts.createSourceFile(name, text, language, true);
  };
  host.fileExists = (name) => texts.has(name);
  host.readFile = (name) => texts.get(name);
  const program = ts.createProgram([...texts.keys()], options, host);
  const problems = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()].filter(
    (d) => d.code < 2000 || LOAD_ERRORS.has(d.code),
  );
  const first = problems[0];
  if (first === undefined) return;
  const where = first.file
    ? `${first.file.fileName}:${first.file.getLineAndCharacterOfPosition(first.start ?? 0).line + 1}`
    : undefined;
  throw new CliError(
    "CLI3012_INTERNAL",
    `a generated module does not parse (TS${first.code}: ${ts.flattenDiagnosticMessageText(first.messageText, " ")}); nothing was written`,
    where,
  );
}
