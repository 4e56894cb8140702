/**
 * SSZ bytes of TypeExprs. A node serializes as its kind's Container (children as 32-byte ids);
 * a whole expression serializes as a bundle: the distinct nodes, children before parents, root
 * last. Decoding checks every child id against the nodes before it and recomputes the root, so
 * a bundle either decodes whole or not at all.
 */
import { cachedId, canonicalizeWithId } from "../canonical.js";
import { TypeExprError } from "../errors.js";
import { toHex } from "../id.js";
import {
  CONSTRAINT_TAG,
  type Constraint,
  type ConstraintKind,
  KINDS,
  type Kind,
  TAG,
  TUPLE_ELEMENT_TAG,
  type TupleElementKind,
  type TypeExpr,
} from "../type-expr.js";
import { fromUtf8 } from "../utf8.js";
import { toWire } from "./encode.js";
import { hashWireNode } from "./hash.js";
import { BUNDLE_TYPE, NODE_TYPES } from "./types.js";
import { ENCODING_VERSION, LITERAL_KIND, type WireRecord } from "./wire.js";

const KIND_OF_TAG = new Map<number, Kind>(KINDS.map((k) => [TAG[k], k]));
const CONSTRAINT_OF_TAG = new Map<number, ConstraintKind>(
  (Object.keys(CONSTRAINT_TAG) as ConstraintKind[]).map((k) => [CONSTRAINT_TAG[k], k]),
);
const ELEMENT_OF_TAG = new Map<number, TupleElementKind>(
  (Object.keys(TUPLE_ELEMENT_TAG) as TupleElementKind[]).map((k) => [TUPLE_ELEMENT_TAG[k], k]),
);

/** The wire record of a canonical node (children must be canonical nodes). */
function wireOf(expr: TypeExpr): WireRecord {
  return toWire(expr, (child) => cachedId(child) ?? canonicalizeWithId(child).id);
}

/** SSZ bytes of one canonical node. */
export function serializeNode(expr: TypeExpr): Uint8Array {
  return NODE_TYPES[expr.kind].serialize(wireOf(expr) as never);
}

/** Decodes one node's bytes to its wire record (children stay ids). */
export function deserializeNode(bytes: Uint8Array): { kind: Kind; wire: WireRecord } {
  if (bytes.length < 2) throw new TypeExprError("CX1010_BAD_ENCODING", "$", "a node has at least 2 bytes");
  if (bytes[0] !== ENCODING_VERSION) {
    throw new TypeExprError("CX1010_BAD_ENCODING", "$.version", `unsupported encoding version ${bytes[0]}`);
  }
  const kind = KIND_OF_TAG.get(bytes[1]!);
  if (kind === undefined) throw new TypeExprError("CX1010_BAD_ENCODING", "$.tag", `unknown tag ${bytes[1]}`);
  try {
    return { kind, wire: NODE_TYPES[kind].deserialize(bytes) as WireRecord };
  } catch (e) {
    throw new TypeExprError("CX1010_BAD_ENCODING", "$", `malformed ${kind} node: ${(e as Error).message}`);
  }
}

/** SSZ bytes of a whole TypeExpr (canonicalized first). */
export function serializeTypeExpr(expr: TypeExpr): Uint8Array {
  const root = canonicalizeWithId(expr).expr;
  const order: Uint8Array[] = [];
  const seen = new Set<string>();
  const visit = (node: TypeExpr) => {
    const id = toHex(cachedId(node)!);
    if (seen.has(id)) return;
    for (const child of childrenOf(node)) visit(child);
    if (node.kind === "enum") {
      for (const m of node.members) visit(canonicalizeWithId({ kind: "literal", value: m.value }).expr);
    }
    seen.add(id);
    order.push(serializeNode(node));
  };
  visit(root);
  return BUNDLE_TYPE.serialize(order);
}

/** Decodes a bundle back to the canonical TypeExpr (without metadata). */
export function deserializeTypeExpr(bytes: Uint8Array): TypeExpr {
  let entries: Uint8Array[];
  try {
    entries = BUNDLE_TYPE.deserialize(bytes);
  } catch (e) {
    throw new TypeExprError("CX1010_BAD_ENCODING", "$", `malformed bundle: ${(e as Error).message}`);
  }
  if (entries.length === 0) throw new TypeExprError("CX1010_BAD_ENCODING", "$", "empty bundle");
  const byId = new Map<string, TypeExpr>();
  let last: TypeExpr | undefined;
  for (const [i, entry] of entries.entries()) {
    const path = `$[${i}]`;
    let decoded: { kind: Kind; wire: WireRecord };
    try {
      decoded = deserializeNode(entry);
    } catch (e) {
      const err = e as TypeExprError;
      throw new TypeExprError(err.code ?? "CX1010_BAD_ENCODING", path, err.detail ?? err.message);
    }
    const child = (id: unknown): TypeExpr => {
      const hex = toHex(id as Uint8Array);
      const found = byId.get(hex);
      if (!found)
        throw new TypeExprError(
          "CX1011_UNKNOWN_ID",
          path,
          `child ${hex} is not an earlier node of the bundle`,
        );
      return found;
    };
    const expr = fromWire(decoded.kind, decoded.wire, child, path);
    byId.set(toHex(hashWireNode(decoded.kind, decoded.wire)), expr);
    last = expr;
  }
  const rootId = toHex(hashWireNode(...lastDecoded(entries)));
  const canonical = canonicalizeWithId(last!);
  if (toHex(canonical.id) !== rootId) {
    throw new TypeExprError("CX1010_BAD_ENCODING", "$", "the bundle's expression is not in canonical form");
  }
  return canonical.expr;
}

function lastDecoded(entries: Uint8Array[]): [Kind, WireRecord] {
  const { kind, wire } = deserializeNode(entries.at(-1)!);
  return [kind, wire];
}

function fromWire(kind: Kind, w: WireRecord, child: (id: unknown) => TypeExpr, path: string): TypeExpr {
  const text = (v: unknown) => {
    try {
      return fromUtf8(v as Uint8Array);
    } catch {
      throw new TypeExprError("CX1012_BAD_STRING", path, "invalid UTF-8");
    }
  };
  const roots = (v: unknown) => (v as Uint8Array[]).map(child);
  switch (kind) {
    case "fixed":
      return { kind, scale: w.scale as number };
    case "list":
    case "set":
      return { kind, element: child(w.element) };
    case "optional":
      return { kind, inner: child(w.inner) };
    case "recursive":
      return { kind, body: child(w.body) };
    case "ref":
      return { kind, index: w.index as number };
    case "map":
    case "dict":
      return { kind, key: child(w.key), value: child(w.value) };
    case "record":
      return {
        kind,
        fields: (w.fields as WireRecord[]).map((f) =>
          f.optional
            ? { name: text(f.name), type: child(f.type), optional: true }
            : { name: text(f.name), type: child(f.type) },
        ),
      };
    case "union":
    case "intersection":
      return { kind, members: roots(w.members) };
    case "enum":
      return {
        kind,
        members: roots(w.members).map((m) => {
          if (m.kind !== "literal" || typeof m.value === "boolean") {
            throw new TypeExprError(
              "CX1010_BAD_ENCODING",
              path,
              "an enum member is a string or number literal",
            );
          }
          return { value: m.value };
        }),
      };
    case "range":
    case "bigintRange":
      return { kind, min: text(w.min), max: text(w.max) };
    case "tuple":
      return {
        kind,
        elements: (w.elements as WireRecord[]).map((e) => {
          const k = ELEMENT_OF_TAG.get(e.kind as number);
          if (k === undefined)
            throw new TypeExprError("CX1010_BAD_ENCODING", path, `unknown tuple element kind ${e.kind}`);
          return k === "required" ? { type: child(e.type) } : { type: child(e.type), kind: k };
        }),
      };
    case "function":
      return { kind, params: roots(w.params), returns: child(w.returns) };
    case "literal": {
      const bytes = w.value as Uint8Array;
      switch (w.literalKind) {
        case LITERAL_KIND.string:
          return { kind, value: text(bytes) };
        case LITERAL_KIND.number:
          if (bytes.length !== 8)
            throw new TypeExprError("CX1010_BAD_ENCODING", path, "a number literal has 8 bytes");
          return { kind, value: new DataView(bytes.buffer, bytes.byteOffset, 8).getFloat64(0, true) };
        case LITERAL_KIND.boolean:
          if (bytes.length !== 1 || bytes[0]! > 1)
            throw new TypeExprError("CX1010_BAD_ENCODING", path, "a boolean literal is one byte 0 or 1");
          return { kind, value: bytes[0] === 1 };
        default:
          throw new TypeExprError("CX1010_BAD_ENCODING", path, `unknown literal kind ${w.literalKind}`);
      }
    }
    case "bigintLiteral":
      return { kind, value: text(w.value) };
    case "template":
      return { kind, texts: (w.texts as Uint8Array[]).map(text), types: roots(w.types) };
    case "refine":
      return {
        kind,
        base: child(w.base),
        constraints: (w.constraints as WireRecord[]).map((c): Constraint => {
          const k = CONSTRAINT_OF_TAG.get(c.kind as number);
          const bytes = c.value as Uint8Array;
          if (k === undefined)
            throw new TypeExprError("CX1010_BAD_ENCODING", path, `unknown constraint ${c.kind}`);
          if (k === "pattern" || k === "format") return { kind: k, value: text(bytes) };
          if (bytes.length !== 8)
            throw new TypeExprError("CX1010_BAD_ENCODING", path, "a numeric constraint has 8 bytes");
          return { kind: k, value: new DataView(bytes.buffer, bytes.byteOffset, 8).getFloat64(0, true) };
        }),
      };
    default:
      return { kind } as TypeExpr;
  }
}

/** The direct child expressions of a node, in wire order. */
export function childrenOf(e: TypeExpr): TypeExpr[] {
  switch (e.kind) {
    case "list":
    case "set":
      return [e.element];
    case "optional":
      return [e.inner];
    case "recursive":
      return [e.body];
    case "map":
    case "dict":
      return [e.key, e.value];
    case "record":
      return e.fields.map((f) => f.type);
    case "union":
    case "intersection":
      return [...e.members];
    case "tuple":
      return e.elements.map((el) => el.type);
    case "function":
      return [...e.params, e.returns];
    case "template":
      return [...e.types];
    case "refine":
      return [e.base];
    default:
      return [];
  }
}
