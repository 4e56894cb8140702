/** Which tsconfig.json a command reads (`--project`, a file or a directory; default ./tsconfig.json). */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { CliError } from "./errors.js";

export function findTsconfig(cwd: string, project: string | undefined): string {
  const path = resolve(cwd, project ?? "tsconfig.json");
  const file = existsSync(path) && statSync(path).isDirectory() ? resolve(path, "tsconfig.json") : path;
  if (!existsSync(file))
    throw new CliError("CLI3008_TSCONFIG", "no tsconfig.json here (use --project)", file);
  return file;
}
