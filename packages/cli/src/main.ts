/** The `causality` command: argument parsing, dispatch, and the one-line error contract. */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { CommandContext } from "./commands/context.js";
import { CliError, EXIT } from "./errors.js";
import { COMMANDS, type CommandName, HELP } from "./help.js";
import { formatError } from "./report-error.js";

type Handler = (args: string[], ctx: CommandContext) => Promise<number> | number;

/** Commands whose implementation lives in a module loaded on demand (keeps `--help` instant). */
const HANDLERS: Record<CommandName, Handler> = {
  diff: async (args, ctx) => {
    const { values } = parse(args, {
      base: { type: "string" },
      head: { type: "string" },
      project: { type: "string", short: "p" },
      lock: { type: "string", default: "schema.lock.json" },
      acks: { type: "string", default: "schema.acks.json" },
      format: { type: "string", default: "text" },
      strict: { type: "boolean" },
    });
    if (values.base === undefined)
      throw new CliError("CLI3001_USAGE", "diff needs --base <lock file | git revision>");
    const { runDiff } = await import("./commands/diff.js");
    return runDiff(
      {
        base: values.base,
        head: values.head,
        project: values.project,
        lock: values.lock!,
        acks: values.acks!,
        format: values.format!,
        strict: values.strict,
      },
      ctx,
    );
  },
  ack: async (args, ctx) => {
    const { values, positionals } = parse(args, {
      reason: { type: "string" },
      migration: { type: "string" },
      base: { type: "string", default: "HEAD" },
      head: { type: "string" },
      project: { type: "string", short: "p" },
      lock: { type: "string", default: "schema.lock.json" },
      acks: { type: "string", default: "schema.acks.json" },
      strict: { type: "boolean" },
    });
    if (positionals.length !== 1)
      throw new CliError(
        "CLI3001_USAGE",
        "ack needs one schema key: causality ack <file.ts#Name> --reason <text>",
      );
    if (values.reason === undefined)
      throw new CliError("CLI3001_USAGE", "ack needs --reason <why the break is fine>");
    const { runAck } = await import("./commands/ack.js");
    return runAck(
      {
        key: positionals[0]!,
        reason: values.reason,
        migration: values.migration,
        base: values.base!,
        head: values.head,
        project: values.project,
        lock: values.lock!,
        acks: values.acks!,
        strict: values.strict,
      },
      ctx,
    );
  },
  generate: async (args, ctx) => (await import("./commands/generate.js")).generateCommand(args, ctx),
  check: async (args, ctx) => (await import("./commands/generate.js")).checkCommand(args, ctx),
  id: async (args, ctx) => (await import("./commands/inspect.js")).idCommand(args, ctx),
  show: async (args, ctx) => (await import("./commands/inspect.js")).showCommand(args, ctx),
  graph: async (args, ctx) => (await import("./commands/graph.js")).graphCommand(args, ctx),
  run: async (args, ctx) => (await import("./commands/run.js")).runCommand(args, ctx),
  doctor: async (args, ctx) => (await import("./commands/doctor.js")).doctorCommand(args, ctx),
  worker: async (args, ctx) => (await import("./commands/worker.js")).workerCommand(args, ctx),
  instances: async (args, ctx) => (await import("./commands/instances.js")).instancesCommand(args, ctx),
  instance: async (args, ctx) => (await import("./commands/instances.js")).instanceCommand(args, ctx),
  ui: async (args, ctx) => (await import("./commands/ui.js")).uiCommand(args, ctx),
  init: async (args, ctx) => (await import("./commands/init.js")).initCommand(args, ctx),
};

type Options = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

/** node:util parseArgs with usage errors turned into CliErrors. */
export function parse<O extends Options>(
  args: string[],
  options: O,
): ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: "boolean" } } as O,
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new CliError("CLI3001_USAGE", (e as Error).message.split("\n")[0]!);
  }
}

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      ctx.stdout(HELP.main);
      return command === undefined ? EXIT.error : EXIT.ok;
    }
    if (command === "--version" || command === "-v") {
      ctx.stdout(`${version()}\n`);
      return EXIT.ok;
    }
    if (!COMMANDS.includes(command as CommandName)) {
      throw new CliError("CLI3002_UNKNOWN_COMMAND", `unknown command "${command}" (try causality --help)`);
    }
    if (rest.includes("--help") || rest.includes("-h")) {
      ctx.stdout(HELP[command as CommandName]);
      return EXIT.ok;
    }
    return await HANDLERS[command as CommandName](rest, ctx);
  } catch (e) {
    ctx.stderr(formatError(e));
    return EXIT.error;
  }
}
