/**
 * TypeScript's own checker as an oracle: is a string literal assignable to a type written in
 * TypeScript? Every question becomes one line `const vN: (type) = "literal";` of a single in-memory
 * file, and the answer is whether the checker reports an error on that line. One program answers a
 * whole table, so the lib files are loaded once.
 */
import ts from "typescript";

export interface Question {
  /** A TypeScript type, e.g. "`a${number}`". */
  readonly type: string;
  readonly value: string;
}

const FILE = "/oracle/questions.ts";

export function tsAssignable(questions: readonly Question[]): boolean[] {
  const lines = questions.map((q, i) => `const v${i}: ${q.type} = ${JSON.stringify(q.value)};`);
  const text = `export {};\n${lines.join("\n")}\n`;
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === FILE ? ts.createSourceFile(FILE, text, version) : getSourceFile(name, version, ...rest);
  const program = ts.createProgram([FILE], options, host);
  const file = program.getSourceFile(FILE)!;
  const syntactic = program.getSyntacticDiagnostics(file);
  if (syntactic.length > 0) throw new Error(`oracle file does not parse: ${syntactic[0]!.messageText}`);
  const wrong = new Set<number>();
  for (const d of program.getSemanticDiagnostics(file)) {
    // 2322: "Type X is not assignable to type Y". Anything else means a malformed question.
    if (d.code !== 2322 || d.start === undefined) {
      throw new Error(
        `unexpected diagnostic TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
      );
    }
    wrong.add(file.getLineAndCharacterOfPosition(d.start).line - 1);
  }
  return questions.map((_, i) => !wrong.has(i));
}
