/**
 * Runs a child process without blocking the test worker (see breathe.ts for why a worker must not
 * block): the same result shape as `spawnSync(..., { encoding: "utf8" })`, awaited.
 */
import { spawn } from "node:child_process";

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Text written to the child's stdin, which is then closed. */
  readonly input?: string;
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** `node <args>` with the Node running the tests. */
export function runNode(args: readonly string[], options?: RunOptions): Promise<RunResult> {
  return run(process.execPath, args, options);
}
