// One bench process: `check` (every library on every value, all must agree), `mixed` (validators
// see valid and invalid values) or `valid` (they only ever see valid ones). Prints one RESULT line.
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { schemaFromExpr } from "@causality/schema";
import * as hand from "./handwritten.mjs";
import { entry, measureAll } from "./measure.mjs";
import { ajvValidators, typeboxValidators, zodValidators } from "./peers.mjs";
import { shapes } from "./shapes.mjs";
import { benchValues } from "./values.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const mode = process.argv[2];
const only = process.env.BENCH_SHAPES?.split(",") ?? Object.keys(shapes);
// BENCH_LIBS narrows the timed peers (causality is always timed) for a quick look while working.
const timed = (lib) => lib === "causality" || (process.env.BENCH_LIBS?.split(",").includes(lib) ?? true);

const load = (file) => import(pathToFileURL(join(here, "dist", file)).href);
// Our side as `causality generate` writes it: schemaFromExpr(canonical JSON, generated validators).
const ours = await load("causality.js");
const typia = await load("typia.js");
const interpreter = Object.fromEntries(Object.entries(shapes).map(([k, e]) => [k, schemaFromExpr(e)]));
const ajv = ajvValidators(
  Object.fromEntries(Object.entries(interpreter).map(([k, s]) => [k, s.toJSONSchema()])),
);
const typebox = typeboxValidators();
const zod = zodValidators();

/** name -> shape -> predicate */
const IS = {
  causality: Object.fromEntries(Object.entries(ours).map(([k, s]) => [k, s.is])),
  typia: typia.is,
  "hand-written": hand,
  ajv: ajv.is,
  typebox: typebox.is,
  zod: zod.is,
  interpreter: Object.fromEntries(Object.entries(interpreter).map(([k, s]) => [k, s.is])),
};
/** name -> shape -> (v) => { success } (all issues) */
const VALIDATE = {
  causality: Object.fromEntries(Object.entries(ours).map(([k, s]) => [k, s.validate])),
  typia: typia.validate,
  ajv: ajv.validate,
  zod: zod.validate,
};

// The fault generator's oracle is a separate copy, so the timed hand-written code of the valid-only
// run never sees an invalid value.
const oracle = await import(`${new URL("./handwritten.mjs", import.meta.url).href}?oracle`);
const values = Object.fromEntries(only.map((shape) => [shape, benchValues(shape, oracle[shape])]));

if (mode === "check") {
  const wrong = [];
  for (const shape of only) {
    const { valid, invalid, faults } = values[shape];
    const cases = [
      ...valid.map((v, i) => ({ v, ok: true, what: `valid[${i}]` })),
      ...invalid.map((v, i) => ({ v, ok: false, what: `invalid[${i}] (${faults[i]})` })),
    ];
    for (const { v, ok, what } of cases) {
      for (const [lib, fns] of Object.entries(IS))
        if (fns[shape](v) !== ok) wrong.push(`${shape} ${what}: ${lib}.is`);
      for (const [lib, fns] of Object.entries(VALIDATE)) {
        if (fns[shape](v).success !== ok) wrong.push(`${shape} ${what}: ${lib}.validate`);
      }
      if (wrong.length > 0 && wrong.at(-1).startsWith(`${shape} ${what}`)) {
        wrong.push(`  value: ${JSON.stringify(v).slice(0, 300)}`);
      }
    }
  }
  const kinds = {};
  for (const shape of only) for (const f of values[shape].faults) kinds[f] = (kinds[f] ?? 0) + 1;
  console.log(`RESULT ${JSON.stringify({ mode, wrong, faults: kinds })}`);
  process.exit(wrong.length === 0 ? 0 : 1);
}

// Entries of one (shape, case) run next to each other, so the samples compared in a round were
// taken within a few tens of milliseconds of each other.
const entries = [];
for (const shape of only) {
  const { valid, invalid } = values[shape];
  const add = (kase, kind, libs, vals, expect) => {
    for (const [lib, fns] of Object.entries(libs).filter(([name]) => timed(name)))
      entries.push(entry(`${shape}|${kase}|${lib}`, kind, fns[shape], vals, expect));
  };
  add("valid", "is", IS, valid, true);
  if (mode === "mixed") {
    add("invalid", "is", IS, invalid, false);
    add("validate", "validate", VALIDATE, invalid, false);
  }
}
const samples = measureAll(entries, (line) => process.stderr.write(`  ${mode}: ${line}\r`));
process.stderr.write("\n");
console.log(`RESULT ${JSON.stringify({ mode, samples })}`);
