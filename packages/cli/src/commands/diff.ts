/** `causality diff`: breaking changes between two sets of schemas (lock files or git revisions). */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { readAcks } from "../acks.js";
import { diffLocks } from "../diff-locks.js";
import { CliError, EXIT } from "../errors.js";
import { FORMATS, type ReportFormat, renderReport } from "../format/report.js";
import { isRevision, readAtRevision } from "../git.js";
import { type LockFile, parseLock, readLockFile } from "../lock.js";
import type { CommandContext } from "./context.js";

export interface DiffOptions {
  readonly base: string;
  readonly head?: string;
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

export function runDiff(options: DiffOptions, ctx: CommandContext): number {
  if (!FORMATS.includes(options.format as ReportFormat)) {
    throw new CliError("CLI3001_USAGE", `--format must be one of ${FORMATS.join(", ")}`, options.format);
  }
  const base = loadLock(options.base, options.lock, ctx.cwd);
  const head =
    options.head === undefined
      ? readLockFile(resolve(ctx.cwd, options.lock))
      : loadLock(options.head, options.lock, ctx.cwd);
  const acks = readAcks(resolve(ctx.cwd, options.acks), false);
  const report = diffLocks(base, head, acks);
  ctx.stdout(renderReport(report, options.format as ReportFormat));
  return report.unacknowledged > 0 ? EXIT.breaking : EXIT.ok;
}
