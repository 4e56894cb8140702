/** The inspector's pages: data in, `Html` out (no I/O here; the server reads, these render). */
import {
  type DataflowSpec,
  type DefinitionListRow,
  type InstanceListRow,
  LIST_STATUSES,
  type ListStatus,
} from "@causality/runtime";
import { printTypeExpr, type SchemaDiff, type TypeExpr, toJSONSchema } from "@causality/schema";
import { mermaid } from "../commands/graph.js";
import { graphSvg } from "./graph-svg.js";
import { Html, html, link, pretty, query } from "./html.js";
import type { SchemaUse } from "./schema-lookup.js";

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:10px 20px;display:flex;gap:18px;align-items:center}
header a{color:#cfe0ff;text-decoration:none}header b{margin-right:12px}
main{padding:16px 20px;max-width:1200px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #e3e6ea;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600}code,pre{font:12px/1.4 ui-monospace,monospace}pre{background:#fff;border:1px solid #e3e6ea;padding:8px;overflow:auto;max-height:420px}
.status{padding:1px 7px;border-radius:9px;font-size:12px}.running{background:#dbeafe}.completed{background:#dcfce7}.failed{background:#fee2e2}.waiting{background:#fef3c7}
.counts a{margin-right:14px}.muted{color:#6b7280}.added{color:#166534}.removed{color:#991b1b}.changed{color:#92400e}
svg.graph rect{fill:#fff;stroke:#94a3b8;stroke-width:1.5}svg.graph .visited rect{fill:#eef6ff}svg.graph .current rect{fill:#fde68a;stroke:#b45309;stroke-width:3}
svg.graph text{text-anchor:middle;font-size:12px}svg.graph .title{font-weight:600}svg.graph .sub{fill:#475569;font-size:11px}
svg.graph .edge path{fill:none;stroke:#94a3b8;stroke-width:1.5}svg.graph .edge.taken path{stroke:#2563eb;stroke-width:3}svg.graph .edge text{text-anchor:start;fill:#334155;font-size:11px}
svg.graph marker path{fill:#94a3b8}form.inline{display:flex;gap:8px;align-items:end;margin:8px 0 14px}label{display:flex;flex-direction:column;font-size:12px}
.issue{color:#991b1b}section{margin-bottom:22px}h2{font-size:17px;margin:18px 0 8px}h3{font-size:15px;margin:12px 0 4px}
table.candidates tr.chosen{background:#ecfdf5}table.candidates tr.lost td{color:#475569}.notice{background:#e0f2fe;border:1px solid #7dd3fc;padding:6px 10px}
.actions{display:flex;gap:8px;margin:6px 0 12px}.actions button{padding:4px 12px}
`;

export function layout(title: string, body: Html, token: string, nonce: string, live?: string): Html {
  const t = (path: string) => `${path}${path.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}`;
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · causality</title>
<meta name="referrer" content="same-origin"><style>${new Html(STYLE)}</style></head><body>
<header><b>causality inspector</b><a href="${t("/")}">Definitions</a><a href="${t("/instances")}">Instances</a><a href="${t("/schemas")}">Schemas</a></header>
<main>${body}</main>${live ? html`<script nonce="${nonce}">${new Html(liveScript(live, token))}</script>` : ""}</body></html>`;
}

/**
 * Reloads the page when the instance moves (server-sent events; the stamp is the version and
 * status). A submitted action form stops listening first: its own change would otherwise reload
 * the old page over the action's answer (the notice of what was done).
 */
function liveScript(id: string, token: string): string {
  const url = JSON.stringify(`/events${query({ id, token })}`);
  return `(()=>{const s=new EventSource(${url.replace(/</g, "\\u003c")});document.addEventListener("submit",()=>s.close());s.addEventListener("moved",()=>{s.close();location.reload();});})();`;
}

export function definitionsPage(
  defs: readonly DefinitionListRow[],
  specs: ReadonlyMap<string, DataflowSpec>,
  token: string,
): Html {
  if (defs.length === 0)
    return html`<h1>Definitions</h1><p class="muted">No dataflow has run on this store yet.</p>`;
  const byName = new Map<string, DefinitionListRow[]>();
  for (const d of defs) byName.set(d.name, [...(byName.get(d.name) ?? []), d]);
  return html`<h1>Definitions</h1>${[...byName].map(([name, versions]) => {
    const latest = versions[versions.length - 1]!;
    const spec = specs.get(latest.id);
    return html`<section class="definition" data-name="${name}"><h2>${name}</h2>
<table><tr><th>version</th><th>definition id</th><th>registered</th><th>instances</th><th>input</th><th>output</th><th>state</th></tr>
${versions.map(
  (
    d,
    i,
  ) => html`<tr><td>${i + 1}</td><td><code>${d.id.slice(0, 18)}…</code></td><td>${d.registeredAt.toISOString()}</td>
<td>${link(token, "/instances", { definition: d.id }, String(d.instances))}</td>
${(["input", "output", "state"] as const).map((r) => html`<td>${link(token, "/schema", { id: d.schemaIds[r] }, html`<code>${d.schemaIds[r].slice(0, 12)}…</code>`)}</td>`)}</tr>`,
)}</table>
${spec ? html`<p>${graphSvg(spec)}</p><details><summary>Mermaid (as <code>causality graph</code> prints it)</summary><pre>${mermaid(spec)}</pre></details>` : ""}</section>`;
  })}`;
}

export function instancesPage(
  rows: readonly InstanceListRow[],
  counts: Readonly<Record<ListStatus, number>>,
  defs: readonly { readonly id: string; readonly name: string }[],
  filter: { status?: ListStatus; definition?: string; since?: string },
  next: string | undefined,
  token: string,
): Html {
  const total = counts.running + counts.completed + counts.failed;
  return html`<h1>Instances</h1>
<p class="counts">${link(token, "/instances", {}, `all ${total}`)}${LIST_STATUSES.map((s) =>
    link(
      token,
      "/instances",
      { status: s },
      html`<span class="status ${s}">${s}</span> <span data-count="${s}">${counts[s]}</span>`,
    ),
  )}</p>
<form class="inline" method="get" action="/instances"><input type="hidden" name="token" value="${token}">
<label>status<select name="status"><option value="">any</option>${LIST_STATUSES.map(
    (s) => html`<option value="${s}"${filter.status === s ? new Html(" selected") : ""}>${s}</option>`,
  )}</select></label>
<label>definition<select name="definition"><option value="">any</option>${defs.map(
    (d) =>
      html`<option value="${d.id}"${filter.definition === d.id ? new Html(" selected") : ""}>${d.name} ${d.id.slice(0, 10)}…</option>`,
  )}</select></label>
<label>changed since<input name="since" type="datetime-local" value="${filter.since ?? ""}"></label><button>Filter</button></form>
<table class="instances"><tr><th>instance</th><th>definition</th><th>status</th><th>node</th><th>version</th><th>changed</th></tr>
${rows.map(
  (
    r,
  ) => html`<tr data-instance="${r.id}"><td>${link(token, "/instance", { id: r.id }, html`<code>${r.id}</code>`)}</td><td>${r.name ?? "(unknown definition)"}</td>
<td><span class="status ${r.waiting ? "waiting" : r.status}">${r.waiting ? "waiting on an effect" : r.status}</span></td><td>${r.node}</td><td>${r.version}</td><td>${r.updatedAt.toISOString()}</td></tr>`,
)}</table>${rows.length === 0 ? html`<p class="muted">No instances match.</p>` : ""}
${next ? html`<p><a rel="next" href="${next}">Next page →</a></p>` : ""}`;
}

export function schemaLookupPage(token: string): Html {
  return html`<h1>Schemas</h1><form class="inline" method="get" action="/schema"><input type="hidden" name="token" value="${token}">
<label>schema id<input name="id" size="70" placeholder="0x…"></label><button>Show</button></form>
<h2>Diff two schemas</h2><form class="inline" method="get" action="/schema-diff"><input type="hidden" name="token" value="${token}">
<label>old id<input name="a" size="40"></label><label>new id<input name="b" size="40"></label>
<label>role<select name="role"><option>input</option><option>output</option><option>state</option></select></label><button>Diff</button></form>`;
}

export function schemaPage(
  id: string,
  found: { expr: TypeExpr; uses: readonly SchemaUse[] } | undefined,
  token: string,
): Html {
  if (!found)
    return html`<h1>Schema <code>${id}</code></h1><p class="muted">No definition in this store uses this id.</p>${schemaLookupPage(token)}`;
  return html`<h1>Schema <code>${id}</code></h1>
<h2>TypeScript</h2><pre id="typescript">${printTypeExpr(found.expr)}</pre>
<h2>Used by</h2><ul>${found.uses.map((u) => html`<li>${u.role} of ${link(token, "/instances", { definition: u.definitionId }, u.name)} <code>${u.definitionId.slice(0, 14)}…</code></li>`)}</ul>
<h2>JSON Schema</h2><pre>${pretty(toJSONSchema(found.expr))}</pre>
<details><summary>TypeExpr</summary><pre>${pretty(found.expr)}</pre></details>`;
}

export function diffPage(diff: SchemaDiff): Html {
  return html`<h1>${diff.role} schema diff</h1><p><code>${diff.oldId}</code> → <code>${diff.newId}</code>:
<b class="${diff.breaking ? "issue" : ""}" id="verdict">${diff.direction === "equal" ? "equal" : diff.breaking ? `BREAKING (${diff.direction})` : `compatible (${diff.direction})`}</b></p>
<table><tr><th>path</th><th>change</th><th>verdict</th><th>before</th><th>after</th></tr>${diff.changes.map(
    (c) =>
      html`<tr class="change"><td><code>${c.path}</code></td><td>${c.message}</td><td>${c.breaking ? "breaking" : "ok"}</td><td><code>${c.before ?? ""}</code></td><td><code>${c.after ?? ""}</code></td></tr>`,
  )}</table>`;
}

export function errorPage(status: number, message: string): Html {
  return html`<h1>${status}</h1><p>${message}</p>`;
}
