/** The README's main job (`npm run example`) end to end: generate, build with tspc, run. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

describe("examples/token-transfer", () => {
  it("generates its schemas, builds with the plugin and runs the transfer dataflow", () => {
    const run = spawnSync(process.execPath, [join(ROOT, "examples/run.mjs")], {
      encoding: "utf8",
      env: { ...process.env, CI: "true" },
    });
    expect(run.status, run.stderr).toBe(0);
    const lock = JSON.parse(readFileSync(join(ROOT, "examples/token-transfer/schema.lock.json"), "utf8"));
    const inputId = lock.schemas["src/types.ts#TokenTransferInput"].id;
    expect(lock.schemas["src/types.ts#TokenTransferInput"].roles).toEqual(["input"]);
    expect(run.stdout).toContain(`input  ${inputId}`);
    // A funded transfer runs both effects and completes; the optimizer chose the domains and said
    // why. Under Balanced the rollup (2x the chain's latency, 0.39x its cost) wins by its score.
    expect(run.stdout).toContain('-> completed: {"ok":true,"receipt":"0xrollup1:alice->bob:150ETH"}');
    expect(run.stdout).toContain(
      "placed check-balance on ledger (balanced): ledger is the only feasible domain",
    );
    expect(run.stdout).toMatch(
      /placed transfer on rollup \(balanced\): rollup scored [\d.]+ under Balanced, ahead of chain/,
    );
    // Under cost minimization the cheaper rollup carries the same transfer.
    expect(run.stdout).toMatch(/placed transfer on rollup \(cost_minimization\): rollup scored/);
    expect(run.stdout).toContain('-> completed: {"ok":true,"receipt":"0xrollup2:alice->bob:150ETH"}');
    // An unfunded one takes the choice's default edge to the same end, which tells the two apart.
    expect(run.stdout).toContain("funded? -> done");
    expect(run.stdout).toContain('-> completed: {"ok":false,"receipt":null}');
    // A bad input never starts.
    expect(run.stdout).toMatch(/-> input rejected\n\s+too_small at \$input\.amount: expected u64/);
  });
});
