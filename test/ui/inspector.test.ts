/**
 * The inspector as a person uses it: token-transfer instances run on a real PGlite store, the CLI's
 * inspector serving them, and Debian's Chromium (driven by playwright-core) reading the pages:
 * definitions with their graph, instance counts and filters, an instance's timeline, effects and
 * state diffs, each effect's placement explained, schema lookup and diff, a running instance's page
 * updating by itself, hostile strings from user data shown as text, the server's refusals (no token,
 * foreign Host, writes), and with --allow-actions the cancel and retry buttons doing real
 * transitions while forged requests (no csrf field, another Origin) are refused.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  defineDataflow,
  type Instance,
  MemoryStore,
  openDatabase,
  optimizerPlacer,
  PgStore,
  REDACTED,
  type SqlDatabase,
} from "@causality/runtime";
import { t } from "@causality/schema";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Inspector, startInspector } from "../../packages/cli/src/ui/server.js";
import {
  define,
  output,
  spec,
  state,
  transferWorld,
} from "../../runtime/src/orchestrator/token-transfer.fixture.js";

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
  // The optimizer places the check effect (Balanced: the compute domain ledger is the cheapest).
  world = transferWorld(store, { placer: optimizerPlacer() });
  const o = world.orchestrator;
  const start = (input: object) => o.start(def, input);
  ids.funded = (await o.run((await start({ sender: "alice", recipient: "bob", amount: 5 })).id)).id;
  ids.unfunded = (await o.run((await start({ sender: "carol", recipient: "dan", amount: 500 })).id)).id;
  ids.hostile = (await o.run((await start({ sender: SCRIPT, recipient: IMG, amount: 7 })).id)).id;
  ids.running = (await start({ sender: "erin", recipient: "frank", amount: 9 })).id;
  inspector = await startInspector({ store, port: 0, pollMs: 100 });
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
    // Without --allow-actions the action routes are not there, by any method.
    for (const action of ["cancel", "retry"]) {
      expect((await fetch(url(`/actions/${action}`), { method: "POST" })).status).toBe(405);
      expect((await fetch(url(`/actions/${action}`))).status).toBe(404);
    }
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

  it("serves the same pages over the in-memory store", async () => {
    const memory = new MemoryStore();
    const w = transferWorld(memory);
    const done = await w.orchestrator.run(
      (await w.orchestrator.start(def, { sender: "a", recipient: "b", amount: 1 })).id,
    );
    const other = await startInspector({ store: memory, port: 0 });
    try {
      const get = async (path: string) =>
        (
          await fetch(
            `${new URL(other.url).origin}${path}${path.includes("?") ? "&" : "?"}token=${other.token}`,
          )
        ).text();
      expect(await get("/instances")).toContain(`data-instance="${done.id}"`);
      expect(await get(`/instance?id=${done.id}`)).toContain('<span class="status completed" id="status">');
    } finally {
      await other.close();
    }
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

  it("explains each effect's placement: every candidate's sub-scores and why it won or lost", async () => {
    const page = await browser.newPage();
    await page.goto(url(`/instance?id=${ids.funded}`));
    const check = page.locator('div.placement[data-node="check"]');
    expect(await check.locator("h3").textContent()).toBe("check → ledger");
    expect(await check.textContent()).toMatch(/placed by the optimizer under strategy balanced/);
    const rows = await check
      .locator("tr[data-domain]")
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")),
      );
    // domain, outcome, why, priority, latency, cost, score, est. cost, est. latency, reliability
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ["ledger", "chosen"],
      ["chain", "infeasible"],
      ["api", "lower score"],
    ]);
    const [ledger, chain, api] = rows as string[][];
    expect(ledger![2]).toBe(`best score ${ledger![6]}, ahead of api (${api![6]})`);
    expect(api![2]).toBe(`score ${api![6]} < ${ledger![6]} of ledger`);
    expect(chain![2]).toMatch(/deterministic effects only/);
    expect(chain!.slice(3, 7)).toEqual(["", "", "", ""]);
    for (const r of [ledger!, api!]) {
      const [priority, latency, cost, total] = r.slice(3, 7).map(Number);
      expect(priority! + latency! + cost!).toBeCloseTo(total!, 2);
    }
    // The cost term by the seed's rule, from the estimated costs on the page: Balanced weighs cost
    // 0.6, and a candidate loses one weight per decade it costs above the cheapest.
    const [cheapest, dearer] = [Number(ledger![7]), Number(api![7])];
    expect(Number(ledger![5])).toBeCloseTo(0.6, 3);
    expect(Number(api![5])).toBeCloseTo(0.6 * (1 - Math.log10(dearer / cheapest)), 2);
    expect(await page.locator('div.placement[data-node="transfer"] .why').textContent()).toBe(
      "node transfer names domain chain",
    );
    await page.close();
  });

  it("without --allow-actions shows no action buttons", async () => {
    const page = await browser.newPage();
    await page.goto(url(`/instance?id=${ids.unfunded}`));
    expect(await page.locator("form.action").count()).toBe(0);
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

/** Clicks an action's button; the action must answer with its redirect (else its page says why). */
async function act(page: import("playwright-core").Page, action: "cancel" | "retry"): Promise<void> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/actions/${action}`)),
    page.click(`#${action}`),
  ]);
  expect(response.status(), await response.text().catch(() => "")).toBe(303);
  await page.waitForURL(new RegExp(`done=${action}`));
}

describe.skipIf(!hasBrowser && !browserRequired)("the inspector with --allow-actions", () => {
  let browser: Browser;
  let acting: Inspector;
  const at = (path: string) => {
    const full = new URL(path, acting.url);
    full.searchParams.set("token", acting.token);
    return full.href;
  };
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
    acting = await startInspector({ store, port: 0, allowActions: true });
  }, 60_000);
  afterAll(async () => {
    await acting?.close();
    await browser?.close();
  });

  it("cancels a waiting instance and retries it with the buttons; the journal has both transitions", async () => {
    const o = world.orchestrator;
    const inst = await o.start(def, { sender: "gina", recipient: "hal", amount: 3 });
    await o.step(inst.id);
    await o.step(inst.id); // waiting on the check effect
    const page = await browser.newPage();
    await page.goto(at(`/instance?id=${inst.id}`));
    expect(await page.locator("#retry").count()).toBe(0);
    await act(page, "cancel");
    expect(await page.locator("#status").textContent()).toBe("failed");
    expect(await page.locator("#notice").textContent()).toMatch(/^Cancelled/);
    expect(await page.locator(".issue b").first().textContent()).toBe("RT6020_CANCELLED");
    const cancelled: Instance = await o.get(inst.id);
    expect(cancelled.error?.code).toBe("RT6020_CANCELLED");
    expect((await store.queuedEffects()).some((q) => q.instance === inst.id)).toBe(false);
    await act(page, "retry");
    expect(await page.locator("#status").textContent()).toBe("running");
    const kinds = (await store.journal(inst.id)).map((j) => j.kind);
    expect(kinds.slice(-2)).toEqual(["failed", "retried"]);
    // A worker carries the retried instance on to the end.
    expect((await o.run(inst.id)).status).toBe("completed");
    await page.close();
  });

  it("refuses forged action requests: another Origin, no Origin, no csrf field; the instance stays as it was", async () => {
    const o = world.orchestrator;
    const inst = await o.start(def, { sender: "ivy", recipient: "jo", amount: 2 });
    const origin = new URL(acting.url).origin;
    const html = await (await fetch(at(`/instance?id=${inst.id}`))).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const post = (headers: Record<string, string>, body: string) =>
      fetch(at("/actions/cancel"), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body,
        redirect: "manual",
      });
    const id = encodeURIComponent(inst.id);
    expect((await post({ origin: "http://evil.example" }, `id=${id}&csrf=${csrf}`)).status).toBe(403);
    expect((await post({}, `id=${id}&csrf=${csrf}`)).status).toBe(403);
    expect((await post({ origin }, `id=${id}`)).status).toBe(403);
    expect((await post({ origin }, `id=${id}&csrf=x${csrf.slice(1)}`)).status).toBe(403);
    const noToken = await fetch(`${origin}/actions/cancel`, {
      method: "POST",
      headers: { origin, "content-type": "application/x-www-form-urlencoded" },
      body: `id=${id}&csrf=${csrf}`,
    });
    expect(noToken.status).toBe(401);
    expect(await o.get(inst.id)).toEqual(inst);
    // Retrying a running instance is refused with its code, not done.
    const retry = await fetch(at("/actions/retry"), {
      method: "POST",
      headers: { origin, "content-type": "application/x-www-form-urlencoded" },
      body: `id=${id}&csrf=${csrf}`,
    });
    expect(retry.status).toBe(409);
    expect(await retry.text()).toContain("RT6023_NOT_RETRYABLE");
    // The same request as the page's form sends it is done.
    const done = await post({ origin }, `id=${id}&csrf=${csrf}`);
    expect(done.status).toBe(303);
    expect((await o.get(inst.id)).error?.code).toBe("RT6020_CANCELLED");
  });
});

// After the browser tests, which count the instances and definitions of the store.
describe("the inspector and redacted fields", () => {
  it("shows a redacted field's marker, never its value, on its instance page", async () => {
    const SECRET = "hunter2-in-the-inspector";
    const redactedInput = t.record({
      sender: t.string(),
      recipient: t.string(),
      amount: t.u64(),
      password: t.redacted(t.string()),
    });
    const base = spec();
    const flow = defineDataflow(
      {
        ...base,
        name: "token-transfer-secret",
        nodes: base.nodes!.map((n) =>
          n.kind === "action" && n.id === "check"
            ? { ...n, effect: { ...n.effect, params: { ...n.effect.params, auth: "${input.password}" } } }
            : n,
        ),
      },
      { input: redactedInput, output, state },
    );
    const o = world.orchestrator;
    const inst = await o.run(
      (await o.start(flow, { sender: "kim", recipient: "lee", amount: 4, password: SECRET })).id,
    );
    expect(inst.status).toBe("completed");
    expect(world.executed.some((e) => e.params.auth === SECRET)).toBe(true); // the executor had it
    const page = await (await fetch(url(`/instance?id=${inst.id}`))).text();
    expect(page).not.toContain(SECRET);
    expect(page).toContain(REDACTED);
    expect(page).toContain(`&quot;password&quot;: &quot;${REDACTED}&quot;`);
  });
});

it.runIf(browserRequired && !hasBrowser)("CI has Chromium for the inspector's browser tests", () => {
  expect(existsSync(CHROMIUM)).toBe(true);
});
