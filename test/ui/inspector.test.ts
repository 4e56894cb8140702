/**
 * The inspector as a person uses it: token-transfer instances run on a real PGlite store, the CLI's
 * inspector serving them, and Debian's Chromium (driven by playwright-core) reading the pages:
 * definitions with their graph, instance counts and filters, an instance's timeline, effects and
 * state diffs, schema lookup and diff, a running instance's page updating by itself, hostile strings
 * from user data shown as text, and the server's refusals (no token, foreign Host, writes).
 */
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { openDatabase, PgStore, type SqlDatabase } from "@causality/runtime";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InspectorQueries } from "../../packages/cli/src/ui/queries.js";
import { type Inspector, startInspector } from "../../packages/cli/src/ui/server.js";
import { define, transferWorld } from "../../runtime/src/orchestrator/token-transfer.fixture.js";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = resolve(import.meta.dirname, "../../.artifacts");
// CI installs Chromium and sets this, so a missing browser fails there instead of skipping.
const browserRequired = process.env.CAUSALITY_REQUIRE_BROWSER === "1";
const hasBrowser = existsSync(CHROMIUM);

const SCRIPT = "<script>window.__pwned = 1</script>";
const IMG = '"><img src=x onerror="window.__pwned = 2">';

let db: SqlDatabase;
let store: PgStore;
let inspector: Inspector;
let world: ReturnType<typeof transferWorld>;
const ids: Record<string, string> = {};
const def = define();

beforeAll(async () => {
  db = await openDatabase(undefined);
  store = await PgStore.on(db);
  world = transferWorld(store);
  const o = world.orchestrator;
  ids.funded = (await o.run((await o.start(def, { sender: "alice", recipient: "bob", amount: 5 })).id)).id;
  ids.unfunded = (
    await o.run((await o.start(def, { sender: "carol", recipient: "dan", amount: 500 })).id)
  ).id;
  ids.hostile = (await o.run((await o.start(def, { sender: SCRIPT, recipient: IMG, amount: 7 })).id)).id;
  ids.running = (await o.start(def, { sender: "erin", recipient: "frank", amount: 9 })).id;
  inspector = await startInspector({ queries: new InspectorQueries(store, db), port: 0, pollMs: 100 });
}, 120_000);

afterAll(async () => {
  await inspector?.close();
  await db?.close();
});

const url = (path: string) => {
  const u = new URL(inspector.url);
  const full = new URL(path, u);
  full.searchParams.set("token", inspector.token);
  return full.href;
};

describe("the inspector's server", () => {
  it("refuses requests without the token, with a foreign Host, and any write", async () => {
    const base = new URL(inspector.url);
    expect((await fetch(`${base.origin}/instances`)).status).toBe(401);
    expect((await fetch(`${base.origin}/instances?token=wrong`)).status).toBe(401);
    const { request } = await import("node:http");
    const rebound = await new Promise<number>((done, fail) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: base.port,
          path: `/instances?token=${inspector.token}`,
          headers: { host: `evil.example:${base.port}` },
        },
        (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        },
      );
      req.on("error", fail);
      req.end();
    });
    expect(rebound).toBe(403);
    const post = await fetch(url("/instances"), { method: "POST" });
    expect(post.status).toBe(405);
    const ok = await fetch(url("/instances"));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-security-policy")).toMatch(/script-src 'nonce-[^']+'/);
    expect(inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it("escapes user data in the HTML it sends", async () => {
    const text = await (await fetch(url(`/instance?id=${ids.hostile}`))).text();
    expect(text).not.toContain(SCRIPT);
    expect(text).not.toContain("<img src=x");
    expect(text).toContain("&lt;script&gt;window.__pwned = 1&lt;/script&gt;");
  });

  it("pages the instance list by key and filters by status", async () => {
    const queries = new InspectorQueries(store, db);
    const first = await queries.instances({ limit: 2 });
    const second = await queries.instances({
      limit: 2,
      after: { at: first[1]!.updatedAt, id: first[1]!.id },
    });
    const all = await queries.instances({ limit: 10 });
    expect([...first, ...second].map((r) => r.id)).toEqual(all.map((r) => r.id));
    expect((await queries.instances({ limit: 10, status: "running" })).map((r) => r.id)).toEqual([
      ids.running,
    ]);
    const counts = await queries.counts();
    expect(counts.running + counts.completed + counts.failed).toBe(4);
  });
});

describe.skipIf(!hasBrowser && !browserRequired)("the inspector in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the definition's graph, schema ids and versions", async () => {
    const page = await browser.newPage();
    await page.goto(url("/"));
    await expect(page.locator("h2").first().textContent()).resolves.toBe("token-transfer");
    const nodes = await page
      .locator("svg.graph g.node")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-node")));
    expect(nodes).toEqual(expect.arrayContaining(["start", "check", "funded", "transfer"]));
    expect(await page.locator("svg.graph g.edge").count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator("section.definition a code").count()).toBe(3);
    await page.close();
  });

  it("lists instances with counts, filters them, and opens one: timeline, state diffs, effects, taken path", async () => {
    const page = await browser.newPage();
    await page.goto(url("/instances"));
    expect(await page.locator("tr[data-instance]").count()).toBe(4);
    expect(await page.locator('[data-count="running"]').textContent()).toBe("1");
    await page.selectOption("select[name=status]", "running");
    await page.click("form.inline button");
    await page.waitForURL(/status=running/);
    expect(await page.locator("tr[data-instance]").count()).toBe(1);
    await page.goto(url("/instances"));
    await page.click(`tr[data-instance="${ids.funded}"] a`);
    await page.waitForURL(/\/instance\?/);
    expect(await page.locator("#status").textContent()).toBe("completed");
    const kinds = await page
      .locator("tr.journal")
      .evaluateAll((rows) => rows.map((r) => r.className.replace("journal ", "")));
    expect(kinds[0]).toBe("started");
    expect(kinds).toContain("effect");
    expect(kinds[kinds.length - 1]).toBe("completed");
    expect(await page.locator("li.changed code").first().textContent()).toBe("$state.status");
    expect(await page.locator("tr.effect").count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator("svg.graph g.edge.taken").count()).toBeGreaterThanOrEqual(3);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "inspector-instance.png"), fullPage: true });
    await page.close();
  });

  it("shows hostile strings from user data as text and runs none of them", async () => {
    const page = await browser.newPage();
    await page.goto(url(`/instance?id=${ids.hostile}`));
    // The input is shown as JSON: the strings as JSON writes them, character for character.
    expect(await page.locator("#input").textContent()).toContain(JSON.stringify(SCRIPT));
    expect(await page.locator("#input").textContent()).toContain(JSON.stringify(IMG));
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("main img").count()).toBe(0);
    await page.close();
  });

  it("looks a schema up (TypeScript text, JSON Schema, uses) and diffs two with diff's verdicts", async () => {
    const inst = await world.orchestrator.get(ids.funded);
    const page = await browser.newPage();
    await page.goto(url(`/schema?id=${inst.schemaIds.input}`));
    expect(await page.locator("#typescript").textContent()).toMatch(/sender: string & MinLength<1>/);
    await page.goto(url(`/schema-diff?a=${inst.schemaIds.input}&b=${inst.schemaIds.output}&role=input`));
    expect(await page.locator("#verdict").textContent()).toMatch(/^BREAKING/);
    await page.close();
  });

  it("updates a running instance's page without a reload by the user", async () => {
    const page = await browser.newPage();
    await page.goto(url(`/instance?id=${ids.running}`));
    expect(await page.locator("#status").textContent()).toBe("running");
    const before = await page.locator("tr.journal").count();
    await world.orchestrator.run(ids.running);
    await page.waitForFunction((n) => document.querySelectorAll("tr.journal").length > n, before, {
      timeout: 20_000,
    });
    await page.waitForFunction(
      () => document.querySelector("#status")?.textContent === "completed",
      undefined,
      {
        timeout: 20_000,
      },
    );
    await page.close();
  });
});

it.runIf(browserRequired && !hasBrowser)("CI has Chromium for the inspector's browser tests", () => {
  expect(existsSync(CHROMIUM)).toBe(true);
});
