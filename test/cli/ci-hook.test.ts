/**
 * The pre-commit hook in docs/ci.md, run as written with stand-ins for `npx` and `git` that log
 * their arguments: a failing `generate` must stop the commit before anything is staged or diffed.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./temp-project.js";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "causality-hook-"));
  const docs = readFileSync(join(ROOT, "docs/ci.md"), "utf8");
  const hook = /## A pre-commit hook[\s\S]*?```sh\n([\s\S]*?)```/.exec(docs)?.[1];
  if (!hook) throw new Error("docs/ci.md has no pre-commit hook");
  writeFileSync(join(dir, "pre-commit"), hook);
  // `npx causality <command>` exits with $GENERATE or $DIFF; both stand-ins log what they ran.
  const stub = (body: string) => `#!/bin/sh\necho "$(basename "$0") $*" >> "${join(dir, "log")}"\n${body}\n`;
  writeFileSync(
    join(dir, "npx"),
    stub('case "$2" in generate) exit "$GENERATE";; diff) exit "$DIFF";; esac'),
  );
  writeFileSync(join(dir, "git"), stub("exit 0"));
  chmodSync(join(dir, "npx"), 0o755);
  chmodSync(join(dir, "git"), 0o755);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hook(generate: number, diff: number) {
  rmSync(join(dir, "log"), { force: true });
  const r = spawnSync("sh", [join(dir, "pre-commit")], {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: `${dir}:${process.env.PATH}`,
      GENERATE: String(generate),
      DIFF: String(diff),
    },
  });
  return { code: r.status, stderr: r.stderr, log: readFileSync(join(dir, "log"), "utf8").trim().split("\n") };
}

describe("the pre-commit hook in docs/ci.md", () => {
  it("stops when generate fails: nothing staged, no diff", () => {
    const r = hook(3, 0);
    expect(r.code).not.toBe(0);
    expect(r.log).toEqual(["npx causality generate"]);
  });

  it("stages the schemas and passes a clean diff", () => {
    const r = hook(0, 0);
    expect(r.code).toBe(0);
    expect(r.log).toEqual([
      "npx causality generate",
      "git add schema.lock.json schemas/",
      "npx causality diff --base HEAD",
    ]);
  });

  it("stops on a breaking change (exit 1) with a hint, and on any other diff failure", () => {
    const breaking = hook(0, 1);
    expect(breaking.code).toBe(1);
    expect(breaking.stderr).toMatch(/acknowledge it in schema\.acks\.json/);
    expect(hook(0, 2).code).toBe(2);
    expect(hook(0, 3).code).toBe(3);
  });
});
