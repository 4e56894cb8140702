/**
 * Typed domains: where effects run. The kind decides what a domain may run (a verifiable domain
 * proves its work, so it only accepts deterministic effects); the capability profile feeds the
 * optimizer. Profile defaults are the reference's numbers (design.md §5).
 */

export type DomainKind = "verifiable" | "service" | "compute";

export interface CapabilityProfile {
  /** Typical latency of one effect, in ms. */
  readonly latencyMs: number;
  /** Effects per second the domain can absorb. */
  readonly throughput: number;
  /** Percentage of effects that succeed, 0..100. */
  readonly reliability: number;
  /** Relative cost, 100 = baseline. */
  readonly costFactor: number;
}

export const DEFAULT_PROFILE: CapabilityProfile = Object.freeze({
  latencyMs: 100,
  throughput: 1000,
  reliability: 95,
  costFactor: 100,
});

export interface TypedDomain {
  readonly id: string;
  readonly kind: DomainKind;
  readonly profile: CapabilityProfile;
  /** Effect types this domain can run; undefined = any. */
  readonly capabilities?: readonly string[];
}

/** Whether a domain of this kind accepts an effect that is (not) deterministic. */
export function acceptsDeterminism(kind: DomainKind, deterministic: boolean): boolean {
  return kind !== "verifiable" || deterministic;
}

export function typedDomain(
  id: string,
  kind: DomainKind,
  profile: Partial<CapabilityProfile> = {},
  capabilities?: readonly string[],
): TypedDomain {
  const full = { ...DEFAULT_PROFILE, ...profile };
  return capabilities === undefined ? { id, kind, profile: full } : { id, kind, profile: full, capabilities };
}

/**
 * Cost and time of moving data between two different domains (reference numbers, keyed by the
 * kinds). Staying on the same domain costs nothing; callers check domain ids first.
 */
export function transferCost(from: DomainKind, to: DomainKind): { cost: number; timeMs: number } {
  if (from === "verifiable" && to === "service") return { cost: 1000, timeMs: 2000 };
  if (from === "service" && to === "verifiable") return { cost: 1500, timeMs: 3000 };
  return { cost: 100, timeMs: 500 };
}
