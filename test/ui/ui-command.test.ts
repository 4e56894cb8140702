/**
 * `causality ui` as a user starts it, in a child process on a PGlite data directory: the URL it
 * prints answers, and the write routes exist only with --allow-actions (without it every POST is
 * 405; with it an action without the page's form field and Origin is refused, 403).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = resolve(import.meta.dirname, "../../packages/cli/dist/bin.js");
const dir = mkdtempSync(join(tmpdir(), "causality-ui-"));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) c.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `causality ui` and resolves with the URL it prints (and the line it printed). */
function startUi(extra: string[]): Promise<{ url: URL; line: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, "ui", "--db", join(dir, "db"), "--port", "0", ...extra]);
  children.push(child);
  return new Promise((done, fail) => {
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const m = /(http:\/\/\S+)/.exec(out);
      if (m) done({ url: new URL(m[1]!), line: out.trim(), child });
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      err += chunk;
    });
    child.on("exit", (code) => fail(new Error(`causality ui exited ${code}: ${err}`)));
  });
}

const stop = (child: ChildProcess) =>
  new Promise<void>((done) => {
    child.once("exit", () => done());
    child.kill("SIGTERM");
  });

describe("causality ui", () => {
  it("is read-only by default and serves the actions only with --allow-actions", async () => {
    const plain = await startUi([]);
    expect(plain.line).toMatch(/^causality inspector \(read-only\) at http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const token = plain.url.searchParams.get("token")!;
    expect((await fetch(`${plain.url.origin}/instances?token=${token}`)).status).toBe(200);
    const post = (origin: string, t: string) =>
      fetch(`${origin}/actions/cancel?token=${t}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin },
        body: "id=x",
      });
    expect((await post(plain.url.origin, token)).status).toBe(405);
    await stop(plain.child);

    const acting = await startUi(["--allow-actions"]);
    expect(acting.line).toMatch(/^causality inspector \(actions enabled: cancel, retry\) at /);
    const t2 = acting.url.searchParams.get("token")!;
    expect(t2).not.toBe(token);
    // The route is there, but a request without the form field its pages carry is refused.
    const refused = await post(acting.url.origin, t2);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/form field/);
    await stop(acting.child);
  }, 300_000);
});
