// Placement speed (issue 7): decisions per second planning a 20-node dataflow over 10 domains.
import {
  BUILTIN_STRATEGIES,
  DEFAULT_COST_MODEL,
  initiationHint,
  planDataflow,
  typedDomain,
} from "@causality/runtime";

export function placementSpeed(ms = 1000) {
  const kinds = ["compute", "service", "verifiable"];
  const domains = Array.from({ length: 10 }, (_, i) =>
    typedDomain(`d${i}`, kinds[i % 3], { latencyMs: 20 + 37 * i, costFactor: 50 + 25 * ((i * 7) % 10) }),
  );
  const actions = Array.from({ length: 20 }, (_, i) => ({
    id: `n${i}`,
    effectType: "work",
    deterministic: i % 4 !== 0,
    units: 1 + (i % 7),
    model: DEFAULT_COST_MODEL,
    after: i === 0 ? [] : i % 5 === 0 ? [`n${i - 2}`, `n${i - 1}`] : [`n${i - 1}`],
  }));
  const hint = initiationHint({}, BUILTIN_STRATEGIES, domains);
  const load = (id) => ({ utilization: (Number(id.slice(1)) % 5) / 10, up: true });
  let decisions = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    const plan = planDataflow({ actions, domains, strategy: BUILTIN_STRATEGIES.balanced, hint, load });
    decisions += plan.decisions.length;
  }
  return decisions / ((performance.now() - start) / 1000);
}
