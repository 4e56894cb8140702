/**
 * An exponential moving average that fades back to a baseline when no observation comes: after
 * `halfLifeMs` without one, it has moved half the way back. Without a baseline it just keeps the
 * last average. What a monitor saw a minute ago says less about a domain than what it saw now.
 */
export class FadingAverage {
  private average: number | undefined;
  private at = 0;

  constructor(
    /** Weight of a new observation. */
    private readonly alpha: number,
    private readonly halfLifeMs: number,
    private readonly baseline?: number,
  ) {}

  value(now: number): number | undefined {
    if (this.average === undefined || this.baseline === undefined) return this.average;
    const keep = 0.5 ** (Math.max(0, now - this.at) / this.halfLifeMs);
    return this.baseline + keep * (this.average - this.baseline);
  }

  add(x: number, now: number): void {
    const before = this.value(now);
    this.average = before === undefined ? x : before + this.alpha * (x - before);
    this.at = now;
  }
}
