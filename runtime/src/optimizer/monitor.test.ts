import { describe, expect, it } from "vitest";
import { typedDomain } from "../domains/typed-domain.js";
import { AdaptiveStrategySelector } from "./adaptive.js";
import { AdaptivePlacer } from "./adaptive-placer.js";
import { CircuitBreaker } from "./breaker.js";
import { costModel, DEFAULT_COST_MODEL, executionTimeMs } from "./cost-model.js";
import { FadingAverage } from "./fading-average.js";
import { initiationHint } from "./hints.js";
import { DomainMonitor } from "./monitor.js";
import { type ActionRequirement, congestion, evaluate, place } from "./placement.js";
import { BUILTIN_STRATEGIES as S } from "./strategy.js";

const action: ActionRequirement = {
  id: "work",
  effectType: "work",
  deterministic: true,
  units: 4,
  model: DEFAULT_COST_MODEL,
};
const exec = executionTimeMs(DEFAULT_COST_MODEL, 4); // 2000 ms

/** A monitor on a clock the test moves. */
function monitorAt(options: { breakAfter?: number; cooldownMs?: number; halfLifeMs?: number } = {}) {
  let now = 0;
  const m = new DomainMonitor(0.5, { clock: () => now, ...options });
  return { m, tick: (ms: number) => (now += ms) };
}

describe("observed latency", () => {
  it("counts the execution time once: the monitor keeps the domain's overhead", () => {
    const d = typedDomain("fast", "compute", { latencyMs: 30 });
    const { m } = monitorAt();
    m.register("fast", 4);
    // The effect took 80 ms of overhead plus its 2000 ms of execution.
    const t = m.started("fast", exec);
    m.finished("fast", 80 + exec, false, exec, t);
    expect(m.load("fast")!.observedLatencyMs).toBe(80);
    const [c] = evaluate({
      action,
      domains: [d],
      strategy: S.balanced!,
      hint: initiationHint({}, S, [d]),
      load: (id) => m.load(id),
    });
    expect(c!.latencyMs).toBe(80 + exec);
  });

  it("sees an effect overdue in flight before it times out", () => {
    const { m, tick } = monitorAt();
    m.register("fast", 4);
    m.finished("fast", 30 + exec, false, exec);
    m.started("fast", exec);
    tick(exec + 20);
    expect(m.load("fast")!.observedLatencyMs).toBe(30);
    tick(1000);
    // 1020 ms past its execution time and still no answer: the domain is at least that slow now.
    expect(m.load("fast")!.observedLatencyMs).toBe(1020);
  });

  it("lets old observations fade back to the profile", () => {
    const avg = new FadingAverage(0.5, 1000, 30);
    avg.add(2030, 0);
    expect(avg.value(0)).toBe(2030);
    expect(avg.value(1000)).toBe(1030);
    expect(avg.value(3000)).toBe(280);
    expect(new FadingAverage(0.5, 1000).value(0)).toBeUndefined();
  });
});

describe("load balancing by utilization and predicted demand", () => {
  it("grows latency with utilization only as a domain's slots fill", () => {
    expect(congestion(0.5)).toBeCloseTo(2, 10); // one slot: the M/M/1 1 / (1 - rho)
    expect(congestion(0.5, 6)).toBeLessThan(1.1); // half of six slots free: hardly any wait
    expect(congestion(1, 6)).toBeGreaterThan(3);
    expect(congestion(0.95)).toBeCloseTo(20, 10);
  });

  it("counts queued effects as demand that moves work to the domain with less of it", () => {
    const twins = [typedDomain("a", "compute"), typedDomain("b", "compute")];
    const { m } = monitorAt();
    for (const d of twins) m.register(d.id, 2);
    for (const d of twins) for (let i = 0; i < 2; i++) m.started(d.id);
    // Both are full; only `a` has effects waiting. Without the queue they would tie and `a` would win.
    m.queued("a", 4);
    const input = { action, domains: twins, strategy: S.balanced!, hint: initiationHint({}, S, twins) };
    const d = place({ ...input, load: (id) => m.load(id) });
    expect(m.load("a")!.demand).toBe(2);
    expect(d.domain).toBe("b");
    const [a, b] = d.candidates;
    expect(a!.latencyMs).toBeGreaterThan(b!.latencyMs);
    // A queue that drains counts a while longer (bursts come back), then fades.
    m.queued("a", 0);
    expect(m.load("a")!.demand).toBe(0.5);
    m.queued("a", 0);
    expect(m.load("a")!.demand).toBe(0.25);
  });

  it("weighs the busiest domain in peakLoad and the mean in systemLoad", () => {
    const { m } = monitorAt();
    m.register("a", 2);
    m.register("b", 2);
    m.started("a");
    m.started("a");
    expect(m.peakLoad()).toBe(1);
    expect(m.systemLoad()).toBe(0.5);
  });
});

describe("a domain that stops answering", () => {
  it("is taken out after failures in a row, probed alone after the cooldown, longer after a failed probe", () => {
    const { m, tick } = monitorAt({ breakAfter: 3, cooldownMs: 1000 });
    m.register("fast", 4);
    for (let i = 0; i < 2; i++) m.finished("fast", 2000, true);
    expect(m.load("fast")!.up).toBe(true);
    m.finished("fast", 2000, true);
    expect(m.load("fast")!.up).toBe(false);
    tick(1000);
    expect(m.load("fast")!.up).toBe(true); // half-open: one probe may go
    const probe = m.started("fast");
    expect(m.load("fast")!.up).toBe(false); // ... and goes alone
    m.finished("fast", 2000, true, 0, probe);
    tick(1000);
    expect(m.load("fast")!.up).toBe(false); // the cooldown doubled
    tick(1000);
    expect(m.load("fast")!.up).toBe(true);
    m.finished("fast", 40, false);
    expect(m.snapshot("fast").breakerOpen).toBe(false);
  });

  it("keeps the breaker's rules on its own", () => {
    const b = new CircuitBreaker(2, 100, 300);
    b.record(true, 0);
    b.record(true, 0);
    expect(b.allows(50, 0)).toBe(false);
    expect(b.allows(100, 1)).toBe(false);
    expect(b.allows(100, 0)).toBe(true);
    for (const at of [100, 300, 600]) b.record(true, at); // cooldowns 200, then 300 (the cap)
    expect(b.allows(899, 0)).toBe(false);
    expect(b.allows(900, 0)).toBe(true);
  });
});

describe("adaptive placement", () => {
  const domains = [
    typedDomain("fast", "compute", { latencyMs: 20, costFactor: 300 }),
    typedDomain("cheap", "compute", { latencyMs: 400, costFactor: 50 }),
  ];
  const placer = (hint = initiationHint({}, S, domains)) => {
    const monitor = new DomainMonitor(0.2, { clock: () => 0 });
    for (const d of domains) monitor.register(d.id, 4);
    return new AdaptivePlacer({
      domains,
      hint,
      monitor,
      selector: new AdaptiveStrategySelector(S.cost_minimization!, hint.explicitStrategy),
    });
  };

  it("places a retry for latency: the effect is late already", () => {
    const p = placer();
    // 100 ms of execution: fast is 2.6x faster than cheap at 6x its cost, enough for latency.
    const quick = { ...action, model: costModel({ estimatedDurationMs: 100 }) };
    expect(p.place(quick, 0, 0).domain).toBe("cheap");
    expect(p.place(quick, 0, 1)).toMatchObject({ domain: "fast", strategy: "latency_optimization" });
  });

  it("uses a strategy the user chose for everything, retries too", () => {
    const p = placer(initiationHint({ preferredStrategyId: "cost_minimization" }, S, domains));
    expect(p.place(action, 0, 1)).toMatchObject({ domain: "cheap", strategy: "cost_minimization" });
  });

  it("watches the load for a dwell from its first reading before leaving the base strategy", () => {
    const a = new AdaptiveStrategySelector(S.balanced!, false, undefined, 1000, 1);
    expect(a.observe(0, 5000).id).toBe("balanced");
    expect(a.observe(0, 5999).id).toBe("balanced");
    expect(a.observe(0, 6000).id).toBe("cost_minimization");
    expect(a.events).toEqual([expect.objectContaining({ at: 6000, to: "cost_minimization", mode: "low" })]);
  });
});
