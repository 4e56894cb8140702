// Timing: one loop function per (library, shape, case), each compiled from its own source text so it
// has its own inline caches (a loop shared by every library would see many callees at one call site).
// Samples are calibrated to a target duration, rounds interleave every entry, the median is kept.

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 10);

let loops = 0;
/** A fresh loop: calls `fn` on `values` (length a power of two) `n` times, returns how many passed. */
function makeLoop(kind) {
  const verdict = kind === "validate" ? "fn(values[i & mask]).success" : "fn(values[i & mask])";
  // The comment makes every source text distinct, so V8 shares nothing between loops.
  return new Function(
    "fn",
    "values",
    "n",
    `"use strict"; // loop ${loops++}\nconst mask = values.length - 1;\nlet passed = 0;\nfor (let i = 0; i < n; i++) if (${verdict}) passed++;\nreturn passed;`,
  );
}

/** An entry to time: `fn` over `values`, all expected to pass (`expect` true) or all to fail. */
export function entry(key, kind, fn, values, expect) {
  if ((values.length & (values.length - 1)) !== 0) throw new Error("values.length must be a power of two");
  return { key, loop: makeLoop(kind), fn, values, expect, n: 0, samples: [] };
}

/**
 * Runs `n` calls and returns the CPU time they took, in ns. CPU time, not wall time: on a shared
 * machine (2 cores, many processes) wall time mostly measures how long the process waited for a core.
 */
function run(e, n) {
  const start = process.cpuUsage();
  const passed = e.loop(e.fn, e.values, n);
  const used = process.cpuUsage(start);
  const ns = (used.user + used.system) * 1000;
  // The timed calls themselves must give the agreed verdicts (a broken fast path cannot win).
  if (passed !== (e.expect ? n : 0)) throw new Error(`${e.key}: ${passed} of ${n} calls passed`);
  return ns;
}

/** Warms every entry up, calibrates it, then takes ROUNDS interleaved samples (ns per call) of each. */
export function measureAll(entries, log = () => {}) {
  const target = SAMPLE_MS * 1e6;
  for (const e of entries) {
    // Warm up first: calibrated on its first, unoptimized calls, a sample would be far too short.
    for (let i = 0; i < 4; i++) run(e, 2000);
    let n = 256;
    for (;;) {
      const ns = run(e, n);
      if (ns >= target / 2 || n >= 1 << 26) {
        e.n = Math.max(256, Math.round((n * target) / Math.max(ns, 1)));
        break;
      }
      n *= 2;
    }
  }
  for (let r = 0; r < ROUNDS; r++) {
    // Rotate the starting entry so no library always runs right after the same neighbour.
    const offset = Math.floor((r * entries.length) / ROUNDS);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[(i + offset) % entries.length];
      e.samples.push(run(e, e.n) / e.n);
    }
    log(`round ${r + 1}/${ROUNDS}`);
  }
  return Object.fromEntries(entries.map((e) => [e.key, e.samples]));
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
