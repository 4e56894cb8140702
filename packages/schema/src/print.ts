/**
 * TypeScript-like text for a TypeExpr, for messages, `causality show` and diffs.
 * Refinements print as the phantom types users write (`u64`, `MinLength<3>`); recursion prints
 * as the binder's name (or `Self0`, `Self1`... when unnamed).
 */
import type { Constraint, TypeExpr } from "./type-expr.js";

export interface PrintOptions {
  /** Indent nested records over several lines (default: one line). */
  readonly multiline?: boolean;
  /** Print the declared name of a named node instead of its structure, except at the root. */
  readonly useNames?: boolean;
  /**
   * Print at most this many nodes, the rest as `…`. A schema that shares a subtree (a DAG) prints
   * as its expanded tree, exponential in its depth: messages cap the work and the text.
   */
  readonly maxNodes?: number;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const NAMED_RANGES = new Map<string, string>([
  ["0..255", "u8"],
  ["0..65535", "u16"],
  ["0..4294967295", "u32"],
  ["0..18446744073709551615", "u64"],
  ["0..340282366920938463463374607431768211455", "u128"],
  ["-128..127", "i8"],
  ["-32768..32767", "i16"],
  ["-2147483648..2147483647", "i32"],
  ["-9223372036854775808..9223372036854775807", "i64"],
  ["-170141183460469231731687303715884105728..170141183460469231731687303715884105727", "i128"],
]);

export function printTypeExpr(expr: TypeExpr, options: PrintOptions = {}): string {
  return new Printer(options).print(expr, [], 0, true);
}

class Printer {
  private left: number;

  constructor(private readonly options: PrintOptions) {
    this.left = options.maxNodes ?? Number.POSITIVE_INFINITY;
  }

  print(e: TypeExpr, binders: string[], depth: number, root = false): string {
    if (this.left-- <= 0) return "…";
    if (
      this.options.useNames &&
      !root &&
      e.name !== undefined &&
      e.kind !== "ref" &&
      e.kind !== "recursive"
    ) {
      return e.name;
    }
    const p = (x: TypeExpr) => this.print(x, binders, depth + 1);
    switch (e.kind) {
      case "any":
        return "unknown";
      case "unit":
        return "null";
      case "bool":
        return "boolean";
      case "string":
      case "number":
      case "bigint":
      case "undefined":
        return e.kind;
      case "integer":
        return "Int";
      case "fixed":
        return `Fixed<${e.scale}>`;
      case "ratio":
        return "Ratio";
      case "bytes":
        return "Uint8Array";
      case "date":
        return "Date";
      case "list":
        return `${wrap(p(e.element), e.element)}[]`;
      case "set":
        return `Set<${p(e.element)}>`;
      case "map":
        return `Map<${p(e.key)}, ${p(e.value)}>`;
      case "dict":
        return `Record<${p(e.key)}, ${p(e.value)}>`;
      case "optional":
        return `${p(e.inner)} | undefined`;
      case "union":
        return e.members.length === 0 ? "never" : e.members.map((m) => wrap(p(m), m)).join(" | ");
      case "intersection":
        return e.members.map((m) => wrap(p(m), m)).join(" & ");
      case "range": {
        const named = NAMED_RANGES.get(`${e.min}..${e.max}`);
        return named ?? `Range<${e.min}, ${e.max}>`;
      }
      case "bigintRange": {
        const named = NAMED_RANGES.get(`${e.min}..${e.max}`);
        return named ? `${named.toUpperCase()}n` : `BigIntRange<${e.min}n, ${e.max}n>`;
      }
      case "enum":
        return e.members.length === 0 ? "never" : e.members.map((m) => JSON.stringify(m.value)).join(" | ");
      case "literal":
        return typeof e.value === "string" ? JSON.stringify(e.value) : String(e.value);
      case "bigintLiteral":
        return `${e.value}n`;
      case "tuple":
        return `[${e.elements
          .map((el) => {
            const t = p(el.type);
            if (el.kind === "rest") return `...${wrap(t, el.type)}[]`;
            return el.kind === "optional" ? `${wrap(t, el.type)}?` : t;
          })
          .join(", ")}]`;
      case "function":
        return `(${e.params.map((x, i) => `arg${i}: ${p(x)}`).join(", ")}) => ${p(e.returns)}`;
      case "template":
        return `\`${e.texts
          .map((t, i) => escapeTemplate(t) + (i < e.types.length ? `\${${p(e.types[i]!)}}` : ""))
          .join("")}\``;
      case "refine":
        return [wrap(p(e.base), e.base), ...e.constraints.map(printConstraint)].join(" & ");
      case "record":
        return this.record(e, binders, depth);
      case "recursive": {
        const name = e.name ?? `Self${binders.length}`;
        const body = this.print(e.body, [...binders, name], depth + 1, true);
        return root && binders.length === 0 ? `${body} /* as ${name} */` : `(${name} = ${body})`;
      }
      case "ref":
        return e.name ?? binders[binders.length - 1 - (e.index ?? 0)] ?? `Self?${e.index}`;
    }
  }

  private record(e: Extract<TypeExpr, { kind: "record" }>, binders: string[], depth: number): string {
    if (e.fields.length === 0) return "{}";
    const parts = e.fields.map((f) => {
      const key = IDENT.test(f.name) ? f.name : JSON.stringify(f.name);
      return `${key}${f.optional ? "?" : ""}: ${this.print(f.type, binders, depth + 1)}`;
    });
    if (!this.options.multiline) return `{ ${parts.join("; ")} }`;
    const pad = "  ".repeat(depth + 1);
    return `{\n${parts.map((x) => `${pad}${x};`).join("\n")}\n${"  ".repeat(depth)}}`;
  }
}

function printConstraint(c: Constraint): string {
  const name = c.kind[0]!.toUpperCase() + c.kind.slice(1);
  return `${name}<${typeof c.value === "string" ? JSON.stringify(c.value) : c.value}>`;
}

/** Parenthesize members whose text would otherwise bind wrongly inside `|`, `&` or `[]`. */
function wrap(text: string, e: TypeExpr): string {
  const loose =
    e.kind === "union" ||
    e.kind === "intersection" ||
    e.kind === "optional" ||
    e.kind === "function" ||
    e.kind === "refine" ||
    (e.kind === "enum" && e.members.length > 1);
  return loose ? `(${text})` : text;
}

function escapeTemplate(text: string): string {
  return text.replace(/[`\\]|\$\{/g, (m) => `\\${m}`);
}
