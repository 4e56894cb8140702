/**
 * Placement scores that keep magnitudes (issue 19), as properties over random domains: the oracle
 * is the ordering of the candidates' own numbers (dominance, scaling), never the score formula.
 */
import {
  BUILTIN_STRATEGIES,
  type CandidateScore,
  DEFAULT_COST_MODEL,
  defineStrategy,
  initiationHint,
  type OptimizationStrategy,
  OptimizerError,
  type PlacementDecision,
  place,
  ranked,
  SCORE_TOLERANCE,
  type TypedDomain,
  typedDomain,
} from "@causality/runtime";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const BUILTINS = Object.values(BUILTIN_STRATEGIES);
const RUNS = { numRuns: 150, seed: 19 };

/** One unit of the reference model: cost trunc(1.1 · costFactor), latency profile + 1000 ms. */
const action = { id: "a", effectType: "work", deterministic: true, units: 1, model: DEFAULT_COST_MODEL };

interface Numbers {
  readonly latencyMs: number;
  readonly costFactor: number;
  readonly reliability: number;
}
const numbers = fc.record({
  latencyMs: fc.integer({ min: 0, max: 20_000 }),
  costFactor: fc.integer({ min: 1, max: 2_000 }),
  reliability: fc.integer({ min: 50, max: 100 }),
});
const others = fc.array(numbers, { maxLength: 4 });
const priority = fc.integer({ min: 1, max: 100 });
/** Built-ins and user strategies with every weight above 0 (a zero weight ignores its axis). */
const strategy: fc.Arbitrary<OptimizationStrategy> = fc.oneof(
  fc.constantFrom(...BUILTINS),
  fc
    .tuple(
      fc.double({ min: 0.01, max: 1, noNaN: true }),
      fc.double({ min: 0.01, max: 1, noNaN: true }),
      fc.double({ min: 0.01, max: 1, noNaN: true }),
    )
    .map(([p, l, c]) =>
      defineStrategy({
        id: "user",
        name: "User",
        description: "",
        priorityWeight: p,
        latencyWeight: l,
        costWeight: c,
      }),
    ),
);

const domainsOf = (ns: readonly Numbers[], prefix = "d") =>
  ns.map((n, i) => typedDomain(`${prefix}${i}`, "compute", n));

function decide(domains: readonly TypedDomain[], s: OptimizationStrategy, p = 50): PlacementDecision {
  return place({
    action,
    domains,
    strategy: s,
    hint: initiationHint({ priority: p }, BUILTIN_STRATEGIES, domains),
  });
}

/** The domains best first, as placement ranks them. */
function order(decision: PlacementDecision): string[] {
  return ranked(
    decision.candidates.filter((c) => c.feasible),
    decision.preferenceOrder,
  ).map((c) => c.domain);
}

const scoreOf = (d: PlacementDecision, id: string): number =>
  (d.candidates.find((c) => c.domain === id) as CandidateScore).score!;

/** A copy worse on one axis by `by` (>= 1): slower, dearer, or less reliable. */
const worse = (n: Numbers, axis: "latency" | "cost" | "reliability", by: number): Numbers =>
  axis === "latency"
    ? { ...n, latencyMs: n.latencyMs + by }
    : axis === "cost"
      ? { ...n, costFactor: n.costFactor + by }
      : { ...n, reliability: Math.max(0, n.reliability - by) };
const axis = fc.constantFrom("latency" as const, "cost" as const, "reliability" as const);

describe("scores that keep magnitudes", () => {
  it("a domain 10x faster for 1% more cost wins under Balanced, by its score (no tie)", () => {
    const domains = [
      typedDomain("a-slow", "compute", { latencyMs: 9_000, costFactor: 100 }),
      typedDomain("b-fast", "compute", { latencyMs: 0, costFactor: 101 }),
    ];
    const d = decide(domains, BUILTIN_STRATEGIES.balanced!);
    expect(d.domain).toBe("b-fast");
    expect(d.why).toMatch(/^b-fast scored [\d.]+ under Balanced, ahead of a-slow/);
    // Min-max scores made this pair tie at the same total whatever the gap; these are far apart.
    expect(scoreOf(d, "b-fast") - scoreOf(d, "a-slow")).toBeGreaterThan(0.5);
  });

  it("a candidate better on one axis and equal on the others ranks above its twin under every strategy", () => {
    fc.assert(
      fc.property(
        numbers,
        axis,
        fc.integer({ min: 1, max: 1000 }),
        others,
        strategy,
        priority,
        (n, ax, by, rest, s, p) => {
          fc.pre(ax !== "reliability" || n.reliability - by >= 0);
          const domains = [
            typedDomain("better", "compute", n),
            typedDomain("twin", "compute", worse(n, ax, by)),
            ...domainsOf(rest),
          ];
          const d = decide(domains, s, p);
          const o = order(d);
          expect(o.indexOf("better")).toBeLessThan(o.indexOf("twin"));
          expect(scoreOf(d, "better") - scoreOf(d, "twin")).toBeGreaterThanOrEqual(SCORE_TOLERANCE);
          // Alone together, the better one is chosen by its score, not by a tie-break.
          const pair = decide(domains.slice(0, 2), s, p);
          expect(pair.domain).toBe("better");
          expect(pair.why).not.toMatch(/ tie at /);
        },
      ),
      RUNS,
    );
  });

  it("scaling one candidate's cost or latency up never improves its rank", () => {
    fc.assert(
      fc.property(
        fc.array(numbers, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.constantFrom("latency" as const, "cost" as const),
        fc.double({ min: 1, max: 100, noNaN: true }),
        strategy,
        (ns, pick, ax, k, s) => {
          const i = pick % ns.length;
          const n = ns[i]!;
          const scaled =
            ax === "latency"
              ? { ...n, latencyMs: Math.round(n.latencyMs * k) }
              : { ...n, costFactor: Math.round(n.costFactor * k) };
          const before = order(decide(domainsOf(ns), s)).indexOf(`d${i}`);
          const after = order(decide(domainsOf(ns.map((x, j) => (j === i ? scaled : x))), s)).indexOf(
            `d${i}`,
          );
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
      RUNS,
    );
  });

  it("reports a tie only when the two best scores are equal to the tolerance, and then always", () => {
    // Few distinct numbers, so equal domains (and so ties) come up often.
    const pooled = fc.record({
      latencyMs: fc.constantFrom(0, 100, 1000),
      costFactor: fc.constantFrom(10, 100, 1000),
      reliability: fc.constantFrom(90, 99),
    });
    fc.assert(
      fc.property(fc.array(pooled, { minLength: 2, maxLength: 6 }), strategy, (ns, s) => {
        const d = decide(domainsOf(ns), s);
        const [first, second] = order(d);
        const gap = scoreOf(d, first!) - scoreOf(d, second!);
        expect(gap).toBeGreaterThanOrEqual(0);
        expect(/ tie at /.test(d.why)).toBe(gap < SCORE_TOLERANCE);
        expect(d.domain).toBe(first);
      }),
      RUNS,
    );
  });

  it("does not change a decision when an infeasible or a dominated candidate is added", () => {
    fc.assert(
      fc.property(
        fc.array(numbers, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.tuple(fc.nat({ max: 500 }), fc.nat({ max: 500 }), fc.nat({ max: 20 })),
        numbers,
        strategy,
        (ns, pick, [dl, dc, dr], extra, s) => {
          fc.pre(dl + dc + dr > 0);
          const domains = domainsOf(ns);
          const base = decide(domains, s);
          const over = ns[pick % ns.length]!;
          const dominated = {
            latencyMs: over.latencyMs + dl,
            costFactor: over.costFactor + dc,
            reliability: Math.max(0, over.reliability - dr),
          };
          const infeasible = [
            typedDomain("x-unable", "compute", extra, ["other.work"]),
            typedDomain("x-proof", "verifiable", extra),
          ];
          const withDominated = decide([...domains, typedDomain("x-dominated", "compute", dominated)], s);
          const nondeterministic = { ...action, deterministic: false };
          const plain = place({
            action: nondeterministic,
            domains,
            strategy: s,
            hint: initiationHint({}, BUILTIN_STRATEGIES, domains),
          });
          const withInfeasible = place({
            action: nondeterministic,
            domains: [...infeasible, ...domains],
            strategy: s,
            hint: initiationHint({}, BUILTIN_STRATEGIES, [...infeasible, ...domains]),
          });
          expect(withDominated.domain).toBe(base.domain);
          expect(scoreOf(withDominated, base.domain)).toBeCloseTo(scoreOf(base, base.domain), 12);
          expect(withInfeasible.domain).toBe(plain.domain);
          expect(withInfeasible.candidates.filter((c) => !c.feasible).map((c) => c.domain)).toEqual([
            "x-unable",
            "x-proof",
          ]);
        },
      ),
      RUNS,
    );
  });
});

describe("strategy names", () => {
  it("refuses Object.prototype members as strategies: OPT2002_UNKNOWN_STRATEGY", () => {
    const domains = domainsOf([{ latencyMs: 100, costFactor: 100, reliability: 95 }]);
    for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"]) {
      let error: unknown;
      try {
        initiationHint({ preferredStrategyId: name }, BUILTIN_STRATEGIES, domains);
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(OptimizerError);
      expect((error as OptimizerError).code).toBe("OPT2002_UNKNOWN_STRATEGY");
      expect((error as OptimizerError).message).toContain(`unknown strategy "${name}"`);
    }
  });
});
