/**
 * `causality generate` and `causality check`.
 *
 * generate: analyze the project, write schema modules (importable without the ts-patch plugin),
 * JSON Schema files and schema.lock.json. Every file is written to a temporary name and renamed,
 * so an interrupted run leaves the previous files whole. A cache of source hashes makes a run
 * with nothing changed skip analysis entirely.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, watch, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { formatDiagnostic } from "../analyzer-bridge.js";
import { emitSchemaFiles } from "../emit.js";
import { CliError, EXIT } from "../errors.js";
import { createLock, type LockFile, lockEntry, parseLock, serializeLock } from "../lock.js";
import { parse } from "../main.js";
import { progressReporter } from "../progress.js";
import { collectSchemas, findTsconfig, type ProjectSchemas } from "../project.js";
import type { CommandContext } from "./context.js";

const CACHE_VERSION = 1;

interface Cache {
  readonly version: number;
  readonly key: string;
  readonly files: Readonly<Record<string, string>>;
  readonly lock: string;
}

export async function generateCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parse(args, {
    project: { type: "string", short: "p" },
    out: { type: "string", short: "o", default: "schemas" },
    lock: { type: "string", default: "schema.lock.json" },
    watch: { type: "boolean", short: "w" },
  });
  const tsconfig = findTsconfig(ctx.cwd, values.project);
  const root = dirname(tsconfig);
  const options = { tsconfig, root, out: resolve(root, values.out!), lock: resolve(root, values.lock!) };
  const code = generateOnce(options, ctx);
  if (!values.watch) return code;
  ctx.stderr(`watching ${relative(ctx.cwd, root) || "."} for changes (Ctrl-C to stop)\n`);
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(root, { recursive: true }, (_event, file) => {
    if (
      !file ||
      !/\.(ts|tsx|mts|cts|json)$/.test(String(file)) ||
      String(file).startsWith(relative(root, options.out))
    )
      return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        generateOnce(options, ctx);
      } catch (e) {
        ctx.stderr(e instanceof CliError ? `${e.format()}\n` : `${String(e)}\n`);
      }
    }, 100);
  });
  await new Promise<void>((done) => process.once("SIGINT", () => done()));
  watcher.close();
  return EXIT.ok;
}

interface GenerateOptions {
  readonly tsconfig: string;
  readonly root: string;
  readonly out: string;
  readonly lock: string;
}

function generateOnce(options: GenerateOptions, ctx: CommandContext): number {
  const progress = progressReporter("analyzing", ctx.interactive, ctx.stderr);
  const cached = readCache(options);
  const hashes = hashSources(options, cached);
  if (
    cached &&
    sameHashes(cached.files, hashes) &&
    existsSync(options.lock) &&
    readFileSync(options.lock, "utf8") === cached.lock
  ) {
    progress.done("schemas up to date, nothing re-analyzed");
    return EXIT.ok;
  }
  const schemas = collectSchemas(options.tsconfig, (done, total) => progress.update(done, total));
  if (schemas.diagnostics.length > 0) {
    for (const d of schemas.diagnostics) ctx.stderr(formatDiagnostic(d, (f) => relative(ctx.cwd, f)));
    throw new CliError(
      "CLI3009_ANALYSIS",
      `${schemas.diagnostics.length} type(s) cannot be schemas (see above)`,
    );
  }
  const lock = lockOf(schemas);
  const lockText = serializeLock(lock);
  const files = emitSchemaFiles(schemas, options.root, options.out);
  files.set(options.lock, lockText);
  for (const [path, text] of files) writeAtomically(path, text);
  writeCache(options, {
    version: CACHE_VERSION,
    key: cacheKey(options),
    files: hashSources(options, undefined, schemas.files),
    lock: lockText,
  });
  progress.done(
    `${schemas.uses.length} schema(s) written to ${relative(ctx.cwd, options.out) || "."} and ${relative(ctx.cwd, options.lock)}`,
  );
  return EXIT.ok;
}

export function checkCommand(args: string[], ctx: CommandContext): number {
  const { values } = parse(args, {
    project: { type: "string", short: "p" },
    lock: { type: "string", default: "schema.lock.json" },
  });
  const tsconfig = findTsconfig(ctx.cwd, values.project);
  const lockPath = resolve(dirname(tsconfig), values.lock!);
  if (!existsSync(lockPath)) {
    ctx.stdout(`${relative(ctx.cwd, lockPath)} does not exist: run causality generate\n`);
    return EXIT.outOfDate;
  }
  const onDisk = parseLock(readFileSync(lockPath, "utf8"), lockPath);
  const current = lockOf(collectSchemas(tsconfig));
  const differences = compareLocks(onDisk, current);
  if (differences.length === 0) {
    ctx.stdout(
      `${relative(ctx.cwd, lockPath)} is up to date (${Object.keys(current.schemas).length} schemas)\n`,
    );
    return EXIT.ok;
  }
  ctx.stdout(
    `${relative(ctx.cwd, lockPath)} is out of date:\n${differences.map((d) => `  ${d}\n`).join("")}Run causality generate.\n`,
  );
  return EXIT.outOfDate;
}

export function lockOf(schemas: ProjectSchemas): LockFile {
  return createLock(schemas.uses.map((u) => [u.key, lockEntry(u.expr, u.roles)]));
}

export function compareLocks(onDisk: LockFile, current: LockFile): string[] {
  const out: string[] = [];
  for (const [key, entry] of Object.entries(current.schemas)) {
    const old = onDisk.schemas[key];
    if (!old) out.push(`${key}: missing from the lock (new id ${entry.id})`);
    else if (old.id !== entry.id) out.push(`${key}: lock has ${old.id}, sources give ${entry.id}`);
    else if (old.roles.join() !== entry.roles.join())
      out.push(`${key}: roles ${old.roles.join("+") || "none"} -> ${entry.roles.join("+") || "none"}`);
  }
  for (const key of Object.keys(onDisk.schemas))
    if (!current.schemas[key]) out.push(`${key}: in the lock but no longer in the sources`);
  return out;
}

function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path) && readFileSync(path, "utf8") === text) return;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

function cachePath(options: GenerateOptions): string {
  return join(
    options.root,
    "node_modules",
    ".cache",
    "causality",
    `${createHash("sha256").update(options.tsconfig).digest("hex").slice(0, 16)}.json`,
  );
}

/** What besides sources invalidates the cache: our version, TypeScript's, the options. */
function cacheKey(options: GenerateOptions): string {
  return JSON.stringify([CACHE_VERSION, ts.version, options.out, options.lock, configText(options.root)]);
}

function configText(root: string): string {
  const path = join(root, "causality.config.json");
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

function readCache(options: GenerateOptions): Cache | undefined {
  try {
    const cache = JSON.parse(readFileSync(cachePath(options), "utf8")) as Cache;
    return cache.version === CACHE_VERSION && cache.key === cacheKey(options) ? cache : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(options: GenerateOptions, cache: Cache): void {
  try {
    writeAtomically(cachePath(options), JSON.stringify(cache));
  } catch {
    // A read-only node_modules only costs speed.
  }
}

/** Content hashes of the project's files: the tsconfig's file list plus every file the last run read. */
function hashSources(
  options: GenerateOptions,
  cached: Cache | undefined,
  files?: readonly string[],
): Record<string, string> {
  const list = new Set<string>(files ?? []);
  if (!files) {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      options.tsconfig,
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    );
    for (const f of parsed?.fileNames ?? []) list.add(f);
    for (const f of Object.keys(cached?.files ?? {})) list.add(f);
  }
  list.add(options.tsconfig);
  const out: Record<string, string> = {};
  for (const f of [...list].sort()) {
    try {
      out[f] = createHash("sha1").update(readFileSync(f)).digest("hex");
    } catch {
      out[f] = "missing";
    }
  }
  return out;
}

function sameHashes(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(b);
  return keys.every((k) => a[k] === b[k]) && Object.keys(a).every((k) => k in b);
}
