/**
 * Reader of the handler language: s-expressions with positions. Integers are exact (bigint),
 * strings are JSON-like, `true`/`false`/`nil` are literals, `;` starts a comment.
 */
import { LispError } from "./errors.js";

export interface Pos {
  readonly line: number;
  readonly column: number;
}

export type Form =
  | { readonly type: "int"; readonly value: bigint; readonly pos: Pos }
  | { readonly type: "str"; readonly value: string; readonly pos: Pos }
  | { readonly type: "bool"; readonly value: boolean; readonly pos: Pos }
  | { readonly type: "nil"; readonly pos: Pos }
  | { readonly type: "sym"; readonly name: string; readonly pos: Pos }
  | { readonly type: "list"; readonly items: readonly Form[]; readonly pos: Pos };

const MAX_SOURCE = 1 << 20;
const MAX_NESTING = 256;

export function read(source: string): Form[] {
  if (source.length > MAX_SOURCE)
    throw new LispError("LISP4001_SYNTAX", `source longer than ${MAX_SOURCE} characters`, {
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
  const form = (depth: number): Form => {
    skip();
    const start = pos();
    if (i >= source.length) throw new LispError("LISP4001_SYNTAX", "unexpected end of input", start);
    const c = source[i]!;
    if (c === "(") {
      if (depth >= MAX_NESTING)
        throw new LispError("LISP4001_SYNTAX", `nested deeper than ${MAX_NESTING}`, start);
      advance();
      const items: Form[] = [];
      for (;;) {
        skip();
        if (i >= source.length) throw new LispError("LISP4001_SYNTAX", "unclosed (", start);
        if (source[i] === ")") {
          advance();
          return { type: "list", items, pos: start };
        }
        items.push(form(depth + 1));
      }
    }
    if (c === ")") throw new LispError("LISP4001_SYNTAX", "unexpected )", start);
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
    while (i < source.length && !/[\s()";]/.test(source[i]!)) {
      atom += source[i];
      advance();
    }
    if (/^-?\d+$/.test(atom)) return { type: "int", value: BigInt(atom), pos: start };
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
