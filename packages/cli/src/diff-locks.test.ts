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
      /^::error file=src\/flow.ts,title=input schema Input.amount::/m,
    );
    expect(JSON.parse(renderReport(report, "json")).unacknowledged).toBe(1);
  });
});
