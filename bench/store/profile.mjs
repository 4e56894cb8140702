// Where a durable transition's time goes: every statement the store sends while run() drives
// token transfers, grouped by statement, with its count per transition and its share of the time.
//   node bench/store/profile.mjs [<postgres url>]   (PGlite in a fresh data directory by default)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Orchestrator, PgStore } from "@causality/runtime";
import { domains, executors, flow } from "../../test/crash/flow.mjs";

const dir = mkdtempSync(join(tmpdir(), "causality-profile-"));
const target = process.argv[2] ?? join(dir, "db");
const n = Number(process.env.N ?? 60);
try {
  const store = await PgStore.open(target, { schema: `profile_${process.pid}` });
  const o = new Orchestrator({ store, domains, executors: executors("/dev/null"), sleep: async () => {} });
  const ids = [];
  for (let i = 0; i < n; i++)
    ids.push((await o.start(flow, { sender: `s${i}`, recipient: "r", amount: 1 + (i % 150) })).id);
  const groups = new Map();
  const db = store.db;
  const name = (text) => text.replace(/\s+/g, " ").trim().slice(0, 70);
  const time = (f) => async (text, params) => {
    const t0 = process.hrtime.bigint();
    try {
      return await f(text, params);
    } finally {
      const g = groups.get(name(text)) ?? { count: 0, ns: 0n };
      g.count++;
      g.ns += process.hrtime.bigint() - t0;
      groups.set(name(text), g);
    }
  };
  const wrap = (c) => ({ query: time((text, params) => c.query(text, params)) });
  store.db = {
    ...wrap(db),
    prepared: time((text, params) => db.prepared(text, params)),
    transaction: (work) => db.transaction((c) => work(wrap(c))),
  };
  const t0 = performance.now();
  for (const id of ids) await o.run(id);
  const ms = performance.now() - t0;
  store.db = db;
  let transitions = 0;
  for (const id of ids)
    transitions += (await store.journal(id)).filter((j) =>
      ["transition", "enqueued", "completed", "failed"].includes(j.kind),
    ).length;
  console.log(
    `${store.engine}: ${transitions} transitions in ${ms.toFixed(0)} ms (${((transitions / ms) * 1000).toFixed(0)}/s)`,
  );
  for (const [text, g] of [...groups].sort((a, b) => Number(b[1].ns - a[1].ns)))
    console.log(
      `  ${(g.count / transitions).toFixed(2)}/transition  ${((Number(g.ns) / 1e6 / ms) * 100).toFixed(1)}%  ${(Number(g.ns) / 1e6 / g.count).toFixed(2)} ms each  ${text}`,
    );
  await db.query(`DROP SCHEMA profile_${process.pid} CASCADE`);
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
