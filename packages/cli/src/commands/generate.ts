/**
 * `causality generate` and `causality check`.
 *
 * generate: analyze the project, write schema modules (importable without the ts-patch plugin),
 * JSON Schema files and schema.lock.json, each renamed into place so an interrupted run leaves
 * the previous files whole. When the cache says nothing changed, nothing is loaded or analyzed.
 */
import { existsSync, watch } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { EXIT } from "../errors.js";
import {
  type GenerateOptions,
  isUpToDate,
  lockIsCurrent,
  previousFileCache,
  saveCache,
} from "../generate-cache.js";
import { parse, version } from "../main.js";
import { progressReporter } from "../progress.js";
import { pruneStaleFiles } from "../prune.js";
import { formatError } from "../report-error.js";
import { findTsconfig } from "../tsconfig-path.js";
import { writeAtomically, writeInside } from "../write.js";
import type { CommandContext } from "./context.js";

export async function generateCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parse(args, {
    project: { type: "string", short: "p" },
    out: { type: "string", short: "o", default: "schemas" },
    lock: { type: "string", default: "schema.lock.json" },
    watch: { type: "boolean", short: "w" },
  });
  const tsconfig = findTsconfig(ctx.cwd, values.project);
  const root = dirname(tsconfig);
  const options: GenerateOptions = {
    tsconfig,
    root,
    out: resolve(root, values.out!),
    lock: resolve(root, values.lock!),
  };
  if (!values.watch) return generateOnce(options, ctx);
  // In watch mode a failing run (a type that cannot be a schema) is reported and the watch goes
  // on: the next save is usually the fix.
  await generateOrReport(options, ctx);
  ctx.stderr(`watching ${relative(ctx.cwd, root) || "."} for changes (Ctrl-C to stop)\n`);
  let timer: NodeJS.Timeout | undefined;
  const outDir = relative(root, options.out);
  const watcher = watch(root, { recursive: true }, (_event, file) => {
    const name = String(file ?? "");
    const generated = outDir !== "" && (name === outDir || name.startsWith(`${outDir}${sep}`));
    if (!/\.(ts|tsx|mts|cts|json)$/.test(name) || generated || name.includes("node_modules")) return;
    clearTimeout(timer);
    timer = setTimeout(() => void generateOrReport(options, ctx), 100);
  });
  await new Promise<void>((done) => process.once("SIGINT", () => done()));
  watcher.close();
  return EXIT.ok;
}

async function generateOrReport(options: GenerateOptions, ctx: CommandContext): Promise<void> {
  try {
    await generateOnce(options, ctx);
  } catch (e) {
    ctx.stderr(formatError(e));
  }
}

async function generateOnce(options: GenerateOptions, ctx: CommandContext): Promise<number> {
  const progress = progressReporter("analyzing", ctx.interactive, ctx.stderr);
  if (isUpToDate(options, version())) {
    progress.done("schemas up to date, nothing re-analyzed");
    return EXIT.ok;
  }
  const { analyzeAndWrite } = await import("./generate-run.js");
  const previous = previousFileCache(options, version());
  const { files, sources, count, fileCache, reanalyzed } = analyzeAndWrite(
    options,
    ctx,
    (done, total) => progress.update(done, total),
    previous,
  );
  for (const [path, text] of files) {
    // The lock is written where --lock says; everything else only inside the output directory.
    if (path === options.lock) writeAtomically(path, text);
    else writeInside(options.out, path, text);
  }
  const pruned = pruneStaleFiles(options.out, files.keys());
  saveCache(options, version(), sources, files.get(options.lock)!, fileCache);
  progress.done(
    `${count} schema(s) written to ${relative(ctx.cwd, options.out) || "."} and ${relative(ctx.cwd, options.lock)}; ${reanalyzed} of ${sources.length} file(s) analyzed, the rest reused${pruned.length > 0 ? `; ${pruned.length} stale file(s) deleted` : ""}`,
  );
  return EXIT.ok;
}

export async function checkCommand(args: string[], ctx: CommandContext): Promise<number> {
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
  if (lockIsCurrent(tsconfig, lockPath, version())) {
    ctx.stdout(`${relative(ctx.cwd, lockPath)} is up to date (unchanged since causality generate)\n`);
    return EXIT.ok;
  }
  const { staleEntries } = await import("./generate-run.js");
  const { differences, count } = staleEntries(tsconfig, lockPath);
  if (differences.length === 0) {
    ctx.stdout(`${relative(ctx.cwd, lockPath)} is up to date (${count} schemas)\n`);
    return EXIT.ok;
  }
  ctx.stdout(
    `${relative(ctx.cwd, lockPath)} is out of date:\n${differences.map((d) => `  ${d}\n`).join("")}Run causality generate.\n`,
  );
  return EXIT.outOfDate;
}
