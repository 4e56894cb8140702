/** Compares two lock files entry by entry: renames by id, changes by role, acknowledgments. */
import { diffTypeExprs, type SchemaDiff, type SchemaRole } from "@causality/schema";
import type { Ack } from "./acks.js";
import type { LockEntry, LockFile } from "./lock.js";

export type EntryStatus = "added" | "removed" | "renamed" | "changed";

export interface EntryDiff {
  readonly key: string;
  readonly status: EntryStatus;
  readonly renamedFrom?: string;
  readonly oldId?: string;
  readonly newId?: string;
  readonly diffs: readonly SchemaDiff[];
  readonly breaking: boolean;
  readonly acknowledged: boolean;
  /** Why an acknowledgment did not count (e.g. a state change without a migration). */
  readonly note?: string;
}

export interface LockDiff {
  readonly entries: readonly EntryDiff[];
  /** Breaking changes not covered by an acknowledgment. */
  readonly unacknowledged: number;
}

export function diffLocks(base: LockFile, head: LockFile, acks: readonly Ack[]): LockDiff {
  const entries: EntryDiff[] = [];
  const oldKeys = Object.keys(base.schemas);
  const newKeys = Object.keys(head.schemas);
  const removed = oldKeys.filter((k) => !(k in head.schemas));
  const added = newKeys.filter((k) => !(k in base.schemas));

  for (const key of newKeys) {
    const before = base.schemas[key];
    const after = head.schemas[key]!;
    if (!before || before.id === after.id) continue;
    entries.push(judge(key, before, after, acks));
  }
  for (const key of added) {
    const after = head.schemas[key]!;
    const from = removed.find((k) => base.schemas[k]!.id === after.id);
    if (from !== undefined) {
      removed.splice(removed.indexOf(from), 1);
      entries.push({
        key,
        status: "renamed",
        renamedFrom: from,
        oldId: after.id,
        newId: after.id,
        diffs: [],
        breaking: false,
        acknowledged: false,
      });
    } else {
      entries.push({
        key,
        status: "added",
        newId: after.id,
        diffs: [],
        breaking: false,
        acknowledged: false,
      });
    }
  }
  for (const key of removed) {
    const before = base.schemas[key]!;
    const ack = acks.find((a) => a.schema === key && a.from === before.id);
    entries.push({
      key,
      status: "removed",
      oldId: before.id,
      diffs: [],
      breaking: true,
      acknowledged: ack !== undefined,
    });
  }
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { entries, unacknowledged: entries.filter((e) => e.breaking && !e.acknowledged).length };
}

function judge(key: string, before: LockEntry, after: LockEntry, acks: readonly Ack[]): EntryDiff {
  const roles: SchemaRole[] =
    after.roles.length > 0 ? [...after.roles] : before.roles.length > 0 ? [...before.roles] : ["input"];
  const root = key.slice(key.lastIndexOf("#") + 1) || "$";
  const diffs = roles.map((role) => diffTypeExprs(before.expr, after.expr, role, root));
  const breaking = diffs.some((d) => d.breaking);
  const ack = acks.find((a) => a.schema === key && a.from === before.id && a.to === after.id);
  const needsMigration = diffs.some((d) => d.role === "state" && d.breaking);
  let acknowledged = ack !== undefined;
  let note: string | undefined;
  if (ack && needsMigration && ack.migration === undefined) {
    acknowledged = false;
    note = "a breaking state change needs a declared migration in its acknowledgment";
  }
  const entry = {
    key,
    status: "changed" as const,
    oldId: before.id,
    newId: after.id,
    diffs,
    breaking,
    acknowledged,
  };
  return note === undefined ? entry : { ...entry, note };
}
