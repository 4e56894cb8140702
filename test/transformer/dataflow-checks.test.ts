/**
 * Dataflow definitions checked at build time: a `defineDataflow` literal with three problems gets
 * all three as diagnostics at their nodes' file:line:column, from tspc (the plugin) and from
 * `causality generate`, with the same DF50xx text the runtime throws at load time (only the first).
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run, TSPC, tempProject } from "../cli/temp-project.js";
import { runNode } from "../support/run.js";

const FLOW = `import { defineDataflow } from "@causality/runtime";

interface Input { x: string }
interface Output { ok: boolean }
interface State { n: number }

export const flow = defineDataflow<Input, Output, State>({
  name: "broken",
  defaultDomain: "local",
  nodes: [
    { id: "start", kind: "start" },
    {
      id: "a",
      kind: "action",
      effect: { type: "t", params: { x: "\${input.nope}" } },
      handler: "state",
    },
    { id: "b", kind: "action", effect: { type: "t", params: {} }, handler: "(assoc state" },
    { id: "orphan", kind: "end", output: "(record \\"ok\\" true)" },
    { id: "done", kind: "end", output: "(record \\"ok\\" true)" },
  ],
  edges: [
    { from: "start", to: "a" },
    { from: "a", to: "b" },
    { from: "b", to: "done" },
  ],
});
`;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = tempProject("tspc-project");
  dirs.push(dir);
  writeFileSync(join(dir, "src/flow.ts"), FLOW);
  return dir;
}

describe("dataflow definition checks at build time", () => {
  it("tspc reports every DF50xx problem of a definition at its node", async () => {
    const dir = project();
    // Two end nodes are one problem of the graph; fix that, and the node problems show.
    writeFileSync(
      join(dir, "src/flow.ts"),
      FLOW.replace('{ id: "orphan", kind: "end"', '{ id: "orphan", kind: "choice", condition: "true"'),
    );
    const r = await runNode([TSPC, "-p", "."], { cwd: dir });
    // tsc prints diagnostics sorted by position, then by message.
    const lines = r.stdout.split("\n").filter((l) => l.includes("TS91010"));
    expect(lines).toEqual([
      `src/flow.ts(12,5): error TS91010: [causality] DF5006_UNKNOWN_FIELD at node "a": \${input.nope} names a field the input schema does not have`,
      'src/flow.ts(18,5): error TS91010: [causality] DF5007_BAD_HANDLER at node "b": LISP4001_SYNTAX at 1:1: unclosed (',
      'src/flow.ts(19,5): error TS91010: [causality] DF5004_UNREACHABLE at node "orphan": no path from the start reaches this node',
      'src/flow.ts(19,5): error TS91010: [causality] DF5008_BAD_EDGES at node "orphan": a choice needs a "true" edge and a default edge',
    ]);
    expect(r.status).not.toBe(0);
  });

  it("causality generate reports them too, at file:line:column, and exits 3", async () => {
    const dir = project();
    const r = await run(dir, ["generate"]);
    expect(r.stderr.split("\n").filter((l) => l.includes("TS91010"))).toEqual([
      'src/flow.ts:20:5 - error TS91010: DF5003_END at node "done": a dataflow has exactly one end node (found 2); branches meet there and its output expression tells them apart',
    ]);
    expect(r.code).toBe(3);
  });
});
