/**
 * Redacted fields (a record field marked `redacted` in the schema: JSDoc `@redacted`, or
 * `t.redacted(...)`) never reach the journal, the events or the effect tables: there the value is
 * replaced by REDACTED, while the instance row keeps the real value for handlers and effects.
 *
 * Two passes, because a secret travels: by path, the values at redacted fields of the input, state
 * and output (whatever their type) and the `value` of a validation issue whose path is at or under
 * a redacted field; and by value, any string anywhere in the entry or event (an effect's params, a
 * handler's error message, an issue) that contains one of the instance's secret strings has it cut
 * out. Secret strings shorter than MIN_SCRUBBED are replaced only where a string equals them (a
 * one-letter secret would otherwise eat every word). A definition without redacted fields costs one
 * cached look per schema.
 */
import { mapChildren, type TypeExpr, type ValidationIssue } from "@causality/schema";
import type { Instance, JournalEntry } from "../store/store.js";
import type { AnyDataflow } from "./types.js";

export const REDACTED = "[redacted]";
const MIN_SCRUBBED = 4;

const HAS = new WeakMap<TypeExpr, boolean>();
const BELOW = new WeakMap<TypeExpr, boolean>();

/** Whether some record field in `e` is redacted (the definition-level question). */
export function hasRedacted(e: TypeExpr): boolean {
  return search(e, HAS, false);
}

/** Whether a walk below `e` may meet a redacted field: a `ref` may lead back into one, so it says yes. */
function mayRedact(e: TypeExpr): boolean {
  return search(e, BELOW, true);
}

function search(e: TypeExpr, cache: WeakMap<TypeExpr, boolean>, refs: boolean): boolean {
  const known = cache.get(e);
  if (known !== undefined) return known;
  cache.set(e, false); // a cycle's second visit answers "not yet"; the first finishes the answer
  const found =
    (refs && e.kind === "ref") ||
    (e.kind === "record" && e.fields.some((f) => f.redacted)) ||
    children(e).some((c) => search(c, cache, refs));
  cache.set(e, found);
  return found;
}

/** A node's child types (the schema package's one walk over them). */
function children(e: TypeExpr): TypeExpr[] {
  const out: TypeExpr[] = [];
  mapChildren(e, (child) => {
    out.push(child);
    return child;
  });
  return out;
}

/** Binders of the recursive types around a node, innermost last (a `ref`'s index counts from the end). */
type Binders = readonly TypeExpr[];

function resolve(e: TypeExpr, binders: Binders): { e: TypeExpr; binders: Binders } {
  let at = e;
  let env = binders;
  for (let guard = 0; guard < 64; guard++) {
    if (at.kind === "recursive") {
      env = [...env, at];
      at = at.body;
    } else if (at.kind === "ref") {
      const target = env[env.length - 1 - (at.index ?? 0)];
      if (target?.kind !== "recursive") break;
      env = env.slice(0, env.length - 1 - (at.index ?? 0));
      at = target;
    } else if (at.kind === "refine") at = at.base;
    else break;
  }
  return { e: at, binders: env };
}

/**
 * `value` with every redacted field's value (as `expr` reads it) replaced by REDACTED, and each
 * redacted field's secret strings added to `secrets`. A copy where something changed.
 */
export function redactByPath(
  expr: TypeExpr,
  value: unknown,
  secrets?: Set<string>,
  binders: Binders = [],
  depth = 0,
): unknown {
  if (value === null || typeof value !== "object" || depth > 256) return value;
  const { e, binders: env } = resolve(expr, binders);
  if (!mayRedact(e)) return value;
  const sub = (t: TypeExpr, v: unknown) => redactByPath(t, v, secrets, env, depth + 1);
  switch (e.kind) {
    case "record": {
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const f of e.fields) {
        if (!Object.hasOwn(out, f.name)) continue;
        if (f.redacted) {
          if (secrets) collectStrings(out[f.name], secrets, 0);
          out[f.name] = REDACTED;
        } else out[f.name] = sub(f.type, out[f.name]);
      }
      return out;
    }
    case "optional":
      return sub(e.inner, value);
    case "union":
    case "intersection":
      // Every member that may apply: more redacted than needed rather than less.
      return e.members.reduce<unknown>((v, m) => sub(m, v), value);
    case "list":
    case "set":
      if (Array.isArray(value)) return value.map((x) => sub(e.element, x));
      if (value instanceof Set) return new Set([...value].map((x) => sub(e.element, x)));
      return value;
    case "tuple":
      return Array.isArray(value)
        ? value.map((x, i) => {
            const el = e.elements[Math.min(i, e.elements.length - 1)];
            return el ? sub(el.type, x) : x;
          })
        : value;
    case "map":
      return value instanceof Map
        ? new Map([...value].map(([k, v]) => [sub(e.key, k), sub(e.value, v)]))
        : value;
    case "dict":
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sub(e.value, v)]));
    default:
      return value;
  }
}

function collectStrings(v: unknown, out: Set<string>, depth: number): void {
  if (depth > 256) return;
  if (typeof v === "string") {
    if (v.length > 0 && v !== REDACTED) out.add(v);
  } else if (Array.isArray(v) || v instanceof Set) for (const x of v) collectStrings(x, out, depth + 1);
  else if (v instanceof Map)
    for (const [k, x] of v) {
      collectStrings(k, out, depth + 1);
      collectStrings(x, out, depth + 1);
    }
  else if (v !== null && typeof v === "object")
    for (const x of Object.values(v)) collectStrings(x, out, depth + 1);
}

/** `value` with each secret string cut out of every string in it (a copy where something changed). */
export function scrub(value: unknown, secrets: ReadonlySet<string>, depth = 0): unknown {
  if (secrets.size === 0 || depth > 256) return value;
  if (typeof value === "string") {
    let s = value;
    for (const secret of secrets)
      if (s === secret) return REDACTED;
      else if (secret.length >= MIN_SCRUBBED && s.includes(secret)) s = s.split(secret).join(REDACTED);
    return s;
  }
  if (value === null || typeof value !== "object") return value;
  const sub = (x: unknown) => scrub(x, secrets, depth + 1);
  if (Array.isArray(value)) return value.map(sub);
  if (value instanceof Set) return new Set([...value].map(sub));
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [sub(k), sub(v)]));
  if (value instanceof Date || value instanceof Uint8Array) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sub(v)]));
}

/** Where a validation issue's path (`$state.a[2]["b c"]`) lands in `expr`: whether that is at or under a redacted field. */
export function isRedactedPath(expr: TypeExpr, path: string): boolean {
  const segments: string[] = [];
  const re = /\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  const rest = path.replace(/^\$[a-z]+/, "");
  for (const m of rest.matchAll(re)) segments.push(m[1] ?? m[2] ?? (JSON.parse(m[3]!) as string));
  const walk = (e0: TypeExpr, binders: Binders, i: number, depth: number): boolean => {
    if (depth > 256) return false;
    const { e, binders: env } = resolve(e0, binders);
    if (i >= segments.length || !mayRedact(e)) return false;
    const key = segments[i]!;
    switch (e.kind) {
      case "record": {
        const f = e.fields.find((x) => x.name === key);
        return f !== undefined && (f.redacted === true || walk(f.type, env, i + 1, depth + 1));
      }
      case "optional":
        return walk(e.inner, env, i, depth + 1);
      case "union":
      case "intersection":
        return e.members.some((m) => walk(m, env, i, depth + 1));
      case "list":
      case "set":
        return walk(e.element, env, i + 1, depth + 1);
      case "tuple": {
        const el = e.elements[Math.min(Number(key), e.elements.length - 1)];
        return el !== undefined && walk(el.type, env, i + 1, depth + 1);
      }
      case "map":
      case "dict":
        // A map's issue paths go [i][0] / [i][1]; a dict's go .key: either way the value is below.
        return walk(e.value, env, e.kind === "map" ? i + 2 : i + 1, depth + 1);
      default:
        return false;
    }
  };
  return walk(expr, [], 0, 0);
}

/** The schemas a redactor reads an instance's values with. */
export interface RedactionSchemas {
  readonly input: TypeExpr;
  readonly output: TypeExpr;
  readonly state: TypeExpr;
}

export function schemasOf(def: AnyDataflow): RedactionSchemas | undefined {
  const s = { input: def.schemas.input.expr, output: def.schemas.output.expr, state: def.schemas.state.expr };
  return hasRedacted(s.input) || hasRedacted(s.state) || hasRedacted(s.output) ? s : undefined;
}

/** What is written about one instance, redacted: built from the instance's current values. */
export class Redactor {
  readonly secrets = new Set<string>();
  constructor(
    readonly schemas: RedactionSchemas,
    inst: Pick<Instance, "input" | "state" | "output">,
  ) {
    redactByPath(schemas.input, inst.input, this.secrets);
    redactByPath(schemas.state, inst.state, this.secrets);
    if (inst.output !== undefined) redactByPath(schemas.output, inst.output, this.secrets);
  }

  /** Issues with the value of any at or under a redacted field replaced, then scrubbed. */
  issues(issues: readonly ValidationIssue[]): ValidationIssue[] {
    return issues.map((i) => {
      const role = /^\$(input|state|output)/.exec(i.path)?.[1] as keyof RedactionSchemas | undefined;
      const redacted = role !== undefined && isRedactedPath(this.schemas[role], i.path);
      return scrub(redacted ? { ...i, value: REDACTED } : i, this.secrets) as ValidationIssue;
    });
  }

  /** A journal entry as it may be written: state, input, output by path, issues by path, the rest scrubbed. */
  entry<E extends Omit<JournalEntry, "seq">>(entry: E): E {
    const out: Record<string, unknown> = { ...entry };
    if (entry.state !== undefined)
      out.state = scrub(redactByPath(this.schemas.state, entry.state), this.secrets);
    if (entry.detail !== null && typeof entry.detail === "object") {
      const d: Record<string, unknown> = { ...(entry.detail as Record<string, unknown>) };
      if ("input" in d) d.input = redactByPath(this.schemas.input, d.input);
      if ("output" in d) d.output = redactByPath(this.schemas.output, d.output);
      if (Array.isArray(d.issues)) d.issues = this.issues(d.issues as ValidationIssue[]);
      const error = d.error as { issues?: ValidationIssue[] } | undefined;
      if (error && Array.isArray(error.issues)) d.error = { ...error, issues: this.issues(error.issues) };
      out.detail = scrub(d, this.secrets);
    }
    return out as E;
  }

  /** Anything else written or told about the instance (events, effect params): scrubbed by value. */
  scrub<T>(value: T): T {
    return scrub(value, this.secrets) as T;
  }
}

/**
 * The instance as its redacted journal replays to it (`replay(journal)` equals this): what
 * `causality instance` compares the replay with when the definition has redacted fields.
 */
export function redactInstance(schemas: RedactionSchemas | undefined, inst: Instance): Instance {
  if (!schemas) return inst;
  const r = new Redactor(schemas, inst);
  const out: Record<string, unknown> = {
    ...r.scrub(inst),
    input: r.scrub(redactByPath(schemas.input, inst.input)),
    state: r.scrub(redactByPath(schemas.state, inst.state)),
  };
  if (inst.output !== undefined) out.output = r.scrub(redactByPath(schemas.output, inst.output));
  if (inst.error?.issues)
    out.error = r.scrub({ ...inst.error, issues: r.issues(inst.error.issues as ValidationIssue[]) });
  // Identity is not secret: the journal keeps it as it is.
  return {
    ...out,
    id: inst.id,
    definitionId: inst.definitionId,
    schemaIds: inst.schemaIds,
    node: inst.node,
    status: inst.status,
    version: inst.version,
  } as Instance;
}

/** The redaction schemas of a stored definition record's TypeExprs; undefined when nothing is redacted. */
export function redactionOfRecord(spec: unknown): RedactionSchemas | undefined {
  const s = (spec as { schemas?: Partial<RedactionSchemas> } | undefined)?.schemas;
  if (!s?.input || !s.output || !s.state) return undefined;
  const schemas = { input: s.input, output: s.output, state: s.state };
  return hasRedacted(schemas.input) || hasRedacted(schemas.state) || hasRedacted(schemas.output)
    ? schemas
    : undefined;
}

/**
 * Where `expr` has redacted fields, as paths (`.session`, `.kids[].key`), in canonical order; a
 * recursion is walked once. Hashed into a definition's id when not empty (dataflow/definition.ts):
 * the schema id does not see redaction (it is metadata), but what the runtime writes does change.
 */
export function redactedFieldPaths(expr: TypeExpr): string[] {
  const out: string[] = [];
  const walk = (e: TypeExpr, path: string, depth: number): void => {
    if (depth > 256 || !hasRedacted(e)) return;
    if (e.kind === "record") {
      for (const f of e.fields) {
        const at = `${path}.${JSON.stringify(f.name)}`;
        if (f.redacted) out.push(at);
        else walk(f.type, at, depth + 1);
      }
      return;
    }
    for (const [i, c] of children(e).entries()) walk(c, `${path}/${e.kind}${i}`, depth + 1);
  };
  walk(expr, "", 0);
  return out;
}
