/**
 * The builtin functions. A wrong argument is an ArgError naming the argument, so the interpreter
 * reports the position of that argument rather than of the whole call.
 */
import { equal } from "./equal.js";
import { ArgError, LispError } from "./errors.js";
import { MAX_WEIGHT } from "./limits.js";
import { weightOf } from "./measure.js";
import { arith, compare, minus, num } from "./numbers.js";
import type { Pos } from "./pos.js";
import { type HostFn, Rec, truthy, type Value } from "./values.js";
import { show, write } from "./write.js";

const rec = (args: readonly Value[], i: number, pos: Pos): Rec => {
  const v = args[i] ?? null;
  if (v instanceof Rec) return v;
  throw new ArgError(i, "LISP4003_TYPE", `expected a record, got ${show(v)}`, pos);
};

const str = (args: readonly Value[], i: number, pos: Pos): string => {
  const v = args[i] ?? null;
  if (typeof v === "string") return v;
  throw new ArgError(i, "LISP4003_TYPE", `expected a string, got ${show(v)}`, pos);
};

/** Text of a value for `str`: strings as they are, the rest as printed (bounded, not cut). */
const text = (v: Value, pos: Pos): string =>
  typeof v === "string" ? v : write(v, { maxChars: MAX_WEIGHT, cut: false, readable: false, pos });

/** Refuses to build a list or string whose parts already add up past MAX_WEIGHT, before building it. */
const within = (length: number, pos: Pos): void => {
  if (length > MAX_WEIGHT)
    throw new LispError("LISP4007_TOO_LARGE", `a value of ${length} elements exceeds ${MAX_WEIGHT}`, pos);
};

export const BUILTINS: ReadonlyMap<string, HostFn> = new Map<string, HostFn>([
  [
    "+",
    arith(
      (a, b) => a + b,
      (a, b) => a + b,
    ),
  ],
  ["-", minus],
  [
    "*",
    arith(
      (a, b) => a * b,
      (a, b) => a * b,
      false,
      true,
    ),
  ],
  [
    "/",
    arith(
      (a, b) => a / b,
      (a, b) => a / b,
      true,
    ),
  ],
  [
    "mod",
    arith(
      (a, b) => a % b,
      (a, b) => a % b,
      true,
    ),
  ],
  ["=", (args, pos, budget) => args.every((a, i) => i === 0 || equal(args[0]!, a, pos, budget))],
  ["!=", (args, pos, budget) => !args.every((a, i) => i === 0 || equal(args[0]!, a, pos, budget))],
  ["<", compare((c) => c < 0)],
  [">", compare((c) => c > 0)],
  ["<=", compare((c) => c <= 0)],
  [">=", compare((c) => c >= 0)],
  ["not", (args) => !truthy(args[0] ?? null)],
  ["list", (args) => args],
  [
    "len",
    (args, pos) => {
      const v = args[0] ?? null;
      if (typeof v === "string" || Array.isArray(v)) return BigInt(v.length);
      if (v instanceof Rec) return BigInt(v.entries.size);
      throw new ArgError(0, "LISP4003_TYPE", `len of ${show(v)}`, pos);
    },
  ],
  [
    "nth",
    (args, pos) => {
      const list = args[0] ?? null;
      if (!Array.isArray(list)) throw new ArgError(0, "LISP4003_TYPE", `nth of ${show(list)}`, pos);
      return (list as readonly Value[])[Number(num(args, 1, pos))] ?? null;
    },
  ],
  [
    "concat",
    (args, pos, budget) => {
      let length = 0;
      args.forEach((a, i) => {
        if (!Array.isArray(a)) throw new ArgError(i, "LISP4003_TYPE", `concat of ${show(a)}`, pos);
        length += a.length;
      });
      within(length, pos);
      budget.spend(length, pos);
      return (args as (readonly Value[])[]).flat();
    },
  ],
  [
    "record",
    (args, pos) => {
      if (args.length % 2 !== 0) throw new LispError("LISP4004_ARITY", "record takes key value pairs", pos);
      const m = new Map<string, Value>();
      for (let i = 0; i < args.length; i += 2) m.set(str(args, i, pos), args[i + 1]!);
      return new Rec(m);
    },
  ],
  [
    "get",
    (args, pos) => {
      const r = rec(args, 0, pos);
      const k = str(args, 1, pos);
      return r.entries.has(k) ? r.entries.get(k)! : (args[2] ?? null);
    },
  ],
  ["has?", (args, pos) => rec(args, 0, pos).entries.has(str(args, 1, pos))],
  [
    "assoc",
    (args, pos, budget) => {
      const r = rec(args, 0, pos);
      // A new record: every entry is copied.
      budget.spend(r.entries.size + (args.length >> 1), pos);
      const m = new Map(r.entries);
      for (let i = 1; i + 1 < args.length; i += 2) m.set(str(args, i, pos), args[i + 1]!);
      return new Rec(m);
    },
  ],
  [
    "keys",
    (args, pos, budget) => {
      const r = rec(args, 0, pos);
      budget.spend(r.entries.size, pos);
      return [...r.entries.keys()];
    },
  ],
  [
    "str",
    (args, pos, budget) => {
      let length = 0;
      const parts = args.map((a) => {
        // Writing a value walks all of it: it costs its weight, paid before the work.
        budget.spend(weightOf(a, pos), pos);
        const t = text(a, pos);
        length += t.length;
        within(length, pos);
        return t;
      });
      return parts.join("");
    },
  ],
  [
    "error",
    (args, pos) => {
      throw new LispError(
        "LISP4008_HOST",
        `handler error: ${args.map((a) => (typeof a === "string" ? a : show(a))).join(" ")}`,
        pos,
      );
    },
  ],
]);
