/**
 * Evaluator of the handler language. Sandboxed and deterministic: the only names are the
 * special forms, the builtins below and the host functions the orchestrator passes in (the seed's
 * six combinators); records are Maps, so keys like `__proto__` are plain data; every evaluation
 * has a step budget (gas), a depth limit and a size limit, and integers are exact (bigint).
 */
import { LispError } from "./errors.js";
import { type Form, type Pos, read } from "./reader.js";

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

export class Rec {
  constructor(readonly entries: ReadonlyMap<string, Value>) {}
}

export interface Closure {
  readonly params: readonly string[];
  readonly body: readonly Form[];
  readonly env: Env;
  readonly name: string;
}

export type HostFn = (args: Value[], pos: Pos) => Value;
export type Value = bigint | number | string | boolean | null | readonly Value[] | Rec | Closure | HostFn;

export interface Limits {
  readonly gas: number;
  readonly depth: number;
  /** Largest list, record or string a program may build. */
  readonly size: number;
}

export const DEFAULT_LIMITS: Limits = Object.freeze({ gas: 100_000, depth: 200, size: 100_000 });

class Env {
  private readonly vars = new Map<string, Value>();
  constructor(private readonly parent?: Env) {}
  get(name: string): Value | undefined {
    return this.vars.has(name) ? this.vars.get(name) : this.parent?.get(name);
  }
  has(name: string): boolean {
    return this.vars.has(name) || (this.parent?.has(name) ?? false);
  }
  set(name: string, v: Value): void {
    this.vars.set(name, v);
  }
}

export type { Env };

const isClosure = (v: Value): v is Closure =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Rec) && "body" in v;

export class Interpreter {
  private gas: number;
  private depth = 0;

  constructor(
    private readonly host: ReadonlyMap<string, HostFn> = new Map(),
    private readonly limits: Limits = DEFAULT_LIMITS,
  ) {
    this.gas = limits.gas;
  }

  /** Runs a program (all forms; `defn` at top level defines functions); returns the last value. */
  run(source: string, bindings: Record<string, Value> = {}): Value {
    this.gas = this.limits.gas;
    this.depth = 0;
    const env = new Env();
    for (const [k, v] of Object.entries(bindings)) env.set(k, v);
    let last: Value = null;
    for (const form of parsed(source)) {
      try {
        last = this.eval(form, env);
      } catch (e) {
        if (e instanceof RangeError)
          throw new LispError("LISP4006_TOO_DEEP", "nested deeper than the host stack allows", form.pos);
        throw e;
      }
    }
    return last;
  }

  private fail(code: ConstructorParameters<typeof LispError>[0], detail: string, pos: Pos): never {
    throw new LispError(code, detail, pos);
  }

  private eval(f: Form, env: Env): Value {
    if (--this.gas < 0)
      this.fail("LISP4005_OUT_OF_GAS", `step budget of ${this.limits.gas} exhausted`, f.pos);
    switch (f.type) {
      case "int":
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
    }
  }

  private evalList(f: Extract<Form, { type: "list" }>, env: Env): Value {
    if (f.items.length === 0) return [];
    const [head, ...rest] = f.items;
    if (head!.type === "sym") {
      switch (head!.name) {
        case "quote":
          return quote(rest[0]!);
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
    return this.apply(fn, args, f.pos);
  }

  private closure(name: string, parts: readonly Form[], env: Env, pos: Pos): Closure {
    const params = parts[0];
    if (params?.type !== "list" || !params.items.every((p) => p.type === "sym")) {
      return this.fail("LISP4001_SYNTAX", `${name} takes (params) and a body`, pos);
    }
    return { name, params: params.items.map((p) => (p as { name: string }).name), body: parts.slice(1), env };
  }

  apply(fn: Value, args: Value[], pos: Pos): Value {
    if (typeof fn === "function") {
      const out = fn(args, pos);
      this.checkSize(out, pos);
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
    if (++this.depth > this.limits.depth)
      this.fail("LISP4006_TOO_DEEP", `calls nested deeper than ${this.limits.depth}`, pos);
    const scope = new Env(fn.env);
    for (const [i, p] of fn.params.entries()) scope.set(p, args[i]!);
    let v: Value = null;
    try {
      for (const x of fn.body) v = this.eval(x, scope);
    } finally {
      this.depth--;
    }
    return v;
  }

  private checkSize(v: Value, pos: Pos): void {
    const n =
      typeof v === "string" ? v.length : Array.isArray(v) ? v.length : v instanceof Rec ? v.entries.size : 0;
    if (n > this.limits.size)
      this.fail(
        "LISP4007_TOO_LARGE",
        `a value of ${n} elements exceeds the limit of ${this.limits.size}`,
        pos,
      );
  }
}

export function truthy(v: Value): boolean {
  return v !== null && v !== false;
}

function quote(f: Form): Value {
  switch (f.type) {
    case "int":
    case "str":
    case "bool":
      return f.value;
    case "nil":
      return null;
    case "sym":
      return f.name;
    case "list":
      return f.items.map(quote);
  }
}

export function show(v: Value): string {
  if (v === null) return "nil";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "function") return "#<builtin>";
  if (Array.isArray(v)) return `(${v.map(show).join(" ")})`;
  if (v instanceof Rec)
    return `{${[...v.entries].map(([k, x]) => `${JSON.stringify(k)} ${show(x)}`).join(" ")}}`;
  return `#<fn ${(v as Closure).name}>`;
}

const num = (v: Value, pos: Pos): bigint | number => {
  if (typeof v === "bigint" || typeof v === "number") return v;
  throw new LispError("LISP4003_TYPE", `expected a number, got ${show(v)}`, pos);
};

/** Exact when both are integers (bigint); a JS number on either side makes it floating point. */
function arith(op: (a: bigint, b: bigint) => bigint, fop: (a: number, b: number) => number): HostFn {
  return (args, pos) => {
    if (args.length === 0) throw new LispError("LISP4004_ARITY", "needs at least one argument", pos);
    return args
      .map((a) => num(a, pos))
      .reduce((a, b) =>
        typeof a === "bigint" && typeof b === "bigint" ? op(a, b) : fop(Number(a), Number(b)),
      );
  };
}

function compare(test: (c: number) => boolean): HostFn {
  return (args, pos) => {
    for (let i = 0; i + 1 < args.length; i++) {
      const a = num(args[i]!, pos);
      const b = num(args[i + 1]!, pos);
      const c = a < b ? -1 : a > b ? 1 : 0;
      if (!test(c)) return false;
    }
    return true;
  };
}

function equal(a: Value, b: Value): boolean {
  // Numbers compare by value across bigint and float (1 equals 1n).
  if (typeof a === "bigint" || typeof a === "number")
    return (typeof b === "bigint" || typeof b === "number") && !(a < b) && !(a > b);
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]!));
  if (a instanceof Rec)
    return (
      b instanceof Rec &&
      a.entries.size === b.entries.size &&
      [...a.entries].every(([k, v]) => b.entries.has(k) && equal(v, b.entries.get(k)!))
    );
  return a === b;
}

const rec = (v: Value, pos: Pos): Rec => {
  if (v instanceof Rec) return v;
  throw new LispError("LISP4003_TYPE", `expected a record, got ${show(v)}`, pos);
};
const str = (v: Value, pos: Pos): string => {
  if (typeof v === "string") return v;
  throw new LispError("LISP4003_TYPE", `expected a string, got ${show(v)}`, pos);
};

export const BUILTINS: ReadonlyMap<string, HostFn> = new Map<string, HostFn>([
  [
    "+",
    arith(
      (a, b) => a + b,
      (a, b) => a + b,
    ),
  ],
  [
    "-",
    (args, pos) =>
      args.length === 1
        ? arith(
            (a, b) => a - b,
            (a, b) => a - b,
          )([0n, args[0]!], pos)
        : arith(
            (a, b) => a - b,
            (a, b) => a - b,
          )(args, pos),
  ],
  [
    "*",
    arith(
      (a, b) => a * b,
      (a, b) => a * b,
    ),
  ],
  [
    "/",
    (args, pos) => {
      if (args.slice(1).some((a) => a === 0n || a === 0))
        throw new LispError("LISP4003_TYPE", "division by zero", pos);
      return arith(
        (a, b) => a / b,
        (a, b) => a / b,
      )(args, pos);
    },
  ],
  [
    "mod",
    arith(
      (a, b) => (b === 0n ? 0n : a % b),
      (a, b) => a % b,
    ),
  ],
  ["=", (args) => args.every((a, i) => i === 0 || equal(args[0]!, a))],
  ["!=", (args) => !args.every((a, i) => i === 0 || equal(args[0]!, a))],
  ["<", compare((c) => c < 0)],
  [">", compare((c) => c > 0)],
  ["<=", compare((c) => c <= 0)],
  [">=", compare((c) => c >= 0)],
  ["not", (args) => !truthy(args[0] ?? null)],
  ["list", (args) => args],
  [
    "len",
    (args, pos) => {
      const v = args[0] ?? null;
      if (typeof v === "string" || Array.isArray(v)) return BigInt(v.length);
      if (v instanceof Rec) return BigInt(v.entries.size);
      throw new LispError("LISP4003_TYPE", `len of ${show(v)}`, pos);
    },
  ],
  [
    "nth",
    (args, pos) => {
      const list = args[0];
      if (!Array.isArray(list)) throw new LispError("LISP4003_TYPE", `nth of ${show(list ?? null)}`, pos);
      return list[Number(num(args[1] ?? null, pos))] ?? null;
    },
  ],
  [
    "concat",
    (args, pos) =>
      args.flatMap((a) => {
        if (!Array.isArray(a)) throw new LispError("LISP4003_TYPE", `concat of ${show(a)}`, pos);
        return a;
      }),
  ],
  [
    "record",
    (args, pos) => {
      if (args.length % 2 !== 0) throw new LispError("LISP4004_ARITY", "record takes key value pairs", pos);
      const m = new Map<string, Value>();
      for (let i = 0; i < args.length; i += 2) m.set(str(args[i]!, pos), args[i + 1]!);
      return new Rec(m);
    },
  ],
  [
    "get",
    (args, pos) => {
      const r = rec(args[0] ?? null, pos);
      const k = str(args[1] ?? null, pos);
      return r.entries.has(k) ? r.entries.get(k)! : (args[2] ?? null);
    },
  ],
  ["has?", (args, pos) => rec(args[0] ?? null, pos).entries.has(str(args[1] ?? null, pos))],
  [
    "assoc",
    (args, pos) => {
      const m = new Map(rec(args[0] ?? null, pos).entries);
      for (let i = 1; i + 1 < args.length; i += 2) m.set(str(args[i]!, pos), args[i + 1]!);
      return new Rec(m);
    },
  ],
  ["keys", (args, pos) => [...rec(args[0] ?? null, pos).entries.keys()]],
  ["str", (args) => args.map((a) => (typeof a === "string" ? a : show(a))).join("")],
  [
    "error",
    (args, pos) => {
      throw new LispError(
        "LISP4008_HOST",
        `handler error: ${args.map((a) => (typeof a === "string" ? a : show(a))).join(" ")}`,
        pos,
      );
    },
  ],
]);

/** JSON-like data -> handler values (integers become exact bigints, objects records). */
export function toLisp(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isInteger(v) ? BigInt(v) : v;
  if (typeof v === "bigint" || typeof v === "string" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(toLisp);
  if (typeof v === "object")
    return new Rec(new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toLisp(x)])));
  return null;
}

/** Handler values -> JSON-like data (safe bigints become numbers; records null-prototype-free objects). */
export function fromLisp(v: Value): unknown {
  if (typeof v === "bigint")
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  if (Array.isArray(v)) return v.map(fromLisp);
  if (v instanceof Rec) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v.entries)
      Object.defineProperty(out, k, {
        value: fromLisp(x),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  }
  if (typeof v === "function" || (typeof v === "object" && v !== null)) return null;
  return v;
}
