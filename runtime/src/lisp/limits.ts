/**
 * Fixed bounds of the language, the same for every evaluation, so that a value any handler builds can
 * always be converted, compared and printed (and the printed text read back) without a hang or a
 * host crash. The per-evaluation budgets (steps, call depth, size) are `Limits` in the evaluator.
 */
import { LispError } from "./errors.js";
import type { Pos } from "./pos.js";

/** Integers have at most this many bits (beyond the sign): |n| < 2^4096. */
export const MAX_INT_BITS = 4096;
/** Decimal digits above which a literal is out of range for sure (2^4096 has 1234 digits). */
export const MAX_INT_DIGITS = Math.ceil(MAX_INT_BITS * Math.log10(2));
const INT_BOUND = 1n << BigInt(MAX_INT_BITS);

/** Lists and records nest at most this deep, in source text and in values alike. */
export const MAX_NESTING = 256;

/**
 * Largest total weight of one value: elements, plus characters of strings and keys, plus 64-bit
 * words of integers, with a shared part counted as often as it occurs (that is what converting or
 * printing it costs, so a list holding itself 100 times over cannot make those walks explode).
 */
export const MAX_WEIGHT = 1_000_000;

/** Longest handler source text. */
export const MAX_SOURCE = 1 << 20;

/** Longest text `readValue` accepts: enough for the printed form of any value within MAX_WEIGHT. */
export const MAX_DATA_TEXT = 64 << 20;

/** `v` itself, if it is within MAX_INT_BITS; checked on every integer the language makes or reads. */
export function checkInt(v: bigint, pos: Pos): bigint {
  if (v < INT_BOUND && v > -INT_BOUND) return v;
  return intTooLarge(pos);
}

export function intTooLarge(pos: Pos): never {
  throw new LispError("LISP4009_NUMBER_TOO_LARGE", `an integer of more than ${MAX_INT_BITS} bits`, pos);
}

/** `v` itself, if finite: floating point overflow is an error too, not a silent Infinity. */
export function checkFloat(v: number, pos: Pos): number {
  if (Number.isFinite(v)) return v;
  throw new LispError("LISP4009_NUMBER_TOO_LARGE", "a number beyond the floating point range", pos);
}
