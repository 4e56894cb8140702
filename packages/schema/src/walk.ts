/** Structural walks over a TypeExpr: maps over its direct children, and questions about the nodes below. */
import type { TypeExpr } from "./type-expr.js";

/**
 * A copy of `e` with every direct child replaced by `f(child)`. `recursive` bodies are passed with
 * `binder: true` so callers that track de Bruijn depth can count binders.
 */
export function mapChildren(e: TypeExpr, f: (child: TypeExpr, binder: boolean) => TypeExpr): TypeExpr {
  const go = (x: TypeExpr) => f(x, false);
  switch (e.kind) {
    case "recursive":
      return { ...e, body: f(e.body, true) };
    case "list":
    case "set":
      return { ...e, element: go(e.element) };
    case "optional":
      return { ...e, inner: go(e.inner) };
    case "map":
    case "dict":
      return { ...e, key: go(e.key), value: go(e.value) };
    case "union":
    case "intersection":
      return { ...e, members: e.members.map(go) };
    case "record":
      return { ...e, fields: e.fields.map((field) => ({ ...field, type: go(field.type) })) };
    case "tuple":
      return { ...e, elements: e.elements.map((el) => ({ ...el, type: go(el.type) })) };
    case "function":
      return { ...e, params: e.params.map(go), returns: go(e.returns) };
    case "template":
      return { ...e, types: e.types.map(go) };
    case "refine":
      return { ...e, base: go(e.base) };
    default:
      return e;
  }
}

/** Whether `test` holds for `e` or a node below it (answers remembered per node in `cache`). */
export function anyNode(
  e: TypeExpr,
  test: (x: TypeExpr) => boolean,
  cache: WeakMap<TypeExpr, boolean>,
): boolean {
  const known = cache.get(e);
  if (known !== undefined) return known;
  let found = test(e);
  if (!found)
    mapChildren(e, (child) => {
      if (!found && anyNode(child, test, cache)) found = true;
      return child;
    });
  cache.set(e, found);
  return found;
}

const REF_CACHE = new WeakMap<TypeExpr, boolean>();

/** Whether a ref occurs anywhere below: the node's checks then depend on an enclosing binder. */
export function hasRef(e: TypeExpr): boolean {
  return anyNode(e, (x) => x.kind === "ref", REF_CACHE);
}
