/**
 * Evaluator of the handler language. Sandboxed and deterministic: the only names are the special
 * forms, the builtins (builtins.ts) and the host functions the orchestrator passes in (the seed's
 * six combinators); records are Maps, so keys like `__proto__` are plain data; every evaluation has
 * a step budget (gas), a call depth limit and a size limit, and every value it builds is measured
 * against the language's fixed bounds (limits.ts), so that a huge or deeply nested value stops with
 * a LispError where it is built instead of crashing whatever walks it later.
 */
import { Budget, DEFAULT_LIMITS, type Limits } from "./budget.js";
import { BUILTINS } from "./builtins.js";
import { datum } from "./datum.js";
import { Env } from "./env.js";
import { ArgError, LispError, type LispErrorCode } from "./errors.js";
import { fromHostError } from "./host-errors.js";
import { checkFloat, checkInt } from "./limits.js";
import { measure } from "./measure.js";
import type { Pos } from "./pos.js";
import { type Form, read } from "./reader.js";
import { type Closure, type HostFn, isClosure, Rec, truthy, type Value } from "./values.js";
import { show } from "./write.js";

export { Budget, DEFAULT_LIMITS, type Limits } from "./budget.js";
export { BUILTINS } from "./builtins.js";
export { fromLisp, toLisp } from "./convert.js";
export type { Env } from "./env.js";
export { type Closure, type HostFn, Rec, truthy, type Value } from "./values.js";
export { show } from "./write.js";

/** Parsed programs by source text: handlers run on every transition, parsing them once is enough. */
const PARSED = new Map<string, Form[]>();

function parsed(source: string): Form[] {
  let forms = PARSED.get(source);
  if (!forms) {
    forms = read(source);
    if (PARSED.size >= 1000) PARSED.clear();
    PARSED.set(source, forms);
  }
  return forms;
}

export class Interpreter {
  private budget: Budget;
  /** Given by the caller (shared with enclosing evaluations), rather than made afresh per run. */
  private readonly shared: boolean;
  private readonly limits: Limits;
  /**
   * The container checked last. A handler typically builds a record and passes it on unchanged
   * (`(update-dataflow-instance-state (assoc state ...))`, then returns it); remembering it spares
   * measuring the same value two more times, where measure.ts does not remember light values.
   */
  private lastChecked: Value = null;

  /**
   * With `Limits` (or nothing), every `run` gets a budget of its own. With a `Budget`, every run
   * spends from it: the orchestrator gives one per transition, so evaluations nested in it
   * (`evaluate-gating-condition`) share it. Host functions are given the budget and spend it for
   * the data they walk or make.
   */
  constructor(
    private readonly host: ReadonlyMap<string, HostFn> = new Map(),
    limits: Limits | Budget = DEFAULT_LIMITS,
  ) {
    this.shared = limits instanceof Budget;
    this.budget = limits instanceof Budget ? limits : new Budget(limits);
    this.limits = this.budget.limits;
  }

  /** Runs a program (all forms; `defn` at top level defines functions); returns the last value. */
  run(source: string, bindings: Record<string, Value> = {}): Value {
    if (!this.shared) this.budget = new Budget(this.limits);
    const env = new Env();
    for (const [k, v] of Object.entries(bindings)) env.set(k, v);
    let last: Value = null;
    for (const form of parsed(source)) {
      try {
        last = this.eval(form, env);
        // The result leaves the language here: it must be within bounds even if it was never
        // built by a builtin (a binding returned as it is).
        this.check(last, form.pos);
      } catch (e) {
        throw fromHostError(e, form.pos);
      }
    }
    return last;
  }

  private fail(code: LispErrorCode, detail: string, pos: Pos): never {
    throw new LispError(code, detail, pos);
  }

  private eval(f: Form, env: Env): Value {
    this.budget.step(f.pos);
    switch (f.type) {
      case "int":
      case "float":
      case "str":
      case "bool":
        return f.value;
      case "nil":
        return null;
      case "sym": {
        if (env.has(f.name)) return env.get(f.name)!;
        const host = this.host.get(f.name) ?? BUILTINS.get(f.name);
        if (host) return host;
        return this.fail("LISP4002_UNBOUND", `unbound symbol ${f.name}`, f.pos);
      }
      case "list":
        return this.evalList(f, env);
      case "rec":
        return this.evalRecord(f, env);
    }
  }

  /** `{k v ...}`: keys and values are evaluated (like `record`); keys must be strings. */
  private evalRecord(f: Extract<Form, { type: "rec" }>, env: Env): Value {
    const m = new Map<string, Value>();
    for (const [k, x] of f.entries) {
      const key = this.eval(k, env);
      if (typeof key !== "string")
        this.fail("LISP4003_TYPE", `record keys are strings, got ${show(key)}`, k.pos);
      m.set(key, this.eval(x, env));
    }
    const r = new Rec(m);
    this.check(r, f.pos);
    return r;
  }

  private evalList(f: Extract<Form, { type: "list" }>, env: Env): Value {
    if (f.items.length === 0) return [];
    const [head, ...rest] = f.items;
    if (head!.type === "sym") {
      switch (head!.name) {
        case "quote":
          if (rest.length !== 1) this.fail("LISP4004_ARITY", "quote takes one form", f.pos);
          return datum(rest[0]!);
        case "if": {
          if (rest.length < 2 || rest.length > 3)
            this.fail("LISP4004_ARITY", "if takes a condition, a then and an optional else", f.pos);
          return truthy(this.eval(rest[0]!, env))
            ? this.eval(rest[1]!, env)
            : rest[2]
              ? this.eval(rest[2], env)
              : null;
        }
        case "cond": {
          for (const clause of rest) {
            if (clause.type !== "list" || clause.items.length !== 2)
              this.fail("LISP4001_SYNTAX", "cond clauses are (test value)", clause.pos);
            const [test, value] = clause.items;
            const isElse = test!.type === "sym" && test!.name === "else";
            if (isElse || truthy(this.eval(test!, env))) return this.eval(value!, env);
          }
          return null;
        }
        case "and": {
          let v: Value = true;
          for (const x of rest) {
            v = this.eval(x, env);
            if (!truthy(v)) return v;
          }
          return v;
        }
        case "or": {
          for (const x of rest) {
            const v = this.eval(x, env);
            if (truthy(v)) return v;
          }
          return false;
        }
        case "do": {
          let v: Value = null;
          for (const x of rest) v = this.eval(x, env);
          return v;
        }
        case "let": {
          const bindings = rest[0];
          if (bindings?.type !== "list")
            return this.fail("LISP4001_SYNTAX", "let takes ((name value) ...) and a body", f.pos);
          const scope = new Env(env);
          for (const b of bindings.items) {
            if (b.type !== "list" || b.items.length !== 2 || b.items[0]!.type !== "sym")
              this.fail("LISP4001_SYNTAX", "a let binding is (name value)", b.pos);
            scope.set((b.items[0] as { name: string }).name, this.eval(b.items[1]!, scope));
          }
          let v: Value = null;
          for (const x of rest.slice(1)) v = this.eval(x, scope);
          return v;
        }
        case "fn":
          return this.closure("fn", rest, env, f.pos);
        case "defn": {
          const name = rest[0];
          if (name?.type !== "sym")
            return this.fail("LISP4001_SYNTAX", "defn takes a name, (params) and a body", f.pos);
          const fn = this.closure(name.name, rest.slice(1), env, f.pos);
          env.set(name.name, fn);
          return fn;
        }
      }
    }
    const fn = this.eval(head!, env);
    const args = rest.map((x) => this.eval(x, env));
    return this.apply(fn, args, f.pos, rest);
  }

  private closure(name: string, parts: readonly Form[], env: Env, pos: Pos): Closure {
    const params = parts[0];
    if (params?.type !== "list" || !params.items.every((p) => p.type === "sym")) {
      return this.fail("LISP4001_SYNTAX", `${name} takes (params) and a body`, pos);
    }
    return { name, params: params.items.map((p) => (p as { name: string }).name), body: parts.slice(1), env };
  }

  /**
   * Calls `fn` at `pos`. With `argForms` (the forms the arguments came from), an error about one
   * argument is reported at that argument's position.
   */
  apply(fn: Value, args: Value[], pos: Pos, argForms?: readonly Form[]): Value {
    if (typeof fn === "function") {
      let out: Value;
      try {
        out = fn(args, pos, this.budget);
      } catch (e) {
        if (e instanceof ArgError) throw new LispError(e.code, e.detail, argForms?.[e.index]?.pos ?? pos);
        throw e;
      }
      this.check(out, pos);
      return out;
    }
    if (fn === null || !isClosure(fn))
      return this.fail("LISP4003_TYPE", `${show(fn)} is not a function`, pos);
    if (args.length !== fn.params.length)
      this.fail(
        "LISP4004_ARITY",
        `${fn.name} takes ${fn.params.length} argument(s), got ${args.length}`,
        pos,
      );
    if (++this.budget.depth > this.limits.depth) {
      this.budget.depth--;
      this.fail("LISP4006_TOO_DEEP", `calls nested deeper than ${this.limits.depth}`, pos);
    }
    const scope = new Env(fn.env);
    for (const [i, p] of fn.params.entries()) scope.set(p, args[i]!);
    let v: Value = null;
    try {
      for (const x of fn.body) v = this.eval(x, scope);
    } finally {
      this.budget.depth--;
    }
    return v;
  }

  /** A value built at `pos` (by a builtin, a host function or a literal) is within every bound. */
  private check(v: Value, pos: Pos): void {
    let n = 0;
    if (typeof v === "string") n = v.length;
    else if (typeof v === "bigint") checkInt(v, pos);
    else if (typeof v === "number") checkFloat(v, pos);
    else if (Array.isArray(v) || v instanceof Rec) {
      if (v !== this.lastChecked) {
        measure(v, pos);
        this.lastChecked = v;
      }
      n = Array.isArray(v) ? v.length : (v as Rec).entries.size;
    }
    if (n > this.limits.size)
      this.fail(
        "LISP4007_TOO_LARGE",
        `a value of ${n} elements exceeds the limit of ${this.limits.size}`,
        pos,
      );
  }
}
