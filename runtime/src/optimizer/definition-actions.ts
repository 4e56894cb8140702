/**
 * The actions of a dataflow definition as a plan's input: one PlannedAction per action node, `after`
 * = the nearest action nodes before it in the graph (through starts, choices, parallels, joins and
 * subflows). Back edges (retry loops) are left out so the actions form a DAG. Every branch of a
 * choice is included, so the plan is an upper bound of what one run does. A "fixed" domain policy
 * pins the action; a "parameter" policy pins it when the input is given, otherwise any domain may run it.
 */
import type { DataflowSpec, NodeSpec } from "../dataflow/definition.js";
import { DEFAULT_COST_MODEL, type EffectCostModel } from "./cost-model.js";
import type { PlannedAction } from "./plan.js";

type ActionNode = Extract<NodeSpec, { kind: "action" }>;

export function definitionActions(
  spec: DataflowSpec,
  options: { readonly input?: unknown; readonly model?: EffectCostModel } = {},
): PlannedAction[] {
  const nodes = spec.nodes ?? [];
  const forward = forwardEdges(spec);
  const incoming = new Map<string, string[]>();
  for (const [from, to] of forward) incoming.set(to, [...(incoming.get(to) ?? []), from]);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const actionsBefore = (id: string): string[] => {
    const found = new Set<string>();
    const seen = new Set<string>();
    const stack = [...(incoming.get(id) ?? [])];
    while (stack.length > 0) {
      const at = stack.pop()!;
      if (seen.has(at)) continue;
      seen.add(at);
      if (byId.get(at)?.kind === "action") found.add(at);
      else stack.push(...(incoming.get(at) ?? []));
    }
    return [...found].sort();
  };
  return nodes
    .filter((n): n is ActionNode => n.kind === "action")
    .map((n) => {
      const fixed = fixedDomain(n, options.input);
      return {
        id: n.id,
        effectType: n.effect.type,
        // As the orchestrator decides: only an effect marked deterministic is one.
        deterministic: n.effect.deterministic === true,
        units: n.effect.units ?? 1,
        model: options.model ?? DEFAULT_COST_MODEL,
        after: actionsBefore(n.id),
        ...(fixed === undefined ? {} : { fixedDomain: fixed }),
      };
    });
}

/** The edges of a depth-first walk from the start that do not close a cycle. */
function forwardEdges(spec: DataflowSpec): [string, string][] {
  const edges = spec.edges ?? [];
  const out: [string, string][] = [];
  const onStack = new Set<string>();
  const done = new Set<string>();
  const visit = (id: string) => {
    onStack.add(id);
    for (const e of edges) {
      if (e.from !== id || onStack.has(e.to)) continue;
      out.push([e.from, e.to]);
      if (!done.has(e.to)) visit(e.to);
    }
    onStack.delete(id);
    done.add(id);
  };
  const start = spec.nodes?.find((n) => n.kind === "start");
  if (start) visit(start.id);
  return out;
}

function fixedDomain(node: ActionNode, input: unknown): string | undefined {
  const policy = node.domain ?? { kind: "inherit" as const };
  if (policy.kind === "fixed") return policy.domain;
  if (policy.kind === "parameter" && input !== undefined) {
    const value = policy.field
      .split(".")
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], input);
    return value === undefined ? undefined : String(value);
  }
  return undefined;
}
