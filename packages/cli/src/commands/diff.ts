/** `causality diff`: breaking changes between two sets of schemas (lock files or git revisions). */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { readAcks } from "../acks.js";
import { diffLocks } from "../diff-locks.js";
import { CliError, EXIT } from "../errors.js";
import { FORMATS, type ReportFormat, renderReport } from "../format/report.js";
import { lockIsCurrent } from "../generate-cache.js";
import { isRevision, readAtRevision } from "../git.js";
import { type LockFile, parseLock, readLockFile } from "../lock.js";
import { version } from "../main.js";
import { findTsconfig } from "../tsconfig-path.js";
import type { CommandContext } from "./context.js";

export interface DiffOptions {
  readonly base: string;
  readonly head?: string;
  /** The tsconfig whose sources the working-tree lock is checked against (default ./tsconfig.json). */
  readonly project?: string | undefined;
  readonly lock: string;
  readonly acks: string;
  readonly format: string;
}

export function loadLock(spec: string, lockPath: string, cwd: string): LockFile {
  const asFile = resolve(cwd, spec);
  if (existsSync(asFile)) return readLockFile(asFile);
  if (isRevision(spec, cwd)) return parseLock(readAtRevision(spec, lockPath, cwd), `${spec}:${lockPath}`);
  throw new CliError("CLI3003_FILE_NOT_FOUND", "neither a lock file nor a git revision", spec);
}

export async function runDiff(options: DiffOptions, ctx: CommandContext): Promise<number> {
  if (!FORMATS.includes(options.format as ReportFormat)) {
    throw new CliError("CLI3001_USAGE", `--format must be one of ${FORMATS.join(", ")}`, options.format);
  }
  const base = loadLock(options.base, options.lock, ctx.cwd);
  let head: LockFile;
  if (options.head === undefined) {
    const lockPath = resolve(ctx.cwd, options.lock);
    head = readLockFile(lockPath);
    // Diffing a lock that no longer matches the sources would judge schemas nobody has: say so (exit 2).
    const stale = await staleAgainstSources(options.project, lockPath, ctx);
    if (stale.length > 0) {
      ctx.stderr(
        `${relative(ctx.cwd, lockPath)} is out of date:\n${stale.map((d) => `  ${d}\n`).join("")}Run causality generate, then diff again.\n`,
      );
      return EXIT.outOfDate;
    }
  } else head = loadLock(options.head, options.lock, ctx.cwd);
  const acks = readAcks(resolve(ctx.cwd, options.acks), false);
  const report = diffLocks(base, head, acks);
  ctx.stdout(renderReport(report, options.format as ReportFormat));
  return report.unacknowledged > 0 ? EXIT.breaking : EXIT.ok;
}

/**
 * The entries where the working-tree lock and the sources disagree. Without `--project` and with
 * no ./tsconfig.json there are no sources to compare with (a directory of lock files): nothing.
 */
async function staleAgainstSources(
  project: string | undefined,
  lockPath: string,
  ctx: CommandContext,
): Promise<string[]> {
  if (project === undefined && !existsSync(resolve(ctx.cwd, "tsconfig.json"))) return [];
  const tsconfig = findTsconfig(ctx.cwd, project);
  if (lockIsCurrent(tsconfig, lockPath, version())) return [];
  const { staleEntries } = await import("./generate-run.js");
  return staleEntries(tsconfig, lockPath).differences;
}
