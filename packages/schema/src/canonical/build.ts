/**
 * Reads a TypeExpr into a canonicalization graph: checks each node's payload and the limits,
 * sorts record fields by their UTF-8 bytes, and turns `recursive`/`ref` pairs into cycles.
 */
import { declaredPositions } from "../declaration-order.js";
import { TypeExprError } from "../errors.js";
import { LIMITS } from "../limits.js";
import { checkPayload, checkTupleShape, describe } from "../parse.js";
import { type Kind, type Meta, TAG, type TypeExpr } from "../type-expr.js";
import { compareUtf8, isWellFormed, utf8 } from "../utf8.js";
import type { Graph } from "./graph.js";

/** Deepest nesting canonicalize accepts (parseTypeExpr is stricter); keeps recursion off the stack limit. */
const MAX_DEPTH = 1000;

/**
 * Nodes already built, per binder scope (the `binders` array of the enclosing `recursive`, one
 * object per scope) and input object: a subtree shared in the input (a DAG) is built once per
 * scope, not once per path to it, so a DAG costs its size, not its exponential tree size. Within
 * one scope a ref resolves the same way from every path, so the node is the same.
 */
const SCOPES = new WeakMap<Graph, WeakMap<number[], Map<object, number>>>();

/** Adds `e` (and everything below it) to `g`; returns its node. */
export function build(g: Graph, e: TypeExpr, binders: number[], path: string, depth = 0): number {
  const memo = memoOf(g, binders);
  const known = typeof e === "object" && e !== null ? memo.get(e) : undefined;
  if (known !== undefined) return known;
  const id = buildNode(g, e, binders, path, depth);
  g.placeAt(id, path);
  if (typeof e === "object" && e !== null) memo.set(e, id);
  return id;
}

function memoOf(g: Graph, binders: number[]): Map<object, number> {
  let scopes = SCOPES.get(g);
  if (scopes === undefined) {
    scopes = new WeakMap();
    SCOPES.set(g, scopes);
  }
  let memo = scopes.get(binders);
  if (memo === undefined) {
    memo = new Map();
    scopes.set(binders, memo);
  }
  return memo;
}

function buildNode(g: Graph, e: TypeExpr, binders: number[], path: string, depth: number): number {
  if (typeof e !== "object" || e === null || typeof e.kind !== "string" || !Object.hasOwn(TAG, e.kind)) {
    const kind =
      typeof e === "object" && e !== null ? JSON.stringify((e as { kind?: unknown }).kind) : String(e);
    throw new TypeExprError("CX1002_UNKNOWN_KIND", path, `not a TypeExpr (kind ${kind})`);
  }
  // Schemas are shallow; a limit keeps hostile input from exhausting the stack.
  if (depth > MAX_DEPTH)
    throw new TypeExprError("CX1008_LIMIT_EXCEEDED", path, `nested deeper than ${MAX_DEPTH}`);
  const sub = (child: TypeExpr, p: string) => build(g, child, binders, p, depth + 1);
  const add = (children: number[]) => g.add(e.kind, e, children, metaOf(e));
  checkShape(e, path);
  checkPayload(e, path);
  switch (e.kind) {
    case "recursive": {
      const placeholder = g.add("alias", undefined, [], {});
      const body = build(g, e.body, [...binders, placeholder], `${path}.body`, depth + 1);
      if (g.find(body) === placeholder) {
        throw new TypeExprError(
          "CX1006_NON_CONTRACTIVE",
          path,
          "a recursive type must not be just a reference to itself",
        );
      }
      g.alias(placeholder, body);
      const n = g.node(body);
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
      return add([sub(e.element, `${path}.element`)]);
    case "optional":
      return add([sub(e.inner, `${path}.inner`)]);
    case "map":
    case "dict":
      return add([sub(e.key, `${path}.key`), sub(e.value, `${path}.value`)]);
    case "union":
    case "intersection":
      limit(e.members.length, `${path}.members`);
      return add(e.members.map((m, i) => sub(m, `${path}.members[${i}]`)));
    case "record": {
      limit(e.fields.length, `${path}.fields`);
      const fields = e.fields.map((f, i) => ({ f, i }));
      const seen = new Set<string>();
      for (const { f, i } of fields) {
        if (typeof f.name !== "string") {
          throw new TypeExprError(
            "CX1003_BAD_FIELD",
            `${path}.fields[${i}].name`,
            "a field name is a string",
          );
        }
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
      const declared = declaredPositions(e.fields);
      fields.sort((a, b) => compareUtf8(a.f.name, b.f.name));
      // Declaration order is metadata, kept only where it differs from the sorted order.
      const reordered = fields.some(({ i }, at) => declared[i] !== at);
      const id = add(fields.map(({ f, i }) => sub(f.type, `${path}.fields[${i}].type`)));
      g.nodes[id]!.fields = fields.map(({ f, i }) => {
        const entry: {
          name: string;
          optional: boolean;
          description?: string;
          order?: number;
          redacted?: boolean;
        } = {
          name: f.name,
          optional: f.optional === true,
        };
        if (f.description !== undefined) entry.description = f.description;
        if (reordered) entry.order = declared[i]!;
        if (f.redacted === true) entry.redacted = true;
        return entry;
      });
      return id;
    }
    case "tuple":
      limit(e.elements.length, `${path}.elements`);
      checkTupleShape(e.elements, path);
      return add(e.elements.map((el, i) => sub(el.type, `${path}.elements[${i}].type`)));
    case "function":
      limit(e.params.length, `${path}.params`);
      return add([
        ...e.params.map((p, i) => sub(p, `${path}.params[${i}]`)),
        sub(e.returns, `${path}.returns`),
      ]);
    case "template":
      if (e.texts.length !== e.types.length + 1) {
        throw new TypeExprError(
          "CX1003_BAD_FIELD",
          path,
          `a template has one more text than types (got ${e.texts.length} texts, ${e.types.length} types)`,
        );
      }
      limit(e.texts.length, `${path}.texts`);
      for (const [i, text] of e.texts.entries()) checkText(text, `${path}.texts[${i}]`, LIMITS.textBytes);
      return add(e.types.map((t, i) => sub(t, `${path}.types[${i}]`)));
    case "refine": {
      if (e.constraints.length > LIMITS.constraints) {
        throw new TypeExprError(
          "CX1008_LIMIT_EXCEEDED",
          `${path}.constraints`,
          `more than ${LIMITS.constraints} constraints`,
        );
      }
      const id = add([sub(e.base, `${path}.base`)]);
      g.nodes[id]!.constraints = [...e.constraints];
      return id;
    }
    case "literal":
      if (typeof e.value === "string") checkText(e.value, `${path}.value`, LIMITS.textBytes);
      else if (typeof e.value === "number" && !Number.isFinite(e.value)) {
        throw new TypeExprError("CX1007_BAD_NUMBER", `${path}.value`, "a number literal is finite");
      }
      return add([]);
    case "enum":
      limit(e.members.length, `${path}.members`);
      return add([]);
    default:
      return add([]);
  }
}

/** Each kind's fields (docs/type-expr-spec.md §1), as parseTypeExpr requires them; `ref.index` may be absent. */
const FIELDS: Partial<Record<Kind, readonly string[]>> = {
  fixed: ["scale"],
  list: ["element"],
  set: ["element"],
  map: ["key", "value"],
  dict: ["key", "value"],
  optional: ["inner"],
  union: ["members"],
  intersection: ["members"],
  record: ["fields"],
  range: ["min", "max"],
  bigintRange: ["min", "max"],
  enum: ["members"],
  tuple: ["elements"],
  function: ["params", "returns"],
  literal: ["value"],
  bigintLiteral: ["value"],
  template: ["texts", "types"],
  refine: ["base", "constraints"],
  recursive: ["body"],
};
const ARRAYS = new Set(["members", "fields", "elements", "params", "texts", "types", "constraints"]);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The shape of a node handed over unchecked (built in code, a bundle's payload): every field its kind
 * needs is there and of the right type, with parseTypeExpr's codes, paths and messages, so malformed
 * input is a TypeExprError and never a TypeError further on. A child that is there but is not a
 * TypeExpr is left to `build` (CX1002 at the child).
 */
function checkShape(e: TypeExpr, path: string): void {
  const o = e as unknown as Record<string, unknown>;
  const bad = (
    code: "CX1001_NOT_AN_OBJECT" | "CX1003_BAD_FIELD" | "CX1007_BAD_NUMBER",
    at: string,
    why: string,
  ) => new TypeExprError(code, at, why);
  for (const key of FIELDS[e.kind] ?? []) {
    if (o[key] === undefined) throw bad("CX1003_BAD_FIELD", `${path}.${key}`, `missing for kind "${e.kind}"`);
    if (ARRAYS.has(key) && !Array.isArray(o[key])) {
      throw bad("CX1003_BAD_FIELD", `${path}.${key}`, `expected an array, got ${describe(o[key])}`);
    }
  }
  const objects = (key: string, each: (x: Record<string, unknown>, at: string) => void = () => {}) => {
    for (const [i, x] of (o[key] as unknown[]).entries()) {
      const at = `${path}.${key}[${i}]`;
      if (!isObject(x)) throw bad("CX1001_NOT_AN_OBJECT", at, `expected an object, got ${describe(x)}`);
      each(x, at);
    }
  };
  const boolean = (x: Record<string, unknown>, key: string, at: string) => {
    if (x[key] !== undefined && typeof x[key] !== "boolean")
      throw bad("CX1003_BAD_FIELD", `${at}.${key}`, `expected a boolean, got ${describe(x[key])}`);
  };
  switch (e.kind) {
    case "record":
      objects("fields", (f, at) => {
        boolean(f, "optional", at);
        boolean(f, "redacted", at);
      });
      return;
    case "tuple":
      objects("elements", (el, at) => {
        if (el.kind !== undefined && el.kind !== "required" && el.kind !== "optional" && el.kind !== "rest") {
          throw bad(
            "CX1003_BAD_FIELD",
            `${at}.kind`,
            `expected "required", "optional" or "rest", got ${describe(el.kind)}`,
          );
        }
      });
      return;
    case "enum":
      objects("members", (m, at) => {
        const v = m.value;
        if (typeof v !== "string" && !(typeof v === "number" && Number.isFinite(v)))
          throw bad("CX1007_BAD_NUMBER", `${at}.value`, "an enum value is a string or a finite number");
      });
      return;
    case "refine":
      objects("constraints");
      return;
    case "template":
      for (const [i, t] of (o.texts as unknown[]).entries()) {
        if (typeof t !== "string")
          throw bad("CX1003_BAD_FIELD", `${path}.texts[${i}]`, `expected a string, got ${describe(t)}`);
      }
      return;
    case "literal": {
      const v = o.value;
      if (typeof v !== "string" && typeof v !== "boolean" && !(typeof v === "number" && Number.isFinite(v)))
        throw bad(
          "CX1007_BAD_NUMBER",
          `${path}.value`,
          "a literal is a string, a boolean or a finite number",
        );
      return;
    }
  }
}

function metaOf(e: TypeExpr): Meta {
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
