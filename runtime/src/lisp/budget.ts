/**
 * The work one evaluation may do. Every form evaluated costs a step; a builtin that copies, walks
 * or compares data costs a step per element (or character, or 64-bit word) it touches, so no
 * single step can hide a large amount of work; and a host function pays for the data it is given
 * and returns. One Budget is shared by everything a transition evaluates: the orchestrator hands
 * the same one to nested evaluations (`evaluate-gating-condition`), which therefore cannot start
 * afresh.
 */
import { LispError } from "./errors.js";
import type { Pos } from "./pos.js";

export interface Limits {
  /** Steps: forms evaluated plus the data builtins touch. */
  readonly gas: number;
  /** Closure calls nested at once, across nested evaluations too. */
  readonly depth: number;
  /** Largest list, record or string a program may build. */
  readonly size: number;
}

export const DEFAULT_LIMITS: Limits = Object.freeze({ gas: 100_000, depth: 200, size: 100_000 });

export class Budget {
  private left: number;
  /** Closure calls open now. */
  depth = 0;

  constructor(readonly limits: Limits = DEFAULT_LIMITS) {
    this.left = limits.gas;
  }

  /** Steps not spent yet. */
  get remaining(): number {
    return this.left;
  }

  /** One step (a form evaluated). */
  step(pos: Pos): void {
    if (--this.left < 0) this.exhausted(pos);
  }

  /** `units` steps at once: the elements, characters or words an operation touches. */
  spend(units: number, pos: Pos): void {
    this.left -= units;
    if (this.left < 0) this.exhausted(pos);
  }

  private exhausted(pos: Pos): never {
    this.left = -1;
    throw new LispError("LISP4005_OUT_OF_GAS", `step budget of ${this.limits.gas} exhausted`, pos);
  }
}
