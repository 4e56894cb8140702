/**
 * The deterministic simulation (runtime/src/optimizer/simulation.ts) runs the real optimizer
 * against baselines on seeded traces. These tests hold what the table in docs/optimizer.md shows.
 */
import { POLICIES, type PolicyName, simulate, type TraceKind } from "@causality/runtime";
import { describe, expect, it } from "vitest";

const TRACES: TraceKind[] = ["steady", "bursty", "spike", "outage"];
const run = (trace: TraceKind) =>
  Object.fromEntries(POLICIES.map((p) => [p, simulate(trace, p, 42)])) as Record<
    PolicyName,
    ReturnType<typeof simulate>
  >;

describe("simulation", () => {
  it("is deterministic for a seed", () => {
    expect(simulate("spike", "adaptive", 7)).toEqual(simulate("spike", "adaptive", 7));
    expect(simulate("spike", "adaptive", 7)).not.toEqual(simulate("spike", "adaptive", 8));
  });

  for (const trace of TRACES) {
    it(`${trace}: the optimizer's policies never break a hard limit; blind baselines do`, () => {
      const r = run(trace);
      for (const p of POLICIES.filter((p) => p === "adaptive" || p.startsWith("static:")))
        expect(r[p].violations).toBe(0);
      expect(r["round-robin"].violations).toBeGreaterThan(0);
      expect(r.random.violations).toBeGreaterThan(0);
    });
  }

  for (const trace of ["spike", "outage"] as const) {
    it(`${trace}: adaptive beats every fixed strategy on p99, at no more cost than any but cost minimization`, () => {
      const r = run(trace);
      for (const p of POLICIES.filter((p) => p.startsWith("static:")))
        expect(r.adaptive.p99).toBeLessThan(r[p].p99);
      for (const p of [
        "static:balanced",
        "static:capital_efficiency",
        "static:latency_optimization",
      ] as const) {
        expect(r.adaptive.totalCost).toBeLessThanOrEqual(1.1 * r[p].totalCost);
      }
      expect(r.adaptive.completed).toBe(r["static:balanced"].completed);
    });
  }

  it("switches strategy a handful of times a minute, not on every arrival", () => {
    for (const trace of TRACES) expect(run(trace).adaptive.switches).toBeLessThanOrEqual(20);
  });
});
