/**
 * The values handlers compute with. Records are Maps, so keys like `__proto__` are plain data.
 * Values are immutable once built (builtins return new lists and records), which is what lets
 * their measures be remembered (see measure.ts).
 */
import type { Budget } from "./budget.js";
import type { Env } from "./env.js";
import type { Pos } from "./pos.js";
import type { Form } from "./reader.js";

export class Rec {
  constructor(readonly entries: ReadonlyMap<string, Value>) {}
}

export interface Closure {
  readonly params: readonly string[];
  readonly body: readonly Form[];
  readonly env: Env;
  readonly name: string;
}

/**
 * A function given by the host (or a builtin); `pos` is where it is called. `budget` is the
 * evaluation's: a function that does work in proportion to its data spends it there.
 */
export type HostFn = (args: Value[], pos: Pos, budget: Budget) => Value;
export type Value = bigint | number | string | boolean | null | readonly Value[] | Rec | Closure | HostFn;

export const isClosure = (v: Value): v is Closure =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Rec) && "body" in v;

/** Lists and records: the values that contain other values. */
export const isContainer = (v: Value): v is readonly Value[] | Rec => Array.isArray(v) || v instanceof Rec;

export function truthy(v: Value): boolean {
  return v !== null && v !== false;
}
