/** Structural equality of values, as `=` sees it. */
import type { Budget } from "./budget.js";
import { measure } from "./measure.js";
import type { Pos } from "./pos.js";
import { Rec, type Value } from "./values.js";

/**
 * Measured first (a LispError at `pos` when out of bounds), so the comparison is bounded; it walks
 * at most the lighter side, and costs that side's weight.
 */
export function equal(a: Value, b: Value, pos: Pos, budget: Budget): boolean {
  if (a === b) return true;
  const wa = measure(a, pos).weight;
  const wb = measure(b, pos).weight;
  budget.spend(Math.min(wa, wb), pos);
  return same(a, b);
}

function same(a: Value, b: Value): boolean {
  if (a === b) return true;
  // Numbers compare by value across bigint and float (1 equals 1n).
  if (typeof a === "bigint" || typeof a === "number")
    return (typeof b === "bigint" || typeof b === "number") && !(a < b) && !(a > b);
  if (Array.isArray(a))
    return (
      Array.isArray(b) && a.length === b.length && (a as readonly Value[]).every((x, i) => same(x, b[i]!))
    );
  if (a instanceof Rec)
    return (
      b instanceof Rec &&
      a.entries.size === b.entries.size &&
      [...a.entries].every(([k, v]) => b.entries.has(k) && same(v, b.entries.get(k)!))
    );
  return false;
}
