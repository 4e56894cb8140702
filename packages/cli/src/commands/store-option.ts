/** `--db <dir | postgres://...>`: the durable store a command works on (PGlite in a directory, or a server). */

import { resolve } from "node:path";
import { isServerUrl, PgStore } from "@causality/runtime";
import { CliError } from "../errors.js";
import type { CommandContext } from "./context.js";

/** The --db value, else CAUSALITY_DB, else DATABASE_URL; undefined when none is given. */
export function dbTarget(value: string | undefined): string | undefined {
  return value ?? process.env.CAUSALITY_DB ?? process.env.DATABASE_URL;
}

export async function openStore(target: string, ctx: CommandContext): Promise<PgStore> {
  const where = isServerUrl(target) ? target : resolve(ctx.cwd, target);
  try {
    return await PgStore.open(where);
  } catch (e) {
    throw new CliError(
      "CLI3020_STORE",
      `cannot open the store: ${(e as Error).message.split("\n")[0]}`,
      target,
    );
  }
}

export function requireDb(value: string | undefined, command: string): string {
  const target = dbTarget(value);
  if (target === undefined)
    throw new CliError(
      "CLI3001_USAGE",
      `${command} needs --db <dir | postgres://...> (or CAUSALITY_DB / DATABASE_URL)`,
    );
  return target;
}
