/** Positions in handler source text (1-based line and column). */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

/** The position of a value that did not come from source text (input data, a host's result). */
export const NOWHERE: Pos = Object.freeze({ line: 0, column: 0 });
