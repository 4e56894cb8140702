import { describe, expect, it } from "vitest";
import type { DataflowSpec } from "../dataflow/definition.js";
import { typedDomain } from "../domains/typed-domain.js";
import { costModel } from "./cost-model.js";
import { definitionActions } from "./definition-actions.js";
import { explainPlan } from "./explain.js";
import { formatPlanExplanation } from "./explain-text.js";
import { initiationHint } from "./hints.js";
import type { ActionRequirement } from "./placement.js";
import { type PlannedAction, planDataflow } from "./plan.js";
import { BUILTIN_STRATEGIES as S } from "./strategy.js";

const domains = [
  typedDomain("fast", "compute", { latencyMs: 20, costFactor: 300 }),
  typedDomain("cheap", "compute", { latencyMs: 400, costFactor: 50 }),
  typedDomain("zk", "verifiable", { latencyMs: 200 }),
  typedDomain("api", "service", { latencyMs: 80 }, ["http.call"]),
];
/** The compute domains cannot make HTTP calls: the last step has to move to the service domain. */
const split = [
  typedDomain("fast", "compute", { latencyMs: 20, costFactor: 300 }, ["token.transfer"]),
  typedDomain("cheap", "compute", { latencyMs: 400, costFactor: 50 }, ["token.transfer"]),
  typedDomain("zk", "verifiable", { latencyMs: 200 }),
  typedDomain("api", "service", { latencyMs: 80 }, ["http.call"]),
];
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
const steps: PlannedAction[] = [
  { ...action({ id: "check" }), after: [] },
  { ...action({ id: "prove" }), after: ["check"] },
  { ...action({ id: "notify", effectType: "http.call", deterministic: false }), after: ["prove"] },
];

describe("explainPlan", () => {
  it("lists every candidate of every action with its sub-scores and why it won or lost", () => {
    const hint = initiationHint({}, S, split);
    const e = explainPlan(planDataflow({ actions: steps, domains: split, strategy: S.balanced!, hint }));
    expect(e.actions.map((a) => a.action)).toEqual(["check", "prove", "notify"]);
    for (const a of e.actions) {
      expect(a.candidates.map((c) => c.domain).sort()).toEqual(["api", "cheap", "fast", "zk"]);
      const [winner, ...rest] = a.candidates;
      expect(winner!.domain).toBe(a.domain);
      expect(winner!.outcome).toBe("chosen");
      for (const c of a.candidates.filter((c) => c.outcome !== "infeasible")) {
        const n = c.normalized!;
        for (const x of [n.cost, n.latency, n.priority]) expect(x).toBeGreaterThanOrEqual(0);
        expect(n.priority).toBeLessThanOrEqual(1);
        // Decades above the best: log10 of the ratio to the cheapest / fastest feasible candidate.
        const feasible = a.candidates.filter((c) => c.outcome !== "infeasible");
        const cheapest = Math.min(...feasible.map((f) => f.cost));
        const fastest = Math.min(...feasible.map((f) => f.latencyMs));
        expect(n.cost).toBeCloseTo(Math.log10((c.cost + 1) / (cheapest + 1)), 12);
        expect(n.latency).toBeCloseTo(Math.log10((c.latencyMs + 1) / (fastest + 1)), 12);
        expect(c.total).toBeCloseTo(c.subScores!.priority + c.subScores!.latency + c.subScores!.cost, 10);
      }
      for (const c of rest.filter((c) => c.outcome === "lower score"))
        expect(c.reason).toMatch(new RegExp(`^score [\\d.]+ < [\\d.]+ of ${a.domain}$`));
    }
    const check = e.actions[0]!.candidates;
    expect(check.find((c) => c.domain === "api")).toMatchObject({
      outcome: "infeasible",
      reason: 'cannot run effect type "token.transfer"',
    });
    const notify = e.actions[2]!.candidates;
    expect(notify.find((c) => c.domain === "zk")).toMatchObject({
      outcome: "infeasible",
      reason: "verifiable domain runs deterministic effects only",
    });
    expect(notify.find((c) => c.domain === "fast")).toMatchObject({
      outcome: "infeasible",
      reason: 'cannot run effect type "http.call"',
    });
    expect(e.actions[2]!.domain).toBe("api");
    expect(e.actions[2]!.candidates[0]!.reason).toBe("the only feasible domain");
  });

  it("says when a tie was broken by the preference order and when by the domain id", () => {
    const twins = [typedDomain("b", "compute"), typedDomain("a", "compute"), typedDomain("c", "compute")];
    const plan = (order: string[]) =>
      explainPlan(
        planDataflow({
          actions: [{ ...action(), after: [] }],
          domains: twins,
          strategy: S.balanced!,
          hint: initiationHint({ domainPreferenceOrder: order }, S, twins),
        }),
      ).actions[0]!.candidates;
    const byId = plan([]);
    expect(byId.map((c) => [c.domain, c.outcome])).toEqual([
      ["a", "chosen"],
      ["b", "tie: domain id"],
      ["c", "tie: domain id"],
    ]);
    expect(byId[0]!.reason).toMatch(/^tied with [bc] at [\d.]+; a sorts first by domain id$/);
    const byPreference = plan(["c", "b"]);
    expect(byPreference.map((c) => [c.domain, c.outcome])).toEqual([
      ["c", "chosen"],
      ["b", "tie: preference order"],
      ["a", "tie: preference order"],
    ]);
    expect(byPreference[1]!.reason).toMatch(
      /^tied with c at [\d.]+; c comes first in the domain preference order$/,
    );
  });

  it("gives the totals with transfers against the dataflow's limits", () => {
    const hint = initiationHint({ maxLatencyMs: 60_000, costBudget: 5_000 }, S, split);
    const plan = planDataflow({ actions: steps, domains: split, strategy: S.balanced!, hint });
    const e = explainPlan(plan);
    expect(e.totals.cost).toEqual({ value: plan.totalCost, limit: 5_000, within: true });
    expect(e.totals.latencyMs).toEqual({ value: plan.completionMs, limit: 60_000, within: true });
    expect(e.totals.criticalPath).toEqual(["check", "prove", "notify"]);
    const chosen = e.actions.map((a) => a.candidates[0]!);
    expect(e.totals.transferCost).toBe(chosen.reduce((s, c) => s + c.transfer.cost, 0));
    expect(e.totals.criticalTransferMs).toBe(chosen.reduce((s, c) => s + c.transfer.timeMs, 0));
    // compute -> service: the reference transfer of 100 / 500 ms.
    expect(e.totals.transferCost).toBe(100);
    expect(e.totals.criticalTransferMs).toBe(500);
    // The last action finishes at the plan's completion time, transfers included.
    expect(e.actions[2]!.finishMs).toBe(plan.completionMs);
    expect(e.actions[1]!.startMs).toBe(e.actions[0]!.finishMs);
  });

  it("explains a strategy override with its reason", () => {
    const hint = initiationHint({ costBudget: 400 }, S, domains);
    const e = explainPlan(
      planDataflow({ actions: steps.slice(0, 2), domains, strategy: S.latency_optimization!, hint }),
    );
    expect(e.requestedStrategy).toBe("latency_optimization");
    expect(e.strategy).toBe("cost_minimization");
    expect(e.override).toMatch(/latency_optimization broke a hard limit \(total cost \d+ > costBudget 400\)/);
    expect(e.rejected).toEqual([
      expect.stringMatching(/^latency_optimization: total cost \d+ > costBudget 400$/),
    ]);
    expect(e.totals.cost.within).toBe(true);
  });

  it("prints as text: each action, each candidate, the totals", () => {
    const hint = initiationHint({ costBudget: 400 }, S, domains);
    const lines = formatPlanExplanation(
      explainPlan(
        planDataflow({ actions: steps.slice(0, 2), domains, strategy: S.latency_optimization!, hint }),
      ),
    );
    expect(lines[0]).toMatch(
      /^plan under cost_minimization \(asked for latency_optimization\): latency_optimization broke/,
    );
    expect(lines).toContain("check -> cheap (0..623 ms)");
    // fast: 20 + 223 ms against cheap's 400 + 223; cost 450 against 75, i.e. (450 + 1) / (75 + 1).
    expect(lines.join("\n")).toMatch(
      /\n {2}fast: lower score, .*\(cost 5\.93x the cheapest, latency 1\.00x the fastest, priority 0\.47; cost 450, latency 243 ms/,
    );
    expect(
      lines.some((l) =>
        /^ {2}fast: lower score, score [\d.]+ < [\d.]+ of cheap; total [\d.]+ = priority/.test(l),
      ),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith("  api: infeasible, cannot run effect type"))).toBe(true);
    expect(lines.at(-2)).toMatch(/^total cost \d+ <= costBudget 400 \(transfers 0\)$/);
    expect(lines.at(-1)).toMatch(
      /^completion \d+ ms \(no maxLatencyMs\) over check -> prove \(transfers 0 ms\)$/,
    );
  });
});

describe("definitionActions", () => {
  it("turns a definition's action nodes into plan actions: order, fixed domains, loops left out", () => {
    const spec: DataflowSpec = {
      name: "loop",
      nodes: [
        { id: "start", kind: "start" },
        { id: "check", kind: "action", effect: { type: "balance.check", params: {} } },
        { id: "ok?", kind: "choice", condition: "true" },
        {
          id: "pay",
          kind: "action",
          effect: { type: "token.transfer", params: {}, deterministic: true, units: 3 },
          domain: { kind: "fixed", domain: "zk" },
        },
        {
          id: "notify",
          kind: "action",
          effect: { type: "http.call", params: {} },
          domain: { kind: "parameter", field: "where" },
        },
        { id: "end", kind: "end", output: "nil" },
      ],
      edges: [
        { from: "start", to: "check" },
        { from: "check", to: "ok?" },
        { from: "ok?", to: "pay", when: "true" },
        { from: "ok?", to: "check" },
        { from: "pay", to: "notify" },
        { from: "notify", to: "end" },
      ],
    };
    const actions = definitionActions(spec, { input: { where: "api" } });
    expect(actions.map((a) => [a.id, a.after, a.fixedDomain, a.deterministic, a.units])).toEqual([
      ["check", [], undefined, false, 1],
      ["pay", ["check"], "zk", true, 3],
      ["notify", ["pay"], "api", false, 1],
    ]);
    expect(definitionActions(spec)[2]!.fixedDomain).toBeUndefined();
    const plan = planDataflow({
      actions,
      domains,
      strategy: S.balanced!,
      hint: initiationHint({}, S, domains),
    });
    expect(plan.decisions.map((d) => d.domain)).toEqual([expect.any(String), "zk", "api"]);
    expect(plan.decisions[1]!.candidates.find((c) => c.domain === "fast")!.reason).toBe(
      'the definition fixes this action on "zk"',
    );
  });
});
