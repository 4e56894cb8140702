/** Size limits of the id encoding (docs/type-expr-spec.md §Limits). Changing one changes ids. */
export const LIMITS = {
  /** Members of a union/intersection/enum, fields of a record, tuple elements, params, template spans. */
  members: 4096,
  /** UTF-8 bytes of a record field name. */
  nameBytes: 1024,
  /** UTF-8 bytes of a string literal, template text, pattern or format. */
  textBytes: 4096,
  /** ASCII bytes of a decimal integer (bigint literal, range bound). */
  decimalBytes: 128,
  /** Constraints of one refinement. */
  constraints: 64,
  /** Largest `fixed` scale (uint8). */
  scale: 255,
  /** Largest de Bruijn index of a `ref` (uint32). */
  refIndex: 0xffffffff,
} as const;
