import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { breathe } from "../../../../test/support/breathe.js";
import { typeExpr } from "../arbitrary.test-util.js";
import { canonicalize } from "../canonical.js";
import { toHex, typeExprIdHex } from "../id.js";
import type { TypeExpr } from "../type-expr.js";
import { toWire } from "./encode.js";
import { hashWireNode } from "./hash.js";
import { deserializeNode, serializeNode } from "./serialize.js";
import { NODE_TYPES } from "./types.js";

describe("fast hasher", () => {
  it("equals @chainsafe/ssz's hashTreeRoot on every node of random expressions", async () => {
    await fc.assert(
      fc.asyncProperty(typeExpr, async (e) => {
        await breathe();
        const fast = (x: TypeExpr): Uint8Array => hashWireNode(x.kind, toWire(x, fast));
        const generic = (x: TypeExpr): Uint8Array =>
          NODE_TYPES[x.kind].hashTreeRoot(toWire(x, generic) as never);
        const c = canonicalize(e);
        expect(toHex(fast(c))).toBe(toHex(generic(c)));
        expect(toHex(fast(c))).toBe(typeExprIdHex(e));
      }),
      { numRuns: 200 },
    );
  });

  it("serializes a node to bytes that decode to the same wire record", async () => {
    await fc.assert(
      fc.asyncProperty(typeExpr, async (e) => {
        await breathe();
        const c = canonicalize(e);
        const bytes = serializeNode(c);
        expect(bytes[0]).toBe(1);
        const { kind, wire } = deserializeNode(bytes);
        expect(kind).toBe(c.kind);
        expect(toHex(hashWireNode(kind, wire))).toBe(typeExprIdHex(c));
      }),
      { numRuns: 200 },
    );
  });

  it("rejects bytes of an unknown version or tag", () => {
    expect(() => deserializeNode(new Uint8Array([2, 3]))).toThrow(/CX1010_BAD_ENCODING at \$.version/);
    expect(() => deserializeNode(new Uint8Array([1, 99]))).toThrow(/CX1010_BAD_ENCODING at \$.tag/);
    expect(() => deserializeNode(new Uint8Array([1, 8, 0]))).toThrow(/malformed list node/);
  });
});
