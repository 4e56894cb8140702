/**
 * `causality ack <key> --reason <text> [--migration <file>]`: acknowledges the breaking change of
 * one schema between `--base` (default HEAD) and the working-tree lock (or `--head`), writing the
 * change's full ids into schema.acks.json, so nobody copies ids by hand.
 */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { type Ack, covers, readAcks, serializeAcks } from "../acks.js";
import { diffLocks } from "../diff-locks.js";
import { CliError, EXIT } from "../errors.js";
import { writeAtomically } from "../write.js";
import type { CommandContext } from "./context.js";
import { headLock, loadLock, policyOf, projectRoot } from "./diff.js";

export interface AckOptions {
  readonly key: string;
  readonly reason: string;
  readonly migration?: string | undefined;
  readonly base: string;
  readonly head?: string | undefined;
  readonly project?: string | undefined;
  readonly lock: string;
  readonly acks: string;
  readonly strict?: boolean | undefined;
}

export async function runAck(options: AckOptions, ctx: CommandContext): Promise<number> {
  if (options.reason.trim() === "")
    throw new CliError("CLI3001_USAGE", "--reason must say why the break is fine");
  const root = projectRoot(options.project, ctx.cwd);
  const base = loadLock(options.base, options.lock, ctx.cwd);
  const head = await headLock(options, ctx);
  if (head === undefined) return EXIT.outOfDate;
  const acksPath = resolve(ctx.cwd, options.acks);
  const acks = readAcks(acksPath, false);
  const report = diffLocks(base, head, [], policyOf(options.strict, root));
  const entry = report.entries.find((e) => e.key === options.key);
  const between = `between ${options.base} and ${options.head ?? "the working tree"}`;
  if (!entry || (entry.status !== "changed" && entry.status !== "removed")) {
    throw new CliError(
      "CLI3013_NO_SUCH_CHANGE",
      `no change of this schema ${between} (try --base)`,
      JSON.stringify(options.key),
    );
  }
  if (!entry.breaking) {
    throw new CliError(
      "CLI3013_NO_SUCH_CHANGE",
      `the change ${between} is not breaking: nothing to acknowledge`,
      JSON.stringify(options.key),
    );
  }
  const needsMigration = entry.diffs.some((d) => d.role === "state" && d.breaking);
  if (needsMigration && options.migration === undefined) {
    throw new CliError(
      "CLI3001_USAGE",
      "a breaking state change needs --migration <file> (the migration of stored states)",
      options.key,
    );
  }
  if (options.migration !== undefined && !existsSync(resolve(ctx.cwd, options.migration))) {
    throw new CliError("CLI3003_FILE_NOT_FOUND", "no such migration file", options.migration);
  }
  const ack: Ack = {
    schema: entry.key,
    from: entry.oldId!,
    ...(entry.status === "changed" ? { to: entry.newId! } : {}),
    reason: options.reason,
    ...(options.migration === undefined ? {} : { migration: options.migration }),
  };
  // An acknowledgment of this very change is replaced (a new reason or migration), never doubled.
  const kept = acks.filter((a) => !(covers(a, ack.schema, ack.from, ack.to) && a.to === ack.to));
  writeAtomically(acksPath, serializeAcks([...kept, ack]));
  ctx.stdout(
    `acknowledged ${entry.key} ${ack.from} -> ${ack.to ?? "(removed)"} in ${relative(ctx.cwd, acksPath) || acksPath}\n`,
  );
  return EXIT.ok;
}
