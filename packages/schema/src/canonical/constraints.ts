/** Canonical order of a refinement's constraints: by tag, then by value bytes; repeats dropped. */
import { constraintValueBytes } from "../ssz/encode.js";
import { CONSTRAINT_TAG, type Constraint } from "../type-expr.js";
import { compareBytes } from "../utf8.js";

export function sortConstraints(constraints: readonly Constraint[]): Constraint[] {
  const keyed = constraints.map((c) => ({ c, tag: CONSTRAINT_TAG[c.kind], bytes: constraintValueBytes(c) }));
  keyed.sort((a, b) => a.tag - b.tag || compareBytes(a.bytes, b.bytes));
  const out: Constraint[] = [];
  let last: (typeof keyed)[number] | undefined;
  for (const k of keyed) {
    if (last && last.tag === k.tag && compareBytes(last.bytes, k.bytes) === 0) continue;
    // -0 and 0 are one value (their bytes are equal); the canonical form writes 0 (§2.2 rule 6).
    out.push(k.c.value === 0 ? ({ ...k.c, value: 0 } as Constraint) : k.c);
    last = k;
  }
  return out;
}
