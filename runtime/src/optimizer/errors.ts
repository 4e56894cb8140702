/** Errors of the optimizer's inputs and plans: a stable code and what was wrong. */
export type OptimizerErrorCode =
  | "OPT2001_BAD_STRATEGY"
  | "OPT2002_UNKNOWN_STRATEGY"
  | "OPT2003_BAD_HINT"
  | "OPT2004_UNKNOWN_DOMAIN"
  | "OPT2005_INFEASIBLE";

export class OptimizerError extends Error {
  override readonly name = "OptimizerError";
  constructor(
    readonly code: OptimizerErrorCode,
    message: string,
    /** For infeasible placements: every candidate and why it was dropped. */
    readonly reasons: readonly string[] = [],
  ) {
    super(`${code}: ${message}${reasons.length > 0 ? `\n  - ${reasons.join("\n  - ")}` : ""}`);
  }
}
