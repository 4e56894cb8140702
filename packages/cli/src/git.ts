/** Reads a file as it was at a git revision (for `causality diff --base HEAD~1`). */
import { execFileSync } from "node:child_process";
import { relative, resolve } from "node:path";
import { CliError } from "./errors.js";

export function readAtRevision(revision: string, file: string, cwd: string): string {
  let top: string;
  try {
    top = execFileSync("git", ["rev-parse", "--show-toplevel"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  } catch {
    throw new CliError("CLI3006_GIT", "not inside a git repository", cwd);
  }
  const path = relative(top, resolve(cwd, file)).split("\\").join("/");
  try {
    return execFileSync("git", ["show", `${revision}:${path}`], {
      cwd: top,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 1 << 28,
    });
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? "")
      .trim()
      .split("\n")[0];
    throw new CliError("CLI3006_GIT", `cannot read ${path} at ${revision}: ${stderr}`, `${revision}:${path}`);
  }
}

/** Whether `spec` names a git revision rather than a file on disk. */
export function isRevision(spec: string, cwd: string): boolean {
  // A value starting with `-` would reach git as an option, not a revision.
  if (spec.startsWith("-") || spec === "") return false;
  try {
    execFileSync("git", ["rev-parse", "--verify", "--quiet", `${spec}^{commit}`], { cwd, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
