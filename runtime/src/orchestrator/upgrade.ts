/**
 * Moving a running instance to another version of its definition, in one transaction. An instance
 * keeps the definition it started with until this is asked for (`Orchestrator.upgrade`, `causality
 * worker --upgrade`). The state schema decides what happens: the same id, or a change `causality
 * diff` judges compatible for a state, needs nothing; a change it judges breaking needs the new
 * definition to declare migrations from the old state id (dataflow/migrations.ts), run here in the
 * handler language. The resulting state is validated against the new schema; any refusal throws an
 * UpgradeError naming the instance and both ids and writes nothing, so the instance stays as it was.
 * The move is journaled as its own entry ("migrated"), so the journal still replays to the instance.
 */
import { directionOf, isBreaking, type TypeExpr, type ValidationIssue } from "@causality/schema";
import { migrationPath } from "../dataflow/migrations.js";
import { LispError } from "../lisp/errors.js";
import { fromLisp, toLisp } from "../lisp/evaluator.js";
import { ConflictError, type Instance, type Tx } from "../store/store.js";
import { handlerInterpreter } from "./handlers.js";
import { definitionRecord, relabel } from "./transitions.js";
import type { AnyDataflow, Runtime } from "./types.js";

export type UpgradeErrorCode =
  /** The state schema changed incompatibly and the new definition declares no migration from the old one. */
  | "RT6012_MIGRATION_MISSING"
  /** A migration failed (handler error) or its state does not match the new state schema. */
  | "RT6013_MIGRATION_REJECTED"
  /** The instance cannot move at all: not running, its node or its input is not in the new definition. */
  | "RT6014_UPGRADE_REFUSED";

export class UpgradeError extends Error {
  override readonly name = "UpgradeError";
  constructor(
    readonly code: UpgradeErrorCode,
    readonly instance: string,
    /** The definition and state schema ids the instance has, and those of the definition asked for. */
    readonly from: { readonly definition: string; readonly state: string },
    readonly to: { readonly definition: string; readonly state: string },
    detail: string,
    readonly issues?: readonly ValidationIssue[],
  ) {
    super(
      `${code}: instance ${instance} cannot move from definition ${from.definition} (state ${from.state}) ` +
        `to ${to.definition} (state ${to.state}): ${detail}` +
        (issues ? ` (${issues.map((i) => `${i.code} at ${i.path}`).join(", ")})` : ""),
    );
  }
}

/**
 * The upgrade's transaction. `oldState` is the TypeExpr of the instance's current state schema
 * (from the registered definition or the store's copy; undefined when neither has it), and
 * `expected` the definition id it was looked up for, so a concurrent move is a conflict.
 */
export async function upgradeInstance(
  rt: Runtime,
  tx: Tx,
  id: string,
  def: AnyDataflow,
  expected: string,
  oldState: TypeExpr | undefined,
): Promise<Instance> {
  const inst = await tx.getInstance(id);
  if (!inst) throw new Error(`no instance ${id}`);
  if (inst.definitionId === def.definitionId) return inst;
  if (inst.definitionId !== expected)
    throw new ConflictError(`instance ${id} moved to definition ${inst.definitionId} meanwhile`);
  const newIds = { input: def.schemas.input.id, output: def.schemas.output.id, state: def.schemas.state.id };
  const refuse = (code: UpgradeErrorCode, detail: string, issues?: readonly ValidationIssue[]): never => {
    throw new UpgradeError(
      code,
      id,
      { definition: inst.definitionId, state: inst.schemaIds.state },
      { definition: def.definitionId, state: newIds.state },
      detail,
      issues,
    );
  };
  if (inst.status !== "running")
    refuse("RT6014_UPGRADE_REFUSED", `it is ${inst.status}; only a running instance moves`);
  const node = def.nodes?.find((n) => n.id === inst.node);
  if (!node) refuse("RT6014_UPGRADE_REFUSED", `its node ${inst.node} is not in the new definition`);
  const input = def.schemas.input.validate(inst.input);
  if (!input.success)
    refuse("RT6014_UPGRADE_REFUSED", "its input does not match the new input schema", input.errors);

  const from = inst.schemaIds.state;
  const path = migrationPath(def.migrations, from, newIds.state);
  let state = inst.state;
  if (path === undefined) {
    if (oldState === undefined)
      refuse(
        "RT6012_MIGRATION_MISSING",
        "the old state schema is not known here, and no migration is declared from it",
      );
    const direction = directionOf(oldState!, def.schemas.state.expr);
    if (isBreaking("state", direction))
      refuse(
        "RT6012_MIGRATION_MISSING",
        `the state schema changed incompatibly (${direction}) and ${def.name} declares no migration from ${from}`,
      );
  }
  for (const m of path ?? []) {
    try {
      const interp = handlerInterpreter(rt.definitions, def, {
        node: "(migration)",
        instance: id,
        input: inst.input,
        state,
      });
      state = fromLisp(
        interp.run(m.migrate, { input: toLisp(inst.input), state: toLisp(state), instance: id }),
      );
    } catch (e) {
      if (!(e instanceof LispError)) throw e;
      refuse("RT6013_MIGRATION_REJECTED", `the migration from ${m.from} to ${m.to} failed: ${e.message}`);
    }
  }
  const checked = def.schemas.state.validate(state);
  if (!checked.success)
    refuse(
      "RT6013_MIGRATION_REJECTED",
      path?.length
        ? "the migrated state does not match the new state schema"
        : "its state does not match the new state schema",
      relabel(checked.errors, "state"),
    );

  const next: Instance = {
    ...inst,
    definitionId: def.definitionId,
    schemaIds: newIds,
    state,
    version: inst.version + 1,
  };
  await tx.putDefinition(definitionRecord(def));
  await tx.putInstance(next);
  await tx.appendJournal({
    instance: id,
    node: inst.node,
    kind: "migrated",
    state,
    detail: {
      version: next.version,
      from: { definitionId: inst.definitionId, schemaIds: inst.schemaIds },
      to: { definitionId: def.definitionId, schemaIds: newIds },
      migrations: (path ?? []).map((m) => ({ from: m.from, to: m.to })),
    },
  });
  rt.emit({ type: "instance.migrated", instance: id, from: inst.definitionId, to: def.definitionId });
  return next;
}
