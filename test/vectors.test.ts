/**
 * The id vectors (fixtures/vectors/*.json), recomputed three ways: the main implementation, the
 * independent merkleization written from the spec (test/independent), and @chainsafe/ssz's own
 * generic hashTreeRoot over the same node layout. All must agree with the file. The bytes (the
 * root node's SSZ serialization and the whole expression's bundle, spec §3-4) are checked the same
 * way against a second serializer written from the spec (test/independent/serialize.ts); the
 * rejection vectors (fixtures/vectors/rejections) hold one or more invalid inputs per error code.
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  canonicalize,
  deserializeTypeExpr,
  fromHex,
  KINDS,
  parseTypeExpr,
  serializeNode,
  serializeTypeExpr,
  type TypeExpr,
  toHex,
  typeExprIdHex,
} from "@causality/schema";
import { describe, expect, it } from "vitest";
import { toWire } from "../packages/schema/src/ssz/encode.js";
import { NODE_TYPES } from "../packages/schema/src/ssz/types.js";
import { independentId } from "./independent/merkle.js";
import { independentBundle, independentNodeBytes } from "./independent/serialize.js";
import { readVectorFile } from "./support/vector-files.js";

interface Vector {
  description: string;
  expr: unknown;
  canonical: TypeExpr;
  id: string;
  /** SSZ bytes of the root node (hex). */
  node: string;
  /** SSZ bytes of the whole expression as a bundle (hex). */
  bundle: string;
  sameIdAs?: string;
}

interface Rejection {
  description: string;
  expr?: unknown;
  bundle?: string;
  code: string;
  path: string;
}

const DIR = resolve(import.meta.dirname, "../fixtures/vectors");
const families = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .map((f) => ({
    family: f.replace(/\.json$/, ""),
    vectors: readVectorFile<Vector[]>(join(DIR, f)),
  }));
const all = families.flatMap((f) => f.vectors);
const byDescription = new Map(all.map((v) => [v.description, v]));

/** The id through @chainsafe/ssz's generic ContainerType.hashTreeRoot, node by node. */
function sszId(expr: TypeExpr): string {
  const idOf = (e: TypeExpr): Uint8Array => NODE_TYPES[e.kind].hashTreeRoot(toWire(e, idOf) as never);
  return toHex(idOf(expr));
}

const withoutMeta = (value: unknown): unknown =>
  JSON.parse(
    JSON.stringify(value, (key, v) =>
      key === "name" || key === "description" || key === "order" ? undefined : v,
    ),
  );

describe("id vectors", () => {
  it("has at least 150 vectors covering every kind", () => {
    expect(all.length).toBeGreaterThanOrEqual(150);
    const seen = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") {
        const kind = (v as { kind?: unknown }).kind;
        if (typeof kind === "string") seen.add(kind);
        Object.values(v).forEach(walk);
      }
    };
    for (const v of all) walk(v.canonical);
    expect(KINDS.filter((k) => !seen.has(k))).toEqual([]);
  });

  for (const { family, vectors } of families) {
    describe(family, () => {
      for (const v of vectors) {
        it(v.description, () => {
          const parsed = parseTypeExpr(v.expr);
          expect(typeExprIdHex(parsed)).toBe(v.id);
          expect(JSON.parse(JSON.stringify(canonicalize(parsed)))).toEqual(v.canonical);
          expect(independentId(v.canonical)).toBe(v.id);
          expect(sszId(v.canonical)).toBe(v.id);
          const back = deserializeTypeExpr(serializeTypeExpr(parsed));
          expect(typeExprIdHex(back)).toBe(v.id);
          expect(withoutMeta(back)).toEqual(withoutMeta(v.canonical));
          if (v.sameIdAs !== undefined) expect(v.id).toBe(byDescription.get(v.sameIdAs)?.id);
          expect(toHex(serializeNode(canonicalize(parsed)))).toBe(v.node);
          expect(toHex(independentNodeBytes(v.canonical as never))).toBe(v.node);
          expect(toHex(serializeTypeExpr(parsed))).toBe(v.bundle);
          expect(toHex(independentBundle(v.canonical as never))).toBe(v.bundle);
          expect(typeExprIdHex(deserializeTypeExpr(fromHex(v.bundle)))).toBe(v.id);
        });
      }
    });
  }

  it("distinct structures have distinct ids", () => {
    const groups = new Map<string, string[]>();
    for (const v of all) {
      const root = v.sameIdAs === undefined ? v.description : v.sameIdAs;
      groups.set(v.id, [...new Set([...(groups.get(v.id) ?? []), root])]);
    }
    const collisions = [...groups.values()].filter((names) => names.length > 1);
    expect(collisions).toEqual([]);
  });
});

describe("-0 in the vector files", () => {
  const negativeZero = all.filter((v) =>
    JSON.stringify(v.expr, (_k, x) => (Object.is(x, -0) ? "-0!" : x)).includes("-0!"),
  );

  it('is read back as -0 (the files write it as {"$number": "-0"})', () => {
    expect(negativeZero.map((v) => v.description)).toEqual(
      expect.arrayContaining(["literal negative zero", "minimum -0", "enum of -0 and 1", "maximum -0"]),
    );
  });

  it("has the id of 0, as the spec says (§2.2: -0 is written as 0)", () => {
    for (const v of negativeZero) {
      expect(v.sameIdAs, v.description).toBeDefined();
      expect(v.id, v.description).toBe(byDescription.get(v.sameIdAs!)?.id);
      // The oracle: the same expression with every -0 replaced by 0, hashed from scratch.
      const positive = JSON.parse(JSON.stringify(v.expr)) as TypeExpr;
      expect(typeExprIdHex(parseTypeExpr(positive)), v.description).toBe(v.id);
    }
  });
});

describe("rejection vectors", () => {
  const rejections = readVectorFile<Rejection[]>(join(DIR, "rejections/codes.json"));
  const CODES = [
    "CX1001_NOT_AN_OBJECT",
    "CX1002_UNKNOWN_KIND",
    "CX1003_BAD_FIELD",
    "CX1004_DUPLICATE_FIELD",
    "CX1005_UNBOUND_REF",
    "CX1006_NON_CONTRACTIVE",
    "CX1007_BAD_NUMBER",
    "CX1008_LIMIT_EXCEEDED",
    "CX1009_BAD_TUPLE",
    "CX1010_BAD_ENCODING",
    "CX1011_UNKNOWN_ID",
    "CX1012_BAD_STRING",
  ];

  it("cover every error code the spec defines (§1)", () => {
    expect([...new Set(rejections.map((r) => r.code))].sort()).toEqual(CODES);
  });

  for (const r of rejections) {
    it(`${r.code}: ${r.description}`, () => {
      const run = () =>
        r.bundle === undefined
          ? typeExprIdHex(parseTypeExpr(r.expr))
          : deserializeTypeExpr(fromHex(r.bundle));
      expect(run).toThrow(expect.objectContaining({ code: r.code, path: r.path }));
    });
  }
});
