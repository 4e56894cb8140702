/**
 * `causality run <module.js#export> --input <json | @file> [--db <dir | postgres://...>]`: starts
 * the dataflow on the in-memory store (or durably in --db), runs it to the end (or `--steps N` transitions) and prints the trace.
 * `--resume <id> --db ...` continues a stored instance instead; with `--upgrade` it first moves to
 * the module's version of its dataflow (upgrade-option.ts). The module's
 * `domains`, `executors` and `placer` exports are used when present; otherwise every domain the
 * definition names gets a dry-run executor that records the effect and returns `{}`.
 * `--explain` runs nothing: it prints the optimizer's plan for the definition's actions over
 * those domains, with every candidate's scores and why it won or lost.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  BUILTIN_STRATEGIES,
  type DefinedDataflow,
  definitionActions,
  type Executor,
  explainPlan,
  formatPlanExplanation,
  InputRejected,
  initiationHint,
  MemoryStore,
  OptimizerError,
  Orchestrator,
  planDataflow,
  type RuntimeEvent,
  type Store,
  type TypedDomain,
  typedDomain,
} from "@causality/runtime";
import { CliError, EXIT } from "../errors.js";
import { parse } from "../main.js";
import type { CommandContext } from "./context.js";
import { loadDataflow } from "./dataflow-module.js";
import { openStore, requireDb } from "./store-option.js";
import { upgradeInstance } from "./upgrade-option.js";

type AnyDataflow = DefinedDataflow<unknown, unknown, unknown>;

export async function runCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(args, {
    input: { type: "string" },
    steps: { type: "string" },
    explain: { type: "boolean" },
    strategy: { type: "string" },
    db: { type: "string" },
    resume: { type: "string" },
    upgrade: { type: "boolean" },
  });
  const resume = values.resume;
  if (positionals.length !== 1 || (values.input === undefined && !values.explain && resume === undefined)) {
    throw new CliError(
      "CLI3001_USAGE",
      "expected <module.js>#<export> --input <json | @file.json> [--steps N], --resume <id> --db <dir | url> [--upgrade], or --explain",
    );
  }
  if (resume !== undefined && (values.input !== undefined || values.explain))
    throw new CliError(
      "CLI3001_USAGE",
      "--resume continues a stored instance: it takes no --input or --explain",
    );
  if (values.upgrade && resume === undefined)
    throw new CliError(
      "CLI3001_USAGE",
      "--upgrade goes with --resume <id> (a new instance starts on the module's version)",
    );
  // --db: durable, in a PGlite directory or on a server; otherwise in memory, gone at exit.
  const db = resume === undefined ? values.db : requireDb(values.db, "run --resume");
  const steps = values.steps === undefined ? undefined : stepCount(values.steps);
  const input = values.input === undefined ? undefined : readInput(values.input, ctx);
  const { flow, domains, executors, placer } = await loadDataflow(positionals[0]!, ctx.cwd);
  const named = namedDomains(flow);
  const runDomains = domains ?? [...named].map((d) => typedDomain(d, "compute"));
  if (values.explain)
    return explainCommand(flow, runDomains, values.strategy, input, ctx, placer !== undefined);

  const dryRun: Executor = async () => ({});
  const store = db === undefined ? new MemoryStore() : await openStore(db, ctx);
  const orchestrator = new Orchestrator({
    store,
    domains: runDomains,
    executors: executors ?? Object.fromEntries([...named].map((d) => [d, dryRun])),
    ...(placer ? { placer } : {}),
    onEvent: (e: RuntimeEvent) => {
      const line = describe(e);
      if (line !== undefined) ctx.stdout(`${line}\n`);
    },
  });
  try {
    let id: string;
    if (resume === undefined) id = (await orchestrator.start(flow, input)).id;
    else if (!(await resumable(orchestrator, store, resume, flow, values.upgrade === true, ctx)))
      return EXIT.breaking;
    else id = resume;
    const done = await orchestrator.run(id, steps);
    if (db !== undefined) ctx.stdout(`instance ${id} stored in ${db}\n`);
    if (done.status === "running") {
      // Stopped by --steps: where the instance is and its state, for the next look.
      ctx.stdout(`stopped after ${steps} steps at ${done.node}: state ${json(done.state)}\n`);
      return EXIT.ok;
    }
    ctx.stdout(`${done.status}: ${json(done.output ?? done.error)}\n`);
    return done.status === "completed" ? EXIT.ok : EXIT.breaking;
  } catch (e) {
    if (e instanceof InputRejected) {
      for (const issue of e.issues)
        ctx.stdout(`input rejected: ${issue.code} at ${issue.path}: expected ${issue.expected}\n`);
      return EXIT.breaking;
    }
    throw e;
  } finally {
    if ("close" in store) await store.close();
  }
}

/**
 * --resume: true when the stored instance can run with the module's definition, after moving to it
 * with --upgrade; without --upgrade, an instance of another version is reported and left alone.
 */
async function resumable(
  orchestrator: Orchestrator,
  store: Store,
  id: string,
  flow: AnyDataflow,
  upgrade: boolean,
  ctx: CommandContext,
): Promise<boolean> {
  const inst = await store.transaction((tx) => tx.getInstance(id));
  if (!inst) throw new CliError("CLI3021_NO_INSTANCE", "no such instance in the store", id);
  if (upgrade) return upgradeInstance(orchestrator, store, id, flow, ctx);
  if (inst.definitionId !== flow.definitionId) {
    ctx.stderr(
      `instance ${id}: it started with definition ${inst.definitionId}, the module gives ${flow.definitionId}; ` +
        "--upgrade moves it there (its state migrated as the module declares)\n",
    );
    return false;
  }
  orchestrator.register(flow);
  return true;
}

/** The optimizer's plan for the definition's actions, explained; exit 1 when no plan fits. */
function explainCommand(
  flow: AnyDataflow,
  domains: readonly TypedDomain[],
  strategyId: string | undefined,
  input: unknown,
  ctx: CommandContext,
  hasPlacer: boolean,
): number {
  let lines: string[];
  try {
    const hint = initiationHint(
      strategyId === undefined ? {} : { preferredStrategyId: strategyId },
      BUILTIN_STRATEGIES,
      domains,
    );
    const plan = planDataflow({
      actions: definitionActions(flow, input === undefined ? {} : { input }),
      domains,
      strategy: BUILTIN_STRATEGIES[hint.preferredStrategyId]!,
      hint,
    });
    lines = formatPlanExplanation(explainPlan(plan));
  } catch (e) {
    if (!(e instanceof OptimizerError)) throw e;
    if (e.code !== "OPT2005_INFEASIBLE") throw new CliError("CLI3001_USAGE", e.message);
    ctx.stdout(`${e.message}\n`);
    return EXIT.breaking;
  }
  const inherited = (flow.nodes ?? []).some(
    (n) => n.kind === "action" && (n.domain ?? { kind: "inherit" }).kind === "inherit",
  );
  if (inherited && !hasPlacer && flow.defaultDomain !== undefined) {
    // The module exports no placer: say so, so the plan is not mistaken for what `run` does.
    lines.push(
      `note: without a placer, \`causality run\` runs inherited actions on the default domain "${flow.defaultDomain}"`,
    );
  }
  ctx.stdout(`${lines.join("\n")}\n`);
  return EXIT.ok;
}

function stepCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError("CLI3001_USAGE", `--steps must be a whole number >= 1 (got ${text})`);
  return n;
}

/** `--input @file`: a missing file or a directory is the user's error, with its own code. */
function readInputFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new CliError("CLI3003_FILE_NOT_FOUND", "no such input file", path);
    throw new CliError("CLI3001_USAGE", `--input @file cannot be read (${code ?? "error"})`, path);
  }
}

function readInput(spec: string, ctx: CommandContext): unknown {
  const text = spec.startsWith("@") ? readInputFile(resolve(ctx.cwd, spec.slice(1))) : spec;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError("CLI3001_USAGE", `--input is not JSON: ${(e as Error).message}`);
  }
}

/** The default domain and every domain an action is fixed on. */
function namedDomains(flow: AnyDataflow): Set<string> {
  const named = new Set<string>([flow.defaultDomain ?? "default"]);
  for (const n of flow.nodes ?? [])
    if (n.kind === "action" && n.domain?.kind === "fixed") named.add(n.domain.domain);
  return named;
}

function json(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

/** One trace line per event; none for a rejected input, which is reported with its issues below. */
function describe(e: RuntimeEvent): string | undefined {
  switch (e.type) {
    case "instance.started":
      return `started ${e.instance} (${e.definition.slice(0, 12)}…)`;
    case "transition":
      return `  ${e.from} -> ${e.to}`;
    case "effect.enqueued":
      return `  effect ${e.key} enqueued for ${e.domain}`;
    case "effect":
      return `  effect ${e.key} on ${e.domain}${e.replayed ? " (replayed)" : ""}`;
    case "effect.failed":
      return `  effect ${e.key} on ${e.domain} failed (attempt ${e.attempt + 1}): ${e.message}`;
    case "validation.failed":
      if (e.role === "input") return undefined;
      return `  ${e.role} rejected at ${e.node}: ${e.issues.map((i) => `${i.code} at ${i.path}`).join(", ")}`;
    case "instance.completed":
      return "  completed";
    case "instance.failed":
      return `  failed at ${e.node}: ${e.code}`;
  }
}
