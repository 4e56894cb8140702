/**
 * Reader of the handler language: s-expressions with positions. Integers are exact (bigint, at
 * most MAX_INT_BITS), a number with a fraction or an exponent is floating point, strings are
 * JSON-like, `true`/`false`/`nil` are literals, `{k v ...}` is a record, `;` starts a comment.
 */
import { LispError } from "./errors.js";
import { checkFloat, checkInt, intTooLarge, MAX_INT_DIGITS, MAX_NESTING, MAX_SOURCE } from "./limits.js";
import type { Pos } from "./pos.js";

export type { Pos } from "./pos.js";

export type Form =
  | { readonly type: "int"; readonly value: bigint; readonly pos: Pos }
  | { readonly type: "float"; readonly value: number; readonly pos: Pos }
  | { readonly type: "str"; readonly value: string; readonly pos: Pos }
  | { readonly type: "bool"; readonly value: boolean; readonly pos: Pos }
  | { readonly type: "nil"; readonly pos: Pos }
  | { readonly type: "sym"; readonly name: string; readonly pos: Pos }
  | { readonly type: "list"; readonly items: readonly Form[]; readonly pos: Pos }
  | { readonly type: "rec"; readonly entries: readonly (readonly [Form, Form])[]; readonly pos: Pos };

const INT = /^-?\d+$/;
const FLOAT = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Reads all forms of `source`; `maxLength` is raised only for data (see `readValue`). */
export function read(source: string, maxLength: number = MAX_SOURCE): Form[] {
  if (source.length > maxLength)
    throw new LispError("LISP4001_SYNTAX", `source longer than ${maxLength} characters`, {
      line: 1,
      column: 1,
    });
  let i = 0;
  let line = 1;
  let col = 1;
  const pos = (): Pos => ({ line, column: col });
  const advance = () => {
    if (source[i] === "\n") {
      line++;
      col = 1;
    } else col++;
    i++;
  };
  const skip = () => {
    while (i < source.length) {
      const c = source[i]!;
      if (c === ";") while (i < source.length && source[i] !== "\n") advance();
      else if (/\s/.test(c)) advance();
      else break;
    }
  };
  /** The forms up to the closing `close` of a list or record opened at `start`. */
  const items = (close: string, start: Pos, depth: number): Form[] => {
    if (depth >= MAX_NESTING)
      throw new LispError("LISP4001_SYNTAX", `nested deeper than ${MAX_NESTING}`, start);
    const open = source[i]!;
    advance();
    const out: Form[] = [];
    for (;;) {
      skip();
      if (i >= source.length) throw new LispError("LISP4001_SYNTAX", `unclosed ${open}`, start);
      if (source[i] === close) {
        advance();
        return out;
      }
      out.push(form(depth + 1));
    }
  };
  const form = (depth: number): Form => {
    skip();
    const start = pos();
    if (i >= source.length) throw new LispError("LISP4001_SYNTAX", "unexpected end of input", start);
    const c = source[i]!;
    if (c === "(") return { type: "list", items: items(")", start, depth), pos: start };
    if (c === "{") {
      const flat = items("}", start, depth);
      if (flat.length % 2 !== 0)
        throw new LispError("LISP4001_SYNTAX", "a record literal takes key value pairs", start);
      const entries: (readonly [Form, Form])[] = [];
      for (let k = 0; k < flat.length; k += 2) entries.push([flat[k]!, flat[k + 1]!]);
      return { type: "rec", entries, pos: start };
    }
    if (c === ")" || c === "}") throw new LispError("LISP4001_SYNTAX", `unexpected ${c}`, start);
    if (c === '"') {
      let text = '"';
      advance();
      while (i < source.length && source[i] !== '"') {
        if (source[i] === "\\") {
          text += source[i];
          advance();
        }
        text += source[i] ?? "";
        advance();
      }
      if (i >= source.length) throw new LispError("LISP4001_SYNTAX", "unclosed string", start);
      advance();
      try {
        return { type: "str", value: JSON.parse(`${text}"`) as string, pos: start };
      } catch {
        throw new LispError("LISP4001_SYNTAX", "bad escape in string", start);
      }
    }
    let atom = "";
    while (i < source.length && !/[\s(){}";]/.test(source[i]!)) {
      atom += source[i];
      advance();
    }
    if (INT.test(atom)) return { type: "int", value: integer(atom, start), pos: start };
    if (FLOAT.test(atom)) return { type: "float", value: checkFloat(Number(atom), start), pos: start };
    if (atom === "true" || atom === "false") return { type: "bool", value: atom === "true", pos: start };
    if (atom === "nil") return { type: "nil", pos: start };
    return { type: "sym", name: atom, pos: start };
  };
  const out: Form[] = [];
  for (;;) {
    skip();
    if (i >= source.length) return out;
    out.push(form(0));
  }
}

/** An integer literal; its length is checked first, since parsing a huge one is itself slow. */
function integer(atom: string, pos: Pos): bigint {
  if (atom.replace(/^-?0*/, "").length > MAX_INT_DIGITS) intTooLarge(pos);
  return checkInt(BigInt(atom), pos);
}
