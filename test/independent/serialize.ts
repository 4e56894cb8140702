/**
 * SSZ bytes of canonical TypeExprs, written from docs/type-expr-spec.md (§3.1 containers, §3.3
 * values, §4 bundles) and the SSZ serialization rules alone, sharing no code with packages/schema:
 * a second implementation the byte vectors are checked against. Child ids come from merkle.ts.
 */
import { CONSTRAINTS, ELEMENT_KINDS, independentId, TAGS } from "./merkle.js";

type Json = Record<string, unknown>;
/** A container field: fixed-size bytes in place, or variable-size bytes behind a 4-byte offset. */
type Part = { fixed: Uint8Array } | { variable: Uint8Array };

const u8 = (n: number): Part => ({ fixed: Uint8Array.of(n) });
const u32le = (n: number) => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
const hex32 = (id: string): Part => ({ fixed: Uint8Array.from(Buffer.from(id.slice(2), "hex")) });
const text = (s: string) => new TextEncoder().encode(s);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A container: fixed parts and offsets first, then the variable parts in field order. */
function container(parts: Part[]): Uint8Array {
  const head = parts.reduce((n, p) => n + ("fixed" in p ? p.fixed.length : 4), 0);
  const fixed: Uint8Array[] = [];
  const variable: Uint8Array[] = [];
  let offset = head;
  for (const p of parts) {
    if ("fixed" in p) fixed.push(p.fixed);
    else {
      fixed.push(u32le(offset));
      variable.push(p.variable);
      offset += p.variable.length;
    }
  }
  return concat([...fixed, ...variable]);
}

/** A list of variable-size elements: one offset per element, then the elements. */
function variableList(elements: Uint8Array[]): Part {
  let offset = elements.length * 4;
  const offsets = elements.map((e) => {
    const o = u32le(offset);
    offset += e.length;
    return o;
  });
  return { variable: concat([...offsets, ...elements]) };
}

/** A list of fixed-size elements: their bytes one after the other. */
const fixedList = (elements: Uint8Array[]): Part => ({ variable: concat(elements) });

function float64(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, Object.is(value, -0) ? 0 : value, true);
  return bytes;
}

function literalValue(value: unknown): Part[] {
  if (typeof value === "string") return [u8(0), { variable: text(value) }];
  if (typeof value === "number") return [u8(1), { variable: float64(value) }];
  return [u8(2), { variable: Uint8Array.of(value ? 1 : 0) }];
}

const idOf = (e: unknown): Part => hex32(independentId(e));

/** The SSZ bytes of one canonical node (its children by their ids). */
export function independentNodeBytes(e: Json): Uint8Array {
  const head = [u8(1), u8(TAGS[e.kind as string]!)];
  const ids = (xs: unknown) =>
    fixedList((xs as unknown[]).map((x) => (idOf(x) as { fixed: Uint8Array }).fixed));
  switch (e.kind) {
    case "fixed":
      return container([...head, u8(e.scale as number)]);
    case "list":
    case "set":
      return container([...head, idOf(e.element)]);
    case "optional":
      return container([...head, idOf(e.inner)]);
    case "recursive":
      return container([...head, idOf(e.body)]);
    case "ref":
      return container([...head, { fixed: u32le(e.index as number) }]);
    case "map":
    case "dict":
      return container([...head, idOf(e.key), idOf(e.value)]);
    case "record":
      return container([
        ...head,
        variableList(
          (e.fields as Json[]).map((f) =>
            container([{ variable: text(f.name as string) }, idOf(f.type), u8(f.optional === true ? 1 : 0)]),
          ),
        ),
      ]);
    case "union":
    case "intersection":
      return container([...head, ids(e.members)]);
    case "enum":
      return container([
        ...head,
        ids((e.members as Json[]).map((m) => ({ kind: "literal", value: m.value }))),
      ]);
    case "range":
    case "bigintRange":
      return container([...head, { variable: text(e.min as string) }, { variable: text(e.max as string) }]);
    case "tuple":
      return container([
        ...head,
        fixedList(
          (e.elements as Json[]).map((el) =>
            container([u8(ELEMENT_KINDS[(el.kind as string | undefined) ?? "required"]!), idOf(el.type)]),
          ),
        ),
      ]);
    case "function":
      return container([...head, ids(e.params), idOf(e.returns)]);
    case "literal":
      return container([...head, ...literalValue(e.value)]);
    case "bigintLiteral":
      return container([...head, { variable: text(e.value as string) }]);
    case "template":
      return container([...head, variableList((e.texts as string[]).map(text)), ids(e.types)]);
    case "refine":
      return container([
        ...head,
        idOf(e.base),
        variableList(
          (e.constraints as Json[]).map((c) =>
            container([
              u8(CONSTRAINTS[c.kind as string]!),
              { variable: typeof c.value === "string" ? text(c.value) : float64(c.value as number) },
            ]),
          ),
        ),
      ]);
    default:
      return container(head);
  }
}

/** Children in payload order (§4), an enum's literal nodes standing for its values. */
function children(e: Json): Json[] {
  switch (e.kind) {
    case "list":
    case "set":
      return [e.element as Json];
    case "optional":
      return [e.inner as Json];
    case "recursive":
      return [e.body as Json];
    case "map":
    case "dict":
      return [e.key as Json, e.value as Json];
    case "record":
      return (e.fields as Json[]).map((f) => f.type as Json);
    case "union":
    case "intersection":
      return e.members as Json[];
    case "enum":
      return (e.members as Json[]).map((m) => ({ kind: "literal", value: m.value }));
    case "tuple":
      return (e.elements as Json[]).map((el) => el.type as Json);
    case "function":
      return [...(e.params as Json[]), e.returns as Json];
    case "template":
      return e.types as Json[];
    case "refine":
      return [e.base as Json];
    default:
      return [];
  }
}

/** The bundle of §4: each distinct node once, children first (depth first), the root last. */
export function independentBundle(root: Json): Uint8Array {
  const seen = new Set<string>();
  const nodes: Uint8Array[] = [];
  const visit = (e: Json) => {
    const id = independentId(e);
    if (seen.has(id)) return;
    for (const c of children(e)) visit(c);
    seen.add(id);
    nodes.push(independentNodeBytes(e));
  };
  visit(root);
  return (variableList(nodes) as { variable: Uint8Array }).variable;
}
