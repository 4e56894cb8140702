/**
 * The README's main job (`npm run example`) end to end: generate, build with tspc, run. It runs on a
 * copy of the example (under the repository's .tmp/, so packages resolve as in the example), and the
 * lock file and schemas it generates there must equal the committed ones byte for byte: `npm test`
 * never rewrites a tracked file, and a stale committed lock or schema fails here.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const EXAMPLE = join(ROOT, "examples/token-transfer");
/** What `causality generate` writes (and the repository commits). */
const GENERATED = ["schema.lock.json", "schemas"];

/** `path` itself if it is a file, else every file below it. */
function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => files(join(path, name)));
}

function runExample(project: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, "examples/run.mjs"), project], {
      env: { ...process.env, CI: "true" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", fail);
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

describe("examples/token-transfer", () => {
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  const copy = mkdtempSync(join(ROOT, ".tmp/example-"));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it("generates its schemas (equal to the committed ones), builds with the plugin and runs the transfer dataflow", async () => {
    const committed = new Map(
      GENERATED.flatMap((g) => files(join(EXAMPLE, g))).map((f) => [
        relative(EXAMPLE, f),
        readFileSync(f, "utf8"),
      ]),
    );
    cpSync(EXAMPLE, copy, {
      recursive: true,
      filter: (src) => !/[/\\](dist|node_modules)$/.test(src) && !GENERATED.includes(relative(EXAMPLE, src)),
    });
    expect(readdirSync(copy)).not.toContain("schema.lock.json");
    // Asynchronously: the run takes a while, and a test must not block vitest's event loop that long.
    const run = await runExample(copy);
    expect(run.status, run.stderr).toBe(0);
    // The generated files, regenerated from scratch, are exactly what the repository holds.
    const generated = new Map(
      GENERATED.flatMap((g) => files(join(copy, g))).map((f) => [relative(copy, f), readFileSync(f, "utf8")]),
    );
    expect([...generated.keys()].sort()).toEqual([...committed.keys()].sort());
    for (const [path, text] of committed) expect(generated.get(path), path).toBe(text);

    const lock = JSON.parse(committed.get("schema.lock.json")!);
    const inputId = lock.schemas["src/types.ts#TokenTransferInput"].id;
    expect(lock.schemas["src/types.ts#TokenTransferInput"].roles).toEqual(["input"]);
    expect(run.stdout).toContain(`input  ${inputId}`);
    // A funded transfer runs both effects and completes; the optimizer chose the domains and said
    // why. Under Balanced the chain (48x faster than the rollup's 12 s batches, 5x its fee) wins.
    expect(run.stdout).toContain('-> completed: {"ok":true,"receipt":"0xblock101:alice->bob:150ETH"}');
    expect(run.stdout).toContain(
      "placed check-balance on ledger (balanced): ledger is the only feasible domain",
    );
    expect(run.stdout).toMatch(
      /placed transfer on chain \(balanced\): chain scored [\d.]+ under Balanced, ahead of rollup \([\d.]+\)/,
    );
    // Under cost minimization the cheaper rollup carries the same transfer.
    expect(run.stdout).toMatch(
      /placed transfer on rollup \(cost_minimization\): rollup scored [\d.]+ under CostMinimization, ahead of chain/,
    );
    expect(run.stdout).toContain('-> completed: {"ok":true,"receipt":"0xrollup1:alice->bob:150ETH"}');
    // An unfunded one takes the choice's default edge to the same end, which tells the two apart.
    expect(run.stdout).toContain("funded? -> done");
    expect(run.stdout).toContain('-> completed: {"ok":false,"receipt":null}');
    // A bad input never starts.
    expect(run.stdout).toMatch(
      /-> input rejected\n\s+too_small at \$input\.sender: expected string & MinLength<1>\n\s+too_small at \$input\.amount: expected u64/,
    );
    // The CI side: against the previous release's lock, one compatible and one breaking change.
    expect(run.stdout).toContain(
      '· [input] TokenTransferInput.token_type: type changed (widened)  ("ETH" -> "USDC" | "ETH")',
    );
    expect(run.stdout).toContain(
      "✗ [output] TransferOutput.receipt: type changed (widened)  (string -> null | string)",
    );
    expect(run.stdout).toContain("exit code 1: one unacknowledged breaking change, so CI fails here");
  }, 600_000);
});
