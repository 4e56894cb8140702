/**
 * What `start` accepts as an input before any validator sees it: plain data only (null, booleans,
 * numbers, strings, bounded bigints, arrays, plain objects, Date, Map, Set, Uint8Array), nested at
 * most MAX_DEPTH deep. Everything else (a function, a symbol, a Proxy, a getter, a class the store
 * could not keep) is an issue at its path, so a caller always gets `InputRejected`, never a crash
 * from deep inside a validator, the handler language or the store. The result is a copy: the
 * caller keeps no handle on the stored input.
 */
import { types } from "node:util";
import type { ValidationIssue } from "@causality/schema";

export const MAX_DEPTH = 256;
/** Larger bigints are refused: arithmetic on them in handlers would be unbounded. */
export const MAX_BIGINT_BITS = 4096;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const keyPath = (path: string, key: string) =>
  IDENT.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

export type DataResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export function plainData(value: unknown, root = "$input"): DataResult {
  const issues: ValidationIssue[] = [];
  const issue = (path: string, expected: string, found: unknown) => {
    if (issues.length < 20) issues.push({ code: "not_data", path, expected, value: describe(found) });
    return undefined;
  };
  const copy = (v: unknown, path: string, depth: number): unknown => {
    if (v === null || v === undefined || typeof v === "boolean" || typeof v === "string") return v;
    if (typeof v === "number") return v;
    if (typeof v === "bigint") {
      const bits = (v < 0n ? -v : v).toString(16).length * 4;
      return bits > MAX_BIGINT_BITS ? issue(path, `a bigint of at most ${MAX_BIGINT_BITS} bits`, v) : v;
    }
    if (typeof v !== "object") return issue(path, "data (not a function or symbol)", v);
    if (types.isProxy(v)) return issue(path, "plain data (not a Proxy)", v);
    if (depth >= MAX_DEPTH) {
      issues.push({ code: "too_deep", path, expected: `at most ${MAX_DEPTH} levels`, value: "(deeper)" });
      return undefined;
    }
    if (v instanceof Date) return new Date(v.getTime());
    if (v instanceof Uint8Array && v.constructor === Uint8Array) return new Uint8Array(v);
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) out.push(copy(v[i], `${path}[${i}]`, depth + 1));
      return out;
    }
    if (v instanceof Map) {
      const out = new Map<unknown, unknown>();
      let i = 0;
      for (const [k, x] of v) {
        out.set(copy(k, `${path}[${i}][0]`, depth + 1), copy(x, `${path}[${i}][1]`, depth + 1));
        i++;
      }
      return out;
    }
    if (v instanceof Set) {
      const out = new Set<unknown>();
      let i = 0;
      for (const x of v) out.add(copy(x, `${path}[${i++}]`, depth + 1));
      return out;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null && !isPlainClass(v))
      return issue(path, "plain data (an object, array, Date, Map, Set or Uint8Array)", v);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      const desc = Object.getOwnPropertyDescriptor(v, key);
      const at = keyPath(path, key);
      if (!desc || !("value" in desc)) {
        issue(at, "a data property (not a getter)", undefined);
        continue;
      }
      // defineProperty, so an own "__proto__" key stays an ordinary key.
      Object.defineProperty(out, key, {
        value: copy(desc.value, at, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  const copied = copy(value, root, 0);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: copied };
}

/** Classes are structural (their data fields), unless they are built-ins with hidden state. */
function isPlainClass(v: object): boolean {
  return !(
    v instanceof Promise ||
    v instanceof WeakMap ||
    v instanceof WeakSet ||
    v instanceof RegExp ||
    v instanceof Error ||
    ArrayBuffer.isView(v) ||
    v instanceof ArrayBuffer ||
    typeof (v as { then?: unknown }).then === "function"
  );
}

/** An issue's value as text when the value itself is unsafe to keep (a Proxy, a function). */
function describe(v: unknown): unknown {
  if (typeof v === "function") return `[function ${v.name || "anonymous"}]`;
  if (typeof v === "symbol") return v.toString();
  if (typeof v === "bigint") return `[bigint of ${v.toString(16).length * 4} bits]`;
  if (typeof v === "object" && v !== null && types.isProxy(v)) return "[Proxy]";
  if (typeof v === "object" && v !== null) return `[${Object.prototype.toString.call(v).slice(8, -1)}]`;
  return v;
}
