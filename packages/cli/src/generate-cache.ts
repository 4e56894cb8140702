/**
 * The cache that lets `causality generate` skip work when nothing changed: content hashes of every
 * source the last run read, the .ts listing of their directories (to notice new files) and the
 * lock it wrote. Checking it reads only files: no TypeScript, no analyzer.
 *
 * The cache is verified before it is believed: it carries a sha256 of its own content (so an edited
 * or truncated cache, one that dropped a source's hash or changed a per-file result, is ignored)
 * and must cover the tsconfig and at least one source; every file hash it claims is then checked
 * against the file on disk.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { moduleFormatAt } from "./module-format.js";
import type { FileCache } from "./project.js";
import { writeAtomically } from "./write.js";

/** 3: the cache carries a digest of its content. */
const CACHE_VERSION = 3;

export interface GenerateOptions {
  readonly tsconfig: string;
  readonly root: string;
  readonly out: string;
  readonly lock: string;
}

interface Cache {
  readonly version: number;
  readonly key: string;
  readonly files: Readonly<Record<string, string>>;
  readonly dirs: Readonly<Record<string, string>>;
  readonly lock: string;
  /** Per-file analysis results, reused for files whose import closure did not change. */
  readonly perFile?: FileCache;
  /** sha256 of the cache without this field (see the header). */
  readonly digest?: string;
}

function digestOf(cache: Omit<Cache, "digest">): string {
  const { digest: _, ...content } = cache as Cache;
  return createHash("sha256").update(JSON.stringify(content)).digest("hex");
}

/** The cache file, when it is intact and covers what it must (the header); else undefined. */
function loadCache(options: GenerateOptions): Cache | undefined {
  let cache: Cache;
  try {
    cache = JSON.parse(readFileSync(cachePath(options), "utf8")) as Cache;
  } catch {
    return undefined;
  }
  if (typeof cache !== "object" || cache === null || cache.version !== CACHE_VERSION) return undefined;
  if (typeof cache.digest !== "string" || cache.digest !== digestOf(cache)) return undefined;
  const files = cache.files;
  if (typeof files !== "object" || files === null || !Object.hasOwn(files, options.tsconfig))
    return undefined;
  if (Object.keys(files).length < 2 || typeof cache.dirs !== "object" || cache.dirs === null)
    return undefined;
  return cache;
}

function cachePath(options: GenerateOptions): string {
  const name = createHash("sha256").update(options.tsconfig).digest("hex").slice(0, 16);
  return join(options.root, "node_modules", ".cache", "causality", `${name}.json`);
}

/**
 * What besides sources invalidates the cache: the cache layout, TypeScript's version, the options,
 * the config, and the module format the generated files are written in (a package.json "type"
 * change alone must rewrite them as ES modules or CommonJS).
 */
function cacheKey(options: GenerateOptions, toolVersion: string): string {
  const config = join(options.root, "causality.config.json");
  return JSON.stringify([
    CACHE_VERSION,
    toolVersion,
    typescriptVersion(options.root),
    options.out,
    options.lock,
    existsSync(config) ? readFileSync(config, "utf8") : "",
    moduleFormatAt(options.out),
  ]);
}

function typescriptVersion(root: string): string {
  try {
    const require = createRequire(join(root, "package.json"));
    return (
      JSON.parse(readFileSync(require.resolve("typescript/package.json"), "utf8")) as { version: string }
    ).version;
  } catch {
    return "unknown";
  }
}

function hashFile(file: string): string {
  try {
    return createHash("sha1").update(readFileSync(file)).digest("hex");
  } catch {
    return "missing";
  }
}

/** The sources and subdirectories of `dir`: a new file, or a new folder holding one, changes it. */
function listing(dir: string): string {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) =>
        e.isDirectory() ? e.name !== "node_modules" && !e.name.startsWith(".") : /\.(c|m)?tsx?$/.test(e.name),
      )
      .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
      .sort()
      .join("\n");
  } catch {
    return "";
  }
}

function readCache(options: GenerateOptions, toolVersion: string): Cache | undefined {
  const cache = loadCache(options);
  return cache !== undefined && cache.key === cacheKey(options, toolVersion) ? cache : undefined;
}

/** The per-file results of the last run, when its settings match this one's. */
export function previousFileCache(options: GenerateOptions, toolVersion: string): FileCache {
  return readCache(options, toolVersion)?.perFile ?? {};
}

export function isUpToDate(options: GenerateOptions, toolVersion: string): boolean {
  const cache = readCache(options, toolVersion);
  return cache !== undefined && sourcesUnchanged(cache, options.lock);
}

/**
 * Whether the lock on disk is exactly what the sources gave when `generate` last ran, as its cache
 * proves (whatever the output directory was): `check` and `diff` then need no analysis.
 */
export function lockIsCurrent(tsconfig: string, lock: string, toolVersion: string): boolean {
  const options: GenerateOptions = { tsconfig, root: dirname(tsconfig), out: "", lock };
  const cache = loadCache(options);
  if (cache === undefined) return false;
  // The key without the output directory (index 3), which does not change the lock.
  const withoutOut = (key: string) =>
    JSON.stringify((JSON.parse(key) as unknown[]).filter((_, i) => i !== 3));
  if (withoutOut(cache.key) !== withoutOut(cacheKey(options, toolVersion))) return false;
  return sourcesUnchanged(cache, lock);
}

function sourcesUnchanged(cache: Cache, lock: string): boolean {
  if (!existsSync(lock) || readFileSync(lock, "utf8") !== cache.lock) return false;
  for (const [f, hash] of Object.entries(cache.files)) if (hashFile(f) !== hash) return false;
  for (const [d, names] of Object.entries(cache.dirs)) if (listing(d) !== names) return false;
  return true;
}

export function saveCache(
  options: GenerateOptions,
  toolVersion: string,
  sources: readonly string[],
  lock: string,
  perFile: FileCache,
): void {
  const files: Record<string, string> = {};
  const dirs: Record<string, string> = {};
  for (const f of [...sources, options.tsconfig].sort()) files[f] = hashFile(f);
  // Every folder from a source up to the project root: a source added in a new subfolder shows there.
  for (const f of sources) {
    if (f.includes("node_modules")) continue;
    for (let d = dirname(f); !(d in dirs); d = dirname(d)) {
      dirs[d] = listing(d);
      if (d === options.root || !d.startsWith(options.root) || dirname(d) === d) break;
    }
  }
  const content = { version: CACHE_VERSION, key: cacheKey(options, toolVersion), files, dirs, lock, perFile };
  const cache: Cache = { ...content, digest: digestOf(content) };
  try {
    writeAtomically(cachePath(options), JSON.stringify(cache));
  } catch {
    // A read-only node_modules only costs speed.
  }
}
