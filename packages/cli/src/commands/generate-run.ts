/** The slow path of generate/check: load the program, analyze, build the lock and the files. */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { formatDiagnostic } from "../analyzer-bridge.js";
import { emitSchemaFiles } from "../emit.js";
import { CliError } from "../errors.js";
import type { GenerateOptions } from "../generate-cache.js";
import { createLock, type LockFile, lockEntry, parseLock, serializeLock } from "../lock.js";
import { collectSchemas, type FileCache, type ProjectSchemas } from "../project.js";
import { verifyGenerated } from "../verify-emit.js";
import type { CommandContext } from "./context.js";

export function lockOf(schemas: ProjectSchemas): LockFile {
  return createLock(schemas.uses.map((u) => [u.key, lockEntry(u.expr, u.roles)]));
}

export function analyzeAndWrite(
  options: GenerateOptions,
  ctx: CommandContext,
  onFile: (done: number, total: number) => void,
  previous: FileCache,
): {
  files: Map<string, string>;
  sources: readonly string[];
  count: number;
  fileCache: FileCache;
  reanalyzed: number;
} {
  const schemas = collectSchemas(options.tsconfig, onFile, previous);
  if (schemas.diagnostics.length > 0) {
    for (const d of schemas.diagnostics) ctx.stderr(formatDiagnostic(d, (f) => relative(ctx.cwd, f)));
    throw new CliError(
      "CLI3009_ANALYSIS",
      `${schemas.diagnostics.length} type(s) cannot be schemas (see above)`,
    );
  }
  const files = emitSchemaFiles(schemas, options.root, options.out);
  verifyGenerated(files);
  files.set(options.lock, serializeLock(lockOf(schemas)));
  return {
    files,
    sources: schemas.files,
    count: schemas.uses.length,
    fileCache: schemas.fileCache,
    reanalyzed: schemas.reanalyzed,
  };
}

/** The entries where the lock on disk and the sources disagree, as one line each. */
export function staleEntries(tsconfig: string, lockPath: string): { differences: string[]; count: number } {
  const onDisk = parseLock(readFileSync(lockPath, "utf8"), lockPath);
  const current = lockOf(collectSchemas(tsconfig));
  const out: string[] = [];
  for (const [key, entry] of Object.entries(current.schemas)) {
    const old = onDisk.schemas[key];
    if (!old) out.push(`${key}: missing from the lock (new id ${entry.id})`);
    else if (old.id !== entry.id) out.push(`${key}: lock has ${old.id}, sources give ${entry.id}`);
    else if (old.roles.join() !== entry.roles.join()) {
      out.push(`${key}: roles ${old.roles.join("+") || "none"} -> ${entry.roles.join("+") || "none"}`);
    }
  }
  for (const key of Object.keys(onDisk.schemas))
    if (!current.schemas[key]) out.push(`${key}: in the lock but no longer in the sources`);
  return { differences: out, count: Object.keys(current.schemas).length };
}
