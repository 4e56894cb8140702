// Validator benchmark (issue 5): ops/s of our compiled `is` against typia, ajv, zod and a
// hand-written validator on valid values; `validate` on invalid values against typia; and our
// interpreter against our compiled back end. One process, same values, ratios printed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compileValidatorSource, schemaFromExpr } from "@causality/schema";
import { Ajv2020 } from "ajv/dist/2020.js";
import { z } from "zod";
import { event, order, tokenTransfer, tree, treeValue } from "../../fixtures/validators/shapes.mjs";
import * as handwritten from "./handwritten.mjs";

const hand = { ...handwritten };
const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, "../..");
const MS = Number(process.env.BENCH_MS ?? 400);

// typia needs its compile-time transformer: build the typia side with tspc once.
if (!existsSync(join(here, "dist/typia.js"))) {
  const build = spawnSync(process.execPath, [join(ROOT, "node_modules/ts-patch/bin/tspc.js"), "-p", here], {
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`typia build failed:\n${build.stdout}${build.stderr}`);
}
const { is: typiaIs, validate: typiaValidate } = await import(
  pathToFileURL(join(here, "dist/typia.js")).href
);
const typia = { is: typiaIs, validate: typiaValidate };

// Our compiled back end, written as a module the way `causality generate` does.
const shapes = { tokenTransfer, order, event, tree };
mkdirSync(join(here, "dist"), { recursive: true });
writeFileSync(
  join(here, "dist/causality.js"),
  Object.entries(shapes)
    .map(([name, expr]) => `export const ${name} = ${compileValidatorSource(expr)};\n`)
    .join(""),
);
const compiled = { ...(await import(pathToFileURL(join(here, "dist/causality.js")).href)) };

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
ajv.addFormat("email", /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:]+$/);

const validValues = {
  tokenTransfer: [{ sender: "alice", recipient: "bob", amount: 1500, token_type: "ETH", memo: "rent" }],
  order: [
    {
      id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
      customer: { name: "Ada", email: "ada@example.com" },
      items: Array.from({ length: 10 }, (_, i) => ({
        sku: `sku-${i}`,
        qty: i + 1,
        price: 9.5 * i,
        tags: ["a", "b"],
        ...(i % 3 ? {} : { note: "gift" }),
      })),
      shipping: { address: "1 Main St", express: false },
      meta: { source: "web", campaign: "fall" },
      status: "paid",
    },
  ],
  event: [
    { type: "created", id: "1" },
    { type: "updated", id: "2", fields: ["a", "b"] },
    { type: "deleted", id: "3" },
    { type: "moved", id: "4", to: "x" },
    { type: "archived", id: "5", at: 1700000000 },
    { type: "restored", id: "6", by: "admin" },
  ],
  tree: [treeValue(100)],
};
const invalidValues = {
  tokenTransfer: [{ sender: "", recipient: 7, amount: -1, token_type: "DOGE" }],
  order: [
    {
      ...validValues.order[0],
      id: "nope",
      items: validValues.order[0].items.map((it, i) => (i % 4 ? it : { ...it, qty: -1 })),
    },
  ],
  event: [
    { type: "updated", id: 2, fields: [1] },
    { type: "nope", id: "x" },
  ],
  tree: [{ label: "root", value: "x", children: [{ label: 1, value: 2, children: [] }] }],
};

/** ns per call of `fn` over `values` (round-robin), measured for about MS milliseconds. */
function measure(fn, values) {
  let sink = 0;
  for (let i = 0; i < 2000; i++) if (fn(values[i % values.length])) sink++;
  let calls = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(MS) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 1000; i++) if (fn(values[i % values.length])) sink++;
    calls += 1000;
  }
  const ns = Number(process.hrtime.bigint() - start) / calls;
  return { ns, sink };
}

const fmt = (ns) => `${ns < 1000 ? ns.toFixed(0) : ns.toFixed(0)} ns`;
const row = (cells) => cells.map((c, i) => String(c).padEnd(i === 0 ? 15 : 20)).join("");

console.log(
  "is() on valid values (ns per call; ratio = peer time / our compiled time, > 1 means we are faster)",
);
console.log(row(["shape", "causality", "typia", "ajv", "zod", "hand-written", "interpreter"]));
const summary = [];
const ajvCompiled = {};
for (const name of Object.keys(shapes)) {
  const values = validValues[name];
  const ours = measure(compiled[name].is, values).ns;
  const interp = schemaFromExpr(shapes[name]);
  const ajvIs = ajv.compile(interp.toJSONSchema());
  ajvCompiled[name] = ajvIs;
  const zodSchema = interp.toZod(z);
  const peers = {
    typia: measure(typia.is[name], values).ns,
    ajv: measure(ajvIs, values).ns,
    zod: measure((v) => zodSchema.safeParse(v).success, values).ns,
    hand: measure(hand[name], values).ns,
    interpreter: measure(interp.is, values).ns,
  };
  for (const v of values) {
    if (
      !compiled[name].is(v) ||
      !typia.is[name](v) ||
      !ajvIs(v) ||
      !hand[name](v) ||
      !zodSchema.safeParse(v).success
    ) {
      throw new Error(`${name}: a validator rejects a valid bench value`);
    }
  }
  const r = (x) => `${fmt(x)} ${(x / ours).toFixed(2)}x`;
  console.log(
    row([name, fmt(ours), r(peers.typia), r(peers.ajv), r(peers.zod), r(peers.hand), r(peers.interpreter)]),
  );
  summary.push({
    name,
    typia: peers.typia / ours,
    hand: peers.hand / ours,
    interpreter: peers.interpreter / ours,
  });
}

console.log("\nvalidate() on invalid values (all issues; ratio = typia time / ours)");
console.log(row(["shape", "causality", "typia", "ajv (allErrors)"]));
for (const name of Object.keys(shapes)) {
  const values = invalidValues[name];
  const ours = schemaFromExpr(shapes[name], compiled[name]);
  for (const v of values)
    if (ours.validate(v).success || typia.validate[name](v).success)
      throw new Error(`${name}: invalid bench value passed`);
  const t1 = measure((v) => ours.validate(v).success, values).ns;
  const t2 = measure((v) => typia.validate[name](v).success, values).ns;
  const t3 = measure(ajvCompiled[name], values).ns;
  console.log(
    row([name, fmt(t1), `${fmt(t2)} ${(t2 / t1).toFixed(2)}x`, `${fmt(t3)} ${(t3 / t1).toFixed(2)}x`]),
  );
}

console.log(
  "\ngoals: is >= typia (ratio >= 1), is >= 0.8x hand-written (ratio >= 0.8), interpreter within 5x of compiled",
);
for (const s of summary) {
  console.log(
    `  ${s.name.padEnd(14)} vs typia ${s.typia.toFixed(2)}x   vs hand-written ${s.hand.toFixed(2)}x   interpreter ${s.interpreter.toFixed(2)}x slower`,
  );
}
