/** `causality graph` on a TypeScript source: read as data, no build; computed definitions refused with where. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runNode } from "../support/run.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "packages/cli/dist/bin.js");
const dir = mkdtempSync(join(tmpdir(), "causality-graph-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const graph = (spec: string, cwd = ROOT) => runNode([BIN, "graph", spec], { cwd });

describe("graph from source", () => {
  it("draws the example's dataflow from src/flow.ts without building it", async () => {
    const r = await graph("examples/token-transfer/src/flow.ts#transfer");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("flowchart TD");
    expect(r.stdout).toContain(
      'n_transfer["transfer<br/>token.transfer @ inherited (default ledger, or the placer)<br/>retry 3x"]',
    );
    expect(r.stdout).toContain("n_funded_3f_ -- true --> n_transfer");
    expect(r.stdout).toContain("n_funded_3f_ -- false --> n_done");
  });

  it("refuses a computed definition with file:line:col and says to use the built module", async () => {
    writeFileSync(
      join(dir, "flow.ts"),
      [
        'import { defineDataflow } from "@causality/runtime";',
        "const nodes = [];",
        "export const flow = defineDataflow({",
        '  name: "x",',
        "  nodes,",
        "  edges: [],",
        "});",
        "",
      ].join("\n"),
    );
    const r = await graph("flow.ts#flow", dir);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/CLI3011_DATAFLOW.*flow\.ts:5:3.*not a literal.*built JavaScript/);
    const missing = await graph("flow.ts#other", dir);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain("no `const other = defineDataflow(...)`");
  });
});
