/**
 * Conversion between JSON-like host data and handler values. Both directions are bounded: host data
 * may be nested without limit or even cyclic, and a handler's value may share parts (see
 * measure.ts), so neither may be walked blindly.
 */
import { LispError } from "./errors.js";
import { checkFloat, checkInt, MAX_NESTING, MAX_WEIGHT } from "./limits.js";
import { measure } from "./measure.js";
import { NOWHERE, type Pos } from "./pos.js";
import { Rec, type Value } from "./values.js";

/**
 * JSON-like data -> handler values (integers become exact bigints, objects records). Data deeper
 * than MAX_NESTING (or cyclic) or heavier than MAX_WEIGHT is a LispError at `pos`, weighed as
 * measure.ts weighs values: every element counts, and every character of strings and keys, so a
 * huge effect result is refused here, before it is copied, rather than entering the handler.
 */
export function toLisp(v: unknown, pos: Pos = NOWHERE): Value {
  let weight = 0;
  /** Adds `units` to the weight; with `ahead`, checks that `ahead` more will still fit (before copying). */
  const add = (units: number, ahead = 0): void => {
    weight += units;
    if (weight + ahead > MAX_WEIGHT)
      throw new LispError(
        "LISP4007_TOO_LARGE",
        `data heavier than ${MAX_WEIGHT} (elements and characters)`,
        pos,
      );
  };
  const go = (x: unknown, level: number): Value => {
    if (typeof x === "string") {
      add(1 + x.length);
      return x;
    }
    add(1);
    if (x === null || x === undefined) return null;
    if (typeof x === "number") return Number.isInteger(x) ? BigInt(x) : checkFloat(x, pos);
    if (typeof x === "bigint") return checkInt(x, pos);
    if (typeof x === "boolean") return x;
    if (typeof x !== "object") return null;
    if (level > MAX_NESTING)
      throw new LispError("LISP4010_VALUE_TOO_DEEP", `data nested deeper than ${MAX_NESTING}`, pos);
    if (Array.isArray(x)) {
      // The length is checked before anything is copied: a 2M-element array fails at once.
      add(0, x.length);
      return x.map((item) => go(item, level + 1));
    }
    const entries = Object.entries(x as Record<string, unknown>);
    add(0, entries.length);
    return new Rec(
      new Map(
        entries.map(([k, item]) => {
          add(k.length);
          return [k, go(item, level + 1)];
        }),
      ),
    );
  };
  return go(v, 1);
}

/**
 * Handler values -> JSON-like data (safe bigints become numbers; records plain objects whose keys,
 * `__proto__` included, are own data properties). A value out of bounds is a LispError at `pos`.
 */
export function fromLisp(v: Value, pos: Pos = NOWHERE): unknown {
  measure(v, pos);
  return from(v);
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function from(v: Value): unknown {
  if (typeof v === "bigint") return v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : v;
  if (Array.isArray(v)) return (v as readonly Value[]).map(from);
  if (v instanceof Rec) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v.entries) {
      // Assigning `__proto__` would set the prototype; every other key is safe (and much faster) to assign.
      if (k === "__proto__")
        Object.defineProperty(out, k, {
          value: from(x),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[k] = from(x);
    }
    return out;
  }
  if (typeof v === "function" || (typeof v === "object" && v !== null)) return null;
  return v;
}
