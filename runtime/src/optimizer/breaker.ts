/**
 * A circuit breaker over one domain's answers: after `breakAfter` failures in a row the domain is
 * kept out for a cooldown, then one probe may go (half-open). A success closes the breaker; a
 * failed probe opens it again with twice the cooldown (up to `maxCooldownMs`), so a domain that
 * stays down costs fewer and fewer probes.
 */
export class CircuitBreaker {
  private failuresInARow = 0;
  private openUntil: number | undefined;
  private cooldown: number;

  constructor(
    private readonly breakAfter: number,
    private readonly cooldownMs: number,
    private readonly maxCooldownMs = 8 * cooldownMs,
  ) {
    this.cooldown = cooldownMs;
  }

  record(failed: boolean, now: number): void {
    if (!failed) {
      this.failuresInARow = 0;
      this.openUntil = undefined;
      this.cooldown = this.cooldownMs;
      return;
    }
    this.failuresInARow++;
    if (this.failuresInARow < this.breakAfter) return;
    // Opening again after a failed probe: wait longer before the next one.
    if (this.openUntil !== undefined) this.cooldown = Math.min(this.maxCooldownMs, 2 * this.cooldown);
    this.openUntil = now + this.cooldown;
  }

  /** Closed, or half-open with no effect of the domain still out (the probe goes alone). */
  allows(now: number, inFlight: number): boolean {
    return this.openUntil === undefined || (now >= this.openUntil && inFlight === 0);
  }

  get open(): boolean {
    return this.openUntil !== undefined;
  }
}
