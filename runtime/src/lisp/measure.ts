/**
 * Checks that a value is within the language's bounds (limits.ts): nested at most MAX_NESTING deep,
 * at most MAX_WEIGHT in weight, integers within MAX_INT_BITS. Every walk over values (conversion,
 * comparison, printing) measures first and may then recurse freely: the depth is small and the work
 * is proportional to the weight, even for a value that shares parts (a list holding one list twice,
 * a hundred times over, weighs 2^100 and is refused rather than walked).
 *
 * The interpreter measures every value it builds, so this is on the hot path. Measures of heavier
 * lists and records are remembered (values are immutable, so a list built from measured parts costs
 * one look-up per part); light ones are cheaper to measure again than to remember, and re-measuring
 * them is bounded by CACHED_FROM per value, so sharing cannot make it blow up.
 */
import { LispError } from "./errors.js";
import { checkInt, MAX_NESTING, MAX_WEIGHT } from "./limits.js";
import type { Pos } from "./pos.js";
import { Rec, type Value } from "./values.js";

export interface Measure {
  /** 0 for a scalar, 1 + the deepest part for a list or record. */
  readonly depth: number;
  readonly weight: number;
}

/**
 * A measure packed in one number, weight * DEPTHS + depth, so that measuring allocates nothing.
 * Depths never exceed MAX_NESTING + 1 (measuring stops there) and weights MAX_WEIGHT + a part.
 */
const DEPTHS = 1024;
const REMEMBERED = new WeakMap<object, number>();
const CACHED_FROM = 64;
const WORD = 1n << 64n;

/** The measure of `v`; a LispError at `pos` when it is out of bounds. */
export function measure(v: Value, pos: Pos): Measure {
  const m = measureAt(v, pos, 1);
  return { depth: m % DEPTHS, weight: Math.floor(m / DEPTHS) };
}

/** `level` is how many lists and records enclose `v` in this walk, plus one; it bounds the recursion. */
function measureAt(v: Value, pos: Pos, level: number): number {
  if (typeof v === "string") return (1 + v.length) * DEPTHS;
  if (typeof v === "bigint") return intWeight(v, pos) * DEPTHS;
  if (!Array.isArray(v) && !(v instanceof Rec)) return DEPTHS;
  const known = REMEMBERED.get(v);
  if (known !== undefined) return known;
  if (level > MAX_NESTING) tooDeep(pos);
  let depth = 0;
  let weight = 1;
  const parts = Array.isArray(v) ? (v as readonly Value[]) : (v as Rec).entries.values();
  for (const x of parts) {
    const m = measureAt(x, pos, level + 1);
    const d = m % DEPTHS;
    if (d > depth) depth = d;
    weight += (m - d) / DEPTHS;
    if (weight > MAX_WEIGHT) tooLarge(pos);
  }
  if (v instanceof Rec) for (const k of v.entries.keys()) weight += k.length;
  if (weight > MAX_WEIGHT) tooLarge(pos);
  if (depth + 1 > MAX_NESTING) tooDeep(pos);
  const m = weight * DEPTHS + depth + 1;
  if (weight >= CACHED_FROM) REMEMBERED.set(v, m);
  return m;
}

/** What walking `v` costs: its weight (scalars 1, strings 1 + their length); a LispError when out of bounds. */
export function weightOf(v: Value, pos: Pos): number {
  if (Array.isArray(v) || v instanceof Rec) return Math.floor(measureAt(v, pos, 1) / DEPTHS);
  return typeof v === "string" ? 1 + v.length : 1;
}

function intWeight(v: bigint, pos: Pos): number {
  if (v < WORD && v > -WORD) return 1;
  checkInt(v, pos);
  // Only for the rare integer of more than 64 bits: its hexadecimal length gives its size in words.
  return 1 + Math.ceil(v.toString(16).length / 16);
}

function tooDeep(pos: Pos): never {
  throw new LispError("LISP4010_VALUE_TOO_DEEP", `a value nested deeper than ${MAX_NESTING}`, pos);
}

function tooLarge(pos: Pos): never {
  throw new LispError(
    "LISP4007_TOO_LARGE",
    `a value larger than ${MAX_WEIGHT} (elements, characters and integer words, shared parts counted each time)`,
    pos,
  );
}
