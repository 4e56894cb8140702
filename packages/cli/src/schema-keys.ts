/**
 * Turns the schemas found in a project into lock entries, one per key. Two finds with the same
 * key are merged only when they are the same schema (same id); a different schema under a key
 * already taken (`Page<Item>` with two different `Item`s, two `const input` in one file) gets the
 * line of its use appended (`src/types.ts#Page<Item>@12`, then `.2`, `.3` on the same line), so a
 * type never borrows another's TypeExpr. The first find, in program order, keeps the plain key.
 */
import { canonicalize, type SchemaRole, type TypeExpr, typeExprIdHex } from "@causality/schema";

/** One type argument (or configured type), before keys are made unique. */
export interface FoundSchema {
  /** `path/relative/to/project.ts#Name` */
  readonly key: string;
  /** 1-based line of the use, to tell apart different schemas that want the same key. */
  readonly line: number;
  readonly role?: SchemaRole;
  readonly importName?: string;
  readonly expr: TypeExpr;
}

export interface KeyedSchema {
  readonly key: string;
  /** The part of the key after the file. */
  readonly name: string;
  readonly file: string;
  readonly roles: Set<SchemaRole>;
  readonly importName?: string;
  readonly expr: TypeExpr;
}

export function assignKeys(found: Iterable<FoundSchema>): Map<string, KeyedSchema> {
  const byKey = new Map<string, KeyedSchema>();
  /** Base key -> the keys given out for it, the plain one first. */
  const given = new Map<string, string[]>();
  const ids = new WeakMap<TypeExpr, string>();
  const idOf = (e: TypeExpr) => {
    let id = ids.get(e);
    if (id === undefined) {
      id = typeExprIdHex(canonicalize(e));
      ids.set(e, id);
    }
    return id;
  };
  const same = (a: TypeExpr, b: TypeExpr) => a === b || idOf(a) === idOf(b);
  const fresh = (key: string) => {
    let k = key;
    // Same key, same line, different schema (two calls on one line): number them.
    for (let n = 2; byKey.has(k); n++) k = `${key}.${n}`;
    return k;
  };
  for (const f of found) {
    const keys = given.get(f.key) ?? [];
    let key = keys.find((k) => same(byKey.get(k)!.expr, f.expr));
    if (key === undefined) {
      // A key made from the line already (`typeSchema@5`) only gets numbered.
      const atLine = f.key.endsWith(`@${f.line}`) ? f.key : `${f.key}@${f.line}`;
      key = fresh(keys.length === 0 ? f.key : atLine);
      keys.push(key);
      given.set(f.key, keys);
      const hash = key.indexOf("#");
      byKey.set(key, {
        key,
        name: key.slice(hash + 1),
        file: key.slice(0, hash),
        roles: new Set(),
        expr: f.expr,
        ...(f.importName === undefined ? {} : { importName: f.importName }),
      });
    }
    if (f.role) byKey.get(key)!.roles.add(f.role);
  }
  return byKey;
}
