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
  /** Value kinds the member's top level accepts (see `kindsOf`), as bits of KIND_BITS; all bits for any. */
  readonly mask: number;
  /** Record fields: [name, required, has a literal type, the literal, inherited from Object.prototype]. */
  readonly fields?: readonly (readonly [string, boolean, boolean, unknown, boolean])[];
  readonly names?: ReadonlySet<string>;
  /** Tuple length bounds [min, max] (max -1: a rest element). */
  readonly tuple?: readonly [number, number];
}

/** The bit of each value kind; pickMember computes the same bits inline (it must be self-contained). */
const KIND_BITS: Readonly<Record<string, number>> = {
  null: 1,
  undefined: 2,
  boolean: 4,
  string: 8,
  number: 16,
  bigint: 32,
  function: 64,
  symbol: 128,
  array: 256,
  object: 512,
  date: 1024,
  set: 2048,
  map: 4096,
  bytes: 8192,
};
const ANY_KIND = 16383;

/**
 * The index of the member that fits `v` best, or -1 when none fits or several fit equally well.
 * Self-contained (no outer names): the compiled back end embeds its source text. It runs only on
 * a value the union rejected, but `validate` on invalid values is measured (bench/validators): no
 * allocation but the key list, read once for all members.
 */
export function pickMember(plan: readonly MemberPlan[], v: unknown): number {
  let bits: number;
  const type = typeof v;
  if (v === null) bits = 1;
  else if (type === "object") {
    if (Array.isArray(v)) bits = 256;
    else {
      bits = 512;
      if (v instanceof Date) bits |= 1024;
      if (v instanceof Set) bits |= 2048;
      if (v instanceof Map) bits |= 4096;
      if (v instanceof Uint8Array) bits |= 8192;
    }
  } else if (type === "undefined") bits = 2;
  else if (type === "boolean") bits = 4;
  else if (type === "string") bits = 8;
  else if (type === "number") bits = 16;
  else if (type === "bigint") bits = 32;
  else if (type === "function") bits = 64;
  else bits = 128;
  let keys: string[] | undefined;
  let best = -1;
  let tie = false;
  // Scores, compared in order: fields equal to their literal (a tag), minus required fields
  // missing, minus keys the member does not declare.
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  for (let i = 0; i < plan.length; i++) {
    const m = plan[i]!;
    if ((m.mask & bits) === 0) continue;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    if (m.tuple !== undefined && Array.isArray(v)) {
      s0 = v.length >= m.tuple[0] && (m.tuple[1] < 0 || v.length <= m.tuple[1]) ? 1 : 0;
    } else if (m.fields !== undefined && type === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      const fields = m.fields;
      for (let j = 0; j < fields.length; j++) {
        const f = fields[j]!;
        const x = f[4] ? (Object.hasOwn(o, f[0]) ? o[f[0]] : undefined) : o[f[0]];
        if (x === undefined) {
          if (f[1]) s1--;
        } else if (f[2] && x === f[3]) s0++;
      }
      if (keys === undefined) keys = Object.keys(o);
      const names = m.names!;
      for (let j = 0; j < keys.length; j++) if (!names.has(keys[j]!)) s2--;
    }
    const order = best < 0 ? 1 : s0 !== b0 ? s0 - b0 : s1 !== b1 ? s1 - b1 : s2 - b2;
    if (order > 0) {
      best = i;
      b0 = s0;
      b1 = s1;
      b2 = s2;
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
  const kinds = kindsOf(m, bodies, new Set());
  const mask = kinds.has("*") ? ANY_KIND : [...kinds].reduce((bits, k) => bits | (KIND_BITS[k] ?? 0), 0);
  const top = resolve(m, bodies);
  if (top.kind === "tuple") {
    const required = top.elements.filter((el) => (el.kind ?? "required") === "required").length;
    const rest = top.elements.some((el) => el.kind === "rest");
    return { mask, tuple: [required, rest ? -1 : top.elements.length] };
  }
  const records =
    top.kind === "record"
      ? [top]
      : top.kind === "intersection" && top.members.every((x) => x.kind === "record")
        ? (top.members as ExprOf<"record">[])
        : [];
  if (records.length === 0) return { mask };
  const fields = records.flatMap((r) =>
    r.fields.map((f) => {
      const required = f.optional !== true && !["optional", "undefined", "any"].includes(f.type.kind);
      const literal = f.type.kind === "literal";
      const value = literal ? (f.type as ExprOf<"literal">).value : null;
      return [f.name, required, literal, value, f.name in Object.prototype] as const;
    }),
  );
  return { mask, fields, names: new Set(fields.map((f) => f[0])) };
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

/** The value kinds (KIND_BITS' names, "*" for all) the top level of `e` can accept. */
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

/**
 * `pickMember` specialized to one plan, as JavaScript source (an expression giving `(v) => index`),
 * for generated code: the plan's names, literals and bounds become constants, so its reads are
 * named property loads rather than keyed loads of names taken from an array. Same algorithm, same
 * reads in the same order, same answer (union-pick.test.ts holds the two equal).
 */
export function pickerSource(plan: readonly MemberPlan[]): string {
  const all = plan.reduce((bits, m) => bits | m.mask, 0);
  const sets: string[] = [];
  const kind = [
    "let bits;",
    "const type = typeof v;",
    "if (v === null) bits = 1;",
    'else if (type === "object") {',
    "if (Array.isArray(v)) bits = 256;",
    "else {",
    "bits = 512;",
    ...(
      [
        [1024, "Date"],
        [2048, "Set"],
        [4096, "Map"],
        [8192, "Uint8Array"],
      ] as const
    )
      // A class no member accepts changes no member's fit: not tested.
      .filter(([bit]) => (all & bit) !== 0)
      .map(([bit, cls]) => `if (v instanceof ${cls}) bits |= ${bit};`),
    "}",
    '} else if (type === "undefined") bits = 2;',
    'else if (type === "boolean") bits = 4;',
    'else if (type === "string") bits = 8;',
    'else if (type === "number") bits = 16;',
    'else if (type === "bigint") bits = 32;',
    'else if (type === "function") bits = 64;',
    "else bits = 128;",
  ];
  const members = plan.map((m, i) => {
    const body: string[] = ["s0 = 0;", "s1 = 0;", "s2 = 0;"];
    if (m.tuple !== undefined) {
      const [min, max] = m.tuple;
      body.push(
        `if (Array.isArray(v)) s0 = v.length >= ${min}${max < 0 ? "" : ` && v.length <= ${max}`} ? 1 : 0;`,
      );
    } else if (m.fields !== undefined) {
      body.push('if (type === "object" && v !== null) {');
      for (const [name, required, literal, value, inherited] of m.fields) {
        const key = JSON.stringify(name);
        body.push(`x = ${inherited ? `Object.hasOwn(v, ${key}) ? v[${key}] : undefined` : `v[${key}]`};`);
        const present = literal ? ` else if (x === ${JSON.stringify(value)}) s0++;` : "";
        body.push(`if (x === undefined) {${required ? " s1--;" : ""} }${present}`);
      }
      body.push("if (keys === undefined) keys = Object.keys(v);");
      const names = [...m.names!];
      // A switch over a few constant names costs less than a Set lookup per key.
      if (names.length <= 16) {
        const cases = names.map((n) => `case ${JSON.stringify(n)}: `).join("");
        body.push(`for (let j = 0; j < keys.length; j++) switch (keys[j]) { ${cases}break; default: s2--; }`);
      } else {
        sets.push(`const n${i} = new Set(${JSON.stringify(names)});`);
        body.push(`for (let j = 0; j < keys.length; j++) if (!n${i}.has(keys[j])) s2--;`);
      }
      body.push("}");
    }
    body.push(
      "order = best < 0 ? 1 : s0 !== b0 ? s0 - b0 : s1 !== b1 ? s1 - b1 : s2 - b2;",
      `if (order > 0) { best = ${i}; b0 = s0; b1 = s1; b2 = s2; tie = false; } else if (order === 0) tie = true;`,
    );
    return `if ((bits & ${m.mask}) !== 0) {\n${body.join("\n")}\n}`;
  });
  return [
    "(() => {",
    ...sets,
    "return (v) => {",
    ...kind,
    "let keys, x, order, s0, s1, s2, b0 = 0, b1 = 0, b2 = 0, best = -1, tie = false;",
    ...members,
    "return tie ? -1 : best;",
    "};",
    "})()",
  ].join("\n");
}
