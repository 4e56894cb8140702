// Id benchmark (issue 3): time to compute the TypeExprId of a 1,000-node schema, against the
// raw-hash floor (the same number of 64-byte sha256 hashes with the fastest primitive measured here,
// in this process: the ids hash with as-sha256's digest64, so a slower primitive would flatter them),
// and the cost of asking again for an unchanged schema (mutable: copied and found by its text;
// deep-frozen: found by identity).

import { createHash, hash as oneShotHash } from "node:crypto";
import { digest64 } from "@chainsafe/as-sha256";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { canonicalizeWithId, typeExprIdHex } from "../../packages/schema/dist/index.js";
import * as hashModule from "../../packages/schema/dist/ssz/hash.js";
import { hashStats } from "../../packages/schema/dist/ssz/merkle.js";

/** A schema of distinct nodes: records of records with literals, unions, lists and refinements. */
function bigSchema(seed) {
  const fields = [];
  for (let i = 0; i < 84; i++) {
    fields.push({
      name: `field_${seed}_${i}`,
      type: {
        kind: "record",
        fields: [
          { name: "id", type: { kind: "range", min: "0", max: String(1000 + i) } },
          { name: "label", type: { kind: "literal", value: `label-${i}` } },
          { name: "tags", type: { kind: "list", element: { kind: "literal", value: `tag-${i}` } } },
          {
            name: "state",
            type: {
              kind: "union",
              members: [
                { kind: "literal", value: `a${i}` },
                { kind: "literal", value: `b${i}` },
              ],
            },
          },
          {
            name: "note",
            optional: true,
            type: {
              kind: "refine",
              base: { kind: "string" },
              constraints: [{ kind: "maxLength", value: i + 1 }],
            },
          },
          { name: "when", type: { kind: "optional", inner: { kind: "date" } } },
          {
            name: "amount",
            type: { kind: "refine", base: { kind: "number" }, constraints: [{ kind: "minimum", value: i }] },
          },
          {
            name: "pair",
            type: {
              kind: "tuple",
              elements: [{ type: { kind: "literal", value: i } }, { type: { kind: "string" } }],
            },
          },
        ],
      },
    });
  }
  return { kind: "record", fields };
}

function countNodes(expr) {
  const seen = new Set();
  const walk = (e) => {
    const { id } = canonicalizeWithId(e);
    seen.add(Buffer.from(id).toString("hex"));
    for (const [k, v] of Object.entries(e)) {
      if (k === "constraints" || k === "texts" || (e.kind === "enum" && k === "members")) continue;
      if (Array.isArray(v)) for (const x of v) walk(x.type ?? x);
      else if (v && typeof v === "object" && "kind" in v) walk(v);
    }
  };
  walk(canonicalizeWithId(expr).expr);
  return seen.size;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn, reps) {
  const out = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    fn(r);
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(out);
}

const REPS = Number(process.env.REPS ?? 30);
const schemas = Array.from({ length: REPS + 5 }, (_, r) => JSON.parse(JSON.stringify(bigSchema(r))));
const nodes = countNodes(bigSchema(999));

// Warm up the JIT on throwaway schemas.
for (let r = 0; r < 5; r++) typeExprIdHex(JSON.parse(JSON.stringify(bigSchema(1000 + r))));

const before = hashStats.calls;
typeExprIdHex(schemas[REPS]);
const hashesPerSchema = hashStats.calls - before;

const cold = time((r) => typeExprIdHex(schemas[r]), REPS);
const warmTarget = schemas[REPS + 1];
typeExprIdHex(warmTarget);
const warm = time(() => typeExprIdHex(warmTarget), REPS);
// The same schema deep-frozen (as `t` builds them): it can never read differently, so it is found
// by identity. Timed over many calls each, since one call is below the clock's resolution.
const deepFreeze = (v) => {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
};
const frozenTarget = deepFreeze(JSON.parse(JSON.stringify(warmTarget)));
typeExprIdHex(frozenTarget);
const frozen =
  time(() => {
    for (let i = 0; i < 1000; i++) typeExprIdHex(frozenTarget);
  }, REPS) / 1000;

// The same schema as a new object (re-read from JSON): found by content, not rehashed.
const copies = Array.from({ length: REPS }, () => JSON.parse(JSON.stringify(warmTarget)));
const reparsed = time((r) => typeExprIdHex(copies[r]), REPS);

// Every candidate primitive hashes the same number of 64-byte blocks (distinct blocks, like the
// ids' nodes); the floor is the fastest of them, measured in interleaved rounds.
const blocks = Array.from({ length: hashesPerSchema }, (_, i) => {
  const b = new Uint8Array(64);
  new DataView(b.buffer).setUint32(0, i, true);
  return b;
});
const PRIMITIVES = {
  "as-sha256 digest64": (b) => digest64(b),
  "node:crypto hash()": (b) => oneShotHash("sha256", b, "buffer"),
  "node:crypto createHash": (b) => createHash("sha256").update(b).digest(),
  "@noble/hashes sha256": (b) => nobleSha256(b),
};
const primitiveTimes = Object.fromEntries(Object.keys(PRIMITIVES).map((k) => [k, []]));
for (let r = 0; r < REPS; r++) {
  for (const [name, fn] of Object.entries(PRIMITIVES)) {
    if (name === "node:crypto hash()" && typeof oneShotHash !== "function") continue;
    const t0 = process.hrtime.bigint();
    for (const b of blocks) fn(b);
    primitiveTimes[name].push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
}
const perPrimitive = Object.entries(primitiveTimes)
  .filter(([, xs]) => xs.length > 0)
  .map(([name, xs]) => [name, median(xs)])
  .sort((a, b) => a[1] - b[1]);
const [floorName, floor] = perPrimitive[0];

console.log("ids: 1,000-node-class schema");
console.log(`  distinct nodes             ${nodes}`);
console.log(`  64-byte hashes needed      ${hashesPerSchema}`);
console.log(`  typeExprId (cold)          ${cold.toFixed(2)} ms`);
for (const [name, ms] of perPrimitive)
  console.log(`  sha256 x${hashesPerSchema}, ${name.padEnd(22)} ${ms.toFixed(2)} ms`);
console.log(
  `  raw sha256 floor           ${floor.toFixed(2)} ms   (${floorName}, the fastest, same number of hashes)`,
);
console.log(`  ratio cold / floor         ${(cold / floor).toFixed(2)}x   (goal <= 3x)`);
console.log(
  `  typeExprId (unchanged)     ${(warm * 1000).toFixed(2)} us   (${(cold / warm).toFixed(0)}x faster than cold; a mutable object, copied and found by its JSON text)`,
);
console.log(
  `  typeExprId (deep-frozen)   ${(frozen * 1000).toFixed(2)} us   (${(cold / frozen).toFixed(0)}x faster than cold; found by identity)`,
);
console.log(
  `  typeExprId (re-read copy)  ${(reparsed * 1000).toFixed(2)} us   (${(cold / reparsed).toFixed(0)}x faster than cold; found by its JSON text)`,
);

// The same ids through @chainsafe/ssz's generic ContainerType.hashTreeRoot, node by node.
const { NODE_TYPES } = await import("../../packages/schema/dist/ssz/types.js");
const { toWire } = await import("../../packages/schema/dist/ssz/encode.js");
const canonical = canonicalizeWithId(schemas[REPS + 2]).expr;
const idCache = new Map();
function sszId(e) {
  if (idCache.has(e)) return idCache.get(e);
  const root = NODE_TYPES[e.kind].hashTreeRoot(toWire(e, sszId));
  idCache.set(e, root);
  return root;
}
const generic = time(() => {
  idCache.clear();
  sszId(canonical);
}, 5);
const fastHashOnly = time(() => {
  idCache.clear();
  const { hashWireNode } = hashModule;
  const go = (e) => {
    if (idCache.has(e)) return idCache.get(e);
    const root = hashWireNode(e.kind, toWire(e, go));
    idCache.set(e, root);
    return root;
  };
  go(canonical);
}, REPS);
console.log(`  @chainsafe/ssz hashTreeRoot ${generic.toFixed(2)} ms   (generic path, hashing only)`);
console.log(
  `  fast path hashing only     ${fastHashOnly.toFixed(2)} ms   (${(generic / fastHashOnly).toFixed(1)}x faster)`,
);
