/**
 * Binary data. `Uint8Array` is data (kind `bytes`, docs/semantics.md); the other typed arrays,
 * buffers and views are refused with a diagnostic that says what to use instead: their contents
 * depend on the platform's byte order (or they are a window on memory, not a value), and no
 * validator or export could agree with another language on them.
 */
import type ts from "typescript";

const TYPED_ARRAYS: ReadonlySet<string> = new Set([
  "Int8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float16Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
]);

const BUFFERS: ReadonlySet<string> = new Set(["ArrayBuffer", "SharedArrayBuffer", "DataView"]);

/** Why the standard-library type `name` is not binary data and what to write instead; undefined if not binary. */
export function binaryAdvice(name: string): string | undefined {
  if (TYPED_ARRAYS.has(name)) {
    const numbers = name.startsWith("Big") ? "bigint[]" : "number[]";
    return `${name}: binary data is Uint8Array only (other typed arrays have no agreed byte order or JSON form); use Uint8Array for bytes or ${numbers} for the numbers`;
  }
  if (BUFFERS.has(name)) return `${name}: a buffer is memory, not a value; use Uint8Array for bytes`;
  return undefined;
}

/**
 * A subclass of `Uint8Array` declared outside the standard library (Node's `Buffer`): its values
 * are not plain `Uint8Array`s, which is what `bytes` accepts.
 */
export function uint8ArraySubclass(
  tsNs: typeof ts,
  checker: ts.TypeChecker,
  type: ts.Type,
): string | undefined {
  const symbol = type.getSymbol();
  if (!symbol || symbol.name === "Uint8Array" || !(type.flags & tsNs.TypeFlags.Object)) return undefined;
  const object = type as ts.ObjectType;
  const target =
    object.objectFlags & tsNs.ObjectFlags.Reference ? (object as ts.TypeReference).target : object;
  if (!(target.objectFlags & tsNs.ObjectFlags.ClassOrInterface)) return undefined;
  const bases = checker.getBaseTypes(target as ts.InterfaceType);
  if (!bases.some((b) => b.getSymbol()?.name === "Uint8Array")) return undefined;
  return `${symbol.name}: a subclass of Uint8Array, and bytes are exactly Uint8Array; use Uint8Array (for a Buffer: new Uint8Array(buffer))`;
}
