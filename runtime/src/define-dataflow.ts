/**
 * `defineDataflow<I, O, S>(spec)`: the transformer (or `causality generate`) injects the TypeExprs
 * of I, O and S as a second argument; this turns them into validators the orchestrator checks
 * every transition against. Without them the definition is refused with a setup error.
 */

import {
  type CompiledValidators,
  callSite,
  schemaFromExpr,
  type TypeExpr,
  type TypeSchema,
} from "@causality/schema";
import { checkDefinition, type DataflowSpec, definitionId } from "./dataflow/definition.js";
import { checkMigrations } from "./dataflow/migrations.js";

export interface DataflowSchemas<I, O, S> {
  readonly input: TypeSchema<I>;
  readonly output: TypeSchema<O>;
  readonly state: TypeSchema<S>;
}

export interface InjectedSchemas {
  readonly input: TypeExpr;
  readonly output: TypeExpr;
  readonly state: TypeExpr;
  /** Generated `is`/`equals` for input, output and state, when the build emitted them. */
  readonly compiled?: {
    readonly input: CompiledValidators;
    readonly output: CompiledValidators;
    readonly state: CompiledValidators;
  };
}

export type DefinedDataflow<I, O, S> = DataflowSpec & {
  /** The three schemas; also callable, `schemas()`, as in the seed's ProcessDataflowDefinition. */
  readonly schemas: DataflowSchemas<I, O, S> & (() => DataflowSchemas<I, O, S>);
  /** Content address of the whole definition, the three schema ids included. */
  readonly definitionId: string;
};

export function defineDataflow<I, O, S>(
  spec: DataflowSpec,
  ...injected: [schemas?: InjectedSchemas]
): DefinedDataflow<I, O, S> {
  const exprs = injected[0];
  if (exprs === undefined) {
    throw new Error(
      `defineDataflow<I, O, S>() was called without its schemas${callSite()}: the Causality transformer did not run on this file. ` +
        'Build with `tspc` (ts-patch) and add { "transform": "@causality/transformer" } to compilerOptions.plugins, ' +
        "or run `causality generate`.",
    );
  }
  const schemas: DataflowSchemas<I, O, S> = {
    input: schemaFromExpr<I>(exprs.input, exprs.compiled?.input),
    output: schemaFromExpr<O>(exprs.output, exprs.compiled?.output),
    state: schemaFromExpr<S>(exprs.state, exprs.compiled?.state),
  };
  checkDefinition(spec, { input: schemas.input.expr, state: schemas.state.expr });
  checkMigrations(spec.migrations, schemas.state.id);
  const callable = Object.freeze(Object.assign(() => schemas, schemas));
  return Object.freeze({ ...spec, schemas: callable, definitionId: definitionId(spec, schemas as never) });
}
