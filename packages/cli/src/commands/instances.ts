/**
 * `causality instances --db ...` lists the store's instances (newest change first);
 * `causality instance <id> --db ...` shows one: status, node, state, output or error, and its
 * journal, checked by replaying it to the stored instance; with `--upgrade <module.js#export>` it
 * first moves a running instance to the module's version of its dataflow (upgrade-option.ts).
 */

import { isDeepStrictEqual } from "node:util";
import {
  type Instance,
  type InstanceStatus,
  Orchestrator,
  type PgStore,
  redactInstance,
  redactionOfRecord,
  replay,
} from "@causality/runtime";
import { CliError, EXIT } from "../errors.js";
import { parse } from "../main.js";
import type { CommandContext } from "./context.js";
import { loadDataflow } from "./dataflow-module.js";
import { openStore, requireDb } from "./store-option.js";
import { upgradeInstance } from "./upgrade-option.js";

const STATUSES: readonly InstanceStatus[] = ["running", "completed", "failed"];

export async function instancesCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parse(args, {
    db: { type: "string" },
    status: { type: "string" },
    definition: { type: "string" },
    limit: { type: "string", default: "50" },
  });
  const status = values.status as InstanceStatus | undefined;
  if (status !== undefined && !STATUSES.includes(status))
    throw new CliError("CLI3001_USAGE", `--status is one of ${STATUSES.join(", ")} (got ${values.status})`);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new CliError("CLI3001_USAGE", `--limit must be a whole number >= 1 (got ${values.limit})`);
  return withStore(values.db, "instances", ctx, async (store) => {
    const rows = await store.instances({
      limit,
      ...(status ? { status } : {}),
      ...(values.definition ? { definitionId: values.definition } : {}),
    });
    if (rows.length === 0) ctx.stdout("no instances\n");
    for (const r of rows)
      ctx.stdout(
        `${r.id}  ${r.status.padEnd(9)} ${r.node.padEnd(12)} v${r.version}  ${r.updatedAt.toISOString()}  ${r.definitionId.slice(0, 12)}…\n`,
      );
    return EXIT.ok;
  });
}

export async function instanceCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(args, { db: { type: "string" }, upgrade: { type: "string" } });
  if (positionals.length !== 1)
    throw new CliError(
      "CLI3001_USAGE",
      "expected <instance id> --db <dir | postgres://...> [--upgrade <module.js>#<export>]",
    );
  const id = positionals[0]!;
  const loaded = values.upgrade === undefined ? undefined : await loadDataflow(values.upgrade, ctx.cwd);
  return withStore(values.db, "instance", ctx, async (store) => {
    let inst = await store.transaction((tx) => tx.getInstance(id));
    if (!inst) throw new CliError("CLI3021_NO_INSTANCE", "no such instance in the store", id);
    if (loaded) {
      const orchestrator = new Orchestrator({
        store,
        domains: loaded.domains ?? [],
        executors: loaded.executors ?? {},
      });
      if (!(await upgradeInstance(orchestrator, store, id, loaded.flow, ctx))) return EXIT.breaking;
      inst = (await store.transaction((tx) => tx.getInstance(id)))!;
    }
    ctx.stdout(describe(inst));
    const journal = await store.journal(id);
    ctx.stdout(`journal (${journal.length} entries):\n`);
    for (const j of journal)
      ctx.stdout(
        `  ${String(j.seq).padStart(3)} ${j.kind.padEnd(10)} ${j.node}${j.state === undefined ? "" : ` state ${json(j.state)}`}${j.placement ? ` placed on ${j.placement.domain}: ${j.placement.why}` : ""}\n`,
      );
    let replayed: Instance | undefined;
    try {
      replayed = replay(journal);
    } catch (e) {
      ctx.stdout(`journal does not replay: ${(e as Error).message}\n`);
      return EXIT.breaking;
    }
    // A definition with redacted fields journals them as a marker: the replay matches the instance redacted alike.
    const schemas = redactionOfRecord((await store.definition(inst.definitionId))?.spec);
    if (!isDeepStrictEqual(replayed, redactInstance(schemas, inst))) {
      ctx.stdout("journal does not replay to the stored instance\n");
      return EXIT.breaking;
    }
    ctx.stdout("journal replays to the stored instance\n");
    return EXIT.ok;
  });
}

async function withStore(
  db: string | undefined,
  command: string,
  ctx: CommandContext,
  work: (store: PgStore) => Promise<number>,
): Promise<number> {
  const store = await openStore(requireDb(db, command), ctx);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function describe(inst: Instance): string {
  const lines = [
    `instance ${inst.id}`,
    `  definition ${inst.definitionId}`,
    `  schemas    input ${inst.schemaIds.input} state ${inst.schemaIds.state} output ${inst.schemaIds.output}`,
    `  status     ${inst.status} at ${inst.node} (version ${inst.version})`,
    `  input      ${json(inst.input)}`,
    `  state      ${json(inst.state)}`,
  ];
  if (inst.awaiting !== undefined) lines.push(`  awaiting   ${json(inst.awaiting)}`);
  if (inst.output !== undefined) lines.push(`  output     ${json(inst.output)}`);
  if (inst.error !== undefined) lines.push(`  error      ${inst.error.code}: ${inst.error.message}`);
  return `${lines.join("\n")}\n`;
}

function json(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
}
