/**
 * The @chainsafe/ssz types of every node kind, built from the wire table. They define the byte
 * encoding (serialize/deserialize) and serve as the reference `hashTreeRoot` the fast hasher is
 * tested against.
 */
import {
  BooleanType,
  ByteListType,
  ByteVectorType,
  ContainerType,
  ListCompositeType,
  type Type,
  UintNumberType,
} from "@chainsafe/ssz";
import { KINDS, type Kind } from "../type-expr.js";
import { type FieldType, HEADER, PAYLOAD, type WireField } from "./wire.js";

// biome-ignore lint/suspicious/noExplicitAny: @chainsafe/ssz's container field map is generic over value types
type AnyType = Type<any>;

const uint8 = new UintNumberType(1);
const uint32 = new UintNumberType(4);
const boolean = new BooleanType();
const bytes32 = new ByteVectorType(32);

function sszType(type: FieldType): AnyType {
  switch (type.t) {
    case "uint8":
      return uint8;
    case "uint32":
      return uint32;
    case "bool":
      return boolean;
    case "bytes32":
      return bytes32;
    case "byteList":
      return new ByteListType(type.limit);
    case "rootList":
      return new ListCompositeType(bytes32, type.limit);
    case "textList":
      return new ListCompositeType(new ByteListType(type.textLimit), type.limit);
    case "containerList":
      return new ListCompositeType(container(type.fields), type.limit);
  }
}

function container(fields: readonly WireField[]): ContainerType<Record<string, AnyType>> {
  const map: Record<string, AnyType> = {};
  for (const field of fields) map[field.name] = sszType(field.type);
  return new ContainerType(map);
}

/** One ContainerType per kind: `version`, `tag`, then the kind's payload. */
export const NODE_TYPES: Readonly<Record<Kind, ContainerType<Record<string, AnyType>>>> = Object.fromEntries(
  KINDS.map((kind) => [kind, container([...HEADER, ...PAYLOAD[kind]])]),
) as Record<Kind, ContainerType<Record<string, AnyType>>>;

/** A bundle: the nodes of a whole TypeExpr, children before parents, root last. */
export const BUNDLE_TYPE = new ListCompositeType(new ByteListType(1 << 24), 1 << 20);
