/**
 * `causality generate --watch` whose first run fails must report the error and keep watching:
 * the fix is usually the next save.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, tempProject } from "./temp-project.js";

let dir: string;
let child: ChildProcess | undefined;

beforeAll(() => {
  dir = tempProject("cli-project-generics");
});

afterAll(() => {
  child?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves once `test` holds, checking every 50 ms; rejects after `ms`. */
function until(test: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((done, fail) => {
    const tick = () => {
      if (test()) done();
      else if (Date.now() > deadline) fail(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 50);
    };
    tick();
  });
}

describe("generate --watch", () => {
  it("reports a failing first run, keeps watching and writes the lock once the source is fixed", async () => {
    const bad = join(dir, "src/later.ts");
    // A function is not data: the analyzer rejects it (TS91001).
    writeFileSync(
      bad,
      'import { typeSchema } from "@causality/schema";\n\nexport const later = typeSchema<{ run: () => void }>();\n',
    );
    let stderr = "";
    let exited: number | null | undefined;
    child = spawn(process.execPath, [BIN, "generate", "--watch"], {
      cwd: dir,
      env: { ...process.env, CI: "true" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (code) => {
      exited = code;
    });

    await until(() => stderr.includes("watching") || exited !== undefined, 90_000, "the first run");
    expect(exited).toBeUndefined();
    expect(stderr).toContain("src/later.ts:3:");
    expect(stderr).toContain("error TS91001");
    expect(stderr).toMatch(/causality: CLI3009_ANALYSIS: /);
    expect(existsSync(join(dir, "schema.lock.json"))).toBe(false);

    writeFileSync(
      bad,
      'import { typeSchema } from "@causality/schema";\n\nexport const later = typeSchema<{ ok: true }>();\n',
    );
    const lock = join(dir, "schema.lock.json");
    await until(
      () => existsSync(lock) && readFileSync(lock, "utf8").includes('"src/later.ts#later"'),
      90_000,
      "the lock",
    );
    expect(exited).toBeUndefined();
  }, 240_000);
});
