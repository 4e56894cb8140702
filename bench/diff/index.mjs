// Diffing two big unions (issue 15: two 4,096-member unions took 6.3 s, quadratic in the members).
// Each case diffs old -> new where the two unions share all members but three, for n = 1,024 and
// 4,096 members, in one process; the ratio t(4096) / t(1024) is ~4-5 for n log n and 16 for n².
// The diff is timed on canonical inputs, as `causality diff` gets them from a lock file (reading
// a lock canonicalizes and checks every id); canonicalizing is timed on its own beside it.
import { canonicalize, diffTypeExprs, t } from "@causality/schema";

const literals = (n, shift) =>
  t.union(...Array.from({ length: n }, (_, i) => t.literal(`member-${i + shift}`)));
const records = (n, shift) =>
  t.union(
    ...Array.from({ length: n }, (_, i) =>
      t.record({ kind: t.literal(`k${i + shift}`), value: i % 7 === 0 ? t.u32() : t.string() }),
    ),
  );
// Records with no common literal field: not a discriminated union, members compared structurally.
const shapes = (n, shift) =>
  t.union(...Array.from({ length: n }, (_, i) => t.record({ [`f${i + shift}`]: t.string() })));

const CASES = [
  ["string literals", literals],
  ["discriminated records", records],
  ["records without a tag", shapes],
];

function time(make, n) {
  let start = performance.now();
  const a = canonicalize(make(n, 0));
  const b = canonicalize(make(n, 3));
  const canon = performance.now() - start;
  start = performance.now();
  const d = diffTypeExprs(a, b, "input", "T");
  const ms = performance.now() - start;
  if (d.direction !== "incompatible") throw new Error(`unexpected direction ${d.direction}`);
  return { ms, canon };
}

for (const [name, make] of CASES) {
  time(make, 64); // warm up
  const small = time(make, 1024);
  const big = time(make, 4096);
  const f = (x) => x.toFixed(1).padStart(7);
  console.log(
    `${name.padEnd(22)} diff n=1024 ${f(small.ms)} ms  n=4096 ${f(big.ms)} ms  ratio ${(big.ms / small.ms).toFixed(1)} (n log n ~4.8, n² 16)` +
      `   | canonicalize both n=1024 ${f(small.canon)} ms  n=4096 ${f(big.canon)} ms`,
  );
}
