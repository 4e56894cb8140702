/**
 * One TypeScript program per tsconfig, built once and then updated incrementally: the bundler hands
 * us each module's current text (the dev server's edits included), files that change on disk are
 * read again when the bundler says so, and `program()` gives a checker over the latest of both,
 * re-parsing only what changed (parsed files are kept by version and the old program is reused).
 * JSDoc is parsed as `tsc` parses it, so the TypeExprs are the ones `tspc` injects.
 */
import { resolve } from "node:path";
import type ts from "typescript";
import { typescript } from "./typescript.js";

export class SchemaProject {
  readonly configFile: string;
  private readonly options: ts.CompilerOptions;
  private readonly roots: Set<string>;
  private readonly host: ts.CompilerHost;
  /** Text given by the bundler, which wins over the file on disk. */
  private readonly overlay = new Map<string, string>();
  /** Bumped whenever a file's text may have changed. */
  private readonly versions = new Map<string, number>();
  private readonly parsed = new Map<string, { version: number; sf: ts.SourceFile }>();
  private current: ts.Program | undefined;
  private sources: { program: ts.Program; files: readonly string[] } | undefined;

  constructor(configFile: string) {
    this.configFile = configFile;
    const config = typescript.getParsedCommandLineOfConfigFile(
      configFile,
      {},
      {
        ...typescript.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(
            `causality: cannot read ${configFile}: ${typescript.flattenDiagnosticMessageText(d.messageText, "\n")}`,
          );
        },
      },
    );
    if (!config) throw new Error(`causality: cannot read ${configFile}`);
    // The bundler emits; the program only answers type questions.
    this.options = {
      ...config.options,
      noEmit: true,
      declaration: false,
      composite: false,
      incremental: false,
    };
    this.roots = new Set(config.fileNames.map((f) => resolve(f)));
    const host = typescript.createCompilerHost(this.options, true);
    host.jsDocParsingMode = typescript.JSDocParsingMode.ParseForTypeErrors;
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.readFile = (f) => this.overlay.get(f) ?? readFile(f);
    host.fileExists = (f) => this.overlay.has(f) || fileExists(f);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (f, languageVersion, onError, shouldCreate) => {
      const version = this.versions.get(f) ?? 0;
      const hit = this.parsed.get(f);
      if (hit && hit.version === version) return hit.sf;
      const text = this.overlay.get(f);
      const sf =
        text === undefined
          ? getSourceFile(f, languageVersion, onError, shouldCreate)
          : typescript.createSourceFile(f, text, languageVersion, true);
      if (sf) this.parsed.set(f, { version, sf });
      return sf;
    };
    this.host = host;
  }

  /** The bundler's current text of a module (a module outside `include` joins the program). */
  update(file: string, text: string): void {
    const key = resolve(file);
    if (!this.roots.has(key)) {
      this.roots.add(key);
      this.current = undefined;
    }
    const known = this.overlay.get(key) ?? (this.versions.has(key) ? undefined : this.host.readFile(key));
    // The usual case, a build reading files as they are on disk, keeps one program (one checker,
    // one analyzer cache) for every module; only a real edit makes the next program.
    if (known === text) return;
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
    if (!this.current || this.stale) {
      this.current = typescript.createProgram({
        rootNames: [...this.roots],
        options: this.options,
        host: this.host,
        ...(this.current ? { oldProgram: this.current } : {}),
      });
      this.stale = false;
    }
    return this.current;
  }

  /** The project's own source files (no libraries, no declarations): what a watcher should watch. */
  sourceFiles(): readonly string[] {
    const program = this.program();
    if (this.sources?.program !== program) {
      const files = program
        .getSourceFiles()
        .filter((sf) => !sf.isDeclarationFile && !program.isSourceFileFromExternalLibrary(sf))
        .map((sf) => resolve(sf.fileName));
      this.sources = { program, files };
    }
    return this.sources.files;
  }

  private stale = false;

  private bump(key: string): void {
    this.versions.set(key, (this.versions.get(key) ?? 0) + 1);
    this.stale = true;
  }
}
