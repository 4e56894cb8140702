/** Renders a lock diff as text (terminal), JSON, Markdown (PR comment) or GitHub annotations. */
import type { SchemaChange } from "@causality/schema";
import type { EntryDiff, LockDiff } from "../diff-locks.js";

export type ReportFormat = "text" | "json" | "markdown" | "github";
export const FORMATS: readonly ReportFormat[] = ["text", "json", "markdown", "github"];

export function renderReport(report: LockDiff, format: ReportFormat): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "markdown":
      return markdown(report);
    case "github":
      return github(report);
    case "text":
      return text(report);
  }
}

function verdict(e: EntryDiff): string {
  if (!e.breaking) return "ok";
  return e.acknowledged ? "acknowledged" : "BREAKING";
}

function changesOf(e: EntryDiff): { role: string; change: SchemaChange }[] {
  return e.diffs.flatMap((d) => d.changes.map((change) => ({ role: d.role, change })));
}

function describeEntry(e: EntryDiff): string {
  switch (e.status) {
    case "added":
      return "added";
    case "removed":
      return "removed";
    case "renamed":
      return `renamed from ${e.renamedFrom} (same structure, same id)`;
    case "changed":
      return `changed ${short(e.oldId)} -> ${short(e.newId)}`;
  }
}

const short = (id: string | undefined) => (id ? `${id.slice(0, 10)}…` : "?");

function text(report: LockDiff): string {
  if (report.entries.length === 0) return "No schema changes.\n";
  const lines: string[] = [];
  for (const e of report.entries) {
    lines.push(`${verdict(e).padEnd(12)} ${e.key}  ${describeEntry(e)}`);
    for (const { role, change } of changesOf(e)) {
      const mark = change.breaking ? "✗" : "·";
      const types =
        change.before || change.after ? `  (${change.before ?? "—"} -> ${change.after ?? "—"})` : "";
      lines.push(`  ${mark} [${role}] ${change.path}: ${change.message}${types}`);
    }
    if (e.note) lines.push(`  ! ${e.note}`);
  }
  const breaking = report.entries.filter((e) => e.breaking).length;
  lines.push(
    "",
    `${report.entries.length} changed schema(s), ${breaking} breaking, ${report.unacknowledged} unacknowledged.`,
  );
  return `${lines.join("\n")}\n`;
}

function markdown(report: LockDiff): string {
  if (report.entries.length === 0) return "### Causality schema diff\n\nNo schema changes.\n";
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const rows = report.entries.flatMap((e) => {
    const changes = changesOf(e);
    if (changes.length === 0) return [`| ${verdict(e)} | \`${e.key}\` | | ${cell(describeEntry(e))} |`];
    return changes.map(
      ({ role, change }) =>
        `| ${change.breaking ? verdict(e) : "ok"} | \`${e.key}\` (${role}) | \`${cell(change.path)}\` | ${cell(change.message)}${change.before || change.after ? `: \`${cell(change.before ?? "—")}\` → \`${cell(change.after ?? "—")}\`` : ""} |`,
    );
  });
  return [
    "### Causality schema diff",
    "",
    `${report.entries.length} changed schema(s), **${report.unacknowledged} unacknowledged breaking**.`,
    "",
    "| verdict | schema | path | change |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

/** Workflow commands: one annotation per breaking change, on the file that declares the type. */
function github(report: LockDiff): string {
  const esc = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const prop = (s: string) => esc(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const lines: string[] = [];
  for (const e of report.entries) {
    const file = e.key.includes("#") ? e.key.slice(0, e.key.indexOf("#")) : e.key;
    const level = e.breaking && !e.acknowledged ? "error" : e.breaking ? "warning" : "notice";
    const changes = changesOf(e).filter(({ change }) => change.breaking || level === "notice");
    if (changes.length === 0) {
      lines.push(`::${level} file=${prop(file)},title=${prop(`schema ${e.key}`)}::${esc(describeEntry(e))}`);
    }
    for (const { role, change } of changes) {
      lines.push(
        `::${level} file=${prop(file)},title=${prop(`${role} schema ${change.path}`)}::${esc(change.message)}`,
      );
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
