/**
 * `causality worker <module.js#export>... --db <dir | postgres://...>`: steps every running
 * instance in the store (effects and transitions) with the modules' definitions and executors,
 * next to any number of other workers on the same store. Runs until interrupted, or with
 * --until-idle until no instance is left to step. An instance that cannot step (bad stored data,
 * a definition no module gives) is reported with its id; the others keep running. With --upgrade,
 * running instances of an older version of a module's dataflow (same name, another id) first move
 * to the module's version, their state migrated as it declares; one that cannot move is reported.
 */
import { type Executor, Orchestrator, type Placer, type TypedDomain, typedDomain } from "@causality/runtime";
import { CliError, EXIT } from "../errors.js";
import { parse } from "../main.js";
import type { CommandContext } from "./context.js";
import { loadDataflow } from "./dataflow-module.js";
import { openStore, requireDb } from "./store-option.js";

export async function workerCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(args, {
    db: { type: "string" },
    "until-idle": { type: "boolean" },
    batch: { type: "string" },
    upgrade: { type: "boolean" },
  });
  if (positionals.length === 0)
    throw new CliError(
      "CLI3001_USAGE",
      "expected one or more <module.js>#<export> and --db <dir | postgres://...>",
    );
  const batch = values.batch === undefined ? 16 : Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1)
    throw new CliError("CLI3001_USAGE", `--batch must be a whole number >= 1 (got ${values.batch})`);
  const domains = new Map<string, TypedDomain>();
  const executors: Record<string, Executor> = {};
  let placer: Placer | undefined;
  const flows = [];
  for (const spec of positionals) {
    const loaded = await loadDataflow(spec, ctx.cwd);
    flows.push(loaded.flow);
    for (const d of loaded.domains ?? []) domains.set(d.id, d);
    Object.assign(executors, loaded.executors ?? {});
    placer ??= loaded.placer;
    // A domain the definition names without an executor gets a dry run, as `causality run` does.
    for (const n of loaded.flow.nodes ?? []) {
      const d = n.kind === "action" && n.domain?.kind === "fixed" ? n.domain.domain : undefined;
      for (const id of [d, loaded.flow.defaultDomain].filter((x): x is string => x !== undefined)) {
        if (!domains.has(id)) domains.set(id, typedDomain(id, "compute"));
        executors[id] ??= async () => ({});
      }
    }
  }
  const store = await openStore(requireDb(values.db, "worker"), ctx);
  const orchestrator = new Orchestrator({
    store,
    domains: [...domains.values()],
    executors,
    ...(placer ? { placer } : {}),
  });
  for (const flow of flows) orchestrator.register(flow);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let failures = 0;
  try {
    if (values.upgrade === true) {
      let moved = 0;
      for (const flow of flows)
        moved += await orchestrator.upgradeAll(flow, (e, instance) => {
          failures++;
          ctx.stderr(`instance ${instance}: ${e.message}\n`);
        });
      ctx.stdout(`worker: ${moved} instances upgraded\n`);
    }
    const steps = await orchestrator.work({
      batch,
      signal: stop.signal,
      untilIdle: values["until-idle"] === true,
      onError: (e, instance) => {
        failures++;
        ctx.stderr(`instance ${instance}: ${e.message}\n`);
      },
    });
    ctx.stdout(`worker: ${steps} steps${failures > 0 ? `, ${failures} instances could not step` : ""}\n`);
    return failures > 0 ? EXIT.breaking : EXIT.ok;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await store.close();
  }
}
