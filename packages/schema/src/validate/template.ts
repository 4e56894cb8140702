/** A template literal type as an anchored regular expression over strings. */
import type { ExprOf, TypeExpr } from "../type-expr.js";

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** The strings `${T}` accepts for T, following what `String(value)` produces. */
function pattern(t: TypeExpr): string {
  switch (t.kind) {
    case "string":
    case "any":
      return "[\\s\\S]*";
    case "number":
      return "(?:[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|NaN|-?Infinity)";
    case "integer":
    case "range":
    case "bigint":
    case "bigintRange":
      return "-?\\d+";
    case "bool":
      return "(?:true|false)";
    case "unit":
      return "null";
    case "undefined":
      return "undefined";
    case "literal":
    case "bigintLiteral":
      return escapeRe(String(t.value));
    case "union":
      return `(?:${t.members.map(pattern).join("|")})`;
    case "optional":
      return `(?:${pattern(t.inner)}|undefined)`;
    case "enum":
      return `(?:${t.members.map((m) => escapeRe(String(m.value))).join("|")})`;
    case "template":
      return body(t);
    default:
      return "[\\s\\S]*";
  }
}

function body(t: ExprOf<"template">): string {
  return t.texts.map((text, i) => escapeRe(text) + (i < t.types.length ? pattern(t.types[i]!) : "")).join("");
}

export function templateRegExp(t: ExprOf<"template">): RegExp {
  return new RegExp(`^${body(t)}$`);
}
