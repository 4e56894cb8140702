import { t } from "@causality/schema";
import { describe, expect, it } from "vitest";
import { diffLocks } from "./diff-locks.js";
import type { CliError } from "./errors.js";
import { renderReport } from "./format/report.js";
import { createLock, lockEntry, parseLock, serializeLock } from "./lock.js";

const input = (amount = t.u64()) => t.record({ sender: t.string(), amount });
const state = (status = t.union(t.literal("open"), t.literal("done"))) => t.record({ status });

/** The one-line message a user sees for the error `fn` throws. */
function errorLine(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as CliError).format();
  }
  throw new Error("expected an error");
}

const base = createLock([
  ["src/flow.ts#Input", lockEntry(input(), ["input"])],
  ["src/flow.ts#State", lockEntry(state(), ["state"])],
  ["src/old.ts#Payment", lockEntry(t.record({ to: t.string() }), [])],
]);

describe("lock files", () => {
  it("serialize sorted and parse back to the same bytes", () => {
    const text = serializeLock(base);
    expect(serializeLock(parseLock(text, "schema.lock.json"))).toBe(text);
    expect(Object.keys(JSON.parse(text).schemas)).toEqual([...Object.keys(base.schemas)].sort());
  });

  it("reject an id that does not match its TypeExpr, naming the entry", () => {
    const json = JSON.parse(serializeLock(base));
    json.schemas["src/flow.ts#Input"].id = `0x${"0".repeat(64)}`;
    expect(errorLine(() => parseLock(JSON.stringify(json), "lock.json"))).toMatch(
      /^causality: CLI3004_BAD_LOCK: lock.json \$\.schemas\["src\/flow.ts#Input"\]\.id: id 0x0+ does not match/,
    );
  });

  it("reject a malformed TypeExpr with the JSON path inside it", () => {
    const json = JSON.parse(serializeLock(base));
    json.schemas["src/flow.ts#State"].expr.fields[0].type = { kind: "strng" };
    expect(errorLine(() => parseLock(JSON.stringify(json), "lock.json"))).toMatch(
      /lock.json \$\.schemas\["src\/flow.ts#State"\]\.expr\.fields\[0\]\.type\.kind: CX1002_UNKNOWN_KIND/,
    );
  });
});

describe("diffLocks", () => {
  it("treats a rename with the same structure as no change", () => {
    const head = createLock([
      ["src/flow.ts#Input", lockEntry(input(), ["input"])],
      ["src/flow.ts#State", lockEntry(state(), ["state"])],
      ["src/new.ts#Transfer", lockEntry(t.record({ to: t.string() }), [])],
    ]);
    const report = diffLocks(base, head, []);
    expect(report.entries).toMatchObject([
      { key: "src/new.ts#Transfer", status: "renamed", renamedFrom: "src/old.ts#Payment" },
    ]);
    expect(report.unacknowledged).toBe(0);
  });

  it("flags a narrowed input until it is acknowledged by its exact ids", () => {
    const head = createLock([
      ...Object.entries(base.schemas),
      ["src/flow.ts#Input", lockEntry(input(t.u32()), ["input"])],
    ]);
    const report = diffLocks(base, head, []);
    expect(report.unacknowledged).toBe(1);
    const from = base.schemas["src/flow.ts#Input"]!.id;
    const to = head.schemas["src/flow.ts#Input"]!.id;
    const acked = diffLocks(base, head, [
      { schema: "src/flow.ts#Input", from, to, reason: "smaller amounts" },
    ]);
    expect(acked.unacknowledged).toBe(0);
    const stale = diffLocks(base, head, [
      { schema: "src/flow.ts#Input", from, to: from, reason: "other change" },
    ]);
    expect(stale.unacknowledged).toBe(1);
  });

  it("requires a migration to acknowledge a breaking state change", () => {
    const head = createLock([
      ...Object.entries(base.schemas),
      ["src/flow.ts#State", lockEntry(state(t.literal("open")), ["state"])],
    ]);
    const from = base.schemas["src/flow.ts#State"]!.id;
    const to = head.schemas["src/flow.ts#State"]!.id;
    const withoutMigration = diffLocks(base, head, [{ schema: "src/flow.ts#State", from, to, reason: "x" }]);
    expect(withoutMigration.unacknowledged).toBe(1);
    expect(withoutMigration.entries[0]!.note).toMatch(/migration/);
    const withMigration = diffLocks(base, head, [
      { schema: "src/flow.ts#State", from, to, reason: "x", migration: "m1" },
    ]);
    expect(withMigration.unacknowledged).toBe(0);
  });

  it("renders every format", () => {
    const head = createLock([
      ...Object.entries(base.schemas),
      ["src/flow.ts#Input", lockEntry(input(t.u32()), ["input"])],
    ]);
    const report = diffLocks(base, head, []);
    expect(renderReport(report, "text")).toMatch(/BREAKING\s+src\/flow.ts#Input[\s\S]*Input\.amount/);
    expect(renderReport(report, "markdown")).toMatch(
      /\| BREAKING \| `src\/flow.ts#Input` \(input\) \| `Input.amount` \|/,
    );
    expect(renderReport(report, "github")).toMatch(
      /^::error file=src\/flow.ts,title=input schema Input.amount::type changed \(narrowed\) \(before: u64; after: u32\); ids 0x/m,
    );
    expect(JSON.parse(renderReport(report, "json")).unacknowledged).toBe(1);
  });
});

describe("lock keys named like Object.prototype members", () => {
  const entry = lockEntry(t.record({ a: t.string() }), ["input"]);
  const other = lockEntry(t.record({ b: t.string() }), ["input"]);

  it("a base entry `toString` missing from head is a removal, not 'no changes'", () => {
    const report = diffLocks(createLock([["toString", entry]]), createLock([]), []);
    expect(report.entries).toMatchObject([{ key: "toString", status: "removed", breaking: true }]);
    expect(renderReport(report, "text")).not.toMatch(/No schema changes/);
  });

  it("a `__proto__` key survives parse and serialize, and is diffed like any other", () => {
    const text = serializeLock(
      createLock([
        ["__proto__", entry],
        ["constructor", entry],
      ]),
    );
    const parsed = parseLock(text, "lock.json");
    expect(Object.keys(parsed.schemas).sort()).toEqual(["__proto__", "constructor"]);
    expect(serializeLock(parsed)).toBe(text);
    const changed = parseLock(
      serializeLock(
        createLock([
          ["__proto__", other],
          ["constructor", entry],
        ]),
      ),
      "l",
    );
    expect(diffLocks(parsed, changed, []).entries).toMatchObject([{ key: "__proto__", status: "changed" }]);
    expect(diffLocks(createLock([]), parsed, []).entries.map((e) => [e.key, e.status])).toEqual([
      ["__proto__", "added"],
      ["constructor", "added"],
    ]);
  });
});

describe("renames", () => {
  const same = lockEntry(t.record({ to: t.string() }), []);

  it("pair within a file even when another file has an identical type", () => {
    const before = createLock([
      ["src/a.ts#Old", same],
      ["src/b.ts#Gone", same],
    ]);
    const after = createLock([
      ["src/a.ts#New", same],
      ["src/c.ts#Fresh", same],
    ]);
    const statuses = diffLocks(before, after, []).entries.map((e) => [e.key, e.status, e.renamedFrom]);
    // a.ts pairs inside the file; b.ts and c.ts are left one each, so that pairing is unambiguous too.
    expect(statuses).toEqual([
      ["src/a.ts#New", "renamed", "src/a.ts#Old"],
      ["src/c.ts#Fresh", "renamed", "src/b.ts#Gone"],
    ]);
  });

  it("never pair across files when the pairing is ambiguous", () => {
    const before = createLock([
      ["src/a.ts#One", same],
      ["src/b.ts#Two", same],
    ]);
    const after = createLock([["src/c.ts#Three", same]]);
    const statuses = diffLocks(before, after, []).entries.map((e) => [e.key, e.status]);
    expect(statuses).toEqual([
      ["src/a.ts#One", "removed"],
      ["src/b.ts#Two", "removed"],
      ["src/c.ts#Three", "added"],
    ]);
  });

  it("a type that moved files alone is still a rename", () => {
    const report = diffLocks(createLock([["src/a.ts#T", same]]), createLock([["src/b.ts#T", same]]), []);
    expect(report.entries).toMatchObject([
      { key: "src/b.ts#T", status: "renamed", renamedFrom: "src/a.ts#T" },
    ]);
  });
});

describe("acknowledgments", () => {
  it("an acknowledgment that matches no change is reported stale, in every format", () => {
    const from = base.schemas["src/flow.ts#Input"]!.id;
    const ack = { schema: "src/flow.ts#Input", from, to: `0x${"1".repeat(64)}`, reason: "old" };
    const report = diffLocks(base, base, [ack]);
    expect(report.staleAcks).toEqual([ack]);
    expect(renderReport(report, "text")).toContain(
      `stale acknowledgment (matches no change; remove it): src/flow.ts#Input ${from}`,
    );
    expect(renderReport(report, "markdown")).toContain("stale acknowledgment");
    expect(renderReport(report, "github")).toMatch(
      /^::warning file=schema.acks.json,title=stale acknowledgment::/m,
    );
  });

  it("text and markdown carry the full ids, and text the ack command", () => {
    const head = createLock([
      ...Object.entries(base.schemas),
      ["src/flow.ts#Input", lockEntry(input(t.u32()), ["input"])],
    ]);
    const from = base.schemas["src/flow.ts#Input"]!.id;
    const to = head.schemas["src/flow.ts#Input"]!.id;
    const report = diffLocks(base, head, []);
    const text = renderReport(report, "text", { root: ".", base: "origin/main" });
    expect(text).toContain(`ids: ${from} -> ${to}`);
    expect(text).toContain(
      "acknowledge with: causality ack 'src/flow.ts#Input' --base 'origin/main' --reason",
    );
    expect(renderReport(report, "markdown")).toContain(`\`${from} -> ${to}\``);
  });
});

describe("the optional-field policy through diffLocks", () => {
  it("an optional output field removed: ok by default (with a note), breaking under strict", () => {
    const out = (extra = {}) => lockEntry(t.record({ id: t.string(), ...extra }), ["output"]);
    const before = createLock([["src/a.ts#Out", out({ memo: t.optionalField(t.string()) })]]);
    const after = createLock([["src/a.ts#Out", out()]]);
    const lenient = diffLocks(before, after, []);
    expect(lenient).toMatchObject({ policy: "contract", unacknowledged: 0 });
    expect(renderReport(lenient, "text")).toMatch(
      /^ok\s+src\/a.ts#Out[\s\S]*note: compatible under the default policy/m,
    );
    const strict = diffLocks(before, after, [], "strict");
    expect(strict).toMatchObject({ policy: "strict", unacknowledged: 1 });
    expect(renderReport(strict, "text")).toMatch(
      /BREAKING\s+src\/a.ts#Out[\s\S]*✗ \[output\] Out.memo: field "memo" removed/,
    );
  });
});
