/**
 * The printer: text the reader reads back. `readValue(print(v))` equals `v` for every value within
 * the language's bounds (integers of any size up to MAX_INT_BITS, floats exactly, strings with any
 * escapes or unicode, booleans, nil, lists, records); functions have no printed form. `printForm`
 * does the same for source forms (positions aside).
 */
import { datum } from "./datum.js";
import { LispError } from "./errors.js";
import { MAX_DATA_TEXT } from "./limits.js";
import { measure } from "./measure.js";
import { NOWHERE, type Pos } from "./pos.js";
import { type Form, read } from "./reader.js";
import type { Value } from "./values.js";
import { float, write } from "./write.js";

/** `v` as text; a LispError at `pos` for a function or a value out of bounds. */
export function print(v: Value, pos: Pos = NOWHERE): string {
  // Measuring first bounds the text (by MAX_WEIGHT) before any of it is written.
  measure(v, pos);
  return write(v, { maxChars: Number.POSITIVE_INFINITY, cut: false, readable: true, pos });
}

/** The one value written in `text` (as data: symbols read as strings, nothing is evaluated). */
export function readValue(text: string): Value {
  const forms = read(text, MAX_DATA_TEXT);
  if (forms.length !== 1)
    throw new LispError(
      "LISP4001_SYNTAX",
      `expected one value, found ${forms.length}`,
      forms[1]?.pos ?? { line: 1, column: 1 },
    );
  return datum(forms[0]!);
}

/** A form as source text; `read(printForm(f))` gives `f` back, positions aside. */
export function printForm(f: Form): string {
  switch (f.type) {
    case "int":
      return f.value.toString();
    case "float":
      return float(f.value);
    case "str":
      return JSON.stringify(f.value);
    case "bool":
      return String(f.value);
    case "nil":
      return "nil";
    case "sym":
      return f.name;
    case "list":
      return `(${f.items.map(printForm).join(" ")})`;
    case "rec":
      return `{${f.entries.map(([k, v]) => `${printForm(k)} ${printForm(v)}`).join(" ")}}`;
  }
}
