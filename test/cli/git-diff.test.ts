/**
 * Integration: a temporary git repository with two commits of a small project. `causality
 * generate` is run at each commit (twice at the first, which must give byte-identical files),
 * then `causality diff --base HEAD~1` must give the expected verdicts and exit codes.
 */
import { execFileSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNode } from "../support/run.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "packages/cli/dist/bin.js");
const FIXTURE = join(ROOT, "fixtures/cli-project");

let dir: string;

async function causality(...args: string[]) {
  const run = await runNode([BIN, ...args], { cwd: dir, env: { ...process.env, CI: "true" } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function git(...args: string[]) {
  execFileSync("git", args, { cwd: dir, stdio: "ignore" });
}

function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else files.set(p, readFileSync(p, "utf8"));
    }
  };
  walk(join(dir, "schemas"));
  files.set("lock", readFileSync(join(dir, "schema.lock.json"), "utf8"));
  return files;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "causality-cli-"));
  cpSync(join(FIXTURE, "v1"), dir, { recursive: true });
  mkdirSync(join(dir, "node_modules/@causality"), { recursive: true });
  for (const pkg of ["schema", "runtime"]) {
    symlinkSync(join(ROOT, "node_modules/@causality", pkg), join(dir, "node_modules/@causality", pkg));
  }
  git("init", "-q", "-b", "main");
  git("config", "user.email", "ci@example.com");
  git("config", "user.name", "CI");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("causality generate + diff in a git repository", () => {
  it("generates byte-identical output twice", async () => {
    expect(await causality("generate")).toMatchObject({ code: 0 });
    const first = snapshot();
    rmSync(join(dir, "node_modules/.cache"), { recursive: true, force: true });
    expect(await causality("generate")).toMatchObject({ code: 0 });
    expect(snapshot()).toEqual(first);
    expect((await causality("check")).code).toBe(0);
    // Nothing changed: nothing is loaded or analyzed.
    expect((await causality("generate")).stderr).toMatch(/schemas up to date, nothing re-analyzed/);
    // A change to one file re-analyzes that file (and what imports it), not the others.
    writeFileSync(join(dir, "src/flow.ts"), `${readFileSync(join(dir, "src/flow.ts"), "utf8")}// edited\n`);
    const incremental = await causality("generate");
    expect(incremental.stderr).toMatch(/1 of 2 file\(s\) analyzed, the rest reused/);
    expect(snapshot()).toEqual(first);
    git("add", "-A");
    git("commit", "-qm", "v1");
  });

  it("reports the lock out of date after a source change (exit 2)", async () => {
    cpSync(join(FIXTURE, "v2"), dir, { recursive: true });
    const check = await causality("check");
    expect(check.code).toBe(2);
    expect(check.stdout).toMatch(
      /src\/flow\.ts#TransferInput: lock has 0x[0-9a-f]{64}, sources give 0x[0-9a-f]{64}/,
    );
  });

  it("finds the breaking changes against HEAD~1 (exit 1) and names their paths", async () => {
    expect((await causality("generate")).code).toBe(0);
    git("add", "-A");
    git("commit", "-qm", "v2");
    const diff = await causality("diff", "--base", "HEAD~1", "--format", "json");
    expect(diff.code).toBe(1);
    const report = JSON.parse(diff.stdout) as {
      entries: {
        key: string;
        status: string;
        breaking: boolean;
        diffs: { changes: { path: string; breaking: boolean }[] }[];
      }[];
    };
    const byKey = Object.fromEntries(report.entries.map((e) => [e.key, e]));
    expect(byKey["src/flow.ts#TransferInput"]).toMatchObject({ status: "changed", breaking: true });
    const paths = byKey["src/flow.ts#TransferInput"]!.diffs.flatMap((d) =>
      d.changes.filter((c) => c.breaking).map((c) => c.path),
    );
    expect(paths).toContain("TransferInput.amount");
    expect(byKey["src/flow.ts#TransferOutput"]).toMatchObject({ status: "changed", breaking: false });
    expect(byKey["src/types.ts#Receipt"]).toMatchObject({
      status: "renamed",
      renamedFrom: "src/types.ts#Payment",
    });
  });

  it("accepts the break once it is acknowledged by its ids (exit 0)", async () => {
    const lock = (rev: string) =>
      JSON.parse(execFileSync("git", ["show", `${rev}:schema.lock.json`], { cwd: dir, encoding: "utf8" }));
    const key = "src/flow.ts#TransferInput";
    writeFileSync(
      join(dir, "schema.acks.json"),
      JSON.stringify({
        acknowledged: [
          {
            schema: key,
            from: lock("HEAD~1").schemas[key].id,
            to: lock("HEAD").schemas[key].id,
            reason: "amounts are u32 now",
          },
        ],
      }),
    );
    const diff = await causality("diff", "--base", "HEAD~1");
    expect(diff.stdout).toMatch(/acknowledged\s+src\/flow\.ts#TransferInput/);
    expect(diff.code).toBe(0);
  });

  it("prints one-line errors with codes (exit 3)", async () => {
    const bad = await causality("diff", "--base", "no-such-ref");
    expect(bad.code).toBe(3);
    expect(bad.stderr).toBe(
      "causality: CLI3003_FILE_NOT_FOUND: no-such-ref: neither a lock file nor a git revision\n",
    );
    expect((await causality("frobnicate")).stderr).toMatch(
      /^causality: CLI3002_UNKNOWN_COMMAND: unknown command "frobnicate"/,
    );
    expect((await causality("id", "src/flow.ts#Nope")).stderr).toMatch(
      /^causality: CLI3007_TYPE_NOT_FOUND: src\/flow.ts: no exported type named Nope/,
    );
  });
});
