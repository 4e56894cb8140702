/**
 * Handler bindings: the interpreter of one piece of handler code, with the seed's six combinators
 * bound to one instance. State updates and emissions exist only in action handlers; elsewhere
 * they are errors rather than silently doing nothing.
 */
import { LispError } from "../lisp/errors.js";
import {
  Budget,
  fromLisp,
  type HostFn,
  Interpreter,
  Rec,
  toLisp,
  truthy,
  type Value,
} from "../lisp/evaluator.js";
import { weightOf } from "../lisp/measure.js";
import type { Pos } from "../lisp/pos.js";
import type { Instance } from "../store/store.js";
import { fill } from "./placement.js";
import type { AnyDataflow } from "./types.js";

/** Where a piece of handler code runs, and what it may change. */
export interface HandlerContext {
  readonly node: string;
  readonly instance: string;
  readonly input: unknown;
  readonly state: unknown;
  readonly onUpdate?: ((v: Value) => void) | undefined;
  readonly onEmit?: ((effect: unknown, domain: string) => void) | undefined;
}

/** The names a handler sees: `input`, `state` and `instance`. */
export function bindings(inst: Instance): Record<string, Value> {
  return { input: toLisp(inst.input), state: toLisp(inst.state), instance: inst.id };
}

/**
 * What nested evaluations share with the one that started them: one step budget for the whole
 * transition (docs/handler-language.md, Limits), and `input` (and the state) converted once.
 */
interface Shared {
  readonly budget: Budget;
  input?: Value;
  state?: Value;
}

export function handlerInterpreter(
  definitions: ReadonlyMap<string, AnyDataflow>,
  def: AnyDataflow,
  at: HandlerContext,
  depth = 0,
  shared: Shared = { budget: new Budget() },
): Interpreter {
  const host = (name: string, pos: Pos, detail: string) =>
    new LispError("LISP4008_HOST", `${name}: ${detail}`, pos);
  const definitionOf = (v: Value | undefined, name: string, pos: Pos): AnyDataflow => {
    if (v === undefined || v === null) return def;
    const id =
      v instanceof Rec
        ? String(fromLisp(v.entries.get("definitionId") ?? null, pos))
        : String(fromLisp(v, pos));
    const found = id === def.definitionId ? def : definitions.get(id);
    if (!found) throw host(name, pos, `no dataflow definition ${id} is registered`);
    return found;
  };
  const fns = new Map<string, HostFn>([
    [
      "get-dataflow-definition",
      (args, pos, budget) => {
        const target = definitionOf(args[0], "get-dataflow-definition", pos);
        return paid(budget, pos, {
          name: target.name,
          definitionId: target.definitionId,
          defaultDomain: target.defaultDomain ?? null,
          node: at.node,
          nodes: (target.nodes ?? []).map((n) => ({ id: n.id, kind: n.kind })),
          edges: (target.edges ?? []).map((e) => ({ from: e.from, to: e.to, when: e.when ?? null })),
        });
      },
    ],
    [
      "update-dataflow-instance-state",
      (args, pos) => {
        if (!at.onUpdate)
          throw host(
            "update-dataflow-instance-state",
            pos,
            `only action handlers update the state (here: ${at.node})`,
          );
        // The seed's form names the instance: (update-dataflow-instance-state id new-state).
        if (args.length >= 2 && String(fromLisp(args[0] ?? null, pos)) !== at.instance)
          throw host("update-dataflow-instance-state", pos, "a handler updates its own instance only");
        const value = (args.length >= 2 ? args[1] : args[0]) ?? null;
        at.onUpdate(value);
        return value;
      },
    ],
    [
      "validate-input-against-schema",
      (args, pos, budget) => {
        // Converting and validating walk the whole value.
        budget.spend(weightOf(args[0] ?? null, pos), pos);
        return definitionOf(args[1], "validate-input-against-schema", pos).schemas.input.is(
          fromLisp(args[0] ?? null, pos),
        );
      },
    ],
    [
      "evaluate-gating-condition",
      (args, pos) => {
        // (evaluate-gating-condition "choice-id" context): that node's condition, with `state`
        // bound to the context; (evaluate-gating-condition value): the truth of the value.
        const target = typeof args[0] === "string" ? def.nodes?.find((n) => n.id === args[0]) : undefined;
        if (target?.kind !== "choice") return truthy(args[0] ?? null);
        if (depth >= 8) throw host("evaluate-gating-condition", pos, "conditions nested more than 8 deep");
        shared.input ??= toLisp(at.input);
        if (args[1] === undefined) shared.state ??= toLisp(at.state);
        const state = args[1] === undefined ? (shared.state ?? null) : (args[1] ?? null);
        return truthy(
          handlerInterpreter(
            definitions,
            def,
            { ...at, node: target.id, onUpdate: undefined, onEmit: undefined },
            depth + 1,
            shared,
          ).run(target.condition, { input: shared.input, state }),
        );
      },
    ],
    [
      "instantiate-effect-from-node",
      (args, pos, budget) => {
        const target = def.nodes?.find((n) => n.id === fromLisp(args[0] ?? null, pos));
        if (target?.kind !== "action")
          throw host(
            "instantiate-effect-from-node",
            pos,
            `no action node ${String(fromLisp(args[0] ?? null, pos))}`,
          );
        const params = fill(target.effect.params, at.input, at.state);
        // The seed's second argument: parameter values that replace the template's.
        if (args[1] instanceof Rec) budget.spend(weightOf(args[1], pos), pos);
        const extra = args[1] instanceof Rec ? (fromLisp(args[1], pos) as Record<string, unknown>) : {};
        return paid(budget, pos, {
          type: target.effect.type,
          params: { ...params, ...extra },
          deterministic: target.effect.deterministic === true,
        });
      },
    ],
    [
      "emit-effect-on-domain",
      (args, pos, budget) => {
        if (!at.onEmit)
          throw host("emit-effect-on-domain", pos, `only action handlers emit effects (here: ${at.node})`);
        // The seed's order is (domain effect); (effect domain) is read too.
        const [domain, effect] = args[0] instanceof Rec ? [args[1], args[0]] : [args[0], args[1]];
        budget.spend(weightOf(effect ?? null, pos), pos);
        // Recorded now, executed by the orchestrator after the handler (idempotently, in order).
        at.onEmit(fromLisp(effect ?? null, pos), String(fromLisp(domain ?? null, pos)));
        return new Rec(
          new Map([
            ["domain", domain ?? null],
            ["effect", effect ?? null],
          ]),
        );
      },
    ],
  ]);
  return new Interpreter(fns, shared.budget);
}

/** Host data converted for a handler, paid for by its weight (converting walked all of it). */
function paid(budget: Budget, pos: Pos, data: unknown): Value {
  const v = toLisp(data, pos);
  budget.spend(weightOf(v, pos), pos);
  return v;
}
