/**
 * Percentiles of completion times where a job that never completed counts as Infinity: a policy
 * that loses more than 1% of its jobs has an infinite p99 rather than a flattering one.
 */
export function percentile(times: readonly number[], p: number): number {
  if (times.length === 0) return 0;
  const sorted = [...times].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
}
