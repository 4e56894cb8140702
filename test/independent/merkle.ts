/**
 * A second, independent TypeExprId implementation, written from docs/type-expr-spec.md alone: SSZ
 * merkleization by hand over @noble/hashes' SHA-256. It shares no code (not even constants) with
 * packages/schema, so agreement on the vectors checks the spec as much as the main implementation.
 * It takes the canonical JSON form (it does not canonicalize).
 */
import { sha256 } from "@noble/hashes/sha2.js";

type Json = Record<string, unknown>;
type Chunk = Uint8Array;

/** §3.1 kind tags, §3.2 constraint tags and tuple element kinds: shared by the independent modules. */
export const TAGS: Record<string, number> = {
  any: 0,
  unit: 1,
  bool: 2,
  string: 3,
  integer: 4,
  fixed: 5,
  ratio: 6,
  number: 7,
  list: 8,
  map: 9,
  record: 10,
  union: 11,
  intersection: 12,
  optional: 13,
  range: 14,
  enum: 15,
  tuple: 16,
  function: 17,
  undefined: 18,
  literal: 19,
  bigintLiteral: 20,
  bigint: 21,
  bytes: 22,
  date: 23,
  set: 24,
  template: 25,
  refine: 26,
  recursive: 27,
  ref: 28,
  dict: 29,
  bigintRange: 30,
};
export const CONSTRAINTS: Record<string, number> = {
  minimum: 1,
  maximum: 2,
  exclusiveMinimum: 3,
  exclusiveMaximum: 4,
  multipleOf: 5,
  minLength: 6,
  maxLength: 7,
  pattern: 8,
  format: 9,
};
export const ELEMENT_KINDS: Record<string, number> = { required: 0, optional: 1, rest: 2 };

function h(a: Uint8Array, b: Uint8Array): Chunk {
  const buf = new Uint8Array(64);
  buf.set(a, 0);
  buf.set(b, 32);
  return sha256(buf);
}

const zeros: Chunk[] = [new Uint8Array(32)];
function zero(depth: number): Chunk {
  while (zeros.length <= depth) zeros.push(h(zeros[zeros.length - 1]!, zeros[zeros.length - 1]!));
  return zeros[depth]!;
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function merkleize(chunks: Chunk[], limit: number): Chunk {
  const width = nextPow2(Math.max(limit, 1));
  if (chunks.length > width) throw new Error("too many chunks");
  let depth = 0;
  let layer = chunks;
  while (2 ** depth < width) {
    const next: Chunk[] = [];
    for (let i = 0; i < Math.max(layer.length, 1); i += 2) {
      next.push(h(layer[i] ?? zero(depth), layer[i + 1] ?? zero(depth)));
    }
    layer = next;
    depth++;
  }
  return layer[0] ?? zero(depth);
}

function uint(value: number): Chunk {
  const c = new Uint8Array(32);
  let v = value;
  for (let i = 0; i < 8 && v > 0; i++) {
    c[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return c;
}

const mixInLength = (root: Chunk, length: number) => h(root, uint(length));

function byteList(bytes: Uint8Array, limit: number): Chunk {
  const chunks: Chunk[] = [];
  for (let i = 0; i < bytes.length; i += 32) {
    const c = new Uint8Array(32);
    c.set(bytes.slice(i, i + 32));
    chunks.push(c);
  }
  return mixInLength(merkleize(chunks, Math.ceil(limit / 32)), bytes.length);
}

const list = (roots: Chunk[], limit: number) => mixInLength(merkleize(roots, limit), roots.length);
const container = (fields: Chunk[]) => merkleize(fields, fields.length);
const text = (s: string) => new TextEncoder().encode(s);

function float64(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, Object.is(value, -0) ? 0 : value, true);
  return bytes;
}

function literalNode(value: unknown): Chunk {
  let kind: number;
  let bytes: Uint8Array;
  if (typeof value === "string") [kind, bytes] = [0, text(value)];
  else if (typeof value === "number") [kind, bytes] = [1, float64(value)];
  else [kind, bytes] = [2, new Uint8Array([value ? 1 : 0])];
  return container([uint(1), uint(TAGS.literal!), uint(kind), byteList(bytes, 4096)]);
}

/** The TypeExprId of a canonical TypeExpr (JSON form), as 0x-hex. */
export function independentId(expr: unknown): string {
  return `0x${Buffer.from(nodeRoot(expr as Json)).toString("hex")}`;
}

function nodeRoot(e: Json): Chunk {
  const tag = TAGS[e.kind as string];
  if (tag === undefined) throw new Error(`unknown kind ${String(e.kind)}`);
  const head = [uint(1), uint(tag)];
  const child = (x: unknown) => nodeRoot(x as Json);
  const children = (xs: unknown) => list((xs as Json[]).map(child), 4096);
  switch (e.kind) {
    case "fixed":
      return container([...head, uint(e.scale as number)]);
    case "list":
    case "set":
      return container([...head, child(e.element)]);
    case "optional":
      return container([...head, child(e.inner)]);
    case "recursive":
      return container([...head, child(e.body)]);
    case "ref":
      return container([...head, uint(e.index as number)]);
    case "map":
    case "dict":
      return container([...head, child(e.key), child(e.value)]);
    case "record": {
      const fields = (e.fields as Json[]).map((f) =>
        container([byteList(text(f.name as string), 1024), child(f.type), uint(f.optional === true ? 1 : 0)]),
      );
      return container([...head, list(fields, 4096)]);
    }
    case "union":
    case "intersection":
      return container([...head, children(e.members)]);
    case "enum":
      return container([
        ...head,
        list(
          (e.members as Json[]).map((m) => literalNode(m.value)),
          4096,
        ),
      ]);
    case "range":
    case "bigintRange":
      return container([...head, byteList(text(e.min as string), 128), byteList(text(e.max as string), 128)]);
    case "tuple": {
      const elements = (e.elements as Json[]).map((el) =>
        container([uint(ELEMENT_KINDS[(el.kind as string | undefined) ?? "required"]!), child(el.type)]),
      );
      return container([...head, list(elements, 4096)]);
    }
    case "function":
      return container([...head, children(e.params), child(e.returns)]);
    case "literal":
      return literalNode(e.value);
    case "bigintLiteral":
      return container([...head, byteList(text(e.value as string), 128)]);
    case "template":
      return container([
        ...head,
        list(
          (e.texts as string[]).map((t) => byteList(text(t), 4096)),
          4096,
        ),
        children(e.types),
      ]);
    case "refine": {
      const constraints = (e.constraints as Json[]).map((c) => {
        const value = typeof c.value === "string" ? text(c.value) : float64(c.value as number);
        return container([uint(CONSTRAINTS[c.kind as string]!), byteList(value, 4096)]);
      });
      return container([...head, child(e.base), list(constraints, 64)]);
    }
    default:
      return container(head);
  }
}
