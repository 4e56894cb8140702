/**
 * Reads the vector files (fixtures/vectors): JSON text cannot hold -0, so the files write it as
 * {"$number": "-0"} (docs/type-expr-spec.md, "Test vectors"); this reads it back as -0.
 */
import { readFileSync } from "node:fs";

const isNegativeZero = (v: unknown): boolean =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  Object.keys(v).length === 1 &&
  (v as { $number?: unknown }).$number === "-0";

export function readVectorFile<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8"), (_key, v: unknown) => (isNegativeZero(v) ? -0 : v)) as T;
}
