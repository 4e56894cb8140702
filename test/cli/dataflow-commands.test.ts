/** `causality graph` and `causality run` on the example dataflow, built with tspc in a temp copy. */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "packages/cli/dist/bin.js");
let dir: string;

const causality = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8" });

beforeAll(() => {
  dir = mkdtempSync(join(ROOT, "examples/.tmp-"));
  cpSync(join(ROOT, "examples/token-transfer/src"), join(dir, "src"), { recursive: true });
  cpSync(join(ROOT, "examples/token-transfer/tsconfig.json"), join(dir, "tsconfig.json"));
  cpSync(join(ROOT, "examples/token-transfer/package.json"), join(dir, "package.json"));
  const build = spawnSync(process.execPath, [join(ROOT, "node_modules/ts-patch/bin/tspc.js"), "-p", dir], {
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(build.stdout + build.stderr);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("graph and run", () => {
  it("graph prints the dataflow as Mermaid: nodes, conditions, domains, edges", () => {
    const r = causality("graph", "dist/flow.js#transfer");
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("flowchart TD");
    expect(r.stdout).toContain('n_transfer["transfer<br/>token.transfer @ chain<br/>retry 3x"]');
    expect(r.stdout).toContain("n_funded_3f_ -- true --> n_transfer");
    expect(r.stdout).toContain("n_funded_3f_ -- false --> n_done");
  });

  it("run starts and steps the dataflow and prints the trace (exit 0 when it completes)", () => {
    const r = causality(
      "run",
      "dist/flow.js#transfer",
      "--input",
      '{"sender":"alice","recipient":"bob","amount":5,"token_type":"USDC"}',
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/funded\? -> transfer\n\s+effect \S+:transfer:\d+:0 on chain/);
    expect(r.stdout).toContain('completed: {"ok":true,"receipt":"0xblock101:alice->bob:5USDC"}');
  });

  it("run reports a rejected input (exit 1) and refuses TypeScript sources (exit 3)", () => {
    const bad = causality(
      "run",
      "dist/flow.js#transfer",
      "--input",
      '{"sender":"","recipient":"bob","amount":5,"token_type":"USDC"}',
    );
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe("input rejected: too_small at $input.sender: expected string & MinLength<1>\n");
    const ts = causality("graph", "src/flow.ts#transfer");
    expect(ts.status).toBe(3);
    expect(ts.stderr).toMatch(
      /^causality: CLI3011_DATAFLOW: src\/flow.ts#transfer: point at the built JavaScript module/,
    );
    expect(causality("graph", "dist/flow.js#nope").stderr).toMatch(/export "nope" is not a dataflow/);
  });
});
