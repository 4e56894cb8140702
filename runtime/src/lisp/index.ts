export { LispError, type LispErrorCode } from "./errors.js";
export {
  BUILTINS,
  type Closure,
  DEFAULT_LIMITS,
  fromLisp,
  type HostFn,
  Interpreter,
  type Limits,
  Rec,
  show,
  toLisp,
  truthy,
  type Value,
} from "./evaluator.js";
export { MAX_INT_BITS, MAX_NESTING, MAX_WEIGHT } from "./limits.js";
export { print, printForm, readValue } from "./printer.js";
export { type Form, type Pos, read } from "./reader.js";
