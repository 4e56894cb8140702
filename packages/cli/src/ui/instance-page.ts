/**
 * One instance's page: status, graph with the taken path, input and state, the timeline of
 * transitions with state diffs and validation issues, every effect attempt, each effect's
 * placement (every candidate domain's sub-scores and why it won or lost), and, when the
 * inspector was started with --allow-actions, the cancel or retry button that applies.
 */
import type {
  DataflowSpec,
  EffectAttempt,
  Instance,
  JournalEntry,
  PlacementRecord,
} from "@causality/runtime";
import { graphSvg } from "./graph-svg.js";
import { Html, html, link, pretty, query } from "./html.js";
import { stateDiff } from "./state-diff.js";

export interface InstanceView {
  readonly instance: Instance;
  readonly spec: DataflowSpec | undefined;
  readonly journal: readonly JournalEntry[];
  readonly effects: readonly EffectAttempt[];
}

/** The write actions, present only when enabled: the form field that proves the page came from here. */
export interface ActionForms {
  readonly csrf: string;
  /** What the last action did, shown once above the page. */
  readonly done?: string;
}

export function instancePage(v: InstanceView, token: string, actions?: ActionForms): Html {
  const inst = v.instance;
  const visited = new Set(v.journal.map((j) => j.node));
  const taken = new Set<string>();
  const path = v.journal.map((j) => j.node).filter((n, i, all) => i === 0 || all[i - 1] !== n);
  for (let i = 1; i < path.length; i++) taken.add(`${path[i - 1]}->${path[i]}`);
  return html`${actions?.done ? html`<p class="notice" id="notice">${actions.done}</p>` : ""}
<h1>Instance <code>${inst.id}</code></h1>
<p><span class="status ${inst.status}" id="status">${inst.status}</span> at node <b id="node">${inst.node}</b>, version ${inst.version} ·
definition ${link(token, "/instances", { definition: inst.definitionId }, html`<code>${inst.definitionId.slice(0, 14)}…</code>`)} ·
schemas ${(["input", "output", "state"] as const).map((r) => html`${r} ${link(token, "/schema", { id: inst.schemaIds[r] }, html`<code>${inst.schemaIds[r].slice(0, 10)}…</code>`)} `)}</p>
${actions ? actionButtons(inst, token, actions.csrf) : ""}
${
  inst.error
    ? html`<section><h2>Error</h2><p class="issue"><b>${inst.error.code}</b> ${inst.error.message}</p>${
        inst.error.issues?.length ? html`<pre>${pretty(inst.error.issues)}</pre>` : ""
      }</section>`
    : ""
}
${v.spec ? html`<section><h2>Graph</h2>${graphSvg(v.spec, { current: inst.node, taken, visited })}</section>` : ""}
<section><h2>Input</h2><pre id="input">${pretty(inst.input)}</pre><h2>State</h2><pre id="state">${pretty(inst.state)}</pre>
${inst.output !== undefined ? html`<h2>Output</h2><pre>${pretty(inst.output)}</pre>` : ""}</section>
<section><h2>Timeline</h2><table><tr><th>#</th><th>at</th><th>kind</th><th>node</th><th>state change, issues, detail</th></tr>${timeline(v.journal)}</table></section>
<section><h2>Effects</h2>${effectsTable(v.effects)}</section>
<section><h2>Placement</h2>${placements(v.journal)}</section>`;
}

function timeline(journal: readonly JournalEntry[]): Html[] {
  let previous: unknown;
  return journal.map((j) => {
    const initial = j.state !== undefined && previous === undefined;
    const changes = j.state === undefined || initial ? [] : stateDiff(previous, j.state);
    if (j.state !== undefined) previous = j.state;
    const detail = j.detail as
      | { issues?: readonly { code?: string; path?: string; expected?: string; value?: unknown }[] }
      | undefined;
    const issues = j.kind === "rejected" && Array.isArray(detail?.issues) ? detail.issues : [];
    return html`<tr class="journal ${j.kind}" data-seq="${j.seq}"><td>${j.seq}</td><td>${j.at?.toISOString() ?? ""}</td><td>${j.kind}</td><td>${j.node}</td>
<td>${
      initial
        ? html`initial state <code>${pretty(j.state)}</code>`
        : changes.length === 0
          ? html`<span class="muted">${j.state === undefined ? "" : "no change"}</span>`
          : html`<ul>${changes.map(
              (c) =>
                html`<li class="${c.kind}"><code>${c.path}</code> ${c.kind === "added" ? html`= <code>${pretty(c.after)}</code>` : c.kind === "removed" ? html`removed (was <code>${pretty(c.before)}</code>)` : html`<code>${pretty(c.before)}</code> → <code>${pretty(c.after)}</code>`}</li>`,
            )}</ul>`
    }
${j.placement ? html`<p>placed on <b>${j.placement.domain}</b>: ${j.placement.why}</p>` : ""}
${issues.length > 0 ? html`<ul class="issues">${issues.map((i) => html`<li class="issue"><code>${i.path}</code> ${i.code}: expected ${i.expected}, got <code>${pretty(i.value)}</code></li>`)}</ul>` : ""}
${j.detail !== undefined && issues.length === 0 ? html`<details><summary>detail</summary><pre>${pretty(j.detail)}</pre></details>` : ""}</td></tr>`;
  });
}

function effectsTable(effects: readonly EffectAttempt[]): Html {
  if (effects.length === 0) return html`<p class="muted">No effect has run.</p>`;
  return html`<table><tr><th>idempotency key</th><th>attempt</th><th>domain</th><th>effect</th><th>result</th><th>recorded</th></tr>${effects.map(
    (
      e,
    ) => html`<tr class="effect"><td><code>${e.key}</code></td><td>${e.key.split(":").pop()}</td><td>${e.domain ?? ""}</td><td><pre>${pretty(e.effect)}</pre></td>
<td>${e.error ? html`<span class="issue">${e.error}</span>` : html`<pre>${pretty(e.result)}</pre>`}</td><td>${e.recordedAt?.toISOString() ?? (e.recorded ? "yes" : "running")}</td></tr>`,
  )}</table>`;
}

const num = (n: number | undefined, digits = 3) => (n === undefined ? "" : n.toFixed(digits));

/** Each placed effect: who chose its domain and why, and every candidate the placer weighed. */
function placements(journal: readonly JournalEntry[]): Html {
  const placed = journal.filter((j): j is JournalEntry & { placement: PlacementRecord } => !!j.placement);
  if (placed.length === 0) return html`<p class="muted">No effect has been placed yet.</p>`;
  return html`${placed.map((j) => {
    const p = j.placement;
    return html`<div class="placement" data-node="${j.node}" data-seq="${j.seq}"><h3>${j.node} → <b>${p.domain}</b></h3>
<p>${p.by === "placer" ? html`placed by the optimizer under strategy <b>${p.strategy ?? "?"}</b>` : html`domain from the ${p.by === "fixed" ? "node's fixed policy" : p.by === "parameter" ? "input" : "definition's default"}`}: <span class="why">${p.why}</span></p>
${
  p.candidates && p.candidates.length > 0
    ? html`<table class="candidates"><tr><th>domain</th><th>outcome</th><th>why</th><th>priority</th><th>latency</th><th>cost</th><th>score</th><th>est. cost</th><th>est. latency</th><th>reliability</th></tr>${p.candidates.map(
        (c) =>
          html`<tr data-domain="${c.domain}" data-outcome="${c.outcome}" class="${c.outcome === "chosen" ? "chosen" : "lost"}"><td>${c.domain}</td><td>${c.outcome}</td><td>${c.reason}</td>
<td>${num(c.subScores?.priority)}</td><td>${num(c.subScores?.latency)}</td><td>${num(c.subScores?.cost)}</td><td><b>${num(c.total)}</b></td><td>${c.cost}</td><td>${c.latencyMs} ms</td><td>${num(c.reliability, 1)}</td></tr>`,
      )}</table>${p.omitted ? html`<p class="muted">${p.omitted} more candidates not kept.</p>` : ""}`
    : ""
}</div>`;
  })}<p class="muted">Sub-scores are the strategy's weighted terms: priority, latency (1 − decades above the fastest) and cost (1 − decades above the cheapest); the highest total wins.</p>`;
}

function actionButtons(inst: Instance, token: string, csrf: string): Html {
  const form = (action: "cancel" | "retry", label: string) =>
    html`<form class="action" method="post" action="/actions/${action}${query({ token })}"><input type="hidden" name="id" value="${inst.id}"><input type="hidden" name="csrf" value="${csrf}"><button id="${action}">${label}</button></form>`;
  if (inst.status === "running") return html`<div class="actions">${form("cancel", "Cancel instance")}</div>`;
  if (inst.status === "failed" && !inst.branch)
    return html`<div class="actions">${form("retry", `Retry from node ${inst.node}`)}</div>`;
  return new Html("");
}
