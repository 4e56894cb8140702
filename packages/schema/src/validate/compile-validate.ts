/**
 * The compiled `validate`: generated functions `wN(v, p, out, d)` that push every issue, in the
 * interpreter's order and with its codes, paths and expected texts (the differential tests compare
 * the two issue lists). Verdict-only sub-checks (union members) reuse the compiled `is` tests.
 */

import { fieldsInDeclarationOrder } from "../declaration-order.js";
import type { Constraint, ExprOf, TypeExpr } from "../type-expr.js";
import { hasRef } from "../walk.js";
import type { Compiler } from "./compile.js";
import { rangeLiterals } from "./double-bounds.js";
import {
  admitsUndefined,
  CYCLE_EXPECTED,
  discriminant,
  MAX_ARRAY_LENGTH,
  MAX_VALUE_DEPTH,
} from "./interpret.js";
import { expectedText, ISSUE } from "./issues.js";
import { keyPath } from "./path.js";
import { type IndexSignatures, indexSignatures } from "./signatures.js";
import { pickerSource, unionPlan } from "./union-pick.js";

const ISSUE_CODE: Readonly<Record<Constraint["kind"], string>> = {
  minimum: ISSUE.tooSmall,
  exclusiveMinimum: ISSUE.tooSmall,
  maximum: ISSUE.tooBig,
  exclusiveMaximum: ISSUE.tooBig,
  multipleOf: ISSUE.notMultipleOf,
  minLength: ISSUE.tooSmall,
  maxLength: ISSUE.tooBig,
  pattern: ISSUE.patternMismatch,
  format: ISSUE.invalidFormat,
};

/** Emitted after a failure inside a loop: stop once `max` issues are collected (assert wants one). */
const FULL = "if (out.length >= max) return false;";

export class ValidateCompiler {
  private readonly binders: string[] = [];
  /** Bodies of the enclosing binders (a union's member plan resolves refs to them). */
  private readonly bodies: TypeExpr[] = [];

  constructor(private readonly c: Compiler) {}

  private expected(e: TypeExpr): string {
    return this.c.constant(JSON.stringify(expectedText(e)));
  }

  /** `push(code, path, expected, value)` as code; always evaluates to false. */
  private fail(code: string, p: string, expected: string, value: string): string {
    return `(out.length < max && out.push({ code: ${JSON.stringify(code)}, path: ${p}, expected: ${expected}, value: ${value} }), false)`;
  }

  /**
   * Emits `function wN(v, p, out, d)` for `e` and returns its name. A subtree without refs needs no
   * binder context (its path and depth are parameters), so one function serves every use of it: the
   * canonical form keeps an input's shared subtrees shared, and a copy per use grows as 2^depth.
   */
  fn(e: TypeExpr): string {
    const reusable = !hasRef(e);
    const known = reusable ? this.memo.get(e) : undefined;
    if (known) return known;
    const id = this.c.name("w");
    const body = this.body(e, id);
    this.c.decls.push(`function ${id}(v, p, out, d) {\n${body}\n}`);
    if (reusable) this.memo.set(e, id);
    return id;
  }

  private readonly memo = new Map<TypeExpr, string>();

  /** A call validating `v` at path `p`, as an expression returning the verdict. */
  private call(e: TypeExpr, v: string, p: string): string {
    const ex = this.expected(e);
    switch (e.kind) {
      case "any":
        return "true";
      case "unit":
      case "undefined":
      case "bool":
      case "string":
      case "number":
      case "bigint":
      case "function":
      case "literal":
      case "bigintLiteral":
      case "enum":
      case "fixed":
      case "ratio":
      case "bytes":
      case "date":
      case "template":
        return `(${this.c.test(e, v, false)} || ${this.fail(ISSUE.invalidType, p, ex, v)})`;
      case "optional":
        return `(${v} === undefined || ${this.call(e.inner, v, p)})`;
      case "ref":
        return `${this.binders[this.binders.length - 1 - (e.index ?? 0)]}(${v}, ${p}, out, d)`;
      default:
        return `${this.fn(e)}(${v}, ${p}, out, d)`;
    }
  }

  private body(e: TypeExpr, self: string): string {
    const ex = this.expected(e);
    const fail = (code: string) => `return ${this.fail(code, "p", ex, "v")};`;
    switch (e.kind) {
      case "integer":
        return `if (typeof v !== "number") ${fail(ISSUE.invalidType)}\nif (!Number.isInteger(v)) ${fail(ISSUE.notInteger)}\nreturn true;`;
      case "range": {
        const [min, max] = rangeLiterals(e.min, e.max);
        const below = `v < ${min}`;
        const above = `v > ${max}`;
        return [
          `if (typeof v !== "number") ${fail(ISSUE.invalidType)}`,
          `if (!Number.isInteger(v)) ${fail(ISSUE.notInteger)}`,
          `if (${below}) ${fail(ISSUE.tooSmall)}`,
          `if (${above}) ${fail(ISSUE.tooBig)}`,
          "return true;",
        ].join("\n");
      }
      case "bigintRange":
        return [
          `if (typeof v !== "bigint") ${fail(ISSUE.invalidType)}`,
          `if (v < ${e.min}n) ${fail(ISSUE.tooSmall)}`,
          `if (v > ${e.max}n) ${fail(ISSUE.tooBig)}`,
          "return true;",
        ].join("\n");
      case "list":
        return `if (!Array.isArray(v)) ${fail(ISSUE.invalidType)}\nconst n = v.length;\nif (!(n <= ${MAX_ARRAY_LENGTH})) ${fail(ISSUE.invalidType)}\nlet ok = true;\nfor (let i = 0; i < n; i++) if (!${this.call(e.element, "v[i]", 'p + "[" + i + "]"')}) { ok = false; ${FULL} }\nreturn ok;`;
      case "set":
        return `if (!(v instanceof Set)) ${fail(ISSUE.invalidType)}\nlet ok = true, i = 0;\nfor (const x of v) { if (!${this.call(e.element, "x", 'p + "[" + i + "]"')}) { ok = false; ${FULL} } i++; }\nreturn ok;`;
      case "map":
        return `if (!(v instanceof Map)) ${fail(ISSUE.invalidType)}\nlet ok = true, i = 0;\nfor (const [k, x] of v) { const at = p + "[" + i + "]"; if (!${this.call(e.key, "k", 'at + "[0]"')}) ok = false; if (!${this.call(e.value, "x", 'at + "[1]"')}) ok = false; if (!ok) { ${FULL} } i++; }\nreturn ok;`;
      case "dict": {
        const keyEx = this.expected(e.key);
        return [
          `if (!obj(v)) ${fail(ISSUE.invalidType)}`,
          "let ok = true;",
          `for (const k of Object.keys(v)) { const at = ${this.c.constant('(p, k) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? p + "." + k : p + "[" + JSON.stringify(k) + "]"')}(p, k);`,
          `  if (!(${this.c.key(e.key, "k")})) { ${this.fail(ISSUE.invalidKey, "at", keyEx, "k")}; ok = false; }`,
          `  else if (!${this.call(e.value, "v[k]", "at")}) ok = false;`,
          `  if (!ok) { ${FULL} } }`,
          "return ok;",
        ].join("\n");
      }
      case "record": {
        const lines = [`if (!obj(v)) ${fail(ISSUE.invalidType)}`, "let ok = true;"];
        fieldsInDeclarationOrder(e).forEach((f, i) => {
          const key = JSON.stringify(f.name);
          const read =
            f.name in Object.prototype ? `(own.call(v, ${key}) ? v[${key}] : undefined)` : `v[${key}]`;
          const at = `p + ${JSON.stringify(keyPath("", f.name))}`;
          const optional = f.optional === true || admitsUndefined(f.type);
          lines.push(`const x${i} = ${read};`);
          lines.push(
            optional
              ? `if (x${i} !== undefined && !${this.call(f.type, `x${i}`, at)}) ok = false;`
              : `if (x${i} === undefined) { ${this.fail(ISSUE.missingKey, at, this.expected(f.type), "undefined")}; ok = false; } else if (!${this.call(f.type, `x${i}`, at)}) ok = false;`,
          );
        });
        lines.push("return ok;");
        return lines.join("\n");
      }
      case "tuple":
        return this.tuple(e, fail);
      case "union":
        return this.union(e, ex, fail);
      case "intersection": {
        const signatures = indexSignatures(e);
        if (signatures) return this.signatures(signatures, fail);
        return `let ok = true;\n${e.members.map((m) => `if (!${this.call(m, "v", "p")}) ok = false;`).join("\n")}\nreturn ok;`;
      }
      case "refine": {
        const lines = [`if (!${this.call(e.base, "v", "p")}) return false;`];
        for (const c of e.constraints) {
          lines.push(
            `if (!(${this.c.constraint(c, "v", e.base.kind)})) return ${this.fail(ISSUE_CODE[c.kind], "p", ex, "v")};`,
          );
        }
        lines.push("return true;");
        return lines.join("\n");
      }
      case "recursive": {
        // Verdict-only checks inside (union members) need the `is` function of this binder too.
        const isSelf = this.c.fn(e, false);
        this.binders.push(self);
        this.bodies.push(e.body);
        this.c.pushBinder(isSelf);
        const inner = this.call(e.body, "v", "p");
        this.c.popBinder();
        this.bodies.pop();
        this.binders.pop();
        const tooDeep = this.c.constant(JSON.stringify(`at most ${MAX_VALUE_DEPTH} levels of nesting`));
        const cycle = this.c.constant(JSON.stringify(CYCLE_EXPECTED));
        // Objects this binder is checking now (see ON_PATH): a value met again on its own path is a cycle.
        const open = this.c.name("o");
        this.c.decls.push(`const ${open} = { stack: [], far: null };`);
        this.c.usesOnPath = true;
        return [
          `if (d >= ${MAX_VALUE_DEPTH}) { deep = true; return ${this.fail(ISSUE.tooDeep, "p", tooDeep, "undefined")}; }`,
          "d++;",
          `if (typeof v !== "object" || v === null) return ${inner};`,
          `if (!enter(${open}, v)) { deep = true; return ${this.fail(ISSUE.tooDeep, "p", cycle, "undefined")}; }`,
          `try { return ${inner}; } finally { leave(${open}); }`,
        ].join("\n");
      }
      default:
        return `return ${this.call(e, "v", "p")};`;
    }
  }

  /** Records and index signatures in one object (signatures.ts); as the interpreter, without `exact`. */
  private signatures(sig: IndexSignatures, fail: (code: string) => string): string {
    const lines = [`if (!obj(v)) ${fail(ISSUE.invalidType)}`, "let ok = true;"];
    for (const r of sig.records) lines.push(`if (!${this.call(r, "v", "p")}) { ok = false; ${FULL} }`);
    lines.push(
      `for (const k of Object.keys(v)) { const at = ${this.c.constant('(p, k) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? p + "." + k : p + "[" + JSON.stringify(k) + "]"')}(p, k);`,
    );
    for (const d of sig.dicts) {
      lines.push(
        `  if (${this.c.key(d.key, "k")} && !${this.call(d.value, "v[k]", "at")}) { ok = false; ${FULL} }`,
      );
    }
    lines.push("}", "return ok;");
    return lines.join("\n");
  }

  private tuple(e: ExprOf<"tuple">, fail: (code: string) => string): string {
    const restAt = e.elements.findIndex((el) => el.kind === "rest");
    const head = restAt < 0 ? e.elements : e.elements.slice(0, restAt);
    const tail = restAt < 0 ? [] : e.elements.slice(restAt + 1);
    const required = e.elements.filter((el) => (el.kind ?? "required") === "required").length;
    const lines = [
      `if (!Array.isArray(v)) ${fail(ISSUE.invalidType)}`,
      "const n = v.length;",
      `if (!(n <= ${MAX_ARRAY_LENGTH})) ${fail(ISSUE.invalidType)}`,
    ];
    lines.push(
      `if (n < ${required}${restAt < 0 ? ` || n > ${e.elements.length}` : ""}) ${fail(ISSUE.invalidLength)}`,
    );
    lines.push("let ok = true;");
    head.forEach((el, i) => {
      const check = this.call(el.type, `v[${i}]`, `p + "[${i}]"`);
      lines.push(
        el.kind === "optional"
          ? `if (${i} < n - ${tail.length} && v[${i}] !== undefined && !${check}) ok = false;`
          : `if (${i} < n - ${tail.length} && !${check}) ok = false;`,
      );
    });
    if (restAt >= 0) {
      lines.push(
        `for (let i = ${head.length}; i < n - ${tail.length}; i++) if (!${this.call(e.elements[restAt]!.type, "v[i]", 'p + "[" + i + "]"')}) { ok = false; ${FULL} }`,
      );
      tail.forEach((el, j) => {
        lines.push(
          `{ const i = n - ${tail.length - j}; if (!${this.call(el.type, "v[i]", 'p + "[" + i + "]"')}) ok = false; }`,
        );
      });
    }
    lines.push("return ok;");
    return lines.join("\n");
  }

  private union(e: ExprOf<"union">, ex: string, fail: (code: string) => string): string {
    if (e.members.length === 0)
      return `return ${this.fail(ISSUE.invalidType, "p", JSON.stringify("never"), "v")};`;
    if (e.members.every((m) => m.kind === "literal")) {
      return `return (${this.c.test(e, "v", false)}) || ${this.fail(ISSUE.invalidType, "p", ex, "v")};`;
    }
    const tag = discriminant(e);
    if (tag) {
      const values = e.members.map(
        (m) => ((m as ExprOf<"record">).fields.find((f) => f.name === tag)!.type as ExprOf<"literal">).value,
      );
      const tagText = values.map((x) => JSON.stringify(x)).join(" | ");
      const discEx = this.c.constant(JSON.stringify(`${expectedText(e)} (by ${tag}: ${tagText})`));
      const cases = e.members.map(
        (m, i) => `case ${JSON.stringify(values[i])}: return ${this.call(m, "v", "p")};`,
      );
      return `if (!obj(v)) ${fail(ISSUE.invalidType)}\nswitch (v[${JSON.stringify(tag)}]) {\n${cases.join("\n")}\ndefault: return ${this.fail(ISSUE.invalidDiscriminator, "p", discEx, "v")};\n}`;
    }
    const tooDeep = this.c.constant(JSON.stringify(`at most ${MAX_VALUE_DEPTH} levels of nesting`));
    return [
      "const before = deep;",
      "deep = false;",
      // Without refs, the union's own `is` function (shared with `is`; members ruled out by absent keys).
      `const ok = ${hasRef(e) ? e.members.map((m) => `(${this.c.test(m, "v", false)})`).join(" || ") : `${this.c.fn(e, false)}(v, d)`};`,
      "const ranOut = deep;",
      "deep = before || ranOut;",
      "if (ok) return true;",
      // A member that ran out of depth says more than "no member matched".
      `if (ranOut) return ${this.fail(ISSUE.tooDeep, "p", tooDeep, "undefined")};`,
      // The member that fits best reports its own issues, where they are (union-pick.ts).
      `switch (${this.c.constant(pickerSource(unionPlan(e, this.bodies)))}(v)) {`,
      ...e.members.map((m, i) => `case ${i}: if (!${this.call(m, "v", "p")}) return false; break;`),
      "}",
      fail(ISSUE.invalidUnion),
    ].join("\n");
  }
}

/**
 * The objects on the current path of a recursive check, for generated modules: a stack scanned
 * linearly for its first NEAR entries (most values are shallow, and a short scan is cheaper than
 * Set insertions and deletions on every object), with a Set for the entries past them so deep
 * values stay linear. `enter` is false when the object is already on the path (a cycle).
 */
export const ON_PATH = [
  "const NEAR = 32;",
  "const enter = (o, v) => { const s = o.stack, n = s.length; for (let i = 0; i < n && i < NEAR; i++) if (s[i] === v) return false; if (n > NEAR && o.far.has(v)) return false; if (n >= NEAR) (o.far ??= new Set()).add(v); s.push(v); return true; };",
  "const leave = (o) => { const v = o.stack.pop(); if (o.stack.length >= NEAR) o.far.delete(v); };",
];
