/**
 * Writes values as text in the reader's notation: `nil`, `true`, `42`, `1.5`, `"text"`, `(1 2)`,
 * `{"k" v}`. One writer serves three uses that differ only in what happens at the edges: error
 * messages (short, cut with "…", never failing), `str` (bounded, failing when too long) and `print`
 * (exact, failing on what the reader could not read back).
 */
import { LispError } from "./errors.js";
import { checkFloat, MAX_NESTING } from "./limits.js";
import { NOWHERE, type Pos } from "./pos.js";
import { isClosure, Rec, type Value } from "./values.js";

export interface WriteOptions {
  /** Longest text; past it the text is cut (`cut`) or it is an error. */
  readonly maxChars: number;
  /** Cut the text with "…" instead of failing (past maxChars or MAX_NESTING). */
  readonly cut: boolean;
  /**
   * Only text the reader reads back to an equal value: functions (otherwise `#<fn name>`) and
   * non-finite floats (which the language never makes, but a host function might) are errors.
   */
  readonly readable: boolean;
  /** Where errors are reported. */
  readonly pos: Pos;
}

/** Thrown inside `write` when a cut text is full; never escapes it. */
const FULL = Symbol("full");

export function write(v: Value, o: WriteOptions): string {
  const parts: string[] = [];
  let length = 0;
  const put = (s: string) => {
    if (length + s.length > o.maxChars) {
      if (!o.cut)
        throw new LispError("LISP4007_TOO_LARGE", `text longer than ${o.maxChars} characters`, o.pos);
      parts.push(s.slice(0, o.maxChars - length));
      throw FULL;
    }
    parts.push(s);
    length += s.length;
  };
  const go = (x: Value, level: number): void => {
    if (Array.isArray(x) || x instanceof Rec) {
      if (level > MAX_NESTING) {
        if (!o.cut)
          throw new LispError("LISP4010_VALUE_TOO_DEEP", `a value nested deeper than ${MAX_NESTING}`, o.pos);
        put("…");
        return;
      }
      if (Array.isArray(x)) {
        put("(");
        (x as readonly Value[]).forEach((item, i) => {
          if (i > 0) put(" ");
          go(item, level + 1);
        });
        put(")");
      } else {
        put("{");
        let first = true;
        for (const [k, item] of (x as Rec).entries) {
          put(first ? JSON.stringify(k) : ` ${JSON.stringify(k)}`);
          put(" ");
          go(item, level + 1);
          first = false;
        }
        put("}");
      }
      return;
    }
    put(scalar(x, o));
  };
  try {
    go(v, 1);
  } catch (e) {
    if (e !== FULL) throw e;
    parts.push("…");
  }
  return parts.join("");
}

function scalar(v: Value, o: WriteOptions): string {
  if (v === null) return "nil";
  if (typeof v === "bigint") return v.toString();
  // Outside `print`, floats are written as JavaScript writes them (`(str 3.0)` is "3", as always).
  if (typeof v === "number") return o.readable ? float(checkFloat(v, o.pos)) : String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "boolean") return String(v);
  const text = isClosure(v) ? `#<fn ${v.name}>` : "#<builtin>";
  if (!o.readable) return text;
  throw new LispError("LISP4003_TYPE", `${text} has no printed form`, o.pos);
}

/**
 * A float as the reader reads it back exactly: JavaScript's shortest round-trip text, with ".0"
 * added where that text would read as an integer (`2.0`, `-0.0`).
 */
export function float(v: number): string {
  if (Object.is(v, -0)) return "-0.0";
  const text = String(v);
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/** Longest text `show` writes: it is for error messages, which must stay readable. */
export const SHOW_CHARS = 200;

/** A value for an error message: at most SHOW_CHARS characters, never failing. */
export function show(v: Value): string {
  return write(v, { maxChars: SHOW_CHARS, cut: true, readable: false, pos: NOWHERE });
}
