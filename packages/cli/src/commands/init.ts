/**
 * `causality init`: sets a project up (init/plan.ts decides what), prints each change, and writes
 * the files unless `--dry-run`. A second run finds nothing to change.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { CliError, EXIT } from "../errors.js";
import { type FileChange, planInit, type Route } from "../init/plan.js";
import { WORKFLOW_FILE } from "../init/workflow.js";
import { parse } from "../main.js";
import { ts } from "../typescript.js";
import { writeAtomically } from "../write.js";
import type { CommandContext } from "./context.js";

export function initCommand(args: string[], ctx: CommandContext): number {
  const { values, positionals } = parse(args, {
    project: { type: "string", short: "p" },
    "dry-run": { type: "boolean" },
    ci: { type: "boolean" },
    route: { type: "string" },
  });
  if (positionals.length > 0) throw new CliError("CLI3001_USAGE", `unexpected argument "${positionals[0]}"`);
  const route = values.route as string | undefined;
  if (route !== undefined && route !== "tspc" && route !== "generate")
    throw new CliError("CLI3001_USAGE", `--route must be tspc or generate, not "${route}"`);

  const tsconfigPath = resolve(ctx.cwd, (values.project as string | undefined) ?? "tsconfig.json");
  const dir = dirname(tsconfigPath);
  const packagePath = join(dir, "package.json");
  if (!existsSync(packagePath))
    throw new CliError("CLI3003_FILE_NOT_FOUND", "no package.json: run npm init first", packagePath);
  const show = (path: string) => relative(ctx.cwd, path).split("\\").join("/") || ".";
  const typescriptVersion = installedTypescript(dir);
  const resolvedPlugins = existsSync(tsconfigPath) ? pluginsInEffect(tsconfigPath) : undefined;
  const plan = planInit({
    packageJson: readFileSync(packagePath, "utf8"),
    ...(existsSync(tsconfigPath) ? { tsconfig: readFileSync(tsconfigPath, "utf8") } : {}),
    tsconfigFile: relative(dir, tsconfigPath).split("\\").join("/"),
    hasConfig: existsSync(join(dir, "causality.config.json")),
    hasWorkflow: existsSync(join(dir, WORKFLOW_FILE)),
    ...(typescriptVersion ? { typescriptVersion } : {}),
    ...(resolvedPlugins ? { resolvedPlugins } : {}),
    ...(route ? { route: route as Route } : {}),
    ci: values.ci === true,
  });

  const dry = values["dry-run"] === true;
  ctx.stdout(`causality init: the ${plan.route} route (${plan.why})\n`);
  if (plan.changes.length === 0) ctx.stdout("nothing to change: the project is set up\n");
  for (const change of plan.changes) {
    ctx.stdout(`${show(join(dir, change.file))}:\n${change.edits.map((e) => `  ${e}\n`).join("")}`);
    if (dry) ctx.stdout(diffText(change));
  }
  if (dry) {
    ctx.stdout(`dry run: nothing written${plan.changes.length ? " (run without --dry-run to apply)" : ""}\n`);
  } else {
    for (const change of plan.changes) writeAtomically(join(dir, change.file), change.after);
  }
  for (const step of plan.next) ctx.stdout(`next: ${step}\n`);
  return EXIT.ok;
}

/**
 * compilerOptions.plugins with `extends` followed, as TypeScript reads the tsconfig; undefined when
 * the file does not parse (planInit then reports where).
 */
function pluginsInEffect(tsconfigPath: string): readonly unknown[] | undefined {
  const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (read.error) return undefined;
  const parsed = ts.parseJsonConfigFileContent(
    read.config,
    ts.sys,
    dirname(tsconfigPath),
    undefined,
    tsconfigPath,
  );
  const plugins: unknown = parsed.options.plugins;
  return Array.isArray(plugins) ? plugins : undefined;
}

/** The installed typescript's version as the project resolves it, if any. */
function installedTypescript(dir: string): string | undefined {
  try {
    const path = createRequire(join(dir, "package.json")).resolve("typescript/package.json");
    return String((JSON.parse(readFileSync(path, "utf8")) as { version?: unknown }).version);
  } catch {
    return undefined;
  }
}

/** The changed lines of a file: the common head and tail are left out, `-` old, `+` new. */
function diffText(change: FileChange): string {
  const before = change.before === undefined ? [] : change.before.split("\n");
  const after = change.after.split("\n");
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  )
    tail++;
  const removed = before.slice(head, before.length - tail).map((l) => `    - ${l}\n`);
  const added = after.slice(head, after.length - tail).map((l) => `    + ${l}\n`);
  return [...removed, ...added].join("");
}
