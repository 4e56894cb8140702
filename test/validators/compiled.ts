/** The compiled back end's generated source, evaluated as a user's bundle would load it. */
import { compileValidatorSource, type TypeExpr } from "@causality/schema";

export interface Compiled {
  is(v: unknown): boolean;
  equals(v: unknown): boolean;
  issues(v: unknown, max?: number): unknown[];
}

export const load = (expr: TypeExpr): Compiled => new Function(`return ${compileValidatorSource(expr)};`)();
