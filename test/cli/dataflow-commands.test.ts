/** `causality graph` and `causality run` on the example dataflow, built with tspc in a temp copy. */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNode } from "../support/run.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "packages/cli/dist/bin.js");
let dir: string;

const causality = (...args: string[]) => runNode([BIN, ...args], { cwd: dir });

beforeAll(async () => {
  dir = mkdtempSync(join(ROOT, "examples/.tmp-"));
  cpSync(join(ROOT, "examples/token-transfer/src"), join(dir, "src"), { recursive: true });
  cpSync(join(ROOT, "examples/token-transfer/tsconfig.json"), join(dir, "tsconfig.json"));
  cpSync(join(ROOT, "examples/token-transfer/package.json"), join(dir, "package.json"));
  const build = await runNode([join(ROOT, "node_modules/ts-patch/bin/tspc.js"), "-p", dir]);
  if (build.status !== 0) throw new Error(build.stdout + build.stderr);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("graph and run", () => {
  it("graph prints the dataflow as Mermaid: nodes, conditions, domains, edges", async () => {
    const r = await causality("graph", "dist/flow.js#transfer");
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("flowchart TD");
    expect(r.stdout).toContain(
      'n_transfer["transfer<br/>token.transfer @ inherited (default ledger, or the placer)<br/>retry 3x"]',
    );
    expect(r.stdout).toContain("n_funded_3f_ -- true --> n_transfer");
    expect(r.stdout).toContain("n_funded_3f_ -- false --> n_done");
  });

  it("run starts and steps the dataflow and prints the trace (exit 0 when it completes)", async () => {
    const r = await causality(
      "run",
      "dist/flow.js#transfer",
      "--input",
      '{"sender":"alice","recipient":"bob","amount":5,"token_type":"USDC"}',
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /funded\? -> transfer\n\s+effect \S+:transfer:\d+ enqueued for chain\n\s+effect \S+:transfer:\d+:0 on chain/,
    );
    expect(r.stdout).toContain('completed: {"ok":true,"receipt":"0xblock101:alice->bob:5USDC"}');
  });

  it("run --steps N stops after N transitions and prints the state and the trace so far (exit 0)", async () => {
    const r = await causality(
      "run",
      "dist/flow.js#transfer",
      "--input",
      '{"sender":"alice","recipient":"bob","amount":5,"token_type":"USDC"}',
      "--steps",
      "3",
    );
    expect(r.status).toBe(0);
    // An action takes two steps: one enqueues its effect, the next runs it and applies the result.
    expect(r.stdout).toMatch(
      /start -> check-balance\n\s+effect \S+:check-balance:\d+ enqueued for ledger\n\s+effect \S+:check-balance:\d+:0 on ledger\n\s+check-balance -> funded\?\n/,
    );
    expect(r.stdout).toContain(
      'stopped after 3 steps at funded?: state {"status":"validated","attempts":1}\n',
    );
    expect(r.stdout).not.toContain("transfer on chain");
    expect(r.stdout).not.toContain("completed");
    const bad = await causality("run", "dist/flow.js#transfer", "--input", "{}", "--steps", "0");
    expect(bad.status).toBe(3);
    expect(bad.stderr).toMatch(/--steps must be a whole number >= 1/);
  });

  it("run --explain prints the optimizer's plan: every candidate, its scores, why it won or lost, the totals", async () => {
    const r = await causality("run", "dist/flow.js#transfer", "--explain");
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("plan under balanced");
    expect(lines).toContain("check-balance -> ledger (0..1100 ms)");
    expect(r.stdout).toMatch(
      / {2}ledger: chosen, the only feasible domain; total [\d.]+ = priority [\d.]+ \+ latency [\d.]+ \+ cost [\d.]+ \(cost 1\.00x the cheapest, latency 1\.00x the fastest, priority [\d.]+; cost 110, latency 1100 ms/,
    );
    // Capabilities: only the ledger checks balances; the chain and the rollup both carry transfers.
    expect(r.stdout).toContain('  chain: infeasible, cannot run effect type "balance.check"');
    expect(r.stdout).toContain('  ledger: infeasible, cannot run effect type "token.transfer"');
    // The scores see magnitudes: the rollup's 13500 ms are 7.71x the chain's 1750, its cost 166 is
    // 0.39x the chain's 430, and under Balanced (equal weights) the larger ratio decides: the chain.
    expect(lines).toContain("transfer -> chain (1100..2850 ms)");
    expect(r.stdout).toMatch(
      / {2}chain: chosen, best score [\d.]+, ahead of rollup \([\d.]+\); .*\(cost 2\.58x the cheapest, latency 1\.00x the fastest, .*cost 430 incl\. transfer 100, latency 1750 ms incl\. transfer 500 ms/,
    );
    expect(r.stdout).toMatch(
      / {2}rollup: lower score, .*\(cost 1\.00x the cheapest, latency 7\.71x the fastest, /,
    );
    const cheap = await causality(
      "run",
      "dist/flow.js#transfer",
      "--explain",
      "--strategy",
      "cost_minimization",
    );
    expect(cheap.stdout.split("\n")).toContain("transfer -> rollup (1100..14600 ms)");
    expect(lines).toContain("total cost 540 (no costBudget) (transfers 100)");
    expect(lines).toContain(
      "completion 2850 ms (no maxLatencyMs) over check-balance -> transfer (transfers 500 ms)",
    );
    const fast = await causality(
      "run",
      "dist/flow.js#transfer",
      "--explain",
      "--strategy",
      "latency_optimization",
    );
    expect(fast.stdout.split("\n")).toContain("transfer -> chain (1100..2850 ms)");
    expect(r.stdout).not.toContain("started");
    const unknown = await causality("run", "dist/flow.js#transfer", "--explain", "--strategy", "fastest");
    expect(unknown.status).toBe(3);
    expect(unknown.stderr).toMatch(/OPT2002_UNKNOWN_STRATEGY: unknown strategy "fastest"/);
  });

  it("run reports a rejected input (exit 1) and refuses TypeScript sources (exit 3); graph reads them", async () => {
    const bad = await causality(
      "run",
      "dist/flow.js#transfer",
      "--input",
      '{"sender":"","recipient":"bob","amount":5,"token_type":"USDC"}',
    );
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe("input rejected: too_small at $input.sender: expected string & MinLength<1>\n");
    const ts = await causality("run", "src/flow.ts#transfer", "--input", "{}");
    expect(ts.status).toBe(3);
    expect(ts.stderr).toMatch(
      /^causality: CLI3011_DATAFLOW: src\/flow.ts#transfer: point at the built JavaScript module/,
    );
    // graph needs no build: the source's literal definition draws the same chart as the built module.
    expect((await causality("graph", "src/flow.ts#transfer")).stdout).toBe(
      (await causality("graph", "dist/flow.js#transfer")).stdout,
    );
    expect((await causality("graph", "dist/flow.js#nope")).stderr).toMatch(/export "nope" is not a dataflow/);
  });
});
