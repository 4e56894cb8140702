/**
 * Resource usage estimates (the seed's ResourceUsageEstimate, reference defaults) per action and
 * per dataflow: sums for what adds up, the critical path for time when branches run in parallel.
 */
import { type EffectCostModel, executionTimeMs, totalCost } from "./cost-model.js";

export interface ResourceUsageEstimate {
  readonly cpuTimeMs: number;
  readonly memoryBytes: number;
  readonly storageBytes: number;
  readonly networkBytes: number;
  /** Expected completion as a timestamp (ms since the epoch). */
  readonly estimatedCompletionTime: number;
}

export const DEFAULT_RESOURCES = Object.freeze({
  cpuTimeMs: 1000,
  memoryBytes: 1_048_576,
  storageBytes: 524_288,
  networkBytes: 262_144,
});

export interface EstimatedNode {
  readonly id: string;
  readonly model: EffectCostModel;
  readonly units: number;
  readonly resources?: Partial<typeof DEFAULT_RESOURCES>;
  /** Ids of nodes that must finish first (parallel branches share a predecessor). */
  readonly after: readonly string[];
}

export function estimateNode(
  node: EstimatedNode,
  startMs: number,
): ResourceUsageEstimate & { cost: number; durationMs: number } {
  const durationMs = executionTimeMs(node.model, node.units);
  return {
    ...DEFAULT_RESOURCES,
    cpuTimeMs: node.resources?.cpuTimeMs ?? durationMs,
    ...(node.resources ?? {}),
    estimatedCompletionTime: startMs + durationMs,
    cost: totalCost(node.model, node.units),
    durationMs,
  };
}

export interface DataflowEstimate extends ResourceUsageEstimate {
  readonly totalCost: number;
  /** Sum of every node's duration (as if run one after another). */
  readonly sequentialMs: number;
  /** Longest chain through the `after` edges (what parallel execution needs). */
  readonly criticalPathMs: number;
  readonly criticalPath: readonly string[];
}

export function estimateDataflow(
  nodes: readonly EstimatedNode[],
  startMs: number,
  parallel = true,
): DataflowEstimate {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const finish = new Map<string, { at: number; via: string[] }>();
  const visiting = new Set<string>();
  const est = new Map(nodes.map((n) => [n.id, estimateNode(n, 0)]));
  const finishOf = (id: string): { at: number; via: string[] } => {
    const known = finish.get(id);
    if (known) return known;
    if (visiting.has(id)) throw new Error(`cycle through node ${id}`);
    visiting.add(id);
    const node = byId.get(id);
    if (!node) throw new Error(`unknown node ${id}`);
    let start = { at: 0, via: [] as string[] };
    for (const dep of node.after) {
      const f = finishOf(dep);
      if (f.at > start.at || start.via.length === 0) start = f;
    }
    const result = { at: start.at + est.get(id)!.durationMs, via: [...start.via, id] };
    finish.set(id, result);
    visiting.delete(id);
    return result;
  };
  let critical = { at: 0, via: [] as string[] };
  for (const n of nodes) {
    const f = finishOf(n.id);
    if (f.at > critical.at) critical = f;
  }
  const all = [...est.values()];
  const sum = (f: (e: (typeof all)[number]) => number) => all.reduce((a, e) => a + f(e), 0);
  const sequentialMs = sum((e) => e.durationMs);
  const timeMs = parallel ? critical.at : sequentialMs;
  return {
    cpuTimeMs: sum((e) => e.cpuTimeMs),
    memoryBytes: parallel ? sum((e) => e.memoryBytes) : Math.max(0, ...all.map((e) => e.memoryBytes)),
    storageBytes: sum((e) => e.storageBytes),
    networkBytes: sum((e) => e.networkBytes),
    estimatedCompletionTime: startMs + timeMs,
    totalCost: sum((e) => e.cost),
    sequentialMs,
    criticalPathMs: critical.at,
    criticalPath: critical.via,
  };
}
