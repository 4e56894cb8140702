import { describe, expect, it } from "vitest";
import { typedDomain } from "../domains/typed-domain.js";
import { AdaptiveStrategySelector } from "./adaptive.js";
import { costModel, DEFAULT_COST_MODEL, executionTimeMs, totalCost } from "./cost-model.js";
import { OptimizerError } from "./errors.js";
import { DEFAULT_RESOURCES, estimateDataflow } from "./estimate.js";
import { initiationHint } from "./hints.js";
import { DomainMonitor } from "./monitor.js";
import { type ActionRequirement, evaluate, explain, place } from "./placement.js";
import { optimizerPlacer } from "./placer.js";
import { planDataflow } from "./plan.js";
import { BUILTIN_STRATEGIES, defineStrategy } from "./strategy.js";

const S = BUILTIN_STRATEGIES;
const domains = [
  typedDomain("fast", "compute", { latencyMs: 20, costFactor: 300 }),
  typedDomain("cheap", "compute", { latencyMs: 400, costFactor: 50 }),
  typedDomain("zk", "verifiable", { latencyMs: 200 }),
  typedDomain("api", "service", { latencyMs: 80 }, ["http.call"]),
];
const hint = (input = {}) => initiationHint(input, S, domains);
/**
 * Execution short next to the domains' overheads (100 ms a unit, not the reference 1000), so the
 * domains differ by magnitudes the scores weigh: fast is 2.6x faster than cheap at 6x its cost.
 */
const QUICK = costModel({ estimatedDurationMs: 100 });
const action = (over: Partial<ActionRequirement> = {}): ActionRequirement => ({
  id: "transfer",
  effectType: "token.transfer",
  deterministic: true,
  units: 5,
  model: QUICK,
  ...over,
});

describe("reference models", () => {
  it("keeps the reference strategy weights", () => {
    expect(
      [S.capital_efficiency, S.latency_optimization, S.cost_minimization, S.balanced].map((s) => [
        s!.priorityWeight,
        s!.latencyWeight,
        s!.costWeight,
      ]),
    ).toEqual([
      [0.8, 0.3, 0.5],
      [0.5, 0.9, 0.2],
      [0.4, 0.2, 0.9],
      [0.6, 0.6, 0.6],
    ]);
  });

  it("pins the reference cost examples: 150, 390 and 2000", () => {
    expect(DEFAULT_COST_MODEL).toEqual({
      baseCost: 100,
      resourceCostPerUnit: 10,
      complexityMultiplier: 1,
      domainCostFactor: 1,
      estimatedDurationMs: 1000,
    });
    expect(totalCost(DEFAULT_COST_MODEL, 5)).toBe(150);
    expect(totalCost(costModel({ complexityMultiplier: 1.5, domainCostFactor: 2.0 }), 3)).toBe(390);
    expect(executionTimeMs(DEFAULT_COST_MODEL, 4)).toBe(2000);
  });

  it("keeps the reference resource and hint defaults", () => {
    expect(DEFAULT_RESOURCES).toEqual({
      cpuTimeMs: 1000,
      memoryBytes: 1048576,
      storageBytes: 524288,
      networkBytes: 262144,
    });
    expect(hint()).toMatchObject({
      preferredStrategyId: "balanced",
      priority: 50,
      preferParallelExecution: false,
    });
  });

  it("validates user strategies and hints with stable codes", () => {
    expect(() => defineStrategy({ ...S.balanced!, id: "x", costWeight: -1 })).toThrow(/OPT2001_BAD_STRATEGY/);
    expect(() =>
      defineStrategy({ ...S.balanced!, id: "x", priorityWeight: 0, latencyWeight: 0, costWeight: 0 }),
    ).toThrow(/OPT2001/);
    expect(() => defineStrategy({ ...S.balanced!, id: "x", latencyWeight: Number.NaN })).toThrow(/OPT2001/);
    expect(() => hint({ preferredStrategyId: "fastest" })).toThrow(/OPT2002_UNKNOWN_STRATEGY.*"fastest"/);
    expect(() => hint({ costBudget: -5 })).toThrow(/OPT2003_BAD_HINT: costBudget/);
    expect(() => hint({ domainPreferenceOrder: ["mars"] })).toThrow(/OPT2004_UNKNOWN_DOMAIN.*"mars"/);
  });
});

describe("estimates", () => {
  it("sums sequentially and takes the critical path of parallel branches", () => {
    const n = (id: string, units: number, after: string[] = []) => ({
      id,
      model: DEFAULT_COST_MODEL,
      units,
      after,
    });
    // a (1000 ms) -> { b (2000 ms), c (1000 ms) } -> d (1000 ms)
    const nodes = [n("a", 1), n("b", 4, ["a"]), n("c", 1, ["a"]), n("d", 1, ["b", "c"])];
    const est = estimateDataflow(nodes, 1_000_000);
    expect(est.sequentialMs).toBe(5000);
    expect(est.criticalPathMs).toBe(4000);
    expect(est.criticalPath).toEqual(["a", "b", "d"]);
    expect(est.estimatedCompletionTime).toBe(1_004_000);
    expect(estimateDataflow(nodes, 0, false).estimatedCompletionTime).toBe(5000);
    expect(est.totalCost).toBe(110 + 140 + 110 + 110);
  });
});

describe("strategy switches as events", () => {
  it("the placer reports each switch of its adaptive selector, with the reason", () => {
    const domains = [typedDomain("a", "compute"), typedDomain("b", "compute")];
    const monitor = new DomainMonitor(1);
    for (const d of domains) monitor.register(d.id, 1);
    const adaptive = new AdaptiveStrategySelector(BUILTIN_STRATEGIES.balanced!);
    const switches: string[] = [];
    const placer = optimizerPlacer({
      adaptive,
      monitor,
      onSwitch: (e) => switches.push(`${e.to}: ${e.reason}`),
    });
    const effect = { type: "work", params: {}, deterministic: true };
    placer(effect, domains);
    for (const d of domains) monitor.started(d.id);
    placer(effect, domains);
    expect(switches).toEqual([
      "cost_minimization: load 0.00 <= 0.25: favour cost",
      "latency_optimization: load 1.00 >= 0.75: favour latency",
    ]);
    // An explicit strategy is never switched by load.
    for (const d of domains) monitor.finished(d.id, 1, false);
    placer(effect, domains, { instance: "i", node: "n", hint: { preferredStrategyId: "cost_minimization" } });
    expect(switches).toHaveLength(2);
  });
});

describe("resource limits (the seed's ResourceUsageEstimate as hard limits)", () => {
  it("drops a domain for cpu time, memory, storage or network over the limit, with the reason", () => {
    const domains = [typedDomain("a", "compute")];
    const base = { id: "x", effectType: "work", deterministic: true, units: 4, model: DEFAULT_COST_MODEL };
    const reason = (limits: object, action: object = {}) =>
      evaluate({
        action: { ...base, ...action },
        domains,
        strategy: BUILTIN_STRATEGIES.balanced!,
        hint: initiationHint({ resourceConstraints: limits }, BUILTIN_STRATEGIES, domains),
      })[0]!.reason;
    expect(reason({ maxCpuTimeMs: 1000 })).toBe("cpuTimeMs 2000 > maxCpuTimeMs 1000");
    expect(reason({ maxMemoryBytes: 1024 })).toBe("memoryBytes 1048576 > maxMemoryBytes 1024");
    expect(reason({ maxStorageBytes: 10 }, { storageBytes: 11 })).toBe(
      "storageBytes 11 > maxStorageBytes 10",
    );
    expect(reason({ maxNetworkBytes: 10 }, { networkBytes: 5 })).toBeUndefined();
    expect(() =>
      initiationHint({ resourceConstraints: { cpu: 1 } as never }, BUILTIN_STRATEGIES, domains),
    ).toThrow(/resourceConstraints.cpu is not a limit/);
    expect(() => initiationHint({ dataflowDefinitionId: "flow-1" }, BUILTIN_STRATEGIES, domains)).toThrow(
      /dataflowDefinitionId must be a definition id/,
    );
  });
});

describe("placement", () => {
  it("drops domains that cannot run the action, each with its reason", () => {
    const d = place({
      action: action({ deterministic: false }),
      domains,
      strategy: S.balanced!,
      hint: hint(),
    });
    const reasons = Object.fromEntries(d.candidates.map((c) => [c.domain, c.reason]));
    expect(reasons.zk).toBe("verifiable domain runs deterministic effects only");
    expect(reasons.api).toBe('cannot run effect type "token.transfer"');
    expect(["fast", "cheap"]).toContain(d.domain);
  });

  it("follows the strategy: latency picks the fast domain, cost the cheap one", () => {
    expect(place({ action: action(), domains, strategy: S.latency_optimization!, hint: hint() }).domain).toBe(
      "fast",
    );
    expect(place({ action: action(), domains, strategy: S.cost_minimization!, hint: hint() }).domain).toBe(
      "cheap",
    );
  });

  it("grows latency with utilization, so load spreads over domains", () => {
    const idle = place({ action: action(), domains, strategy: S.latency_optimization!, hint: hint() });
    const busy = place({
      action: action(),
      domains,
      strategy: S.latency_optimization!,
      hint: hint(),
      load: (id) => ({ utilization: id === "fast" ? 0.95 : 0, up: true }),
    });
    expect(idle.domain).toBe("fast");
    expect(busy.domain).not.toBe("fast");
  });

  it("breaks ties by the preference order, then the domain id", () => {
    const twins = [typedDomain("b", "compute"), typedDomain("a", "compute"), typedDomain("c", "compute")];
    const h = (order: string[]) => initiationHint({ domainPreferenceOrder: order }, S, twins);
    expect(place({ action: action(), domains: twins, strategy: S.balanced!, hint: h([]) }).domain).toBe("a");
    expect(
      place({ action: action(), domains: twins, strategy: S.balanced!, hint: h(["c", "b"]) }).domain,
    ).toBe("c");
  });

  it("is infeasible when no domain is left, listing every reason", () => {
    const strict = hint({ resourceConstraints: { maxCostPerEffect: 10 } });
    try {
      place({ action: action(), domains, strategy: S.balanced!, hint: strict });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(OptimizerError);
      expect((e as OptimizerError).code).toBe("OPT2005_INFEASIBLE");
      expect((e as OptimizerError).reasons).toHaveLength(4);
      expect((e as OptimizerError).reasons.join("\n")).toMatch(/fast: cost \d+ > maxCostPerEffect 10/);
    }
  });

  it("explains every candidate with its sub-scores", () => {
    const lines = explain(place({ action: action(), domains, strategy: S.balanced!, hint: hint() }));
    expect(lines[0]).toMatch(/^transfer -> \w+ \(balanced\): \w+ (scored|and \w+ tie at)/);
    expect(
      lines.filter((l) => /score [\d.]+ = priority [\d.]+ \+ latency [\d.]+ \+ cost [\d.]+/.test(l)),
    ).toHaveLength(3);
    expect(lines.some((l) => l.includes("api: dropped"))).toBe(true);
  });
});

describe("dataflow plans", () => {
  const steps = [
    { ...action({ id: "check" }), after: [] },
    { ...action({ id: "prove" }), after: ["check"] },
    { ...action({ id: "notify", effectType: "http.call", deterministic: false }), after: ["prove"] },
  ];

  it("charges transfers between consecutive domains", () => {
    const plan = planDataflow({ actions: steps, domains, strategy: S.balanced!, hint: hint() });
    expect(plan.decisions.map((d) => d.action)).toEqual(["check", "prove", "notify"]);
    const previous = domains.find((d) => d.id === plan.decisions[1]!.domain)!;
    const api = plan.decisions[2]!.candidates.find((c) => c.domain === "api")!;
    // 150 for 5 units, x1.5 for a service domain, plus the transfer from the previous step's kind.
    const transfer = previous.kind === "verifiable" ? 1000 : 100;
    expect(api.cost).toBe(225 + transfer);
    expect(plan.totalCost).toBe(plan.decisions.reduce((sum, d) => sum + d.cost, 0));
  });

  it("respects the whole dataflow's budget, switching strategy and saying why", () => {
    const plan = planDataflow({
      actions: steps.slice(0, 2),
      domains,
      strategy: S.latency_optimization!,
      hint: hint({ costBudget: 400 }),
    });
    expect(plan.totalCost).toBeLessThanOrEqual(400);
    expect(plan.override).toMatch(
      /latency_optimization broke a hard limit \(total cost \d+ > costBudget 400\); cost_minimization meets it/,
    );
  });

  it("is infeasible when no strategy fits the budgets", () => {
    expect(() =>
      planDataflow({ actions: steps, domains, strategy: S.balanced!, hint: hint({ costBudget: 10 }) }),
    ).toThrow(/OPT2005_INFEASIBLE: no strategy/);
  });
});

describe("dynamic optimization", () => {
  it("keeps moving averages per domain and feeds them to placement", () => {
    const m = new DomainMonitor(0.5);
    m.register("fast", 4);
    m.finished("fast", 100, false);
    m.finished("fast", 300, true);
    m.started("fast");
    m.started("fast");
    expect(m.load("fast")).toEqual({
      utilization: 0.5,
      slots: 4,
      up: true,
      demand: 0,
      observedLatencyMs: 200,
      observedFailureRate: 0.5,
    });
  });

  it("switches strategy under load with hysteresis and records each switch", () => {
    const a = new AdaptiveStrategySelector(S.balanced!);
    const loads = [0.5, 0.8, 0.7, 0.6, 0.74, 0.5, 0.3, 0.2, 0.3, 0.35, 0.45];
    const seen = loads.map((l, i) => a.observe(l, i).id);
    expect(seen).toEqual([
      "balanced",
      "latency_optimization",
      "latency_optimization",
      "latency_optimization",
      "latency_optimization",
      "balanced",
      "balanced",
      "cost_minimization",
      "cost_minimization",
      "cost_minimization",
      "balanced",
    ]);
    expect(a.events.map((e) => e.to)).toEqual([
      "latency_optimization",
      "balanced",
      "cost_minimization",
      "balanced",
    ]);
    expect(a.events[0]!.reason).toMatch(/load 0.80 >= 0.75/);
  });

  it("never switches a strategy the user chose", () => {
    const a = new AdaptiveStrategySelector(S.cost_minimization!, true);
    expect([0.9, 0.1, 0.99].map((l, i) => a.observe(l, i).id)).toEqual([
      "cost_minimization",
      "cost_minimization",
      "cost_minimization",
    ]);
    expect(a.events).toEqual([]);
  });
});
