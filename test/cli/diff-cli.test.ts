/**
 * `causality diff` and `causality ack` through the CLI's entry point (in process, on lock files in a
 * temporary directory): config errors, hostile acknowledgment files, one-line errors, the ack
 * command's round trip, stale acknowledgments and annotations with file and line.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TypeExpr, t } from "@causality/schema";
import { afterAll, describe, expect, it } from "vitest";
import { createLock, lockEntry, serializeLock } from "../../packages/cli/src/lock.js";
import { runInProcess } from "./temp-project.js";

const dir = mkdtempSync(join(tmpdir(), "causality-diff-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
const lockOf = (entries: [string, TypeExpr, ("input" | "output" | "state")[]][]) =>
  serializeLock(createLock(entries.map(([k, e, r]) => [k, lockEntry(e, r)])));

const cli = (...args: string[]) => runInProcess(dir, args);
const record = (extra = {}) => t.record({ id: t.string(), ...extra });
write("src.ts", "export interface Order {\n  id: string;\n}\n\nexport type Out = { id: string };\n");
write(
  "old.json",
  lockOf([
    ["src.ts#Order", record({ n: t.u64() }), ["input"]],
    ["src.ts#Out", record({ extra: t.optionalField(t.string()) }), ["output"]],
  ]),
);
write(
  "new.json",
  lockOf([
    ["src.ts#Order", record({ n: t.u32() }), ["input"]],
    ["src.ts#Out", record(), ["output"]],
  ]),
);
const diff = (...more: string[]) =>
  cli("diff", "--base", "old.json", "--head", "new.json", "--acks", "acks.json", ...more);

describe("causality.config.json is read strictly", () => {
  const cases: [string, string, RegExp][] = [
    [
      "a misspelled role",
      '{ "roles": { "src.ts#Out": ["outptu"] } }',
      /\$\.roles\["src\.ts#Out"\]\[0\]: unknown role "outptu"/,
    ],
    ["types of the wrong type", '{ "types": 5 }', /\$\.types: expected a list/],
    ["a null role list", '{ "roles": { "k": null } }', /\$\.roles\.k: expected a list of roles/],
    ["a null config", "null", /\$: expected an object/],
    ["an unknown setting", '{ "role": {} }', /\$\.role: unknown setting/],
    ["a non-boolean strict", '{ "diff": { "strict": "yes" } }', /\$\.diff\.strict: expected true or false/],
  ];
  for (const [name, text, message] of cases) {
    it(`${name}: exit 3, CLI3010_BAD_CONFIG with the JSON path, one line`, async () => {
      write("causality.config.json", text);
      const r = await diff();
      rmSync(join(dir, "causality.config.json"));
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^causality: CLI3010_BAD_CONFIG: .*causality\.config\.json /);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    });
  }

  it('"diff": { "strict": true } in the config, or --strict, chooses the strict policy', async () => {
    expect((await diff()).stdout).toMatch(/^ok\s+src\.ts#Out/m);
    expect((await diff("--strict")).stdout).toMatch(/^BREAKING\s+src\.ts#Out/m);
    write("causality.config.json", '{ "diff": { "strict": true } }');
    const r = await diff();
    rmSync(join(dir, "causality.config.json"));
    expect(r.stdout).toMatch(/^BREAKING\s+src\.ts#Out/m);
  });
});

describe("hostile inputs give their documented code", () => {
  const hostile: [string, string, RegExp][] = [
    ["acks holding null", "null", /CLI3005_BAD_ACKS: .*acks\.json \$: expected \{ "acknowledged"/],
    [
      "an ack that is null",
      '{ "acknowledged": [null] }',
      /CLI3005_BAD_ACKS: .*\$\.acknowledged\[0\]: expected an object/,
    ],
    [
      "an ack with a misspelled field",
      `{ "acknowledged": [{ "schema": "a#b", "from": "0x${"0".repeat(64)}", "reason": "r", "migraton": "m" }] }`,
      /unknown field "migraton"/,
    ],
  ];
  for (const [name, text, message] of hostile) {
    it(name, async () => {
      write("acks.json", text);
      const r = await diff();
      rmSync(join(dir, "acks.json"));
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    });
  }

  it("a --base with a newline is one line on stderr", async () => {
    const r = await cli("diff", "--base", "HEAD\nrm -rf /", "--head", "new.json");
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^causality: CLI3003_FILE_NOT_FOUND: "HEAD\\nrm -rf \/": neither a lock file nor a git revision\n$/,
    );
  });

  it("run --input @missing.json and @directory give their codes", async () => {
    const missing = await cli("run", "flow.js#f", "--input", "@missing.json");
    expect(missing.stderr).toMatch(
      /^causality: CLI3003_FILE_NOT_FOUND: .*missing\.json: no such input file\n$/,
    );
    const folder = await cli("run", "flow.js#f", "--input", "@.");
    expect(folder.stderr).toMatch(
      /^causality: CLI3001_USAGE: .*: --input @file cannot be read \(EISDIR\)\n$/,
    );
    expect([missing.code, folder.code]).toEqual([3, 3]);
  });

  it("a --base that looks like an option never reaches git", async () => {
    const r = await cli("diff", "--base=--output=pwned", "--head", "new.json");
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^causality: CLI3003_FILE_NOT_FOUND: --output=pwned: neither a lock file nor a git revision\n$/,
    );
  });

  it("a lock that is a directory, or whose schemas are a list, is a bad lock", async () => {
    write("list.json", '{ "lockfileVersion": 1, "encodingVersion": 1, "schemas": [] }');
    const r = await cli("diff", "--base", "list.json", "--head", "new.json");
    expect(r.stderr).toMatch(/CLI3004_BAD_LOCK|CLI3003/);
    expect(r.code).toBe(3);
  });
});

/** `causality ack <key> --reason <reason>` between old.json and new.json. */
const ack = (key: string, reason: string) =>
  cli("ack", key, "--base", "old.json", "--head", "new.json", "--acks", "acks.json", "--reason", reason);

describe("causality ack", () => {
  it("writes the full ids of the change, after which diff passes; a later diff reports it stale", async () => {
    expect((await diff()).code).toBe(1);
    const r = await ack("src.ts#Order", "u32 is enough");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const acks = JSON.parse(readFileSync(join(dir, "acks.json"), "utf8")).acknowledged;
    const ids = (name: string) =>
      JSON.parse(readFileSync(join(dir, name), "utf8")).schemas["src.ts#Order"].id;
    expect(acks).toEqual([
      { schema: "src.ts#Order", from: ids("old.json"), to: ids("new.json"), reason: "u32 is enough" },
    ]);
    expect(r.stdout).toContain(`acknowledged src.ts#Order ${ids("old.json")} -> ${ids("new.json")}`);
    // Acknowledging the same change again replaces it.
    await ack("src.ts#Order", "again");
    expect(JSON.parse(readFileSync(join(dir, "acks.json"), "utf8")).acknowledged).toHaveLength(1);
    const clean = await diff();
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^acknowledged\s+src\.ts#Order/m);
    const stale = await cli("diff", "--base", "new.json", "--head", "new.json", "--acks", "acks.json");
    expect(stale.code).toBe(0);
    expect(stale.stdout).toContain("stale acknowledgment (matches no change; remove it): src.ts#Order");
    rmSync(join(dir, "acks.json"));
  });

  it("refuses a schema without a breaking change, and a missing --reason", async () => {
    const none = await ack("src.ts#Out", "r");
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(
      /^causality: CLI3013_NO_SUCH_CHANGE: "src\.ts#Out": the change .* is not breaking/,
    );
    const missing = await cli(
      "ack",
      "src.ts#Nope",
      "--base",
      "old.json",
      "--head",
      "new.json",
      "--reason",
      "r",
    );
    expect(missing.stderr).toMatch(/CLI3013_NO_SUCH_CHANGE: "src\.ts#Nope": no change of this schema/);
    expect((await cli("ack", "src.ts#Order", "--base", "old.json")).stderr).toMatch(
      /CLI3001_USAGE: ack needs --reason/,
    );
  });

  it("a breaking state change needs --migration", async () => {
    write(
      "s1.json",
      lockOf([["f.ts#S", t.record({ s: t.union(t.literal("a"), t.literal("b")) }), ["state"]]]),
    );
    write("s2.json", lockOf([["f.ts#S", t.record({ s: t.literal("a") }), ["state"]]]));
    const args = [
      "ack",
      "f.ts#S",
      "--base",
      "s1.json",
      "--head",
      "s2.json",
      "--acks",
      "acks.json",
      "--reason",
      "r",
    ];
    expect((await cli(...args)).stderr).toMatch(/CLI3001_USAGE: .*needs --migration/);
    write("m.ts", "export {};\n");
    expect((await cli(...args, "--migration", "m.ts")).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "acks.json"), "utf8")).acknowledged[0].migration).toBe("m.ts");
    expect((await cli("diff", "--base", "s1.json", "--head", "s2.json", "--acks", "acks.json")).code).toBe(0);
    rmSync(join(dir, "acks.json"));
  });
});

describe("--format github", () => {
  it("puts the annotation on the declaring file and line, with before/after", async () => {
    const r = await diff("--format", "github");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^::error file=src\.ts,line=1,title=input schema Order\.n::type changed \(narrowed\) \(before: u64; after: u32\); ids 0x[0-9a-f]{64} -> 0x[0-9a-f]{64}$/m,
    );
    expect(r.stdout).toMatch(
      /^::notice file=src\.ts,line=5,title=output schema Out\.extra::field "extra" removed \(optional\)/m,
    );
  });
});
