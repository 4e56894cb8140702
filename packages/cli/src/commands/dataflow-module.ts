/** Loads `<module.js>#<export>`: a built module exporting a dataflow defined with defineDataflow. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { DefinedDataflow, Executor, Placer, TypedDomain } from "@causality/runtime";
import { CliError } from "../errors.js";

export interface LoadedDataflow {
  readonly flow: DefinedDataflow<unknown, unknown, unknown>;
  readonly domains?: readonly TypedDomain[];
  readonly executors?: Readonly<Record<string, Executor>>;
  /** The module's `placer` export: chooses domains for inherited actions (e.g. `optimizerPlacer()`). */
  readonly placer?: Placer;
}

/** `<file>#<export>` (the default export when there is no `#`). */
export function splitModuleRef(spec: string): { file: string; name: string } {
  const hash = spec.lastIndexOf("#");
  return hash < 0
    ? { file: spec, name: "default" }
    : { file: spec.slice(0, hash), name: spec.slice(hash + 1) };
}

export async function loadDataflow(spec: string, cwd: string): Promise<LoadedDataflow> {
  const { file, name } = splitModuleRef(spec);
  if (/\.(c|m)?tsx?$/.test(file)) {
    throw new CliError(
      "CLI3011_DATAFLOW",
      "point at the built JavaScript module (e.g. dist/flow.js), where the plugin has injected the schemas",
      spec,
    );
  }
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new CliError("CLI3003_FILE_NOT_FOUND", "no such module", file);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    throw new CliError("CLI3011_DATAFLOW", `cannot load: ${(e as Error).message.split("\n")[0]}`, file);
  }
  const flow = mod[name] as DefinedDataflow<unknown, unknown, unknown> | undefined;
  if (!flow || typeof flow !== "object" || typeof flow.definitionId !== "string" || !flow.schemas) {
    throw new CliError(
      "CLI3011_DATAFLOW",
      `export "${name}" is not a dataflow made with defineDataflow`,
      spec,
    );
  }
  const out: {
    flow: typeof flow;
    domains?: readonly TypedDomain[];
    executors?: Readonly<Record<string, Executor>>;
    placer?: Placer;
  } = { flow };
  if (Array.isArray(mod.domains)) out.domains = mod.domains as TypedDomain[];
  if (mod.executors && typeof mod.executors === "object")
    out.executors = mod.executors as Record<string, Executor>;
  if (typeof mod.placer === "function") out.placer = mod.placer as Placer;
  return out;
}
