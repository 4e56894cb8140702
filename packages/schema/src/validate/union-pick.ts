/**
 * Which member of a failing (non-discriminated) union an issue list should describe. When one
 * member clearly fits best, `validate` and `assert` report that member's own issues at their own
 * paths (`$input.next.next.value`) instead of one `invalid_union` at the union; when none does, the
 * union's `invalid_union` stays. Both back ends use `pickMember` on the same plan (the compiled one
 * embeds its source), so they pick the same member.
 *
 * A member fits when its top level accepts the value's kind (the only object member for an object,
 * the only array member for an array, `T` of `T | null` for anything but null). Among several that
 * fit, records are ranked by how well the value's keys match them, in order: more fields equal to
 * their literal type (a tag), fewer required fields missing, fewer keys the member does not declare;
 * tuples by whether the length fits. The best must be strictly better than every other, or there is
 * no best. Ranking reads only the top level, so picking costs no recursion (nested unions pick again
 * as the chosen member is checked).
 */
import type { ExprOf, TypeExpr } from "../type-expr.js";

/** What `pickMember` needs of one member. */
export interface MemberPlan {
  /** Value kinds the member's top level accepts (see `kindsOf` in pickMember); "*" for all. */
  readonly kinds: readonly string[];
  /** Record fields: [name, required, has a literal type, the literal]. */
  readonly fields?: readonly (readonly [string, boolean, boolean, unknown])[];
  readonly names?: ReadonlySet<string>;
  /** Tuple length bounds [min, max] (max -1: a rest element). */
  readonly tuple?: readonly [number, number];
}

/**
 * The index of the member that fits `v` best, or -1 when none fits or several fit equally well.
 * Self-contained (no outer names): the compiled back end embeds its source text.
 */
export function pickMember(plan: readonly MemberPlan[], v: unknown): number {
  let classes: string[];
  if (v === null) classes = ["null"];
  else if (typeof v !== "object") classes = [typeof v];
  else if (Array.isArray(v)) classes = ["array"];
  else {
    classes = ["object"];
    if (v instanceof Date) classes.push("date");
    if (v instanceof Set) classes.push("set");
    if (v instanceof Map) classes.push("map");
    if (v instanceof Uint8Array) classes.push("bytes");
  }
  let best = -1;
  let bestScore: number[] = [];
  let tie = false;
  for (let i = 0; i < plan.length; i++) {
    const m = plan[i]!;
    if (!m.kinds.some((k) => k === "*" || classes.includes(k))) continue;
    const score = [0, 0, 0];
    if (m.tuple !== undefined && Array.isArray(v)) {
      score[0] = v.length >= m.tuple[0] && (m.tuple[1] < 0 || v.length <= m.tuple[1]) ? 1 : 0;
    } else if (m.fields !== undefined && typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      for (const [name, required, literal, value] of m.fields) {
        const x = name in Object.prototype ? (Object.hasOwn(o, name) ? o[name] : undefined) : o[name];
        if (x === undefined) {
          if (required) score[1]!--;
        } else if (literal && x === value) score[0]!++;
      }
      for (const k of Object.keys(o)) if (!m.names!.has(k)) score[2]!--;
    }
    let order = 0;
    for (let j = 0; j < 3 && order === 0; j++) order = best < 0 ? 1 : score[j]! - bestScore[j]!;
    if (order > 0) {
      best = i;
      bestScore = score;
      tie = false;
    } else if (order === 0) tie = true;
  }
  return tie ? -1 : best;
}

/** The plan of a union's members; `bodies` are the enclosing recursive binders' bodies, outermost first. */
export function unionPlan(e: ExprOf<"union">, bodies: readonly TypeExpr[]): MemberPlan[] {
  return e.members.map((m) => memberPlan(m, bodies));
}

function memberPlan(m: TypeExpr, bodies: readonly TypeExpr[]): MemberPlan {
  const kinds = [...kindsOf(m, bodies, new Set())];
  const top = resolve(m, bodies);
  if (top.kind === "tuple") {
    const required = top.elements.filter((el) => (el.kind ?? "required") === "required").length;
    const rest = top.elements.some((el) => el.kind === "rest");
    return { kinds, tuple: [required, rest ? -1 : top.elements.length] };
  }
  const records =
    top.kind === "record"
      ? [top]
      : top.kind === "intersection" && top.members.every((x) => x.kind === "record")
        ? (top.members as ExprOf<"record">[])
        : [];
  if (records.length === 0) return { kinds };
  const fields = records.flatMap((r) =>
    r.fields.map((f) => {
      const required = f.optional !== true && !["optional", "undefined", "any"].includes(f.type.kind);
      const literal = f.type.kind === "literal";
      return [f.name, required, literal, literal ? (f.type as ExprOf<"literal">).value : null] as const;
    }),
  );
  return { kinds, fields, names: new Set(fields.map((f) => f[0])) };
}

/** The member itself, or the body a ref or binder stands for (one level). */
function resolve(m: TypeExpr, bodies: readonly TypeExpr[]): TypeExpr {
  if (m.kind === "recursive") return m.body;
  if (m.kind === "ref") return bodies[bodies.length - 1 - (m.index ?? 0)] ?? m;
  return m;
}

const SCALAR: Partial<Record<TypeExpr["kind"], string>> = {
  unit: "null",
  undefined: "undefined",
  bool: "boolean",
  string: "string",
  template: "string",
  fixed: "string",
  ratio: "string",
  number: "number",
  integer: "number",
  range: "number",
  bigint: "bigint",
  bigintRange: "bigint",
  bigintLiteral: "bigint",
  function: "function",
  date: "date",
  bytes: "bytes",
  set: "set",
  map: "map",
  list: "array",
  tuple: "array",
  record: "object",
  dict: "object",
};

/** The value kinds (as `pickMember` names them) the top level of `e` can accept. */
function kindsOf(e: TypeExpr, bodies: readonly TypeExpr[], seen: Set<TypeExpr>): Set<string> {
  const scalar = SCALAR[e.kind];
  if (scalar !== undefined) return new Set([scalar]);
  switch (e.kind) {
    case "any":
      return new Set(["*"]);
    case "literal":
      return new Set([typeof e.value]);
    case "enum":
      return new Set(e.members.map((m) => typeof m.value));
    case "optional":
      return new Set([...kindsOf(e.inner, bodies, seen), "undefined"]);
    case "refine":
      return kindsOf(e.base, bodies, seen);
    case "union":
      return new Set(e.members.flatMap((m) => [...kindsOf(m, bodies, seen)]));
    case "intersection": {
      const [first, ...rest] = e.members.map((m) => kindsOf(m, bodies, seen));
      if (first === undefined) return new Set(["*"]);
      return new Set([...first].filter((k) => rest.every((r) => r.has(k) || r.has("*"))));
    }
    case "recursive":
      return kindsOf(e.body, [...bodies, e.body], seen);
    case "ref": {
      const at = bodies.length - 1 - (e.index ?? 0);
      const body = bodies[at];
      if (body === undefined || seen.has(body)) return new Set();
      seen.add(body);
      return kindsOf(body, bodies.slice(0, at + 1), seen);
    }
    default:
      return new Set(["*"]);
  }
}

/** The plan as JavaScript source, for generated code. */
export function planSource(plan: readonly MemberPlan[]): string {
  const one = (m: MemberPlan) => {
    const parts = [`kinds: ${JSON.stringify(m.kinds)}`];
    if (m.tuple) parts.push(`tuple: ${JSON.stringify(m.tuple)}`);
    if (m.fields) {
      parts.push(`fields: ${JSON.stringify(m.fields)}`);
      parts.push(`names: new Set(${JSON.stringify([...m.names!])})`);
    }
    return `{ ${parts.join(", ")} }`;
  };
  return `[${plan.map(one).join(", ")}]`;
}
