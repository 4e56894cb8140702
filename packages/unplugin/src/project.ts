/**
 * One TypeScript language service per tsconfig, built once and updated incrementally: the bundler
 * hands us each module's current text (the dev server's edits included), files on disk that change
 * are re-read when the bundler says so, and `program()` gives a checker over the latest of both
 * without re-parsing what did not change.
 */
import { dirname, resolve } from "node:path";
import ts from "typescript";

export class SchemaProject {
  readonly configFile: string;
  private readonly options: ts.CompilerOptions;
  private readonly roots: Set<string>;
  /** Text given by the bundler, which wins over the file on disk. */
  private readonly overlay = new Map<string, string>();
  /** Bumped whenever a file's text may have changed; the service re-parses only bumped files. */
  private readonly versions = new Map<string, number>();
  private readonly service: ts.LanguageService;

  constructor(configFile: string) {
    this.configFile = configFile;
    const parsed = ts.getParsedCommandLineOfConfigFile(
      configFile,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(
            `causality: cannot read ${configFile}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
          );
        },
      },
    );
    if (!parsed) throw new Error(`causality: cannot read ${configFile}`);
    // The bundler emits; the service only needs types. `noEmit` keeps it from planning outputs.
    this.options = {
      ...parsed.options,
      noEmit: true,
      declaration: false,
      composite: false,
      incremental: false,
    };
    this.roots = new Set(parsed.fileNames.map((f) => resolve(f)));
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => this.options,
      getScriptFileNames: () => [...this.roots],
      getScriptVersion: (f) => String(this.versions.get(resolve(f)) ?? 0),
      getScriptSnapshot: (f) => {
        const text = this.overlay.get(resolve(f)) ?? ts.sys.readFile(f);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => dirname(configFile),
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (f) => this.overlay.has(resolve(f)) || ts.sys.fileExists(f),
      readFile: (f, encoding) => this.overlay.get(resolve(f)) ?? ts.sys.readFile(f, encoding),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
  }

  /** The bundler's current text of a module (a module outside `include` joins the program). */
  update(file: string, text: string): void {
    const key = resolve(file);
    this.roots.add(key);
    if (this.overlay.get(key) === text) return;
    this.overlay.set(key, text);
    this.bump(key);
  }

  /** A file changed or went away on disk: read it again next time. */
  invalidate(file: string): void {
    const key = resolve(file);
    this.overlay.delete(key);
    this.bump(key);
  }

  program(): ts.Program {
    const program = this.service.getProgram();
    if (!program) throw new Error(`causality: TypeScript gave no program for ${this.configFile}`);
    return program;
  }

  /** The project's own source files (no libraries, no declarations): what a watcher should watch. */
  sourceFiles(): string[] {
    const program = this.program();
    return program
      .getSourceFiles()
      .filter((sf) => !sf.isDeclarationFile && !program.isSourceFileFromExternalLibrary(sf))
      .map((sf) => resolve(sf.fileName));
  }

  private bump(key: string): void {
    this.versions.set(key, (this.versions.get(key) ?? 0) + 1);
  }
}
