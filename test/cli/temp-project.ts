/** A copy of a fixture project in a temporary directory, with the workspace packages linked in. */
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runNode } from "../support/run.js";

export const ROOT = resolve(import.meta.dirname, "../..");
export const BIN = join(ROOT, "packages/cli/dist/bin.js");
export const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
export const TSPC = join(ROOT, "node_modules/ts-patch/bin/tspc.js");

export function tempProject(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), "causality-cli-"));
  cpSync(join(ROOT, "fixtures", fixture), dir, { recursive: true });
  mkdirSync(join(dir, "node_modules/@causality"), { recursive: true });
  for (const pkg of ["schema", "runtime", "transformer"]) {
    symlinkSync(join(ROOT, "node_modules/@causality", pkg), join(dir, "node_modules/@causality", pkg));
  }
  return dir;
}

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a node script (the CLI by default) in `dir`, as CI would (plain progress lines). Awaited, so
 * the test worker's event loop stays free while the child works (see test/support/breathe.ts).
 */
export async function run(dir: string, args: readonly string[], script = BIN): Promise<Run> {
  const r = await runNode([script, ...args], { cwd: dir, env: { ...process.env, CI: "true" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the CLI's entry point in this process (no node start-up per command): for many small runs
 * that load no TypeScript (diff, ack). A `generate` here would hold the test worker's event loop for
 * the whole analysis, so those go through `run`.
 */
export async function runInProcess(dir: string, args: readonly string[]): Promise<Run & { code: number }> {
  const { main } = await import("../../packages/cli/src/main.js");
  let stdout = "";
  let stderr = "";
  const code = await main([...args], {
    cwd: dir,
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    interactive: false,
  });
  return { code, stdout, stderr };
}
