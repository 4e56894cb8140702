/**
 * Compares two lock files entry by entry: renames by id, changes by role, acknowledgments.
 *
 * Entries live in Maps (a key named `toString` or `__proto__` is an ordinary key). A key that
 * disappeared while another with the same id appeared is a rename only when the pairing is
 * unambiguous: within one file when that file has exactly one of each, else across files when the
 * id has exactly one of each left; structurally identical types in unrelated files are otherwise
 * reported as removed and added.
 */
import { diffTypeExprs, type OptionalFieldPolicy, type SchemaDiff, type SchemaRole } from "@causality/schema";
import { type Ack, covers } from "./acks.js";
import { type LockEntry, type LockFile, lockEntries } from "./lock.js";

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
  /** The optional-field policy the changes were judged by. */
  readonly policy: OptionalFieldPolicy;
  readonly entries: readonly EntryDiff[];
  /** Breaking changes not covered by an acknowledgment. */
  readonly unacknowledged: number;
  /** Acknowledgments that match no change of this diff (left over from an earlier change). */
  readonly staleAcks: readonly Ack[];
}

const fileOf = (key: string) => (key.includes("#") ? key.slice(0, key.lastIndexOf("#")) : key);

export function diffLocks(
  base: LockFile,
  head: LockFile,
  acks: readonly Ack[],
  policy: OptionalFieldPolicy = "contract",
): LockDiff {
  const before = lockEntries(base);
  const after = lockEntries(head);
  const entries: EntryDiff[] = [];
  for (const [key, entry] of after) {
    const old = before.get(key);
    if (old && old.id !== entry.id) entries.push(judge(key, old, entry, acks, policy));
  }
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const added = [...after.keys()].filter((k) => !before.has(k));
  const renames = pairRenames(removed, added, before, after);
  const renamedFrom = new Set(renames.values());
  for (const key of added) {
    const id = after.get(key)!.id;
    const from = renames.get(key);
    const common = { key, newId: id, diffs: [], breaking: false, acknowledged: false };
    entries.push(
      from === undefined
        ? { ...common, status: "added" }
        : { ...common, status: "renamed", renamedFrom: from, oldId: id },
    );
  }
  for (const key of removed) {
    if (renamedFrom.has(key)) continue;
    const oldId = before.get(key)!.id;
    const ack = acks.some((a) => covers(a, key, oldId, undefined));
    entries.push({ key, status: "removed", oldId, diffs: [], breaking: true, acknowledged: ack });
  }
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const staleAcks = acks.filter(
    (a) =>
      !entries.some(
        (e) =>
          e.oldId !== undefined && covers(a, e.key, e.oldId, e.status === "removed" ? undefined : e.newId),
      ),
  );
  return {
    policy,
    entries,
    unacknowledged: entries.filter((e) => e.breaking && !e.acknowledged).length,
    staleAcks,
  };
}

/** New key -> old key, for the renames that are unambiguous (see the header). */
function pairRenames(
  removed: readonly string[],
  added: readonly string[],
  before: ReadonlyMap<string, LockEntry>,
  after: ReadonlyMap<string, LockEntry>,
): Map<string, string> {
  const group = (keys: readonly string[], lock: ReadonlyMap<string, LockEntry>) => {
    const byId = new Map<string, string[]>();
    for (const k of keys) {
      const id = lock.get(k)!.id;
      byId.set(id, [...(byId.get(id) ?? []), k]);
    }
    return byId;
  };
  const gone = group(removed, before);
  const pairs = new Map<string, string>();
  for (const [id, news] of group(added, after)) {
    const olds = gone.get(id);
    if (!olds) continue;
    const left = { olds: [...olds], news: [] as string[] };
    for (const k of news) {
      const sameFile = (o: string) => fileOf(o) === fileOf(k);
      const candidates = olds.filter(sameFile);
      if (candidates.length === 1 && news.filter((n) => fileOf(n) === fileOf(k)).length === 1) {
        pairs.set(k, candidates[0]!);
        left.olds.splice(left.olds.indexOf(candidates[0]!), 1);
      } else left.news.push(k);
    }
    if (left.olds.length === 1 && left.news.length === 1) pairs.set(left.news[0]!, left.olds[0]!);
  }
  return pairs;
}

function judge(
  key: string,
  before: LockEntry,
  after: LockEntry,
  acks: readonly Ack[],
  policy: OptionalFieldPolicy,
): EntryDiff {
  const roles: SchemaRole[] =
    after.roles.length > 0 ? [...after.roles] : before.roles.length > 0 ? [...before.roles] : ["input"];
  const root = key.slice(key.lastIndexOf("#") + 1) || "$";
  const diffs = roles.map((role) => diffTypeExprs(before.expr, after.expr, role, root, policy));
  const breaking = diffs.some((d) => d.breaking);
  const ack = acks.find((a) => covers(a, key, before.id, after.id));
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
