/** A plan explanation as text lines, for terminals and logs (`causality run --explain`). */
import type { CandidateExplanation, LimitCheck, PlanExplanation } from "./explain.js";

export function formatPlanExplanation(e: PlanExplanation): string[] {
  const lines = [
    e.override === undefined
      ? `plan under ${e.strategy}`
      : `plan under ${e.strategy} (asked for ${e.requestedStrategy}): ${e.override}`,
  ];
  for (const r of e.rejected ?? []) lines.push(`  rejected ${r}`);
  for (const a of e.actions) {
    lines.push(`${a.action} -> ${a.domain} (${a.startMs}..${a.finishMs} ms)`);
    for (const c of a.candidates) lines.push(`  ${candidateLine(c)}`);
  }
  const t = e.totals;
  lines.push(
    `total cost ${limitText(t.cost, "costBudget")} (transfers ${t.transferCost})`,
    `completion ${limitText(t.latencyMs, "maxLatencyMs", " ms")} over ${t.criticalPath.join(" -> ") || "no actions"} (transfers ${t.criticalTransferMs} ms)`,
  );
  return lines;
}

function candidateLine(c: CandidateExplanation): string {
  const numbers = `cost ${c.cost}${c.transfer.cost > 0 ? ` incl. transfer ${c.transfer.cost}` : ""}, latency ${c.latencyMs} ms${c.transfer.timeMs > 0 ? ` incl. transfer ${c.transfer.timeMs} ms` : ""}, reliability ${c.reliability.toFixed(1)}`;
  if (c.outcome === "infeasible") return `${c.domain}: infeasible, ${c.reason} (${numbers})`;
  const n = c.normalized!;
  const s = c.subScores!;
  return (
    `${c.domain}: ${c.outcome}, ${c.reason}; total ${c.total!.toFixed(3)} = ` +
    `priority ${s.priority.toFixed(3)} + latency ${s.latency.toFixed(3)} + cost ${s.cost.toFixed(3)} ` +
    `(cost ${times(n.cost)} the cheapest, latency ${times(n.latency)} the fastest, priority ${n.priority.toFixed(2)}; ${numbers})`
  );
}

/** Decades above the best as the ratio they stand for: 0.301 -> "2.00x". */
function times(decades: number): string {
  return `${(10 ** decades).toFixed(2)}x`;
}

function limitText(check: LimitCheck, name: string, unit = ""): string {
  if (check.limit === undefined) return `${check.value}${unit} (no ${name})`;
  return `${check.value}${unit} ${check.within ? "<=" : ">"} ${name} ${check.limit}${unit}${check.within ? "" : " (over)"}`;
}
