/**
 * Lets a long test give its worker's event loop a turn. vitest's worker waits at most 60 s for the
 * runner to acknowledge each `onTaskUpdate`; the acknowledgement is read only when the loop turns,
 * and Node runs expired timers before it reads messages. A test that computes for a minute without
 * yielding (a property run on a loaded machine) therefore fails the whole run although every test
 * passed. Call `await breathe()` inside long loops and property predicates: it yields at most every
 * 50 ms and costs a comparison otherwise.
 */
const SLICE_MS = 50;
let last = performance.now();

export async function breathe(): Promise<void> {
  const now = performance.now();
  if (now - last < SLICE_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  last = performance.now();
}

/** The size of a randomized run: `full` in `npm test`, a tenth (at least `min`) under `npm run test:quick`. */
export function runs(full: number, min = 20): number {
  return process.env.CAUSALITY_TEST_QUICK === "1" ? Math.max(min, Math.round(full / 10)) : full;
}
