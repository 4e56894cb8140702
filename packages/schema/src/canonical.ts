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
import type { Root } from "./ssz/merkle.js";
import type { TypeExpr } from "./type-expr.js";

/** Any input expression already canonicalized -> its canonical form. */
const CANONICAL_OF = new WeakMap<object, TypeExpr>();

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
  const known = CANONICAL_OF.get(expr);
  if (known) return known;
  // The same schema arrives again as a new object (re-read from a lock file, received from another
  // service): its JSON text finds the canonical form, and the ids hashed for it, at once.
  const text = jsonText(expr);
  const seen = text === undefined ? undefined : BY_TEXT.get(text);
  if (seen) {
    CANONICAL_OF.set(expr, seen);
    return seen;
  }
  const graph = new Graph();
  const root = build(graph, expr, [], "$");
  normalizeAll(graph, root);
  const out = new Emitter(graph).emit(root);
  CANONICAL_OF.set(expr, out);
  CANONICAL_OF.set(out, out);
  if (text !== undefined) remember(text, out);
  return out;
}

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

function jsonText(expr: TypeExpr): string | undefined {
  try {
    return JSON.stringify(expr);
  } catch {
    return undefined; // cycles or other hostile input: build() reports it
  }
}
