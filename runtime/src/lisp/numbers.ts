/**
 * Arithmetic and comparison. Exact when both sides are integers (bigint), floating point when
 * either is a float. Every result is range checked (limits.ts) as soon as it is made, so a program
 * squaring a number in a loop stops at MAX_INT_BITS instead of growing it until the host runs out
 * of memory.
 */
import { ArgError, LispError } from "./errors.js";
import { checkFloat, checkInt } from "./limits.js";
import type { Pos } from "./pos.js";
import type { HostFn, Value } from "./values.js";
import { show } from "./write.js";

/** Argument `i` as a number; an error at that argument otherwise. */
export function num(args: readonly Value[], i: number, pos: Pos): bigint | number {
  const v = args[i] ?? null;
  if (typeof v === "bigint" || typeof v === "number") return v;
  throw new ArgError(i, "LISP4003_TYPE", `expected a number, got ${show(v)}`, pos);
}

type IntOp = (a: bigint, b: bigint) => bigint;
type FloatOp = (a: number, b: number) => number;

const WORD = 1n << 64n;

/** 64-bit words of an integer: what one arithmetic step on it touches. */
function words(v: bigint): number {
  return v < WORD && v > -WORD ? 1 : 1 + Math.ceil(v.toString(16).length / 16);
}

/**
 * Folds the arguments left to right; `divides` makes a zero divisor an error at that argument.
 * Integers wider than a word cost their words (`multiplies`: the product of both sides' words,
 * as schoolbook multiplication and division do), so big-number loops stay within the budget.
 */
export function arith(op: IntOp, fop: FloatOp, divides = false, multiplies = divides): HostFn {
  return (args, pos, budget) => {
    if (args.length === 0) throw new LispError("LISP4004_ARITY", "needs at least one argument", pos);
    let acc = num(args, 0, pos);
    for (let i = 1; i < args.length; i++) {
      const b = num(args, i, pos);
      // Checked here rather than left to BigInt, whose RangeError says nothing about the source.
      if (divides && (b === 0n || b === 0)) throw new ArgError(i, "LISP4003_TYPE", "division by zero", pos);
      if (typeof acc === "bigint" && typeof b === "bigint") {
        const [wa, wb] = [words(acc), words(b)];
        if (wa > 1 || wb > 1) budget.spend(multiplies ? wa * wb : wa + wb, pos);
        acc = checkInt(op(acc, b), pos);
      } else acc = checkFloat(fop(Number(acc), Number(b)), pos);
    }
    return acc;
  };
}

const subtract = arith(
  (a, b) => a - b,
  (a, b) => a - b,
);

/** `(- x)` negates, `(- x y ...)` subtracts. */
export const minus: HostFn = (args, pos, budget) => {
  if (args.length !== 1) return subtract(args, pos, budget);
  return -num(args, 0, pos);
};

export function compare(test: (c: number) => boolean): HostFn {
  return (args, pos) => {
    for (let i = 0; i + 1 < args.length; i++) {
      const a = num(args, i, pos);
      const b = num(args, i + 1, pos);
      const c = a < b ? -1 : a > b ? 1 : 0;
      if (!test(c)) return false;
    }
    return true;
  };
}
