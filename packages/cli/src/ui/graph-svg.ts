/**
 * The dataflow drawn as an SVG, the same nodes and edges as `causality graph`'s Mermaid: layers by
 * distance from the start, edges with their conditions, each node's kind and domain; an instance's
 * current node and the edges it took are marked. Drawn here (no browser library), so the page needs
 * no script to show it.
 */
import type { DataflowSpec, NodeSpec } from "@causality/runtime";
import { type Html, html } from "./html.js";

const W = 190;
const H = 54;
const GAP_X = 36;
const GAP_Y = 60;

export interface GraphMarks {
  readonly current?: string;
  /** Edges taken, as "from->to". */
  readonly taken?: ReadonlySet<string>;
  readonly visited?: ReadonlySet<string>;
}

function subtitle(n: NodeSpec): string {
  switch (n.kind) {
    case "action":
      return `${n.effect.type} @ ${n.domain?.kind === "fixed" ? n.domain.domain : n.domain?.kind === "parameter" ? `input.${n.domain.field}` : "placed"}`;
    case "choice":
      return n.condition;
    case "subflow":
      return `runs ${n.dataflow.name}`;
    case "end":
      return `output: ${n.output}`;
    default:
      return n.kind;
  }
}

export function graphSvg(flow: DataflowSpec, marks: GraphMarks = {}): Html {
  const nodes = flow.nodes ?? [];
  const edges = flow.edges ?? [];
  const layer = new Map<string, number>();
  const start = nodes.find((n) => n.kind === "start") ?? nodes[0];
  if (start) {
    layer.set(start.id, 0);
    const queue = [start.id];
    while (queue.length > 0) {
      const at = queue.shift()!;
      for (const e of edges) {
        if (e.from === at && !layer.has(e.to)) {
          layer.set(e.to, layer.get(at)! + 1);
          queue.push(e.to);
        }
      }
    }
  }
  let deepest = Math.max(0, ...layer.values());
  for (const n of nodes) if (!layer.has(n.id)) layer.set(n.id, ++deepest);
  const rows = new Map<number, string[]>();
  for (const n of nodes) {
    const l = layer.get(n.id)!;
    rows.set(l, [...(rows.get(l) ?? []), n.id]);
  }
  const widest = Math.max(1, ...[...rows.values()].map((r) => r.length));
  const width = widest * (W + GAP_X) + GAP_X;
  const pos = new Map<string, { x: number; y: number }>();
  for (const [l, ids] of rows) {
    const offset = (width - ids.length * (W + GAP_X) + GAP_X) / 2;
    ids.forEach((id, i) => {
      pos.set(id, { x: offset + i * (W + GAP_X), y: GAP_Y / 2 + l * (H + GAP_Y) });
    });
  }
  const height = (Math.max(0, ...layer.values()) + 1) * (H + GAP_Y);
  const edgeParts = edges.map((e) => {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) return html``;
    const x1 = a.x + W / 2;
    const y1 = a.y + H;
    const x2 = b.x + W / 2;
    const y2 = b.y;
    const taken = marks.taken?.has(`${e.from}->${e.to}`) ?? false;
    const back = y2 <= y1;
    const path = back
      ? `M${x1},${y1} C${x1 + W},${y1 + GAP_Y} ${x2 + W},${y2 - GAP_Y} ${x2 + W / 2},${y2 + H / 2}`
      : `M${x1},${y1} L${x2},${y2}`;
    return html`<g class="edge${taken ? " taken" : ""}" data-from="${e.from}" data-to="${e.to}"><path d="${path}" marker-end="url(#arrow)"/>${
      e.when ? html`<text x="${(x1 + x2) / 2 + 6}" y="${(y1 + y2) / 2}">${e.when}</text>` : ""
    }</g>`;
  });
  const nodeParts = nodes.map((n) => {
    const p = pos.get(n.id)!;
    const cls = [
      "node",
      n.kind,
      n.id === marks.current ? "current" : "",
      marks.visited?.has(n.id) ? "visited" : "",
    ]
      .filter(Boolean)
      .join(" ");
    return html`<g class="${cls}" data-node="${n.id}"><rect x="${p.x}" y="${p.y}" width="${W}" height="${H}" rx="${n.kind === "start" || n.kind === "end" ? 27 : 6}"/><text x="${p.x + W / 2}" y="${p.y + 22}" class="title">${n.id}</text><text x="${p.x + W / 2}" y="${p.y + 40}" class="sub">${clip(subtitle(n), 30)}</text></g>`;
  });
  return html`<svg class="graph" role="img" aria-label="dataflow ${flow.name ?? ""}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>${edgeParts}${nodeParts}</svg>`;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
