/** Errors of the handler language, with a stable code and the position in the source. */
import type { Pos } from "./pos.js";

export type LispErrorCode =
  | "LISP4001_SYNTAX"
  | "LISP4002_UNBOUND"
  | "LISP4003_TYPE"
  | "LISP4004_ARITY"
  | "LISP4005_OUT_OF_GAS"
  | "LISP4006_TOO_DEEP"
  | "LISP4007_TOO_LARGE"
  | "LISP4008_HOST"
  | "LISP4009_NUMBER_TOO_LARGE"
  | "LISP4010_VALUE_TOO_DEEP";

export class LispError extends Error {
  override readonly name = "LispError";
  constructor(
    readonly code: LispErrorCode,
    readonly detail: string,
    readonly pos: Pos,
  ) {
    super(`${code} at ${pos.line}:${pos.column}: ${detail}`);
  }
}

/**
 * An error about one argument of a builtin. Builtins know which argument is wrong but not where it
 * is written; the interpreter moves the error to that argument's position. Called outside the
 * interpreter it is an ordinary LispError at the call's position.
 */
export class ArgError extends LispError {
  constructor(
    readonly index: number,
    code: LispErrorCode,
    detail: string,
    pos: Pos,
  ) {
    super(code, detail, pos);
  }
}
