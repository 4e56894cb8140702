/**
 * Canonical form of a TypeExpr, the form ids are computed on (docs/type-expr-spec.md §Canonical form).
 *
 * The expression is read into a graph (canonical/build.ts: recursion binders become cycles),
 * normalized (canonical/normalize.ts: unions and intersections flattened, `undefined` pulled out
 * into `optional`, literals absorbed by their base type, refinements merged), minimized when it
 * has cycles (canonical/minimize.ts: bisimilar nodes merged, so a recursive type has one form
 * whatever its names and however far it was unrolled), and written back as a tree with recursion
 * binders exactly where a cycle closes (canonical/emit.ts). Member order of unions, intersections
 * and enums is by id (canonical/ids.ts), so emission and hashing happen together, bottom-up.
 * This module is the entry point and remembers forms already computed.
 */

import { build } from "./canonical/build.js";
import { Emitter } from "./canonical/emit.js";
import { Graph } from "./canonical/graph.js";
import { idOf, isCanonical } from "./canonical/ids.js";
import { normalizeAll } from "./canonical/normalize.js";
import { snapshot } from "./snapshot.js";
import type { Root } from "./ssz/merkle.js";
import type { TypeExpr } from "./type-expr.js";

export function canonicalize(expr: TypeExpr): TypeExpr {
  return canonicalForm(expr);
}

export function canonicalizeWithId(expr: TypeExpr): { expr: TypeExpr; id: Root } {
  const canonical = canonicalForm(expr);
  return { expr: canonical, id: idOf(canonical) };
}

/** The id of a node already in canonical form and emitted by this module; undefined for any other. */
export function cachedId(expr: TypeExpr): Root | undefined {
  return isCanonical(expr) ? idOf(expr) : undefined;
}

function canonicalForm(expr: TypeExpr): TypeExpr {
  if (isCanonical(expr)) return expr;
  // Everything below reads a private frozen copy, never the caller's objects, which may change or
  // answer differently on a second read (snapshot.ts); so no cache is keyed by a caller's object.
  const known = BY_IDENTITY.get(expr);
  if (known) return known;
  const { copy, immutable } = snapshot(expr);
  // The same schema arrives again as a new object (re-read from a lock file, received from another
  // service): its JSON text finds the canonical form, and the ids hashed for it, at once.
  const text = jsonText(copy);
  const seen = text === undefined ? undefined : BY_TEXT.get(text);
  if (seen) {
    if (immutable) BY_IDENTITY.set(expr, seen);
    return seen;
  }
  const graph = new Graph();
  const root = build(graph, copy, [], "$");
  normalizeAll(graph, root);
  const out = new Emitter(graph).emit(root);
  if (text !== undefined) remember(text, out);
  if (immutable) BY_IDENTITY.set(expr, out);
  return out;
}

/**
 * Canonical forms of inputs that can never read differently (deep-frozen, data properties only:
 * snapshot.ts decides), by identity: asking again for such a schema's id is a lookup. Any other
 * input is copied and looked up by its text every time.
 */
const BY_IDENTITY = new WeakMap<object, TypeExpr>();

/** Canonical forms by the JSON text of the expression they came from, oldest dropped first. */
const BY_TEXT = new Map<string, TypeExpr>();
const BY_TEXT_MAX_CHARS = 16 * 1024 * 1024;
let byTextChars = 0;

function remember(text: string, canonical: TypeExpr): void {
  if (text.length > BY_TEXT_MAX_CHARS / 4) return;
  BY_TEXT.set(text, canonical);
  byTextChars += text.length;
  for (const [oldest] of BY_TEXT) {
    if (byTextChars <= BY_TEXT_MAX_CHARS) break;
    BY_TEXT.delete(oldest);
    byTextChars -= oldest.length;
  }
}

/**
 * The cache key of a copy: its JSON text, when that text says everything the copy holds. JSON
 * writes -0 as 0 and NaN or ±Infinity as null, so a copy holding one has no key (no other input
 * may be served its form).
 */
function jsonText(copy: TypeExpr): string | undefined {
  // A DAG's text is its tree, which can be exponentially larger than the DAG: no key then.
  if (textSize(copy, new Map()) > BY_TEXT_MAX_CHARS / 4) return undefined;
  let lossy = false;
  try {
    const text = JSON.stringify(copy, (_key, v: unknown) => {
      if (typeof v === "number" && (Object.is(v, -0) || !Number.isFinite(v))) lossy = true;
      return v;
    });
    return lossy ? undefined : text;
  } catch {
    return undefined; // a bigint or other hostile payload: build() reports it
  }
}

/**
 * About how long the JSON text of `v` is (an upper bound for ASCII text), counting each shared
 * object once per path but computing it once: linear in the DAG, however large the tree.
 */
function textSize(v: unknown, memo: Map<object, number>): number {
  if (typeof v === "string") return v.length + 2;
  if (typeof v !== "object" || v === null) return 24;
  const known = memo.get(v);
  if (known !== undefined) return known;
  let size = 2;
  for (const [key, x] of Object.entries(v)) size += key.length + 4 + textSize(x, memo);
  memo.set(v, size);
  return size;
}
