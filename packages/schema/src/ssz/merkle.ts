/**
 * The SSZ merkleization primitives the id encoding needs, on @chainsafe/as-sha256's `digest64`
 * (one sha256 compression pair per call, no per-call allocation of hashers). @chainsafe/ssz's
 * generic `hashTreeRoot` computes the same roots (checked in tests) but spends most of its time
 * building trees of node objects; ids are hashed on every build, so this path matters.
 */
import { digest64 } from "@chainsafe/as-sha256";

export type Root = Uint8Array;

const pair = new Uint8Array(64);
/** Number of 64-byte hashes done so far (read by the id benchmark for its raw-hash floor). */
export const hashStats = { calls: 0 };
const MAX_DEPTH = 40;
/** ZERO[d] is the root of a depth-d tree of zero chunks. */
const ZERO: Root[] = [new Uint8Array(32)];
for (let d = 1; d <= MAX_DEPTH; d++) ZERO.push(hash2(ZERO[d - 1]!, ZERO[d - 1]!));

/** sha256(a ++ b) for two 32-byte chunks. */
export function hash2(a: Uint8Array, b: Uint8Array): Root {
  hashStats.calls++;
  pair.set(a, 0);
  pair.set(b, 32);
  return digest64(pair);
}

/** Depth of the smallest power-of-two tree holding `limit` leaves. */
export function depthFor(limit: number): number {
  let depth = 0;
  while (2 ** depth < limit) depth++;
  return depth;
}

/** merkleize(chunks, limit) of the SSZ spec: a tree of 2^depth leaves, zero-padded. */
export function merkleize(chunks: readonly Root[], limit: number): Root {
  const depth = depthFor(Math.max(limit, 1));
  if (chunks.length > 2 ** depth) throw new RangeError(`${chunks.length} chunks exceed limit ${limit}`);
  if (chunks.length === 0) return ZERO[depth]!;
  let layer: Root[] = chunks as Root[];
  for (let d = 0; d < depth; d++) {
    const next: Root[] = [];
    for (let i = 0; i < layer.length; i += 2) {
      next.push(hash2(layer[i]!, i + 1 < layer.length ? layer[i + 1]! : ZERO[d]!));
    }
    layer = next;
  }
  return layer[0]!;
}

/** mix_in_length: sha256(root ++ uint256(length)). */
export function mixInLength(root: Root, length: number): Root {
  const chunk = new Uint8Array(32);
  new DataView(chunk.buffer).setUint32(0, length, true);
  return hash2(root, chunk);
}

/** A basic uint value (uint8/uint32) packed into its own chunk, little-endian. */
export function uintChunk(value: number): Root {
  const chunk = new Uint8Array(32);
  new DataView(chunk.buffer).setUint32(0, value, true);
  return chunk;
}

export function boolChunk(value: boolean): Root {
  const chunk = new Uint8Array(32);
  chunk[0] = value ? 1 : 0;
  return chunk;
}

/** hash_tree_root of ByteList[limit]. */
export function byteListRoot(bytes: Uint8Array, limit: number): Root {
  const n = Math.ceil(bytes.length / 32);
  const chunks: Root[] = [];
  for (let i = 0; i < n; i++) {
    const chunk = new Uint8Array(32);
    chunk.set(bytes.subarray(i * 32, i * 32 + 32));
    chunks.push(chunk);
  }
  return mixInLength(merkleize(chunks, Math.ceil(limit / 32)), bytes.length);
}

/** hash_tree_root of List[Bytes32 | Container, limit] given the element roots. */
export function listRoot(elementRoots: readonly Root[], limit: number): Root {
  return mixInLength(merkleize(elementRoots, limit), elementRoots.length);
}

/** hash_tree_root of a Container given its field roots in declaration order. */
export function containerRoot(fieldRoots: readonly Root[]): Root {
  return merkleize(fieldRoots, fieldRoots.length);
}
