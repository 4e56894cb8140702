/**
 * Host exceptions that escape an evaluation, as the language's errors. Only one is expected: the
 * host stack running out when a depth limit is set higher than the stack holds. The others are
 * prevented by the checks before each operation (integer range, division by zero, sizes) and are
 * mapped here only so that none is ever reported as what it is not.
 */
import { LispError } from "./errors.js";
import type { Pos } from "./pos.js";

export function fromHostError(e: unknown, pos: Pos): unknown {
  if (!(e instanceof RangeError)) return e;
  // V8's messages are the only way to tell these apart; the fallback is the generic "too large".
  if (/call stack/i.test(e.message))
    return new LispError("LISP4006_TOO_DEEP", "nested deeper than the host stack allows", pos);
  if (/bigint/i.test(e.message))
    return new LispError(
      "LISP4009_NUMBER_TOO_LARGE",
      `an integer too large for the host (${e.message})`,
      pos,
    );
  if (/division by zero/i.test(e.message)) return new LispError("LISP4003_TYPE", "division by zero", pos);
  return new LispError("LISP4007_TOO_LARGE", `a value too large for the host (${e.message})`, pos);
}
