// Worst inputs we could build for the validators, on both back ends: 100,000-character strings
// against formats and template literals (each run at 10k and 100k characters: linear time shows as
// a ratio near 10, quadratic as near 100). Prints milliseconds per check (median of rounds).
import { compileValidatorSource, schemaFromExpr, t } from "@causality/schema";

const format = (value) => t.refine(t.string(), { kind: "format", value });

/** Each case: a name, a type, and the hostile value of size n. */
const STRINGS = [
  ["email: dots after the @", format("email"), (n) => `a@${".".repeat(n)} `],
  ["email: no @", format("email"), (n) => `${"a".repeat(n)} `],
  ["email: @ then letters, no dot", format("email"), (n) => `a@${"b".repeat(n)}`],
  ["uri: long scheme-like run", format("uri"), (n) => `${"a".repeat(n)} `],
  ["date-time: long fraction", format("date-time"), (n) => `2024-01-01T00:00:00.${"1".repeat(n)}`],
  ["`${number}px`: digits, no px", t.template(["", "px"], [t.number()]), (n) => `${"1".repeat(n)}p`],
  [
    "`${string}a${string}b`: a...a",
    t.template(["", "a", "b"], [t.string(), t.string()]),
    (n) => "a".repeat(n),
  ],
  [
    "`${number}.${number}.${number}`: 1.1.1...",
    t.template(["", ".", ".", ""], [t.number(), t.number(), t.number()]),
    (n) => "1.".repeat(n / 2),
  ],
  [
    "template key `${string}-${string}-${number}`",
    t.dict(t.template(["", "-", "-", ""], [t.string(), t.string(), t.number()]), t.any()),
    (n) => ({ [`${"-".repeat(n)}x`]: 1 }),
  ],
];

function compiled(expr) {
  // The generated code, loaded as a bundle would load it.
  return schemaFromExpr(expr, new Function(`return ${compileValidatorSource(expr)}`)());
}

function time(fn, rounds = 7) {
  const runs = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    fn();
    runs.push(performance.now() - start);
  }
  return runs.sort((a, b) => a - b)[rounds >> 1];
}

console.log("case | back end | 10k chars ms | 100k chars ms | ratio (linear ~10)");
for (const [name, expr, make] of STRINGS) {
  for (const [backEnd, schema] of [
    ["interpreter", schemaFromExpr(expr)],
    ["compiled", compiled(expr)],
  ]) {
    const small = make(10_000);
    const big = make(100_000);
    const a = time(() => schema.validate(small));
    const b = time(() => schema.validate(big));
    console.log(
      `${name} | ${backEnd} | ${a.toFixed(3)} | ${b.toFixed(3)} | ${(b / Math.max(a, 1e-3)).toFixed(1)}`,
    );
  }
}

// Issue collection: an array of 10 million holes (no elements) against number[]. `assert` stops at
// the first issue and `validate` at its cap (100 by default), so both take microseconds, not a heap.
console.log("\ncase | back end | assert ms | validate ms (issues) | is ms");
const holes = new Array(10_000_000);
const infinite = new Proxy([], { get: (_target, key) => (key === "length" ? Number.POSITIVE_INFINITY : 1) });
for (const [name, value] of [
  ["10M holes", holes],
  ["Proxy, length Infinity", infinite],
]) {
  const expr = t.list(t.number());
  for (const [backEnd, schema] of [
    ["interpreter", schemaFromExpr(expr)],
    ["compiled", compiled(expr)],
  ]) {
    const a = time(() => {
      try {
        schema.assert(value);
      } catch {}
    });
    let count = 0;
    const v = time(() => {
      const r = schema.validate(value);
      count = r.success ? 0 : r.errors.length;
    });
    const i = time(() => schema.is(value));
    console.log(`${name} | ${backEnd} | ${a.toFixed(3)} | ${v.toFixed(3)} (${count}) | ${i.toFixed(3)}`);
  }
}
