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

  it("spike: adaptive keeps p99 within 1.1x of the fastest strategy at under 60% of its cost, and beats the others", () => {
    const r = run("spike");
    expect(r.adaptive.p99).toBeLessThan(1.1 * r["static:latency_optimization"].p99);
    expect(r.adaptive.totalCost).toBeLessThan(0.6 * r["static:latency_optimization"].totalCost);
    for (const p of ["static:balanced", "static:capital_efficiency", "static:cost_minimization"] as const) {
      expect(r.adaptive.p99).toBeLessThan(r[p].p99 / 5);
    }
  });

  it("outage: adaptive routes around the down domain (all jobs complete) and beats latency-first on p99", () => {
    const r = run("outage");
    expect(r.adaptive.completed).toBe(r["static:balanced"].completed);
    expect(r["static:latency_optimization"].completed).toBeLessThan(r.adaptive.completed);
    expect(r.adaptive.p99).toBeLessThan(r["static:latency_optimization"].p99 / 5);
    expect(r.adaptive.p99).toBeLessThan(r["static:cost_minimization"].p99);
  });
});
