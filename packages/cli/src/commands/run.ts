/**
 * `causality run <module.js#export> --input <json | @file>`: starts the dataflow on the in-memory
 * store, runs it to the end and prints the trace. The module's `domains` and `executors` exports
 * are used when present; otherwise every domain the definition names gets a dry-run executor that
 * records the effect and returns `{}`.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  type Executor,
  InputRejected,
  MemoryStore,
  Orchestrator,
  type RuntimeEvent,
  typedDomain,
} from "@causality/runtime";
import { CliError, EXIT } from "../errors.js";
import { parse } from "../main.js";
import type { CommandContext } from "./context.js";
import { loadDataflow } from "./dataflow-module.js";

export async function runCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(args, { input: { type: "string" } });
  if (positionals.length !== 1 || values.input === undefined) {
    throw new CliError("CLI3001_USAGE", "expected <module.js>#<export> --input <json | @file.json>");
  }
  const text = values.input.startsWith("@")
    ? readFileSync(resolve(ctx.cwd, values.input.slice(1)), "utf8")
    : values.input;
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    throw new CliError("CLI3001_USAGE", `--input is not JSON: ${(e as Error).message}`);
  }
  const { flow, domains, executors } = await loadDataflow(positionals[0]!, ctx.cwd);
  const named = new Set<string>([flow.defaultDomain ?? "default"]);
  for (const n of flow.nodes ?? [])
    if (n.kind === "action" && n.domain?.kind === "fixed") named.add(n.domain.domain);
  const dryRun: Executor = async () => ({});
  const orchestrator = new Orchestrator({
    store: new MemoryStore(),
    domains: domains ?? [...named].map((d) => typedDomain(d, "compute")),
    executors: executors ?? Object.fromEntries([...named].map((d) => [d, dryRun])),
    onEvent: (e: RuntimeEvent) => ctx.stdout(`${describe(e)}\n`),
  });
  try {
    const started = await orchestrator.start(flow, input);
    const done = await orchestrator.run(started.id);
    ctx.stdout(
      `${done.status}: ${JSON.stringify(done.output ?? done.error, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}\n`,
    );
    return done.status === "completed" ? EXIT.ok : EXIT.breaking;
  } catch (e) {
    if (e instanceof InputRejected) {
      for (const issue of e.issues)
        ctx.stdout(`input rejected: ${issue.code} at ${issue.path}: expected ${issue.expected}\n`);
      return EXIT.breaking;
    }
    throw e;
  }
}

function describe(e: RuntimeEvent): string {
  switch (e.type) {
    case "instance.started":
      return `started ${e.instance} (${e.definition.slice(0, 12)}…)`;
    case "transition":
      return `  ${e.from} -> ${e.to}`;
    case "effect":
      return `  effect ${e.key} on ${e.domain}${e.replayed ? " (replayed)" : ""}`;
    case "validation.failed":
      return `  ${e.role} rejected at ${e.node}: ${e.issues.map((i) => `${i.code} at ${i.path}`).join(", ")}`;
    case "instance.completed":
      return "  completed";
    case "instance.failed":
      return `  failed at ${e.node}: ${e.code}`;
  }
}
