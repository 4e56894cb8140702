// The inspector's instance list with 10,000 instances in the store (issue 16: first render under
// 200 ms): rows written straight into a PGlite store's tables, then the page served by the
// inspector timed end to end over HTTP (query, render, transfer), first page and a deep page.
// The list is read through the store's browse queries, in the order of the index instances_by_change.

import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { openDatabase, PgStore } from "@causality/runtime";
import { median, ROOT } from "../project.mjs";

const { startInspector } = await import(pathToFileURL(join(ROOT, "packages/cli/dist/ui/server.js")).href);

const N = 10_000;
const db = await openDatabase(undefined);
const store = await PgStore.on(db);
await db.query(
  `INSERT INTO causality.definitions (id, name, input_schema, output_schema, state_schema, spec)
   VALUES ('0xdef', 'bench', '0xa', '0xb', '0xc', '{"name":"bench","nodes":[],"edges":[]}')`,
);
await db.query(
  `INSERT INTO causality.instances (id, definition_id, input_schema, output_schema, state_schema, status, node, version, data, updated_at)
   SELECT 'inst-' || lpad(g::text, 6, '0'), '0xdef', '0xa', '0xb', '0xc', (ARRAY['running','completed','failed'])[1 + g % 3], 'check', g % 7,
          jsonb_build_object('n', g), now() - make_interval(secs => g)
   FROM generate_series(1, ${N}) AS g`,
);
const inspector = await startInspector({ store, port: 0 });
const base = new URL(inspector.url);
const time = async (path) => {
  const started = performance.now();
  const res = await fetch(`${base.origin}${path}${path.includes("?") ? "&" : "?"}token=${inspector.token}`);
  await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  return performance.now() - started;
};
await time("/instances");
const first = [];
const filtered = [];
const deep = [];
const unindexed = [];
// Rounds interleave the page with and without the list's index (dropped and recreated inside a
// transaction that is rolled back), so the ratio is measured in one process under one load.
const withoutIndex = async () => {
  await db.query("BEGIN");
  await db.query("DROP INDEX causality.instances_by_change");
  const started = performance.now();
  await store.browse.instancePage({ limit: 51 });
  await store.browse.statusCounts();
  const ms = performance.now() - started;
  await db.query("ROLLBACK");
  return ms;
};
const withIndex = async () => {
  const started = performance.now();
  await store.browse.instancePage({ limit: 51 });
  await store.browse.statusCounts();
  return performance.now() - started;
};
const queries = [];
for (let i = 0; i < 15; i++) {
  queries.push(await withIndex());
  unindexed.push(await withoutIndex());
  first.push(await time("/instances"));
  filtered.push(await time("/instances?status=failed"));
  deep.push(
    await time(
      `/instances?after_at=${encodeURIComponent(new Date(Date.now() - 9000 * 1000).toISOString())}&after_id=inst-009000`,
    ),
  );
}
const plan = await db.query(
  `EXPLAIN SELECT id FROM causality.instances ORDER BY updated_at DESC, id DESC LIMIT 51`,
);
console.log(`inspector instance list, ${N} instances in PGlite (median of 15, HTTP end to end):`);
console.log(
  `  list order read by: ${plan.rows
    .map((r) => Object.values(r)[0])
    .find((l) => /Scan/.test(l))
    ?.trim()}`,
);
console.log(`  first page (50 rows + counts)   ${median(first).toFixed(1)} ms (goal < 200 ms)`);
console.log(`  filtered by status              ${median(filtered).toFixed(1)} ms`);
console.log(`  page after the 9,000th          ${median(deep).toFixed(1)} ms`);
console.log(
  `  store queries of the first page ${median(queries).toFixed(1)} ms with the index, ${median(unindexed).toFixed(1)} ms without (${(median(unindexed) / median(queries)).toFixed(1)}x)`,
);
await inspector.close();
await db.close();
