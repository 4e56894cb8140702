/**
 * The independent canonicalizer's recursive part (docs/type-expr-spec.md §2.1-§2.4 with cycles),
 * written from the spec alone and sharing no code with packages/schema: canonical.ts handles
 * expressions without `recursive`/`ref` and sends the others here.
 *
 * - §2.1: the expression is read into a graph; a `recursive` is an alias of its body, a `ref` an
 *   edge back to that body. Record fields are sorted by the UTF-8 bytes of their names.
 * - §2.2: rules 1-5 on the graph. A union, intersection, optional or refinement looks only at the
 *   kinds of its members, and a cycle must pass through some other vertex (else it is
 *   non-contractive), so those are normalized members first; other vertices are created first and
 *   their children attached afterwards, which is how cycles close. Duplicate members are found by
 *   merging equal vertices (§2.3) and normalizing again, as the spec allows ("an implementation may
 *   merge equal vertices first ... and normalize again until nothing changes").
 * - §2.3: Moore partition refinement (local data, then children: as sets for unions and
 *   intersections, in order otherwise) to a fixed point, then one vertex per class.
 * - §2.4: the graph written back as a tree: a binder where a vertex reaches itself avoiding the
 *   current path, a de Bruijn `ref` where the walk meets a vertex on the path; members sorted and
 *   deduplicated by their ids (computed by the independent merkleization on the emitted subtree).
 *
 * Metadata is kept only as far as ids and structure need (it never changes an id); where it lands is
 * not compared.
 */
import { compareBytes, type Expr, float64, meta, NULLARY, noNegZero, utf8 } from "./canonical.js";
import { CONSTRAINTS, independentId } from "./merkle.js";

type Json = Record<string, unknown>;

/** A graph vertex: its kind, its local data (§2.3's list, no metadata), its children in order. */
interface V {
  kind: string;
  local: Json;
  kids: V[];
  meta: Json;
}

/** Kinds whose normalization looks at their children's kinds (§2.2 rules 1-4). */
const LOOKS_AT_KIDS = new Set(["union", "intersection", "optional", "refine"]);

const vertex = (kind: string, local: Json, kids: V[], from: Json = {}): V => ({
  kind,
  local,
  kids,
  meta: meta(from),
});

/** The canonical form of a TypeExpr that may hold `recursive` and `ref`. */
export function canonicalizeRecursive(expr: Expr): Expr {
  let g = read(expr, []);
  let size = -1;
  for (let round = 0; round < 100; round++) {
    g = minimize(normalize(g));
    const now = reachable(g).length;
    const settled = reachable(g).every((v) => !SET_KINDS.has(v.kind) || v.kids.length >= 2);
    if (now === size && settled) return emit(g);
    size = now;
  }
  throw new Error("normalization and minimization did not settle");
}

// ------------------------------------------------------------------------------------- §2.1 graph

interface Binder {
  name: unknown;
  slot: V;
}

function read(e: Expr, binders: Binder[]): V {
  const r = (x: unknown) => read(x as Expr, binders);
  const k = e.kind;
  if (NULLARY.has(k)) return vertex(k, {}, [], e);
  switch (k) {
    case "recursive": {
      // Not a vertex of its own: an alias of its body (the slot becomes the body's vertex).
      const slot = vertex("", {}, []);
      const body = read(e.body as Expr, [...binders, { name: e.name, slot }]);
      if (body === slot || body.kind === "")
        throw new Error("CX1006_NON_CONTRACTIVE: a binder whose body is itself");
      Object.assign(slot, body, { meta: { ...body.meta, ...meta(e) } });
      return slot;
    }
    case "ref": {
      const found =
        typeof e.index === "number"
          ? binders[binders.length - 1 - e.index]
          : [...binders].reverse().find((b) => b.name === e.name);
      if (found === undefined) throw new Error(`unbound ref ${JSON.stringify(e)}`);
      return found.slot;
    }
    case "fixed":
      return vertex(k, { scale: e.scale }, [], e);
    case "range":
    case "bigintRange":
      return vertex(k, { min: e.min, max: e.max }, [], e);
    case "literal":
    case "bigintLiteral":
      return vertex(k, { value: noNegZero(e.value) }, [], e); // §2.2 rule 6
    case "enum":
      return vertex(k, { values: (e.members as Json[]).map((m) => noNegZero(m.value)) }, [], e);
    case "list":
    case "set":
      return vertex(k, {}, [r(e.element)], e);
    case "map":
    case "dict":
      return vertex(k, {}, [r(e.key), r(e.value)], e);
    case "optional":
      return vertex(k, {}, [r(e.inner)], e);
    case "union":
    case "intersection":
      return vertex(k, {}, (e.members as Expr[]).map(r), e);
    case "refine":
      return vertex(
        k,
        { constraints: (e.constraints as Json[]).map((c) => ({ kind: c.kind, value: c.value })) },
        [r(e.base)],
        e,
      );
    case "record": {
      const fields = (e.fields as Json[])
        .map((f) => ({ name: f.name as string, optional: f.optional === true, type: f.type }))
        .sort((a, b) => compareBytes(utf8(a.name), utf8(b.name)));
      const local = { fields: fields.map((f) => ({ name: f.name, optional: f.optional })) };
      return vertex(
        k,
        local,
        fields.map((f) => r(f.type)),
        e,
      );
    }
    case "tuple": {
      const elements = e.elements as Json[];
      return vertex(
        k,
        { elements: elements.map((el) => el.kind ?? "required") },
        elements.map((el) => r(el.type)),
        e,
      );
    }
    case "function":
      return vertex(
        k,
        { params: (e.params as Expr[]).length },
        [...(e.params as Expr[]).map(r), r(e.returns)],
        e,
      );
    case "template":
      return vertex(k, { texts: e.texts }, (e.types as Expr[]).map(r), e);
    default:
      throw new Error(`unknown kind ${JSON.stringify(k)}`);
  }
}

function reachable(root: V): V[] {
  const seen = new Set<V>();
  const order: V[] = [];
  // §2.3's walk: depth-first preorder, children pushed in order and popped (last first).
  const stack = [root];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    order.push(v);
    for (const k of v.kids) stack.push(k);
  }
  return order;
}

// ----------------------------------------------------------------------------- §2.2 normalization

const SET_KINDS = new Set(["union", "intersection"]);
const isNever = (v: V) => v.kind === "union" && v.kids.length === 0;

function normalize(root: V): V {
  const memo = new Map<V, V>();
  const busy = new Set<V>();
  const pending: V[] = [];
  const attach: [V, V][] = [];
  const norm = (v: V): V => {
    const done = memo.get(v);
    if (done !== undefined) return done;
    if (!LOOKS_AT_KIDS.has(v.kind)) {
      const out: V = { ...v, kids: [] };
      memo.set(v, out);
      attach.push([v, out]);
      pending.push(...v.kids);
      return out;
    }
    // A union/intersection/optional/refinement that reaches itself through such vertices only.
    if (busy.has(v)) throw new Error("CX1006_NON_CONTRACTIVE");
    busy.add(v);
    const out = rule(v, v.kids.map(norm));
    busy.delete(v);
    memo.set(v, out);
    return out;
  };
  const out = norm(root);
  while (pending.length > 0) norm(pending.pop()!);
  for (const [v, o] of attach) {
    o.kids = v.kids.map((k) => memo.get(k)!);
    // Rule 5: an optional field of type optional(X) has type X.
    if (o.kind === "record") {
      const fields = o.local.fields as { optional: boolean }[];
      o.kids = o.kids.map((k, i) => (fields[i]!.optional && k.kind === "optional" ? k.kids[0]! : k));
    }
  }
  return out;
}

/** Rules 1-4 for a vertex whose children are normalized. */
function rule(v: V, kids: V[]): V {
  switch (v.kind) {
    case "optional": {
      const inner = kids[0]!;
      if (inner.kind === "optional" || inner.kind === "undefined" || inner.kind === "any") return inner;
      if (isNever(inner)) return { ...v, kind: "undefined", kids: [] };
      return { ...v, kids };
    }
    case "refine": {
      let base = kids[0]!;
      let constraints = v.local.constraints as Json[];
      if (base.kind === "refine") {
        constraints = [...(base.local.constraints as Json[]), ...constraints];
        base = base.kids[0]!;
      }
      if (constraints.length === 0) return base;
      return {
        ...v,
        local: { constraints: constraints.map((c) => ({ ...c, value: noNegZero(c.value) })) },
        kids: [base],
      };
    }
    case "intersection": {
      const flat: V[] = [];
      const add = (m: V) => {
        if (m.kind === "intersection") m.kids.forEach(add);
        else if (m.kind !== "any") flat.push(m);
      };
      kids.forEach(add);
      if (flat.some(isNever)) return { ...v, kind: "union", kids: [] };
      const members = [...new Set(flat)];
      if (members.length === 0) return { ...v, kind: "any", kids: [] };
      return members.length === 1 ? members[0]! : { ...v, kids: members };
    }
    default:
      return union(v, kids);
  }
}

/** Rule 1 (duplicates by identity: equal vertices are merged by §2.3 and this runs again). */
function union(v: V, kids: V[]): V {
  const flat: V[] = [];
  let sawUndefined = false;
  const add = (m: V) => {
    if (m.kind === "union") m.kids.forEach(add);
    else if (m.kind === "optional") {
      sawUndefined = true;
      add(m.kids[0]!);
    } else if (m.kind === "undefined") sawUndefined = true;
    else flat.push(m);
  };
  kids.forEach(add);
  if (flat.some((m) => m.kind === "any")) return { ...v, kind: "any", kids: [] };
  const members = [...new Set(flat)];
  const lit = (m: V, type: string) => m.kind === "literal" && typeof m.local.value === type;
  const has = (kind: string) => members.some((m) => m.kind === kind);
  if (members.some((m) => lit(m, "boolean") && m.local.value === true))
    if (members.some((m) => lit(m, "boolean") && m.local.value === false) && !has("bool"))
      members.push(vertex("bool", {}, []));
  const absorbed = (m: V) =>
    (has("bool") && lit(m, "boolean")) ||
    (has("string") && lit(m, "string")) ||
    (has("number") && lit(m, "number")) ||
    (has("bigint") && m.kind === "bigintLiteral");
  const rest = members.filter((m) => !absorbed(m));
  if (sawUndefined) {
    if (rest.length === 0) return { ...v, kind: "undefined", kids: [] };
    return { ...v, kind: "optional", kids: [rest.length === 1 ? rest[0]! : vertex("union", {}, rest)] };
  }
  if (rest.length === 1) return rest[0]!;
  return { ...v, kids: rest };
}

// ------------------------------------------------------------------------------ §2.3 minimization

/** The local data of §2.3 as a string (constraints and enum values as sorted lists). */
function localKey(v: V): string {
  const local = { ...v.local };
  if (v.kind === "refine") local.constraints = sortedConstraints(local.constraints as Json[]);
  if (v.kind === "enum")
    local.values = [...new Set((local.values as unknown[]).map((x) => JSON.stringify(x)))].sort();
  return JSON.stringify([v.kind, local]);
}

function minimize(root: V): V {
  const all = reachable(root);
  let cls = new Map<V, number>();
  const number = (keys: Map<V, string>) => {
    const ids = new Map<string, number>();
    const out = new Map<V, number>();
    for (const v of all) {
      const key = keys.get(v)!;
      if (!ids.has(key)) ids.set(key, ids.size);
      out.set(v, ids.get(key)!);
    }
    return { out, count: ids.size };
  };
  let { out, count } = number(new Map(all.map((v) => [v, localKey(v)])));
  cls = out;
  for (;;) {
    const keys = new Map<V, string>();
    for (const v of all) {
      const kids = v.kids.map((k) => cls.get(k)!);
      const children = SET_KINDS.has(v.kind) ? [...new Set(kids)].sort((a, b) => a - b) : kids;
      keys.set(v, JSON.stringify([cls.get(v), children]));
    }
    const next = number(keys);
    cls = next.out;
    if (next.count === count) break;
    count = next.count;
  }
  // One vertex per class: the class's first in the walk keeps its metadata.
  const merged = new Map<number, V>();
  const reps: [V, V][] = [];
  for (const v of all) {
    const c = cls.get(v)!;
    if (merged.has(c)) continue;
    const m: V = { ...v, kids: [] };
    merged.set(c, m);
    reps.push([v, m]);
  }
  for (const [v, m] of reps) {
    const kids = v.kids.map((k) => merged.get(cls.get(k)!)!);
    m.kids = SET_KINDS.has(v.kind) ? [...new Set(kids)] : kids;
  }
  return merged.get(cls.get(root)!)!;
}

// ---------------------------------------------------------------------------------- §2.4 emission

function sortedConstraints(cs: Json[]): Json[] {
  const keyed = cs.map((c) => {
    const tag = CONSTRAINTS[c.kind as string];
    if (tag === undefined) throw new Error(`unknown constraint ${String(c.kind)}`);
    const bytes = typeof c.value === "string" ? utf8(c.value) : float64(c.value as number);
    return { c: { kind: c.kind, value: c.value }, tag, bytes };
  });
  keyed.sort((a, b) => a.tag - b.tag || compareBytes(a.bytes, b.bytes));
  return keyed
    .filter(
      (k, i) => i === 0 || k.tag !== keyed[i - 1]!.tag || compareBytes(k.bytes, keyed[i - 1]!.bytes) !== 0,
    )
    .map((k) => k.c);
}

/** Whether `v` reaches itself without entering a vertex of `avoid`. */
function reachesItself(v: V, avoid: Set<V>): boolean {
  const seen = new Set<V>();
  const stack = [...v.kids];
  while (stack.length > 0) {
    const u = stack.pop()!;
    if (u === v) return true;
    if (avoid.has(u) || seen.has(u)) continue;
    seen.add(u);
    stack.push(...u.kids);
  }
  return false;
}

function emit(root: V): Expr {
  const path: V[] = [];
  const binders: boolean[] = [];
  const walk = (v: V): Expr => {
    const at = path.indexOf(v);
    if (at >= 0) {
      const index = binders.slice(at + 1).filter(Boolean).length;
      return { kind: "ref", index, ...(typeof v.meta.name === "string" ? { name: v.meta.name } : {}) };
    }
    const binder = reachesItself(v, new Set(path));
    path.push(v);
    binders.push(binder);
    const body = build(v, v.kids.map(walk));
    path.pop();
    binders.pop();
    return binder ? { kind: "recursive", body, ...v.meta } : body;
  };
  return walk(root);
}

/** The JSON of one vertex from its emitted children (§2.4's orders and deduplication). */
function build(v: V, kids: Expr[]): Expr {
  const k = v.kind;
  switch (k) {
    case "union":
    case "intersection": {
      const unique = new Map<string, Expr>();
      for (const m of kids) {
        const id = independentId(m);
        if (!unique.has(id)) unique.set(id, m);
      }
      const members = [...unique.keys()].sort().map((id) => unique.get(id)!);
      return members.length === 1 ? members[0]! : { kind: k, members };
    }
    case "enum": {
      const unique = new Map<string, Json>();
      for (const value of v.local.values as unknown[]) {
        const id = independentId({ kind: "literal", value });
        if (!unique.has(id)) unique.set(id, { value });
      }
      return { kind: k, members: [...unique.keys()].sort().map((id) => unique.get(id)!) };
    }
    case "refine":
      return { kind: k, base: kids[0]!, constraints: sortedConstraints(v.local.constraints as Json[]) };
    case "record": {
      const fields = v.local.fields as { name: string; optional: boolean }[];
      return {
        kind: k,
        fields: fields.map((f, i) => ({
          name: f.name,
          type: kids[i]!,
          ...(f.optional ? { optional: true } : {}),
        })),
      };
    }
    case "tuple":
      return {
        kind: k,
        elements: (v.local.elements as string[]).map((el, i) => ({
          type: kids[i]!,
          ...(el === "required" ? {} : { kind: el }),
        })),
      };
    case "function":
      return { kind: k, params: kids.slice(0, -1), returns: kids[kids.length - 1]! };
    case "template":
      return { kind: k, texts: v.local.texts, types: kids };
    case "list":
    case "set":
      return { kind: k, element: kids[0]! };
    case "map":
    case "dict":
      return { kind: k, key: kids[0]!, value: kids[1]! };
    case "optional":
      return { kind: k, inner: kids[0]! };
    default:
      return { kind: k, ...(k === "literal" || k === "bigintLiteral" ? { value: v.local.value } : v.local) };
  }
}
