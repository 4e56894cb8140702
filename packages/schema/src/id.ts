/** Content-addressed ids of TypeExprs: the SSZ hash_tree_root of the canonical root node. */
import { canonicalizeWithId } from "./canonical.js";
import type { TypeExpr } from "./type-expr.js";

/** A TypeExprId as text: "0x" + 64 lowercase hex digits. */
export type TypeExprIdHex = `0x${string}`;

export function typeExprId(expr: TypeExpr): Uint8Array {
  return canonicalizeWithId(expr).id.slice();
}

export function typeExprIdHex(expr: TypeExpr): TypeExprIdHex {
  return toHex(canonicalizeWithId(expr).id);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function toHex(bytes: Uint8Array): TypeExprIdHex {
  let out = "0x";
  for (const b of bytes) out += HEX[b];
  return out as TypeExprIdHex;
}

export function fromHex(hex: string): Uint8Array {
  const body = hex.startsWith("0x") ? hex.slice(2) : hex;
  if (!/^([0-9a-fA-F]{2})*$/.test(body)) throw new SyntaxError(`not a hex string: ${hex}`);
  const out = new Uint8Array(body.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(body.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Structural equality: the two expressions have one canonical form (metadata ignored). */
export function typeExprEquals(a: TypeExpr, b: TypeExpr): boolean {
  const x = canonicalizeWithId(a).id;
  const y = canonicalizeWithId(b).id;
  return x.every((byte, i) => byte === y[i]);
}
