/**
 * Counterexamples for "breaking" diff verdicts beyond random sampling: probe values read from the two
 * schemas (each constraint's boundary and its neighbours, literals, `undefined`, strings at and past
 * each length bound) and variants of sampled values (one element, field or key replaced by a probe,
 * at any depth). A breaking verdict no candidate shows must name one of UNSAMPLEABLE's reasons.
 */
import type { TypeExpr } from "@causality/schema";
import fc from "fast-check";
import { validValue } from "../validators/values.js";

/** Every probe scalar a schema suggests: boundaries of its constraints and its literals. */
export function probes(...exprs: TypeExpr[]): unknown[] {
  const out = new Set<unknown>([undefined, null, true, false, 0, 1, -1, 0.5, "", "a", "b", "abcd", [], {}]);
  const visit = (e: TypeExpr): void => {
    switch (e.kind) {
      case "literal":
        out.add(e.value);
        return;
      case "refine":
        for (const c of e.constraints) {
          if (typeof c.value !== "number") continue;
          const v = c.value;
          if (c.kind === "minLength" || c.kind === "maxLength") {
            for (const n of [v - 1, v, v + 1]) if (n >= 0) out.add("x".repeat(n));
          } else for (const n of [v - 1, v - 0.5, v, v + 0.5, v + 1, v * 2, v * 3]) out.add(n);
        }
        visit(e.base);
        return;
      case "range":
        for (const s of [e.min, e.max]) {
          const n = Number(s);
          for (const m of [n - 1, n, n + 1]) out.add(m);
        }
        return;
      default:
        for (const child of children(e)) visit(child);
    }
  };
  for (const e of exprs) visit(e);
  // A few valid values of every part (a record with its required fields, a list of them).
  for (const e of exprs)
    for (const part of parts(e))
      for (const v of fc.sample(validValue(part), { numRuns: 2, seed: 1 })) out.add(v);
  return [...out];
}

function parts(e: TypeExpr): TypeExpr[] {
  return [e, ...children(e).flatMap(parts)];
}

function children(e: TypeExpr): TypeExpr[] {
  switch (e.kind) {
    case "list":
      return [e.element];
    case "optional":
      return [e.inner];
    case "union":
    case "intersection":
      return [...e.members];
    case "record":
      return e.fields.map((f) => f.type);
    default:
      return [];
  }
}

/** Field names either schema declares, at any depth. */
export function fieldNames(...exprs: TypeExpr[]): string[] {
  const names = new Set<string>();
  const visit = (e: TypeExpr): void => {
    if (e.kind === "record") for (const f of e.fields) names.add(f.name);
    for (const child of children(e)) visit(child);
  };
  for (const e of exprs) visit(e);
  return [...names];
}

/** `v` with one part replaced or added (an element, a field, a key), at any depth up to `depth`. */
export function* variants(v: unknown, scalars: unknown[], names: string[], depth = 4): Generator<unknown> {
  if (depth === 0) return;
  if (Array.isArray(v)) {
    for (const s of scalars) yield [...v, s];
    for (let i = 0; i < Math.min(v.length, 2); i++)
      for (const inner of variants(v[i], scalars, names, depth - 1))
        yield v.map((x, j) => (j === i ? inner : x));
  } else if (typeof v === "object" && v !== null) {
    const record = v as Record<string, unknown>;
    for (const name of names) for (const s of scalars) yield { ...record, [name]: s };
    for (const name of Object.keys(record)) {
      const { [name]: _, ...rest } = record;
      yield rest;
      for (const inner of variants(record[name], scalars, names, depth - 1))
        yield { ...record, [name]: inner };
    }
  }
}

/** `e` with every refinement dropped and every numeric schema (integer, range, number literal) made `number`. */
export function eraseRefinements(e: TypeExpr): TypeExpr {
  switch (e.kind) {
    case "integer":
    case "range":
      return { kind: "number" };
    case "literal":
      return typeof e.value === "number" ? { kind: "number" } : e;
    case "refine":
      return eraseRefinements(e.base);
    case "list":
      return { ...e, element: eraseRefinements(e.element) };
    case "optional":
      return { ...e, inner: eraseRefinements(e.inner) };
    case "union":
    case "intersection":
      return { ...e, members: e.members.map(eraseRefinements) };
    case "record":
      return { ...e, fields: e.fields.map((f) => ({ ...f, type: eraseRefinements(f.type) })) };
    default:
      return e;
  }
}

/**
 * Why a breaking verdict may have no counterexample among the candidates: the documented list
 * (docs/cli.md, "diff"). The test accepts a reason only where its condition holds for the pair.
 */
export const UNSAMPLEABLE = {
  /**
   * The relation is sound, not complete, on refinements: it may call a change breaking though the
   * sets coincide, e.g. `u8` against `number & Minimum<0> | number & Maximum<0>`, `integer` against
   * `number & MultipleOf<3>`, or `string` against `string & MaxLength<3> | string & MinLength<1>`.
   * Condition: with refinements dropped and every numeric schema read as `number` the change is
   * compatible (the verdict rests on refinements alone), and no probe at any bound, its neighbours
   * or a constraint's multiples told the two apart.
   */
  "refinement-cover": "the relation does not prove that a union of refinements covers the refined set",
} as const;

export type UnsampleableReason = keyof typeof UNSAMPLEABLE;
