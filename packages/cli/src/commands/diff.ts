/** `causality diff`: breaking changes between two sets of schemas (lock files or git revisions). */
import { existsSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import type { OptionalFieldPolicy } from "@causality/schema";
import { readAcks } from "../acks.js";
import { readConfig } from "../config.js";
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
  readonly head?: string | undefined;
  /** The tsconfig whose sources the working-tree lock is checked against (default ./tsconfig.json). */
  readonly project?: string | undefined;
  readonly lock: string;
  readonly acks: string;
  readonly format: string;
  /** `--strict`: the exact optional-field reading, whatever causality.config.json says. */
  readonly strict?: boolean | undefined;
}

export function loadLock(spec: string, lockPath: string, cwd: string): LockFile {
  const asFile = resolve(cwd, spec);
  if (existsSync(asFile)) return readLockFile(asFile);
  if (isRevision(spec, cwd)) return parseLock(readAtRevision(spec, lockPath, cwd), `${spec}:${lockPath}`);
  // Quoted only when it holds spaces or control characters (a pasted newline), so it reads as one value.
  const shown = /^[\x21-\x7e]*$/.test(spec) ? spec : JSON.stringify(spec);
  throw new CliError("CLI3003_FILE_NOT_FOUND", "neither a lock file nor a git revision", shown);
}

/** The project root (where causality.config.json and the keys' files are): the tsconfig's folder, else cwd. */
export function projectRoot(project: string | undefined, cwd: string): string {
  if (project === undefined) return cwd;
  return dirname(findTsconfig(cwd, project));
}

/** `--strict` wins; else causality.config.json's `diff.strict`; else the contract policy. */
export function policyOf(strictFlag: boolean | undefined, root: string): OptionalFieldPolicy {
  return strictFlag === true || readConfig(root).strict ? "strict" : "contract";
}

/**
 * The new side of a diff: `--head`, else the working-tree lock once it is proven current with the
 * sources. Undefined after printing why when it is out of date (the caller exits 2).
 */
export async function headLock(
  options: Pick<DiffOptions, "head" | "project" | "lock">,
  ctx: CommandContext,
): Promise<LockFile | undefined> {
  if (options.head !== undefined) return loadLock(options.head, options.lock, ctx.cwd);
  const lockPath = resolve(ctx.cwd, options.lock);
  const head = readLockFile(lockPath);
  // Diffing a lock that no longer matches the sources would judge schemas nobody has: say so (exit 2).
  const stale = await staleAgainstSources(options.project, lockPath, ctx);
  if (stale.length === 0) return head;
  ctx.stderr(
    `${relative(ctx.cwd, lockPath)} is out of date:\n${stale.map((d) => `  ${d}\n`).join("")}Run causality generate, then try again.\n`,
  );
  return undefined;
}

export async function runDiff(options: DiffOptions, ctx: CommandContext): Promise<number> {
  if (!FORMATS.includes(options.format as ReportFormat)) {
    throw new CliError("CLI3001_USAGE", `--format must be one of ${FORMATS.join(", ")}`, options.format);
  }
  const root = projectRoot(options.project, ctx.cwd);
  const policy = policyOf(options.strict, root);
  const base = loadLock(options.base, options.lock, ctx.cwd);
  const head = await headLock(options, ctx);
  if (head === undefined) return EXIT.outOfDate;
  const acks = readAcks(resolve(ctx.cwd, options.acks), false);
  const report = diffLocks(base, head, acks, policy);
  ctx.stdout(
    renderReport(report, options.format as ReportFormat, {
      root,
      base: options.base,
      acksFile: options.acks,
    }),
  );
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
