/**
 * Placement glue: which domain an action's effect runs on (its policy: fixed, a parameter of the
 * input, or inherited and chosen by the placer), whether that domain may run it, and the effect's
 * parameters filled from the instance.
 */
import type { NodeSpec } from "../dataflow/definition.js";
import { acceptsDeterminism } from "../domains/typed-domain.js";
import { explainCandidates } from "../optimizer/explain.js";
import type { HintInput } from "../optimizer/hints.js";
import type { PlacementDecision } from "../optimizer/placement.js";
import {
  type Instance,
  PLACEMENT_LIMITS,
  type PlacementCandidate,
  type PlacementRecord,
} from "../store/store.js";
import type { AnyDataflow, Runtime } from "./types.js";

export type ActionNode = Extract<NodeSpec, { kind: "action" }>;

/** Where an action's effect runs, and the explanation the journal keeps with it. */
export function chooseDomain(
  rt: Runtime,
  def: AnyDataflow,
  inst: Instance,
  node: ActionNode,
  siblings?: readonly string[],
): PlacementRecord {
  const policy = node.domain ?? { kind: "inherit" as const };
  if (policy.kind === "fixed")
    return { domain: policy.domain, by: "fixed", why: `node ${node.id} names domain ${policy.domain}` };
  if (policy.kind === "parameter") {
    const domain = String(
      policy.field.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], inst.input),
    );
    return { domain, by: "parameter", why: `input field ${policy.field} names domain ${domain}` };
  }
  if (rt.options.placer) {
    let decision: PlacementDecision | undefined;
    const domain = rt.options.placer(node.effect, rt.options.domains, {
      instance: inst.id,
      node: node.id,
      ...(inst.hint ? { hint: inst.hint as HintInput } : {}),
      ...(inst.domain ? { previousDomain: inst.domain } : {}),
      ...(siblings && siblings.length > 0 ? { siblingDomains: siblings } : {}),
      explain: (d) => {
        decision = d;
      },
    });
    return decision?.domain === domain
      ? placementRecord(decision)
      : { domain, by: "placer", why: "chosen by the orchestrator's placer (it gave no explanation)" };
  }
  const domain = def.defaultDomain ?? rt.options.domains[0]!.id;
  return {
    domain,
    by: "default",
    why: def.defaultDomain ? `the definition's default domain` : "the first domain (no placer, no default)",
  };
}

/** A placer's decision as the journal keeps it: each candidate's sub-scores and why it won or lost, bounded. */
export function placementRecord(decision: PlacementDecision): PlacementRecord {
  const cut = (text: string) =>
    text.length > PLACEMENT_LIMITS.text ? `${text.slice(0, PLACEMENT_LIMITS.text - 1)}…` : text;
  const all = explainCandidates(decision);
  const candidates = all.slice(0, PLACEMENT_LIMITS.candidates).map(
    (c): PlacementCandidate => ({
      domain: cut(c.domain),
      outcome: c.outcome,
      reason: cut(c.reason),
      cost: c.cost,
      latencyMs: c.latencyMs,
      reliability: c.reliability,
      ...(c.subScores ? { subScores: { ...c.subScores } } : {}),
      ...(c.total === undefined ? {} : { total: c.total }),
    }),
  );
  return {
    domain: decision.domain,
    by: "placer",
    why: cut(decision.why),
    strategy: decision.strategy,
    candidates,
    ...(all.length > candidates.length ? { omitted: all.length - candidates.length } : {}),
  };
}

/** Why `domain` cannot run an effect of this node (unknown, no executor, or determinism), if it cannot. */
export function refusal(
  rt: Runtime,
  node: string,
  domain: string,
  deterministic: boolean,
  emitted = false,
): { code: string; message: string } | undefined {
  const target = rt.options.domains.find((d) => d.id === domain);
  const what = emitted ? "emitted effect names unknown domain" : "no domain";
  // An emitted effect is checked against the executors too: it runs with no placement step of its own.
  if (!target || (emitted && !rt.options.executors[domain]))
    return { code: "RT6002_UNKNOWN_DOMAIN", message: `node ${node}: ${what} "${domain}"` };
  // Only an effect marked deterministic may run where determinism is required.
  if (!acceptsDeterminism(target.kind, deterministic))
    return {
      code: "RT6003_NOT_DETERMINISTIC",
      message: `node ${node}: ${target.kind} domain "${domain}" refuses a non-deterministic effect`,
    };
  return undefined;
}

const PLACEHOLDER = /\$\{(input|state)((?:\.[A-Za-z_$][A-Za-z0-9_$]*)+)\}/g;

/** Fills "${input.x}" / "${state.y}" placeholders; a value that is one whole placeholder keeps its type. */
export function fill(
  params: Readonly<Record<string, unknown>>,
  input: unknown,
  state: unknown,
): Record<string, unknown> {
  const lookup = (root: string, path: string) =>
    path
      .slice(1)
      .split(".")
      .reduce<unknown>(
        (o, k) =>
          o !== null && typeof o === "object" && Object.hasOwn(o, k)
            ? (o as Record<string, unknown>)[k]
            : undefined,
        root === "input" ? input : state,
      );
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== "string") out[k] = v;
    else {
      const whole = /^\$\{(input|state)((?:\.[A-Za-z_$][A-Za-z0-9_$]*)+)\}$/.exec(v);
      out[k] = whole
        ? lookup(whole[1]!, whole[2]!)
        : v.replace(PLACEHOLDER, (_, root: string, path: string) => String(lookup(root, path)));
    }
  }
  return out;
}
