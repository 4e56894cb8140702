/**
 * Canonical form of a TypeExpr, the form ids are computed on (docs/type-expr-spec.md §Canonical form).
 *
 * The expression is read into a graph (recursion binders become cycles), normalized (unions and
 * intersections flattened, `undefined` pulled out into `optional`, literals absorbed by their base
 * type, refinements merged), minimized when it has cycles (bisimilar nodes merged, so a recursive
 * type has one form whatever its names and however far it was unrolled), and written back as a
 * tree with recursion binders exactly where a cycle closes. Member order of unions,
 * intersections and enums is by id, so emission and hashing happen together, bottom-up.
 */
import { TypeExprError } from "./errors.js";
import { LIMITS } from "./limits.js";
import { checkPayload, checkTupleShape } from "./parse.js";
import { constraintValueBytes, toWire } from "./ssz/encode.js";
import { hashWireNode } from "./ssz/hash.js";
import type { Root } from "./ssz/merkle.js";
import { PAYLOAD } from "./ssz/wire.js";
import {
  CONSTRAINT_TAG,
  type Constraint,
  type EnumMember,
  type Field,
  KINDS,
  type Kind,
  type Meta,
  TAG,
  type TupleElement,
  type TypeExpr,
} from "./type-expr.js";
import { compareBytes, compareUtf8, isWellFormed, utf8 } from "./utf8.js";

/**
 * Canonical nodes -> their ids, filled lazily: a canonical form needs only the ids of union,
 * intersection and enum members (to order them), so the rest is hashed when someone asks.
 * Canonical nodes are frozen, so identity is a safe key.
 */
const CANONICAL_ID = new WeakMap<object, Root>();
/** Every node emitted by this module (all frozen and in canonical form). */
const CANONICAL = new WeakSet<object>();
/** Any input expression already canonicalized -> its canonical form. */
const CANONICAL_OF = new WeakMap<object, TypeExpr>();

/** Deepest nesting canonicalize accepts (parseTypeExpr is stricter); keeps recursion off the stack limit. */
const MAX_DEPTH = 1000;

/** Cap on emitted nodes for one expression; only pathological mutual recursion gets near it. */
const MAX_EMITTED = 1_000_000;

export function canonicalize(expr: TypeExpr): TypeExpr {
  return canonicalForm(expr);
}

export function canonicalizeWithId(expr: TypeExpr): { expr: TypeExpr; id: Root } {
  const canonical = canonicalForm(expr);
  return { expr: canonical, id: idOf(canonical) };
}

function canonicalForm(expr: TypeExpr): TypeExpr {
  const known = CANONICAL_OF.get(expr);
  if (known) return known;
  // The same schema arrives again as a new object (re-read from a lock file, received from another
  // service): its JSON text finds the canonical form, and the ids hashed for it, at once.
  const text = jsonText(expr);
  const seen = text === undefined ? undefined : BY_TEXT.get(text);
  if (seen) {
    CANONICAL_OF.set(expr, seen);
    return seen;
  }
  const graph = new Graph();
  const root = graph.build(expr, [], "$");
  graph.normalizeAll(root);
  const out = new Emitter(graph).emit(root).expr;
  CANONICAL_OF.set(expr, out);
  CANONICAL_OF.set(out, out);
  if (text !== undefined) remember(text, out);
  return out;
}

/** Canonical forms by the JSON text of the expression they came from, oldest dropped first. */
const BY_TEXT = new Map<string, TypeExpr>();
const BY_TEXT_MAX_CHARS = 16 * 1024 * 1024;
let byTextChars = 0;

function remember(text: string, canonical: TypeExpr): void {
  if (text.length > BY_TEXT_MAX_CHARS / 4) return;
  BY_TEXT.set(text, canonical);
  byTextChars += text.length;
  for (const [oldest] of BY_TEXT) {
    if (byTextChars <= BY_TEXT_MAX_CHARS) break;
    BY_TEXT.delete(oldest);
    byTextChars -= oldest.length;
  }
}

function jsonText(expr: TypeExpr): string | undefined {
  try {
    return JSON.stringify(expr);
  } catch {
    return undefined; // cycles or other hostile input: build() reports it
  }
}

/** The id of a node already in canonical form and emitted by this module; undefined for any other. */
export function cachedId(expr: TypeExpr): Root | undefined {
  return CANONICAL.has(expr) ? idOf(expr) : undefined;
}

interface GNode {
  kind: Kind | "alias";
  meta: Meta;
  children: number[];
  /** Kind-specific data that is not a child (field names, literal values, constraints...). */
  src: TypeExpr | undefined;
  constraints?: Constraint[];
  fields?: { name: string; optional: boolean; description?: string }[];
}

const TRANSPARENT = new Set<string>(["union", "intersection", "optional", "refine"]);
const SET_KINDS = new Set<string>(["union", "intersection"]);

class Graph {
  /** Whether the normalized graph has a cycle (only then are components and binders needed). */
  cyclic = false;
  readonly nodes: GNode[] = [];
  private readonly parent: number[] = [];
  private state: Uint8Array = new Uint8Array(0);

  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[i] !== r) {
      const next = this.parent[i]!;
      this.parent[i] = r;
      i = next;
    }
    return r;
  }

  alias(from: number, to: number): void {
    this.parent[from] = to;
  }

  node(i: number): GNode {
    return this.nodes[this.find(i)]!;
  }

  add(kind: GNode["kind"], src: TypeExpr | undefined, children: number[], meta: Meta = metaOf(src)): number {
    this.nodes.push({ kind, meta, children, src });
    this.parent.push(this.nodes.length - 1);
    return this.nodes.length - 1;
  }

  /** Where each node came from in the input, for errors found after building (non-contractive cycles). */
  private readonly paths: string[] = [];

  pathOf(n: number): string {
    return this.paths[n] ?? "$";
  }

  build(e: TypeExpr, binders: number[], path: string, depth = 0): number {
    const id = this.buildNode(e, binders, path, depth);
    this.paths[id] ??= path;
    return id;
  }

  private buildNode(e: TypeExpr, binders: number[], path: string, depth: number): number {
    if (typeof e !== "object" || e === null || typeof e.kind !== "string" || !Object.hasOwn(TAG, e.kind)) {
      const kind =
        typeof e === "object" && e !== null ? JSON.stringify((e as { kind?: unknown }).kind) : String(e);
      throw new TypeExprError("CX1002_UNKNOWN_KIND", path, `not a TypeExpr (kind ${kind})`);
    }
    // Schemas are shallow; a limit keeps hostile input from exhausting the stack.
    if (depth > MAX_DEPTH)
      throw new TypeExprError("CX1008_LIMIT_EXCEEDED", path, `nested deeper than ${MAX_DEPTH}`);
    const sub = (child: TypeExpr, p: string) => this.build(child, binders, p, depth + 1);
    checkPayload(e, path);
    switch (e.kind) {
      case "recursive": {
        const placeholder = this.add("alias", undefined, []);
        const body = this.build(e.body, [...binders, placeholder], `${path}.body`, depth + 1);
        if (this.find(body) === placeholder) {
          throw new TypeExprError(
            "CX1006_NON_CONTRACTIVE",
            path,
            "a recursive type must not be just a reference to itself",
          );
        }
        this.alias(placeholder, body);
        const n = this.node(body);
        if (n.meta.name === undefined && e.name !== undefined) n.meta = { ...n.meta, name: e.name };
        if (n.meta.description === undefined && e.description !== undefined)
          n.meta = { ...n.meta, description: e.description };
        return body;
      }
      case "ref": {
        const index = e.index ?? binders.length; // name-only refs are resolved by parseTypeExpr
        const target = binders[binders.length - 1 - index];
        if (!Number.isInteger(index) || target === undefined) {
          throw new TypeExprError(
            "CX1005_UNBOUND_REF",
            path,
            `index ${index} does not point at an enclosing recursive binder`,
          );
        }
        return target;
      }
      case "list":
      case "set":
        return this.add(e.kind, e, [sub(e.element, `${path}.element`)]);
      case "optional":
        return this.add(e.kind, e, [sub(e.inner, `${path}.inner`)]);
      case "map":
      case "dict":
        return this.add(e.kind, e, [sub(e.key, `${path}.key`), sub(e.value, `${path}.value`)]);
      case "union":
      case "intersection":
        limit(e.members.length, `${path}.members`);
        return this.add(
          e.kind,
          e,
          e.members.map((m, i) => sub(m, `${path}.members[${i}]`)),
        );
      case "record": {
        limit(e.fields.length, `${path}.fields`);
        const fields = e.fields.map((f, i) => ({ f, i }));
        const seen = new Set<string>();
        for (const { f, i } of fields) {
          checkText(f.name, `${path}.fields[${i}].name`, LIMITS.nameBytes);
          if (seen.has(f.name)) {
            throw new TypeExprError(
              "CX1004_DUPLICATE_FIELD",
              `${path}.fields[${i}].name`,
              `field ${JSON.stringify(f.name)} appears twice`,
            );
          }
          seen.add(f.name);
        }
        fields.sort((a, b) => compareUtf8(a.f.name, b.f.name));
        const id = this.add(
          "record",
          e,
          fields.map(({ f, i }) => sub(f.type, `${path}.fields[${i}].type`)),
        );
        this.nodes[id]!.fields = fields.map(({ f }) => {
          const entry: { name: string; optional: boolean; description?: string } = {
            name: f.name,
            optional: f.optional === true,
          };
          if (f.description !== undefined) entry.description = f.description;
          return entry;
        });
        return id;
      }
      case "tuple":
        limit(e.elements.length, `${path}.elements`);
        checkTupleShape(e.elements, path);
        return this.add(
          e.kind,
          e,
          e.elements.map((el, i) => sub(el.type, `${path}.elements[${i}].type`)),
        );
      case "function":
        limit(e.params.length, `${path}.params`);
        return this.add(e.kind, e, [
          ...e.params.map((p, i) => sub(p, `${path}.params[${i}]`)),
          sub(e.returns, `${path}.returns`),
        ]);
      case "template":
        if (e.texts.length !== e.types.length + 1) {
          throw new TypeExprError("CX1003_BAD_FIELD", path, "a template has one more text than types");
        }
        limit(e.texts.length, `${path}.texts`);
        for (const [i, text] of e.texts.entries()) checkText(text, `${path}.texts[${i}]`, LIMITS.textBytes);
        return this.add(
          e.kind,
          e,
          e.types.map((t, i) => sub(t, `${path}.types[${i}]`)),
        );
      case "refine": {
        if (e.constraints.length > LIMITS.constraints) {
          throw new TypeExprError(
            "CX1008_LIMIT_EXCEEDED",
            `${path}.constraints`,
            `more than ${LIMITS.constraints} constraints`,
          );
        }
        const id = this.add(e.kind, e, [sub(e.base, `${path}.base`)]);
        this.nodes[id]!.constraints = [...e.constraints];
        return id;
      }
      case "literal":
        if (typeof e.value === "string") checkText(e.value, `${path}.value`, LIMITS.textBytes);
        else if (typeof e.value === "number" && !Number.isFinite(e.value)) {
          throw new TypeExprError("CX1007_BAD_NUMBER", `${path}.value`, "a number literal is finite");
        }
        return this.add(e.kind, e, []);
      case "enum":
        limit(e.members.length, `${path}.members`);
        return this.add(e.kind, e, []);
      default:
        return this.add(e.kind, e, []);
    }
  }

  /** Normalizes every node reachable from `root`, then minimizes if the graph has cycles. */
  /**
   * Normalizes every node reachable from `root`, then merges structurally equal nodes (bisimilar
   * ones, when there are cycles). A union or intersection that loses members that way (two equal
   * members: `A | A`) is normalized again, with its parents, so the result is a fixed point: the
   * collapse can enable flattening, absorption or `optional` above it.
   */
  normalizeAll(root: number): void {
    for (let round = 0; round < 16; round++) {
      this.state = new Uint8Array(this.nodes.length + 64);
      for (const n of this.reachable(root)) this.normalize(n);
      this.stripOptionalFields(root);
      this.cyclic = this.hasCycle(root);
      if (!this.cyclic && !this.mayHaveEqualMembers(root)) return;
      if (!this.minimize(root)) return;
    }
  }

  /**
   * Whether some union or intersection has two members that could be structurally equal (the same
   * local signature): only then can merging equal nodes change anything in an acyclic graph.
   */
  private mayHaveEqualMembers(root: number): boolean {
    for (const n of this.reachable(root)) {
      const node = this.nodes[n]!;
      if (!SET_KINDS.has(node.kind) || node.children.length < 2) continue;
      const seen = new Set<string>();
      for (const c of node.children) {
        const key = localSignature(this.node(c));
        if (seen.has(key)) return true;
        seen.add(key);
      }
    }
    return false;
  }

  reachable(root: number): number[] {
    const seen = new Set<number>();
    const order: number[] = [];
    const stack = [this.find(root)];
    while (stack.length > 0) {
      const n = this.find(stack.pop()!);
      if (seen.has(n)) continue;
      seen.add(n);
      order.push(n);
      for (const c of this.nodes[n]!.children) stack.push(c);
    }
    return order;
  }

  private normalize(i: number): void {
    const n = this.find(i);
    if (n >= this.state.length) {
      const grown = new Uint8Array(this.nodes.length * 2 + 64);
      grown.set(this.state);
      this.state = grown;
    }
    if (this.state[n] === 2) return;
    const node = this.nodes[n]!;
    if (!TRANSPARENT.has(node.kind)) {
      this.state[n] = 2;
      return;
    }
    if (this.state[n] === 1) {
      throw new TypeExprError(
        "CX1006_NON_CONTRACTIVE",
        this.paths[n] ?? "$",
        `recursive ${node.kind} refers to itself without going through a record, list, tuple or other constructor`,
      );
    }
    this.state[n] = 1;
    const done = (m: number) => {
      this.normalize(m);
      return this.find(m);
    };
    switch (node.kind) {
      case "union":
        this.normalizeUnion(n, node, done);
        break;
      case "intersection":
        this.normalizeIntersection(n, node, done);
        break;
      case "optional": {
        const c = done(node.children[0]!);
        const ck = this.nodes[c]!.kind;
        if (ck === "optional" || ck === "undefined" || ck === "any") this.alias(n, c);
        else if (ck === "union" && this.nodes[c]!.children.length === 0) this.become(n, "undefined", []);
        else node.children = [c];
        break;
      }
      case "refine": {
        const c = done(node.children[0]!);
        const base = this.nodes[c]!;
        if (base.kind === "refine") {
          node.constraints = [...(base.constraints ?? []), ...(node.constraints ?? [])];
          node.children = [base.children[0]!];
        } else node.children = [c];
        if ((node.constraints ?? []).length === 0) this.alias(n, node.children[0]!);
        break;
      }
    }
    this.state[n] = 2;
  }

  private normalizeUnion(n: number, node: GNode, done: (m: number) => number): void {
    const members: number[] = [];
    let undef = false;
    let any = false;
    const push = (m: number) => {
      const k = this.nodes[m]!.kind;
      if (k === "union") members.push(...this.nodes[m]!.children.map((c) => this.find(c)));
      else members.push(m);
    };
    for (const child of node.children) {
      const c = done(child);
      const k = this.nodes[c]!.kind;
      if (k === "optional") {
        undef = true;
        push(this.find(this.nodes[c]!.children[0]!));
      } else if (k === "undefined") undef = true;
      else if (k === "any") any = true;
      else push(c);
    }
    if (any) {
      this.become(n, "any", []);
      return;
    }
    let rest = [...new Set(members)];
    const kinds = new Set(rest.map((m) => this.nodes[m]!.kind));
    const boolLits = rest.filter((m) => this.literalType(m) === "boolean");
    const hasTrue = boolLits.some((m) => (this.nodes[m]!.src as { value: boolean }).value === true);
    const hasFalse = boolLits.some((m) => (this.nodes[m]!.src as { value: boolean }).value === false);
    if (hasTrue && hasFalse && !kinds.has("bool")) {
      rest.push(this.add("bool", { kind: "bool" }, []));
      kinds.add("bool");
    }
    rest = rest.filter((m) => {
      const lit = this.literalType(m);
      if (lit === "boolean") return !kinds.has("bool");
      if (lit === "string") return !kinds.has("string");
      if (lit === "number") return !kinds.has("number");
      if (this.nodes[m]!.kind === "bigintLiteral") return !kinds.has("bigint");
      return true;
    });
    const inner = rest.length === 1 ? rest[0]! : rest.length === 0 ? undefined : this.addDone("union", rest);
    if (undef) {
      if (inner === undefined) this.become(n, "undefined", []);
      else this.become(n, "optional", [inner]);
    } else if (inner === undefined) node.children = [];
    else if (rest.length === 1) this.alias(n, inner);
    else this.become(n, "union", rest);
  }

  private normalizeIntersection(n: number, node: GNode, done: (m: number) => number): void {
    const members: number[] = [];
    for (const child of node.children) {
      const c = done(child);
      const m = this.nodes[c]!;
      if (m.kind === "intersection") members.push(...m.children.map((x) => this.find(x)));
      else if (m.kind === "union" && m.children.length === 0) {
        this.become(n, "union", []);
        return;
      } else if (m.kind !== "any") members.push(c);
    }
    const unique = [...new Set(members)];
    if (unique.length === 0) this.become(n, "any", []);
    else if (unique.length === 1) this.alias(n, unique[0]!);
    else node.children = unique;
  }

  private literalType(m: number): string | undefined {
    const node = this.nodes[m]!;
    return node.kind === "literal" ? typeof (node.src as { value: unknown }).value : undefined;
  }

  private addDone(kind: Kind, children: number[]): number {
    const id = this.add(kind, { kind } as TypeExpr, children, {});
    if (id >= this.state.length) {
      const grown = new Uint8Array(this.nodes.length * 2 + 64);
      grown.set(this.state);
      this.state = grown;
    }
    this.state[id] = 2;
    return id;
  }

  /** Turns node `n` into another kind in place (keeping its metadata). */
  private become(n: number, kind: Kind, children: number[]): void {
    const node = this.nodes[n]!;
    node.kind = kind;
    node.children = children;
    node.src = { kind } as TypeExpr;
  }

  /** `x?: T | undefined` and `x?: T` accept the same values; the canonical form drops the `| undefined`. */
  private stripOptionalFields(root: number): void {
    for (const n of this.reachable(root)) {
      const node = this.nodes[n]!;
      if (node.kind !== "record") continue;
      node.children = node.children.map((c, i) => {
        const child = this.node(c);
        return node.fields![i]!.optional && child.kind === "optional"
          ? this.find(child.children[0]!)
          : this.find(c);
      });
    }
  }

  hasCycle(root: number): boolean {
    const color = new Map<number, number>();
    const stack: [number, number][] = [[this.find(root), 0]];
    color.set(this.find(root), 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const children = this.nodes[top[0]]!.children;
      if (top[1] >= children.length) {
        color.set(top[0], 2);
        stack.pop();
        continue;
      }
      const c = this.find(children[top[1]++]!);
      const seen = color.get(c);
      if (seen === 1) return true;
      if (seen === undefined) {
        color.set(c, 1);
        stack.push([c, 0]);
      }
    }
    return false;
  }

  /**
   * Merges bisimilar nodes (Moore-style partition refinement; union/intersection children
   * compared as sets). Returns true when a union or intersection lost members, which calls
   * for another normalization round.
   */
  private minimize(root: number): boolean {
    const nodes = this.reachable(root);
    let cls = new Map<number, number>();
    const initial = new Map<string, number>();
    for (const n of nodes) {
      const key = localSignature(this.nodes[n]!);
      if (!initial.has(key)) initial.set(key, initial.size);
      cls.set(n, initial.get(key)!);
    }
    let count = initial.size;
    for (;;) {
      const next = new Map<number, number>();
      const sigs = new Map<string, number>();
      for (const n of nodes) {
        const node = this.nodes[n]!;
        let kids = node.children.map((c) => cls.get(this.find(c))!);
        if (SET_KINDS.has(node.kind)) kids = [...new Set(kids)].sort((a, b) => a - b);
        const sig = `${cls.get(n)}|${kids.join(",")}`;
        if (!sigs.has(sig)) sigs.set(sig, sigs.size);
        next.set(n, sigs.get(sig)!);
      }
      cls = next;
      if (sigs.size === count) break;
      count = sigs.size;
    }
    const rep = new Map<number, number>();
    for (const n of nodes) {
      const c = cls.get(n)!;
      if (!rep.has(c)) rep.set(c, n);
      else this.alias(n, rep.get(c)!);
    }
    let shrunk = false;
    for (const n of rep.values()) {
      const node = this.nodes[n]!;
      node.children = node.children.map((c) => this.find(c));
      if (SET_KINDS.has(node.kind)) {
        const unique = [...new Set(node.children)];
        if (unique.length !== node.children.length) {
          node.children = unique;
          if (unique.length < 2) shrunk = true;
        }
      }
    }
    return shrunk;
  }
}

function localSignature(node: GNode): string {
  const src = node.src as Record<string, unknown> | undefined;
  switch (node.kind) {
    case "record":
      return `record|${JSON.stringify(node.fields!.map((f) => [f.name, f.optional]))}`;
    case "refine":
      return `refine|${JSON.stringify(sortConstraints(node.constraints ?? []))}`;
    case "tuple":
      return `tuple|${JSON.stringify((src!.elements as TupleElement[]).map((e) => e.kind ?? "required"))}`;
    case "literal":
      return `literal|${typeof src!.value}|${JSON.stringify(src!.value)}`;
    case "enum":
      return `enum|${JSON.stringify((src!.members as EnumMember[]).map((m) => [typeof m.value, m.value]).sort())}`;
    case "fixed":
      return `fixed|${src!.scale}`;
    case "range":
    case "bigintRange":
      return `${node.kind}|${src!.min}|${src!.max}`;
    case "bigintLiteral":
      return `bigintLiteral|${src!.value}`;
    case "template":
      return `template|${JSON.stringify(src!.texts)}`;
    case "function":
      return `function|${node.children.length}`;
    default:
      return `${node.kind}|${node.children.length}`;
  }
}

function sortConstraints(constraints: readonly Constraint[]): Constraint[] {
  const keyed = constraints.map((c) => ({ c, tag: CONSTRAINT_TAG[c.kind], bytes: constraintValueBytes(c) }));
  keyed.sort((a, b) => a.tag - b.tag || compareBytes(a.bytes, b.bytes));
  const out: Constraint[] = [];
  let last: (typeof keyed)[number] | undefined;
  for (const k of keyed) {
    if (last && last.tag === k.tag && compareBytes(last.bytes, k.bytes) === 0) continue;
    out.push(
      k.c.kind === "minimum" || k.c.kind === "maximum"
        ? { kind: k.c.kind, value: k.c.value === 0 ? 0 : k.c.value }
        : k.c,
    );
    last = k;
  }
  return out;
}

interface Emitted {
  expr: TypeExpr;
}

interface Frame {
  node: number;
  binder: boolean;
}

/** Writes the normalized graph back as a canonical tree, hashing as it goes (children first). */
class Emitter {
  private readonly scc: Map<number, number>;
  private readonly cyclic: Set<number>;
  private readonly memo = new Map<string, Emitted>();
  private readonly stack: Frame[] = [];
  private emitted = 0;

  constructor(private readonly g: Graph) {
    ({ scc: this.scc, cyclic: this.cyclic } = g.cyclic
      ? components(g)
      : { scc: new Map(), cyclic: new Set() });
  }

  emit(i: number): Emitted {
    const n = this.g.find(i);
    const inCycle = this.cyclic.has(n);
    let key = String(n);
    if (inCycle) {
      const pos = this.stack.findIndex((f) => f.node === n);
      if (pos >= 0) {
        let index = 0;
        for (let j = pos + 1; j < this.stack.length; j++) if (this.stack[j]!.binder) index++;
        const name = this.g.nodes[n]!.meta.name;
        return finish(name === undefined ? { kind: "ref", index } : { kind: "ref", index, name });
      }
      const component = this.scc.get(n);
      const path = this.stack.filter((f) => this.scc.get(f.node) === component).map((f) => f.node);
      key = `${n}:${path.join(",")}`;
    }
    const hit = this.memo.get(key);
    if (hit) return hit;
    if (++this.emitted > MAX_EMITTED) {
      throw new TypeExprError(
        "CX1008_LIMIT_EXCEEDED",
        "$",
        "mutually recursive types too entangled to canonicalize",
      );
    }
    let result: Emitted;
    if (inCycle) {
      const binder = this.reachesItself(n);
      this.stack.push({ node: n, binder });
      const body = this.emitNode(n);
      this.stack.pop();
      if (binder) {
        const meta = this.g.nodes[n]!.meta;
        const { name: _n, description: _d, ...bare } = body.expr as TypeExpr & Meta;
        const inner =
          body.expr.name === undefined && body.expr.description === undefined
            ? body
            : finish(bare as TypeExpr);
        result = finish({ kind: "recursive", body: inner.expr, ...meta });
      } else result = body;
    } else result = this.emitNode(n);
    this.memo.set(key, result);
    return result;
  }

  /** Whether `n` closes a cycle without passing through the ancestors already on the stack. */
  private reachesItself(n: number): boolean {
    const component = this.scc.get(n);
    const blocked = new Set(this.stack.map((f) => f.node));
    const seen = new Set<number>();
    const todo = [...this.g.nodes[n]!.children];
    while (todo.length > 0) {
      const c = this.g.find(todo.pop()!);
      if (c === n) return true;
      if (seen.has(c) || blocked.has(c) || this.scc.get(c) !== component) continue;
      seen.add(c);
      todo.push(...this.g.nodes[c]!.children);
    }
    return false;
  }

  private emitNode(n: number): Emitted {
    const node = this.g.nodes[n]!;
    const meta = node.meta;
    const kids = () => node.children.map((c) => this.emit(c));
    const src = node.src as TypeExpr;
    switch (node.kind) {
      case "list":
      case "set":
        return finish({ kind: node.kind, element: kids()[0]!.expr, ...meta });
      case "optional":
        return finish({ kind: "optional", inner: kids()[0]!.expr, ...meta });
      case "map":
      case "dict": {
        const [k, v] = kids();
        return finish({ kind: node.kind, key: k!.expr, value: v!.expr, ...meta });
      }
      case "union":
      case "intersection": {
        const members = sortById(kids());
        if (members.length === 1) return members[0]!;
        // Flattening can take a union past the limit that each part was within.
        if (members.length > LIMITS.members) {
          throw new TypeExprError(
            "CX1008_LIMIT_EXCEEDED",
            `${this.g.pathOf(n)}.members`,
            `${members.length} members once flattened, at most ${LIMITS.members}`,
          );
        }
        return finish({ kind: node.kind, members: members.map((m) => m.expr), ...meta });
      }
      case "record": {
        const types = kids();
        const fields: Field[] = node.fields!.map((f, i) => {
          const field: { name: string; type: TypeExpr; optional?: boolean; description?: string } = {
            name: f.name,
            type: types[i]!.expr,
          };
          if (f.optional) field.optional = true;
          if (f.description !== undefined) field.description = f.description;
          return Object.freeze(field);
        });
        return finish({ kind: "record", fields, ...meta });
      }
      case "tuple": {
        const types = kids();
        const elements = (src as { elements: readonly TupleElement[] }).elements.map((e, i) => {
          const el: { type: TypeExpr; kind?: TupleElement["kind"]; name?: string } = { type: types[i]!.expr };
          if (e.kind !== undefined && e.kind !== "required") el.kind = e.kind;
          if (e.name !== undefined) el.name = e.name;
          return Object.freeze(el);
        });
        return finish({ kind: "tuple", elements, ...meta });
      }
      case "function": {
        const all = kids();
        return finish({
          kind: "function",
          params: all.slice(0, -1).map((k) => k.expr),
          returns: all.at(-1)!.expr,
          ...meta,
        });
      }
      case "template":
        return finish({
          kind: "template",
          texts: [...(src as { texts: readonly string[] }).texts],
          types: kids().map((k) => k.expr),
          ...meta,
        });
      case "refine": {
        const [base] = kids();
        const constraints = sortConstraints(node.constraints ?? []);
        // Merging nested refinements can pass the limit that each was within.
        if (constraints.length > LIMITS.constraints) {
          throw new TypeExprError(
            "CX1008_LIMIT_EXCEEDED",
            `${this.g.pathOf(n)}.constraints`,
            `${constraints.length} constraints once merged, at most ${LIMITS.constraints}`,
          );
        }
        return finish({ kind: "refine", base: base!.expr, constraints, ...meta });
      }
      case "enum": {
        const members = (src as { members: readonly EnumMember[] }).members.map((m) => {
          const lit = finish({ kind: "literal", value: m.value === 0 ? 0 : m.value });
          return {
            id: idOf(lit.expr),
            member:
              m.name === undefined
                ? { value: m.value === 0 ? 0 : m.value }
                : { name: m.name, value: m.value === 0 ? 0 : m.value },
          };
        });
        members.sort((a, b) => compareBytes(a.id, b.id));
        const unique = members.filter((m, i) => i === 0 || compareBytes(m.id, members[i - 1]!.id) !== 0);
        return finish({ kind: "enum", members: unique.map((m) => Object.freeze(m.member)), ...meta });
      }
      case "literal": {
        const value = (src as { value: string | number | boolean }).value;
        return finish({ kind: "literal", value: value === 0 ? 0 : value, ...meta });
      }
      case "alias":
        throw new Error("unresolved alias in canonical graph");
      default: {
        const { name: _n, description: _d, ...payload } = src as TypeExpr & Meta;
        return finish({ ...payload, kind: node.kind, ...meta } as TypeExpr);
      }
    }
  }
}

function sortById(items: Emitted[]): Emitted[] {
  const keyed = items.map((item) => ({ item, id: idOf(item.expr) }));
  keyed.sort((a, b) => compareBytes(a.id, b.id));
  return keyed.filter((m, i) => i === 0 || compareBytes(m.id, keyed[i - 1]!.id) !== 0).map((m) => m.item);
}

/** The id of a canonical node (children first, each hashed once and remembered). */
function idOf(expr: TypeExpr): Root {
  let id = CANONICAL_ID.get(expr);
  if (id === undefined) {
    const key = leafKey(expr);
    id = key === undefined ? undefined : LEAF_ID.get(key);
    if (id === undefined) {
      id = hashWireNode(expr.kind, toWire(expr, idOf));
      if (key !== undefined) {
        if (LEAF_ID.size >= 4096) LEAF_ID.clear();
        LEAF_ID.set(key, id);
      }
    }
    CANONICAL_ID.set(expr, id);
  }
  return id;
}

/**
 * Literals and bare primitives recur across schemas (every `"open" | "closed"` union hashes the
 * same two literals), so their ids are remembered by value; names never reach an id.
 */
const LEAF_ID = new Map<string, Root>();
/** Kinds whose wire record has no payload: the kind alone is the node. */
const BARE = new Set<string>(KINDS.filter((kind) => PAYLOAD[kind].length === 0));

function leafKey(expr: TypeExpr): string | undefined {
  if (expr.kind === "literal") return `${typeof expr.value}:${expr.value}`;
  return BARE.has(expr.kind) ? expr.kind : undefined;
}

function finish(expr: TypeExpr): Emitted {
  Object.freeze(expr);
  for (const value of Object.values(expr)) if (Array.isArray(value)) Object.freeze(value);
  CANONICAL.add(expr);
  return { expr };
}

/** Strongly connected components (Tarjan, iterative) and the set of nodes that lie on a cycle. */
function components(g: Graph): { scc: Map<number, number>; cyclic: Set<number> } {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const scc = new Map<number, number>();
  const cyclic = new Set<number>();
  let counter = 0;
  let comp = 0;
  for (const start of g.nodes.keys()) {
    if (g.find(start) !== start || index.has(start) || g.nodes[start]!.kind === "alias") continue;
    const work: [number, number][] = [[start, 0]];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const [v] = top;
      const children = g.nodes[v]!.children;
      if (top[1] < children.length) {
        const w = g.find(children[top[1]++]!);
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const members: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.set(w, comp);
          members.push(w);
        } while (w !== v);
        const selfLoop = g.nodes[v]!.children.some((c) => g.find(c) === v);
        if (members.length > 1 || selfLoop) for (const m of members) cyclic.add(m);
        comp++;
      }
    }
  }
  return { scc, cyclic };
}

function metaOf(e: TypeExpr | undefined): Meta {
  if (!e) return {};
  const meta: { name?: string; description?: string } = {};
  if (e.name !== undefined && e.kind !== "ref") meta.name = e.name;
  if (e.description !== undefined) meta.description = e.description;
  return meta;
}

function limit(count: number, path: string): void {
  if (count > LIMITS.members) {
    throw new TypeExprError("CX1008_LIMIT_EXCEEDED", path, `${count} entries, at most ${LIMITS.members}`);
  }
}

function checkText(s: string, path: string, max: number): void {
  if (!isWellFormed(s))
    throw new TypeExprError("CX1012_BAD_STRING", path, "contains a lone surrogate (no UTF-8 form)");
  if (s.length > max / 3 && utf8(s).length > max) {
    throw new TypeExprError("CX1008_LIMIT_EXCEEDED", path, `longer than ${max} UTF-8 bytes`);
  }
}
