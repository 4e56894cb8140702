/** A parallel block for tests: start -> split -> { left (a), right (b) } -> join -> end. */
import { t } from "@causality/schema";
import type { DataflowSpec, NodeSpec } from "../dataflow/definition.js";
import { defineDataflow } from "../define-dataflow.js";
import { input, output } from "./token-transfer.fixture.js";

export const pstate = t.record({
  a: t.optionalField(t.string()),
  b: t.optionalField(t.string()),
  n: t.optionalField(t.string()),
  error: t.optionalField(t.string()),
});
export const act = (id: string, field: string, extra: Partial<NodeSpec> = {}): NodeSpec =>
  ({
    id,
    kind: "action",
    effect: { type: `work.${id}`, params: {} },
    handler: `(assoc state "${field}" (get result "v"))`,
    ...extra,
  }) as NodeSpec;

/** start -> split -> { left (a), right (b) } -> join -> end, with extra nodes and edges. */
export function fanOut(
  over: { nodes?: NodeSpec[]; edges?: DataflowSpec["edges"]; branches?: Record<string, string[]> } = {},
) {
  const spec: DataflowSpec = {
    name: "fan-out",
    defaultDomain: "d1",
    initialState: "(record)",
    nodes: [
      { id: "start", kind: "start" },
      { id: "split", kind: "parallel", branches: over.branches ?? { left: ["a"], right: ["b"] } },
      act("left", "a"),
      act("right", "b"),
      ...(over.nodes ?? []),
      { id: "join", kind: "join" },
      {
        id: "end",
        kind: "end",
        output: '(record "ok" true "receipt" (str (get state "a") "+" (get state "b")))',
      },
    ],
    edges: over.edges ?? [
      { from: "start", to: "split" },
      { from: "split", to: "left" },
      { from: "split", to: "right" },
      { from: "left", to: "join" },
      { from: "right", to: "join" },
      { from: "join", to: "end" },
    ],
  };
  return defineDataflow(spec, { input, output, state: pstate });
}
