/**
 * TypeScript's own checker as an oracle: is a string literal assignable to a type written in
 * TypeScript? Every question becomes one line `const vN: (type) = "literal";` of a single in-memory
 * file, and the answer is whether the checker reports an error on that line. One program answers a
 * whole table, so the lib files are loaded once.
 *
 * With CAUSALITY_ORACLE_CACHE set to a directory (mutation testing sets it: there the same table
 * is asked once per mutant), the answers are kept there under a hash of the file and the
 * TypeScript version: the same checker's answers to the same file, computed once.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

export interface Question {
  /** A TypeScript type, e.g. "`a${number}`". */
  readonly type: string;
  readonly value: string;
}

const FILE = "/oracle/questions.ts";

export async function tsAssignable(questions: readonly Question[]): Promise<boolean[]> {
  return ask(questions.map((q) => ({ type: q.type, source: JSON.stringify(q.value) })));
}

/** TypeScript source of a value (an object literal, say), checked with excess-property checks. */
export interface SourceQuestion {
  readonly type: string;
  readonly source: string;
}

/**
 * Is a value written as TypeScript source (fresh, so object literals get excess-property checks,
 * nested ones too) assignable to the type? Type aliases may be declared in `prelude`.
 */
export async function tsAccepts(questions: readonly SourceQuestion[], prelude = ""): Promise<boolean[]> {
  return ask(questions, prelude);
}

async function ask(questions: readonly SourceQuestion[], prelude = ""): Promise<boolean[]> {
  const lines = questions.map((q, i) => `const v${i}: ${q.type} = ${q.source};`);
  // The prelude goes on the first line with `export {}`, so line n + 1 is question n.
  const first = prelude === "" ? "export {};" : `export {}; ${prelude.replace(/\n/g, " ")}`;
  const text = `${first}\n${lines.join("\n")}\n`;
  const dir = process.env.CAUSALITY_ORACLE_CACHE;
  if (!dir) return check(text, questions.length);
  const version = (createRequire(import.meta.url)("typescript/package.json") as { version: string }).version;
  const file = join(dir, `ts-${createHash("sha256").update(`${version}\n${text}`).digest("hex")}.json`);
  try {
    return JSON.parse(readFileSync(file, "utf8")) as boolean[];
  } catch {
    const answers = await check(text, questions.length);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(answers));
    return answers;
  }
}

const ANSWERS = new Set([2322, 2820, 2353, 2561, 2741]);

async function check(text: string, count: number): Promise<boolean[]> {
  // Loaded only when asked: the compiler is large, and a cached table does not need it.
  const { default: ts } = await import("typescript");
  const options: import("typescript").CompilerOptions = {
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
    // 2322: "Type X is not assignable to type Y", 2820: the same with "Did you mean ...?"; for
    // object literals 2353/2561 (a key the type does not know, without and with a suggestion) and
    // 2741 (a property missing). Anything else means a malformed question.
    if (!ANSWERS.has(d.code) || d.start === undefined) {
      throw new Error(
        `unexpected diagnostic TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
      );
    }
    wrong.add(file.getLineAndCharacterOfPosition(d.start).line - 1);
  }
  return Array.from({ length: count }, (_, i) => !wrong.has(i));
}
