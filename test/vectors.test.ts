/**
 * The id vectors (fixtures/vectors/*.json), recomputed three ways: the main implementation, the
 * independent merkleization written from the spec (test/independent), and @chainsafe/ssz's own
 * generic hashTreeRoot over the same node layout. All must agree with the file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  canonicalize,
  deserializeTypeExpr,
  KINDS,
  parseTypeExpr,
  serializeTypeExpr,
  type TypeExpr,
  toHex,
  typeExprIdHex,
} from "@causality/schema";
import { describe, expect, it } from "vitest";
import { toWire } from "../packages/schema/src/ssz/encode.js";
import { NODE_TYPES } from "../packages/schema/src/ssz/types.js";
import { independentId } from "./independent/merkle.js";

interface Vector {
  description: string;
  expr: unknown;
  canonical: TypeExpr;
  id: string;
  sameIdAs?: string;
}

const DIR = resolve(import.meta.dirname, "../fixtures/vectors");
const families = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .map((f) => ({
    family: f.replace(/\.json$/, ""),
    vectors: JSON.parse(readFileSync(join(DIR, f), "utf8")) as Vector[],
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
