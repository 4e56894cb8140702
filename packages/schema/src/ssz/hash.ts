/** hash_tree_root of a wire node, by the table in wire.ts, on the fast merkle primitives. */

import type { Kind } from "../type-expr.js";
import { boolChunk, byteListRoot, containerRoot, listRoot, type Root, uintChunk } from "./merkle.js";
import { type FieldType, HEADER, PAYLOAD, type WireField, type WireRecord, type WireValue } from "./wire.js";

export function hashWireNode(kind: Kind, node: WireRecord): Root {
  const roots: Root[] = [];
  for (const field of HEADER) roots.push(fieldRoot(field.type, node[field.name]!));
  for (const field of PAYLOAD[kind]) roots.push(fieldRoot(field.type, node[field.name]!));
  return containerRoot(roots);
}

function recordRoot(fields: readonly WireField[], value: WireRecord): Root {
  return containerRoot(fields.map((field) => fieldRoot(field.type, value[field.name]!)));
}

function fieldRoot(type: FieldType, value: WireValue): Root {
  switch (type.t) {
    case "uint8":
    case "uint32":
      return uintChunk(value as number);
    case "bool":
      return boolChunk(value as boolean);
    case "bytes32":
      return value as Uint8Array;
    case "byteList":
      return byteListRoot(value as Uint8Array, type.limit);
    case "rootList":
      return listRoot(value as Uint8Array[], type.limit);
    case "textList":
      return listRoot(
        (value as Uint8Array[]).map((bytes) => byteListRoot(bytes, type.textLimit)),
        type.limit,
      );
    case "containerList":
      return listRoot(
        (value as WireRecord[]).map((entry) => recordRoot(type.fields, entry)),
        type.limit,
      );
  }
}
