/**
 * Renders a lock diff as text (terminal), JSON, Markdown (PR comment) or GitHub annotations.
 * Text and Markdown carry the full ids of every change (to copy into an acknowledgment, or to run
 * the `causality ack` line printed under a breaking entry); annotations carry the file and line of
 * the type's declaration and the before/after of the change.
 */
import type { SchemaChange } from "@causality/schema";
import type { Ack } from "../acks.js";
import type { EntryDiff, LockDiff } from "../diff-locks.js";
import { declarationLine } from "./locate.js";

export type ReportFormat = "text" | "json" | "markdown" | "github";
export const FORMATS: readonly ReportFormat[] = ["text", "json", "markdown", "github"];

export interface ReportContext {
  /** Where lock keys' files are (the project root), to find declarations for annotations. */
  readonly root: string;
  /** The `--base` the diff ran with, for the `causality ack` command it suggests. */
  readonly base?: string;
  /** The acknowledgments file, named by stale-acknowledgment annotations. */
  readonly acksFile?: string;
}

export function renderReport(
  report: LockDiff,
  format: ReportFormat,
  context: ReportContext = { root: "." },
): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "markdown":
      return markdown(report);
    case "github":
      return github(report, context);
    case "text":
      return text(report, context);
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
      return "changed";
  }
}

/** `from -> to` with both ids in full. */
function ids(e: EntryDiff): string {
  if (e.status === "changed") return `${e.oldId} -> ${e.newId}`;
  return e.oldId ?? e.newId ?? "";
}

const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

function ackHint(e: EntryDiff, base: string | undefined): string {
  const migration = e.diffs.some((d) => d.role === "state" && d.breaking) ? " --migration <file>" : "";
  return `causality ack ${quote(e.key)}${base === undefined ? "" : ` --base ${quote(base)}`} --reason '…'${migration}`;
}

function staleLine(a: Ack): string {
  return `${a.schema} ${a.from} -> ${a.to ?? "(removed)"}`;
}

function text(report: LockDiff, context: ReportContext): string {
  const lines: string[] = [];
  if (report.entries.length === 0) lines.push("No schema changes.");
  for (const e of report.entries) {
    lines.push(`${verdict(e).padEnd(12)} ${e.key}  ${describeEntry(e)}`);
    lines.push(`  ids: ${ids(e)}`);
    for (const { role, change } of changesOf(e)) {
      const mark = change.breaking ? "✗" : "·";
      const types =
        change.before || change.after ? `  (${change.before ?? "—"} -> ${change.after ?? "—"})` : "";
      lines.push(`  ${mark} [${role}] ${change.path}: ${change.message}${types}`);
      if (change.note) lines.push(`      note: ${change.note}`);
    }
    if (e.note) lines.push(`  ! ${e.note}`);
    if (e.breaking && !e.acknowledged) lines.push(`  acknowledge with: ${ackHint(e, context.base)}`);
  }
  for (const a of report.staleAcks) {
    lines.push(`stale acknowledgment (matches no change; remove it): ${staleLine(a)}`);
  }
  if (report.entries.length > 0) {
    const breaking = report.entries.filter((e) => e.breaking).length;
    lines.push(
      "",
      `${report.entries.length} changed schema(s), ${breaking} breaking, ${report.unacknowledged} unacknowledged${report.policy === "strict" ? " (strict optional-field policy)" : ""}.`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function markdown(report: LockDiff): string {
  const stale = report.staleAcks.map(
    (a) => `- stale acknowledgment (matches no change): \`${staleLine(a)}\``,
  );
  if (report.entries.length === 0)
    return [
      "### Causality schema diff",
      "",
      "No schema changes.",
      ...(stale.length ? ["", ...stale] : []),
      "",
    ].join("\n");
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const rows = report.entries.flatMap((e) => {
    const changes = changesOf(e);
    if (changes.length === 0) return [`| ${verdict(e)} | \`${cell(e.key)}\` | | ${cell(describeEntry(e))} |`];
    return changes.map(
      ({ role, change }) =>
        `| ${change.breaking ? verdict(e) : "ok"} | \`${cell(e.key)}\` (${role}) | \`${cell(change.path)}\` | ${cell(change.message)}${change.before || change.after ? `: \`${cell(change.before ?? "—")}\` → \`${cell(change.after ?? "—")}\`` : ""}${change.note ? ` (${cell(change.note)})` : ""} |`,
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
    "<details><summary>ids</summary>",
    "",
    ...report.entries.map((e) => `- \`${cell(e.key)}\`: \`${ids(e)}\``),
    "",
    "</details>",
    ...(stale.length ? ["", ...stale] : []),
    "",
  ].join("\n");
}

/** Workflow commands: one annotation per breaking change, on the line that declares the type. */
function github(report: LockDiff, context: ReportContext): string {
  const esc = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const prop = (s: string) => esc(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const lines: string[] = [];
  for (const e of report.entries) {
    const file = e.key.includes("#") ? e.key.slice(0, e.key.lastIndexOf("#")) : e.key;
    const line = declarationLine(context.root, e.key);
    const where = `file=${prop(file)}${line === undefined ? "" : `,line=${line}`}`;
    const level = e.breaking && !e.acknowledged ? "error" : e.breaking ? "warning" : "notice";
    const changes = changesOf(e).filter(({ change }) => change.breaking || level === "notice");
    if (changes.length === 0) {
      lines.push(
        `::${level} ${where},title=${prop(`schema ${e.key}`)}::${esc(`${describeEntry(e)} (${ids(e)})`)}`,
      );
    }
    for (const { role, change } of changes) {
      const beforeAfter =
        change.before || change.after
          ? ` (before: ${change.before ?? "—"}; after: ${change.after ?? "—"})`
          : "";
      lines.push(
        `::${level} ${where},title=${prop(`${role} schema ${change.path}`)}::${esc(`${change.message}${beforeAfter}; ids ${ids(e)}`)}`,
      );
    }
  }
  for (const a of report.staleAcks) {
    lines.push(
      `::warning file=${prop(context.acksFile ?? "schema.acks.json")},title=stale acknowledgment::${esc(`matches no change: ${staleLine(a)}`)}`,
    );
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
