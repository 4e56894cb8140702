/**
 * Canonical nodes and their ids. Every node the emitter writes is frozen and registered here;
 * its id (the SSZ hash_tree_root of its wire record, children by their ids) is computed when
 * first asked and remembered, so a shared subtree is hashed once.
 */
import { toWire } from "../ssz/encode.js";
import { hashWireNode } from "../ssz/hash.js";
import type { Root } from "../ssz/merkle.js";
import { PAYLOAD } from "../ssz/wire.js";
import { KINDS, type TypeExpr } from "../type-expr.js";

/**
 * Canonical nodes -> their ids, filled lazily: a canonical form needs only the ids of union,
 * intersection and enum members (to order them), so the rest is hashed when someone asks.
 * Canonical nodes are frozen, so identity is a safe key.
 */
const CANONICAL_ID = new WeakMap<object, Root>();
/** Every node emitted by the emitter (all frozen and in canonical form). */
const CANONICAL = new WeakSet<object>();

/** Freezes a node the emitter built (and its arrays) and registers it as canonical. */
export function finish(expr: TypeExpr): TypeExpr {
  Object.freeze(expr);
  for (const value of Object.values(expr)) if (Array.isArray(value)) Object.freeze(value);
  CANONICAL.add(expr);
  return expr;
}

/** Whether `expr` is a node the emitter wrote (so it is in canonical form). */
export function isCanonical(expr: TypeExpr): boolean {
  return CANONICAL.has(expr);
}

/** The id of a canonical node (children first, each hashed once and remembered). */
export function idOf(expr: TypeExpr): Root {
  let id = CANONICAL_ID.get(expr);
  if (id === undefined) {
    const key = leafKey(expr);
    id = key === undefined ? undefined : LEAF_ID.get(key);
    if (id === undefined) {
      id = hashWireNode(expr.kind, toWire(expr, idOf));
      if (key !== undefined) {
        if (LEAF_ID.size >= 4096) LEAF_ID.clear();
        LEAF_ID.set(key, id);
      }
    }
    CANONICAL_ID.set(expr, id);
  }
  return id;
}

/**
 * Literals and bare primitives recur across schemas (every `"open" | "closed"` union hashes the
 * same two literals), so their ids are remembered by value; names never reach an id.
 */
const LEAF_ID = new Map<string, Root>();
/** Kinds whose wire record has no payload: the kind alone is the node. */
const BARE = new Set<string>(KINDS.filter((kind) => PAYLOAD[kind].length === 0));

function leafKey(expr: TypeExpr): string | undefined {
  if (expr.kind === "literal") return `${typeof expr.value}:${expr.value}`;
  return BARE.has(expr.kind) ? expr.kind : undefined;
}
