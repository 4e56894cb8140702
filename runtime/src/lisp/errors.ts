/** Errors of the handler language, with a stable code and the position in the source. */
import type { Pos } from "./reader.js";

export type LispErrorCode =
  | "LISP4001_SYNTAX"
  | "LISP4002_UNBOUND"
  | "LISP4003_TYPE"
  | "LISP4004_ARITY"
  | "LISP4005_OUT_OF_GAS"
  | "LISP4006_TOO_DEEP"
  | "LISP4007_TOO_LARGE"
  | "LISP4008_HOST";

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
