/**
 * The compiled back end: JavaScript source for `is` and `equals` of a TypeExpr, emitted at build
 * time (by the ts-patch plugin or `causality generate`) so no code is evaluated at run time and it
 * runs under a strict CSP. Leaves become inline expressions; records, lists, unions and recursion
 * become small named functions. Semantics are the interpreter's (interpret.ts), checked equal by
 * the differential tests. The output is deterministic: the same TypeExpr gives the same text.
 */
import { canonicalize } from "../canonical.js";
import { fieldsInDeclarationOrder } from "../declaration-order.js";
import type { Constraint, ExprOf, TypeExpr } from "../type-expr.js";
import { anyNode, hasRef } from "../walk.js";
import { ON_PATH, ValidateCompiler } from "./compile-validate.js";
import { rangeLiterals } from "./double-bounds.js";
import { calendarOk, FORMAT_SOURCES } from "./formats.js";
import {
  discriminant,
  MAX_ARRAY_LENGTH,
  MAX_VALUE_DEPTH,
  numericKey,
  opensAtTop,
  spreadRefinedKey,
} from "./interpret.js";
import { type IndexSignatures, indexSignatures } from "./signatures.js";
import { bigintOf, bigintText, type Hole, holeOf, numberText, splitTemplate } from "./template.js";

/** A JS expression evaluating to `{ is(value), equals(value), issues(value) }`. */
export function compileValidatorSource(expr: TypeExpr): string {
  const c = new Compiler();
  const root = canonicalize(expr);
  const is = c.fn(root, false);
  const equals = c.fn(root, true);
  const validate = new ValidateCompiler(c).fn(root);
  return [
    "(() => {",
    '"use strict";',
    "const own = Object.prototype.hasOwnProperty;",
    'const obj = (v) => typeof v === "object" && v !== null && !Array.isArray(v);',
    // Set when a check ran out of depth (or met a cycle): a failing union then reports too_deep.
    "let deep = false;",
    // Union verdicts on objects in this call (interpret.ts's Verdicts), and the deepest `d` reached
    // since the innermost remembering union began: see union().
    "let failed = null;",
    "let peak = 0;",
    ...(c.usesOnPath ? ON_PATH : []),
    ...c.decls,
    // A getter or Proxy trap that throws makes the value invalid; `failed` is reset only where used.
    ...(["is", "equals"] as const).map(
      (name, i) =>
        `const ${name} = (v) => { ${c.usesFailed ? "failed = null; " : ""}try { return ${i === 0 ? is : equals}(v, 0); } catch { return false; } };`,
    ),
    // validate returns the issue list (empty when valid, and only then: a rejection always has an
    // issue, the verdict being what `validate` decides by); a throwing getter or trap becomes `unreadable`.
    // `max`: issues to collect at most (1 for assert); checks stop once they have them.
    "let max = Infinity;",
    `const issues = (v, limit) => { const out = []; max = limit === undefined ? Infinity : limit; deep = false; failed = null; try { if (!${validate}(v, "$input", out, 0) && out.length === 0) out.push({ code: "unreadable", path: "$input", expected: "a value that reads the same every time", value: undefined }); } catch (e) { if (out.length < max) out.push({ code: "unreadable", path: "$input", expected: "a readable value", value: e instanceof Error ? e.message : String(e) }); } return out; };`,
    "return { is, equals, issues };",
    "})()",
  ].join("\n");
}

export class Compiler {
  readonly decls: string[] = [];
  counter = 0;
  /** Whether a generated union remembers failures (the `failed` map, reset on every call). */
  usesFailed = false;
  /** Whether generated `validate` code tracks the objects on its path (recursive types: cycles). */
  usesOnPath = false;
  private readonly consts = new Map<string, string>();
  private readonly binders: string[][] = [[], []];

  /** Lets the validate compiler resolve refs of `is` tests it emits inside a recursive type. */
  pushBinder(fn: string): void {
    this.binders[0]!.push(fn);
  }

  popBinder(): void {
    this.binders[0]!.pop();
  }

  name(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  /** A module-level constant, shared when the same source repeats. */
  constant(source: string): string {
    let id = this.consts.get(source);
    if (!id) {
      id = this.name("k");
      this.consts.set(source, id);
      this.decls.push(`const ${id} = ${source};`);
    }
    return id;
  }

  /**
   * Emits `function fN(v, d)` for `e` and returns its name. `given`: a record field whose value the
   * caller already read, passed as a third parameter `g` (so it is not read twice). `open`: a member
   * of an intersection in `equals`, exact below its top-level keys, which the intersection judges.
   */
  fn(e: TypeExpr, exact: boolean, objectKnown = false, given?: string, open = false): string {
    // `equals` differs from `is` only where a record can see extra keys: elsewhere share the function.
    const mode = exact && checksKeys(e);
    const opened = mode && open;
    const reusable = !hasRef(e);
    const key = `${mode ? "e" : "f"}${objectKnown ? "o" : ""}${opened ? "n" : ""}${given === undefined ? "" : JSON.stringify(given)}`;
    const known = reusable ? this.memo.get(e)?.[key] : undefined;
    if (known) return known;
    const id = this.name(mode ? "e" : "f");
    const body =
      e.kind === "record" ? this.record(e, mode, objectKnown, given, opened) : this.body(e, mode, id, opened);
    this.decls.push(`function ${id}(v, d${given === undefined ? "" : ", g"}) {\n${body}\n}`);
    if (reusable) this.memo.set(e, { ...this.memo.get(e), [key]: id });
    return id;
  }

  /** Functions already emitted per subtree (only for subtrees without refs, whose code needs no binder context). */
  private readonly memo = new Map<TypeExpr, Record<string, string>>();

  private body(e: TypeExpr, exact: boolean, self: string, open = false): string {
    switch (e.kind) {
      case "record":
        return this.record(e, exact, false, undefined, open);
      case "list":
        return `if (!Array.isArray(v)) return false;\nconst n = v.length;\nif (!(n <= ${MAX_ARRAY_LENGTH})) return false;\nfor (let i = 0; i < n; i++) { const x = v[i]; if (!(${this.test(e.element, "x", exact)})) return false; }\nreturn true;`;
      case "set":
        return `if (!(v instanceof Set)) return false;\nfor (const x of v) if (!(${this.test(e.element, "x", exact)})) return false;\nreturn true;`;
      case "map":
        return `if (!(v instanceof Map)) return false;\nfor (const [k, x] of v) if (!(${this.test(e.key, "k", exact)}) || !(${this.test(e.value, "x", exact)})) return false;\nreturn true;`;
      case "dict":
        return `if (!obj(v)) return false;\nfor (const k of Object.keys(v)) { if (!(${this.key(e.key, "k")})) return false; const x = v[k]; if (!(${this.test(e.value, "x", exact)})) return false; }\nreturn true;`;
      case "tuple":
        return this.tuple(e, exact);
      case "union":
        return this.union(e, exact, open);
      case "intersection": {
        const signatures = indexSignatures(e);
        if (signatures) return this.signatures(signatures, exact, open);
        // In `equals` each member is exact below its own keys, which the intersection judges as a
        // whole (interpret.ts does the same; a member opening on a recursion binder is checked as by `is`).
        const members = e.members
          .map((m) => {
            const below = exact && opensAtTop(m);
            return `(${this.test(m, "v", below, below)})`;
          })
          .join(" && ");
        if (!exact || open || e.members.some((m) => m.kind !== "record")) return `return ${members};`;
        const keys = this.constant(
          `new Set(${JSON.stringify(e.members.flatMap((m) => (m as ExprOf<"record">).fields.map((f) => f.name)))})`,
        );
        return `if (!(${members})) return false;\nif (obj(v)) for (const k of Object.keys(v)) if (!${keys}.has(k) && v[k] !== undefined) return false;\nreturn true;`;
      }
      case "recursive": {
        this.binders[exact ? 1 : 0]!.push(self);
        // The body's own checks go in this function (one call per level, not two) when it has them.
        const inner = INLINE_BODY.has(e.body.kind)
          ? this.body(e.body, exact, self)
          : `return ${this.test(e.body, "v", exact)};`;
        this.binders[exact ? 1 : 0]!.pop();
        return `if (d >= ${MAX_VALUE_DEPTH}) { deep = true; return false; }\nd++;\nif (d > peak) peak = d;\n${inner}`;
      }
      default:
        return `return ${this.test(e, "v", exact)};`;
    }
  }

  /** Records and index signatures in one object (signatures.ts); `open` as in `fn`. */
  private signatures(sig: IndexSignatures, exact: boolean, open: boolean): string {
    const lines = ["if (!obj(v)) return false;"];
    for (const r of sig.records) lines.push(`if (!(${this.test(r, "v", exact, exact)})) return false;`);
    lines.push("for (const k of Object.keys(v)) {", "const x = v[k];");
    const keys = exact && !open;
    if (keys) lines.push(`let known = ${this.constant(`new Set(${JSON.stringify(sig.declared)})`)}.has(k);`);
    for (const d of sig.dicts) {
      lines.push(
        `if (${this.key(d.key, "k")}) { ${keys ? "known = true; " : ""}if (!(${this.test(d.value, "x", exact)})) return false; }`,
      );
    }
    if (keys) lines.push("if (!known && x !== undefined) return false;");
    lines.push("}", "return true;");
    return lines.join("\n");
  }

  /** A boolean JS expression testing variable `v` against `e`; `open` as in `fn`. */
  test(e: TypeExpr, v: string, exact: boolean, open = false): string {
    switch (e.kind) {
      case "any":
        return "true";
      case "unit":
        return `${v} === null`;
      case "undefined":
        return `${v} === undefined`;
      case "bool":
        return `typeof ${v} === "boolean"`;
      case "string":
        return `typeof ${v} === "string"`;
      case "number":
        return `typeof ${v} === "number"`;
      case "bigint":
        return `typeof ${v} === "bigint"`;
      case "function":
        return `typeof ${v} === "function"`;
      case "integer":
        return `Number.isInteger(${v})`;
      case "range": {
        // Bounds as the nearest doubles inside the range: exact for every JS number, no BigInt.
        const [min, max] = rangeLiterals(e.min, e.max);
        return `(Number.isInteger(${v}) && ${v} >= ${min} && ${v} <= ${max})`;
      }
      case "bigintRange":
        return `(typeof ${v} === "bigint" && ${v} >= ${e.min}n && ${v} <= ${e.max}n)`;
      case "literal":
        return `${v} === ${JSON.stringify(e.value)}`;
      case "bigintLiteral":
        return `${v} === ${e.value}n`;
      case "enum":
        return `${this.constant(`new Set(${JSON.stringify(e.members.map((m) => m.value))})`)}.has(${v})`;
      case "fixed": {
        const re = this.constant(`/^-?(0|[1-9][0-9]*)${e.scale > 0 ? `(\\.[0-9]{1,${e.scale}})?` : ""}$/`);
        return `(typeof ${v} === "string" && ${re}.test(${v}))`;
      }
      case "ratio":
        return `(typeof ${v} === "string" && ${this.constant("/^-?(0|[1-9][0-9]*)\\/[1-9][0-9]*$/")}.test(${v}))`;
      case "bytes":
        return `(${v} instanceof Uint8Array && Object.getPrototypeOf(${v}) === Uint8Array.prototype)`;
      case "date":
        return `${v} instanceof Date`;
      case "template":
        return `(typeof ${v} === "string" && ${this.template(e)}(${v}))`;
      case "optional":
        return `(${v} === undefined || ${this.test(e.inner, v, exact, open)})`;
      case "refine":
        return `(${[this.test(e.base, v, exact, open), ...e.constraints.map((c) => this.constraint(c, v, e.base.kind))].join(" && ")})`;
      case "union":
        // Small literal unions inline as comparisons: no call, no Set lookup.
        if (e.members.length > 0 && e.members.length <= 8 && e.members.every((m) => m.kind === "literal")) {
          return `(${e.members.map((m) => `${v} === ${JSON.stringify((m as ExprOf<"literal">).value)}`).join(" || ")})`;
        }
        return `${this.fn(e, exact, false, undefined, open)}(${v}, d)`;
      case "ref": {
        const stack = this.binders[exact ? 1 : 0]!;
        return `${stack[stack.length - 1 - (e.index ?? 0)]}(${v}, d)`;
      }
      default:
        return `${this.fn(e, exact, false, undefined, open)}(${v}, d)`;
    }
  }

  /** `objectKnown`: the caller already checked that `v` is a plain object (a union of records). */
  private record(
    e: ExprOf<"record">,
    exact: boolean,
    objectKnown = false,
    given?: string,
    open = false,
  ): string {
    const lines = objectKnown ? [] : ["if (!obj(v)) return false;"];
    fieldsInDeclarationOrder(e).forEach((f, i) => {
      const key = JSON.stringify(f.name);
      const read =
        f.name === given
          ? "g"
          : f.name in Object.prototype
            ? `(own.call(v, ${key}) ? v[${key}] : undefined)`
            : `v[${key}]`;
      const optional = !isRequired(f);
      const test = this.test(f.type, `x${i}`, exact);
      lines.push(`const x${i} = ${read};`);
      // A missing key reads as undefined, which most tests reject on their own.
      lines.push(
        optional
          ? `if (x${i} !== undefined && !(${test})) return false;`
          : rejectsUndefined(f.type)
            ? `if (!(${test})) return false;`
            : `if (x${i} === undefined || !(${test})) return false;`,
      );
    });
    if (exact && !open) {
      const keys = this.constant(`new Set(${JSON.stringify(e.fields.map((f) => f.name))})`);
      lines.push(`for (const k of Object.keys(v)) if (!${keys}.has(k) && v[k] !== undefined) return false;`);
    }
    lines.push("return true;");
    return lines.join("\n");
  }

  private tuple(e: ExprOf<"tuple">, exact: boolean): string {
    const restAt = e.elements.findIndex((el) => el.kind === "rest");
    const required = e.elements.filter((el) => (el.kind ?? "required") === "required").length;
    const lines = [
      "if (!Array.isArray(v)) return false;",
      "const n = v.length;",
      `if (!(n <= ${MAX_ARRAY_LENGTH})) return false;`,
      `if (n < ${required}) return false;`,
    ];
    if (restAt < 0) {
      lines.push(`if (n > ${e.elements.length}) return false;`);
      e.elements.forEach((el, i) => {
        const test = this.test(el.type, `v[${i}]`, exact);
        lines.push(
          el.kind === "optional"
            ? `if (n > ${i} && v[${i}] !== undefined && !(${test})) return false;`
            : `if (!(${test})) return false;`,
        );
      });
    } else {
      const head = e.elements.slice(0, restAt);
      const tail = e.elements.slice(restAt + 1);
      head.forEach((el, i) => {
        const test = this.test(el.type, `v[${i}]`, exact);
        lines.push(
          el.kind === "optional"
            ? `if (n - ${tail.length} > ${i} && v[${i}] !== undefined && !(${test})) return false;`
            : `if (!(${test})) return false;`,
        );
      });
      lines.push(
        `for (let i = ${head.length}; i < n - ${tail.length}; i++) { const x = v[i]; if (!(${this.test(e.elements[restAt]!.type, "x", exact)})) return false; }`,
      );
      tail.forEach((el, j) => {
        lines.push(
          `{ const x = v[n - ${tail.length - j}]; if (!(${this.test(el.type, "x", exact)})) return false; }`,
        );
      });
    }
    lines.push("return true;");
    return lines.join("\n");
  }

  private union(e: ExprOf<"union">, exact: boolean, open = false): string {
    if (e.members.length === 0) return "return false;";
    if (e.members.every((m) => m.kind === "literal")) {
      const set = this.constant(
        `new Set(${JSON.stringify(e.members.map((m) => (m as ExprOf<"literal">).value))})`,
      );
      return `return ${set}.has(v);`;
    }
    const tag = discriminant(e);
    if (tag) {
      const cases = e.members.map((m) => {
        const value = ((m as ExprOf<"record">).fields.find((f) => f.name === tag)!.type as ExprOf<"literal">)
          .value;
        return `case ${JSON.stringify(value)}: return ${this.member(m, exact, open)};`;
      });
      return `if (!obj(v)) return false;\nswitch (v[${JSON.stringify(tag)}]) {\n${cases.join("\n")}\ndefault: return false;\n}`;
    }
    if (!hasRef(e)) {
      // Records only: the object check once, here, rather than in every member tried.
      if (e.members.every((m) => m.kind === "record")) {
        return `if (!obj(v)) return false;\n${this.recordMembers(e.members as ExprOf<"record">[], exact, open)}`;
      }
      return `return ${e.members.map((m) => `(${this.test(m, "v", exact, open)})`).join(" || ")};`;
    }
    const members = e.members.map((m) => `(${this.test(m, "v", exact, open)})`).join(" || ");
    // Members tried in turn over a recursive type can revisit one object exponentially often (each
    // failing deep down, or passing a subtree before failing on a later field): every verdict on an
    // object is remembered for the rest of the call, as interpret.ts's Verdicts (this function
    // stands for one union and one `exact`): under `id`, ±(1 + height) for a verdict that did not
    // run out of depth, valid while `d + height` is within bounds; one that did, under its depth.
    const id = 2 * this.counter++ + (exact ? 1 : 0);
    this.usesFailed = true;
    return [
      `if (typeof v !== "object" || v === null) return ${members};`,
      `const at = -1 - (${id} * 1001 + d);`,
      "let known = failed === null ? undefined : failed.get(v);",
      "if (known !== undefined) {",
      `  let r = known.get(${id}), deepHit = false;`,
      `  if (r === undefined || d + (r < 0 ? -r : r) - 1 > ${MAX_VALUE_DEPTH}) { r = known.get(at); deepHit = r !== undefined; }`,
      "  if (r !== undefined) { const top = d + (r < 0 ? -r : r) - 1; if (top > peak) peak = top; if (deepHit) deep = true; return r > 0; }",
      "}",
      "const before = deep, above = peak;",
      "deep = false;",
      "peak = d;",
      `const ok = ${members};`,
      "const ranOut = deep, height = peak - d;",
      "deep = before || ranOut;",
      "if (above > peak) peak = above;",
      "if (failed === null) failed = new WeakMap();",
      "if (known === undefined) { known = new Map(); failed.set(v, known); }",
      `known.set(ranOut ? at : ${id}, ok ? 1 + height : -1 - height);`,
      "return ok;",
    ].join("\n");
  }

  /**
   * `v`, known to be a plain object, against records tried in turn. Extra keys are allowed, so no
   * key alone selects a member; but a member one of whose required keys is absent cannot match, so
   * a read of that key rules it out before its function is called. The key: the first (in
   * declaration order) that the member requires and some other member does not. Statements ending
   * in `return`.
   */
  recordMembers(members: readonly ExprOf<"record">[], exact: boolean, open = false): string {
    const required = members.map(
      (m) => new Set(m.fields.filter((f) => isRequired(f) && rejectsUndefined(f.type)).map((f) => f.name)),
    );
    const vars: string[] = [];
    const tests = members.map((m, i) => {
      const key = fieldsInDeclarationOrder(m).find(
        (f) =>
          required[i]!.has(f.name) && required.some((r) => !r.has(f.name)) && !(f.name in Object.prototype),
      );
      if (!key) return `${this.fn(m, exact, true, undefined, open)}(v, d)`;
      // The value read here is passed on, so the member does not read it again.
      vars.push(`g${i}`);
      return `((g${i} = v[${JSON.stringify(key.name)}]) !== undefined && ${this.fn(m, exact, true, key.name, open)}(v, d, g${i}))`;
    });
    return `${vars.length > 0 ? `let ${vars.join(", ")};\n` : ""}return ${tests.join(" || ")};`;
  }

  /** A union member's test of `v`, which the union already knows to be a plain object. */
  private member(m: TypeExpr, exact: boolean, open: boolean): string {
    return m.kind === "record"
      ? `${this.fn(m, exact, true, undefined, open)}(v, d)`
      : this.test(m, "v", exact, open);
  }

  key(e: TypeExpr, k: string): string {
    switch (e.kind) {
      case "string":
      case "any":
        return "true";
      case "number":
        return `(String(Number(${k})) === ${k} || ${k} === "NaN" || ${k} === "Infinity" || ${k} === "-Infinity")`;
      case "integer":
        return `${this.constant("/^-?(0|[1-9][0-9]*)$/")}.test(${k})`;
      case "range":
        return `(${this.constant("/^(0|-?[1-9][0-9]*)$/")}.test(${k}) && BigInt(${k}) >= ${e.min}n && BigInt(${k}) <= ${e.max}n)`;
      case "literal":
        return `${k} === ${JSON.stringify(String(e.value))}`;
      case "enum":
        return `${this.constant(`new Set(${JSON.stringify(e.members.map((m) => String(m.value)))})`)}.has(${k})`;
      case "template":
        return `${this.template(e)}(${k})`;
      case "union":
        return anyOf(e.members.map((m) => this.key(m, k)));
      case "refine": {
        // As interpret.ts `keyPredicate`: the constraints apply to what the key names (a number for numeric keys).
        const spread = spreadRefinedKey(e);
        if (spread.kind !== "refine") return this.key(spread, k);
        const numeric = numericKey(spread.base);
        const read = numeric ? `Number(${k})` : k;
        const checks = spread.constraints.map((c) => this.constraint(c, read, numeric ? "number" : "string"));
        return `(${[this.key(spread.base, k), ...checks].join(" && ")})`;
      }
      default:
        return "false";
    }
  }

  /** Emits `function tN(s)` matching a template (see template.ts) and returns its name. */
  template(e: ExprOf<"template">): string {
    const known = this.templates.get(e);
    if (known) return known;
    const id = this.name("t");
    this.templates.set(e, id);
    const split = this.constant(splitTemplate.toString());
    const holes = e.types.map((h, i) => `if (!(${this.hole(holeOf(h), `p[${i}]`)})) return false;`);
    this.decls.push(
      `function ${id}(s) {\nconst d = 0;\nconst p = ${split}(${this.constant(JSON.stringify(e.texts))}, s);\nif (p === undefined) return false;\n${holes.join("\n")}\nreturn true;\n}`,
    );
    return id;
  }

  private readonly templates = new Map<TypeExpr, string>();

  /** A boolean expression: does piece `x` (a string) fit this hole? */
  private hole(h: Hole, x: string): string {
    switch (h.kind) {
      case "any":
        return "true";
      case "none":
        return "false";
      case "texts":
        return h.texts.length <= 8
          ? anyOf(h.texts.map((t) => `${x} === ${JSON.stringify(t)}`))
          : `${this.constant(`new Set(${JSON.stringify(h.texts)})`)}.has(${x})`;
      case "template":
        return `${this.template(h.type)}(${x})`;
      case "some":
        return anyOf(h.holes.map((o) => this.hole(o, x)));
      case "value":
        if (h.reading === "number")
          return `(${this.constant(numberText.toString())}(${x}) && ${this.test(h.type, `(+${x})`, false)})`;
        if (h.reading === "bigint") {
          const read = `${this.constant(bigintOf.toString())}(${x})`;
          return `(${this.constant(bigintText.toString())}(${x}) && ${this.test(h.type, read, false)})`;
        }
        return this.test(h.type, x, false);
    }
  }

  /** A constraint as an expression; the base check already ran, so known bases skip re-testing the kind. */
  constraint(c: Constraint, v: string, base: TypeExpr["kind"]): string {
    const numeric = base === "number" || base === "integer" || base === "range";
    const sized = base === "string" || base === "list" || base === "bytes" || base === "template";
    const num = numeric
      ? v
      : `(typeof ${v} === "number" ? ${v} : typeof ${v} === "bigint" ? Number(${v}) : NaN)`;
    const len = sized
      ? `${v}.length`
      : `((typeof ${v} === "string" || Array.isArray(${v}) || ${v} instanceof Uint8Array) ? ${v}.length : 0)`;
    switch (c.kind) {
      case "minimum":
        return `!(${num} < ${c.value})`;
      case "exclusiveMinimum":
        return `!(${num} <= ${c.value})`;
      case "maximum":
        return `!(${num} > ${c.value})`;
      case "exclusiveMaximum":
        return `!(${num} >= ${c.value})`;
      case "multipleOf":
        return `(Number.isFinite(${num}) && Math.abs(${num} / ${c.value} - Math.round(${num} / ${c.value})) < 1e-9)`;
      case "minLength":
        return `!(${len} < ${c.value})`;
      case "maxLength":
        return `!(${len} > ${c.value})`;
      case "pattern":
        return `(typeof ${v} === "string" && ${this.constant(`new RegExp(${JSON.stringify(c.value)}, "u")`)}.test(${v}))`;
      case "format": {
        const source = Object.hasOwn(FORMAT_SOURCES, c.value) ? FORMAT_SOURCES[c.value] : undefined;
        if (!source) return "false";
        const re = this.constant(source.regex);
        const calendar = source.date ? ` && ${this.constant(calendarOk.toString())}(${v})` : "";
        return `(typeof ${v} === "string" && ${re}.test(${v})${calendar})`;
      }
    }
  }
}

/** Alternatives as one expression; none is `false` (an empty enum or `never` as a key or hole). */
function anyOf(parts: readonly string[]): string {
  return parts.length === 0 ? "false" : `(${parts.join(" || ")})`;
}

const KEYS_CACHE = new WeakMap<TypeExpr, boolean>();

/** Whether `equals` can differ from `is` here: a record or intersection below sees extra keys. */
function checksKeys(e: TypeExpr): boolean {
  return anyNode(e, (x) => x.kind === "record" || x.kind === "intersection" || x.kind === "ref", KEYS_CACHE);
}

/** Kinds whose check, put straight into a recursion binder's function, needs no function of its own. */
const INLINE_BODY = new Set<TypeExpr["kind"]>(["record", "list", "dict", "tuple", "union", "intersection"]);

/** Whether a record field must be present (not `?`, and its type does not admit undefined). */
function isRequired(f: ExprOf<"record">["fields"][number]): boolean {
  return f.optional !== true && !["optional", "undefined", "any"].includes(f.type.kind);
}

/** Whether the `is` test of `e` surely rejects `undefined` (false when unsure). */
function rejectsUndefined(e: TypeExpr): boolean {
  switch (e.kind) {
    case "any":
    case "undefined":
    case "optional":
    case "ref":
    case "recursive":
      return false;
    case "refine":
      return rejectsUndefined(e.base);
    case "union":
      return e.members.every(rejectsUndefined);
    case "intersection":
      return e.members.some(rejectsUndefined);
    default:
      return true;
  }
}
