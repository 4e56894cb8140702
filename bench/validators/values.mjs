// The bench values: per shape, 64 valid values and 64 invalid ones, seeded. Each invalid value is a
// valid one with exactly one fault, of a rotating kind (wrong type, missing key, null, bad value) at a
// rotating place (the first, middle or last property met in declaration order, depth first).
import { generators, rng } from "./shapes.mjs";

export const COUNT = 64;
const KINDS = ["type", "missing", "null", "value"];
const PLACES = ["start", "middle", "end"];

/** Every (container, key) pair under `v`, depth first, in insertion (declaration) order. */
function sites(v, out = []) {
  if (v === null || typeof v !== "object") return out;
  for (const k of Object.keys(v)) {
    out.push({ parent: v, key: Array.isArray(v) ? Number(k) : k });
    sites(v[k], out);
  }
  return out;
}

const otherType = (x) =>
  typeof x === "string" ? 42 : typeof x === "number" ? String(x) : typeof x === "boolean" ? "yes" : "object";
const badValue = (x) =>
  typeof x === "number" ? -1.5 : typeof x === "string" ? "" : typeof x === "boolean" ? 0 : [];

/** A deep copy of `v` with the fault applied at `site`; objects are rebuilt, never `delete`d (which
 * would leave them in V8's slow dictionary mode, unlike any parsed value). */
function copyWithFault(v, site, kind) {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) {
    return v.map((x, i) => {
      if (v !== site.parent || i !== site.key) return copyWithFault(x, site, kind);
      return kind === "null" ? null : kind === "value" ? badValue(x) : otherType(x);
    });
  }
  const out = {};
  for (const k of Object.keys(v)) {
    if (v !== site.parent || k !== site.key) out[k] = copyWithFault(v[k], site, kind);
    else if (kind === "missing") continue;
    else out[k] = kind === "null" ? null : kind === "value" ? badValue(v[k]) : otherType(v[k]);
  }
  return out;
}

/**
 * `{ valid, invalid, faults }` for `shape`. A candidate fault that leaves the value valid (say, a
 * missing optional key) is replaced by the next kind, then the next place; `oracle` decides, and the
 * agreement check holds every library to the same verdicts afterwards.
 */
export function benchValues(shape, oracle, seed = 18) {
  const r = rng(seed * 7919 + shape.length * 31 + shape.charCodeAt(0));
  const make = generators[shape];
  const valid = Array.from({ length: COUNT }, () => make(r));
  const invalid = [];
  const faults = [];
  for (let i = 0; invalid.length < COUNT; i++) {
    const base = make(r);
    const all = sites(base);
    let done = false;
    for (let p = 0; p < PLACES.length && !done; p++) {
      const place = PLACES[(i + p) % PLACES.length];
      const at = place === "start" ? 0 : place === "middle" ? all.length >> 1 : all.length - 1;
      for (let k = 0; k < KINDS.length && !done; k++) {
        const kind = KINDS[(Math.floor(i / PLACES.length) + k) % KINDS.length];
        const bad = copyWithFault(base, all[at], kind);
        if (!oracle(bad)) {
          invalid.push(bad);
          faults.push(`${kind}@${place}`);
          done = true;
        }
      }
    }
  }
  // Validators check parsed input: give every value the object layout JSON.parse gives.
  const parsed = (xs) => xs.map((x) => JSON.parse(JSON.stringify(x)));
  return { valid: parsed(valid), invalid: parsed(invalid), faults };
}
