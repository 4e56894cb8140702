/**
 * Template literal types, matched the way TypeScript matches a string literal against one
 * (checker.ts: `inferTypesFromTemplateLiteralType`, then `isValidTypeForTemplateLiteralPlaceholder`
 * per hole), and with no regular expression, so the time is linear in the string:
 *
 * - the head and the last text must be the string's prefix and suffix (not overlapping);
 * - each text between two holes is found at its first occurrence after the previous one, and the
 *   hole before it gets what lies between (an empty text between two holes gives the first hole
 *   exactly one character); the last hole gets the rest;
 * - each hole's piece is then checked against the hole's type, read as TypeScript reads it:
 *   `${number}` is any non-empty string that `+s` reads as a finite number (so `"1e3"`, `"0x1f"`,
 *   `" 1"` pass, `"NaN"`, `"Infinity"`, `""` do not), `${bigint}` a bigint literal, `${boolean}`
 *   `true`/`false`, and refinements and ranges apply to the value read (`id-${u8}` rejects
 *   `id-256`; `x-${string & MinLength<3>}` rejects `x-`).
 *
 * test/validators/template-oracle.test.ts compares this with TypeScript's own checker.
 */
import type { ExprOf, TypeExpr } from "../type-expr.js";

/**
 * The pieces of `s` for the holes of a template with these texts, or undefined when the texts do
 * not fit. Self-contained (no outer names): the compiled back end embeds its source text.
 */
export function splitTemplate(texts: readonly string[], s: string): string[] | undefined {
  const head = texts[0]!;
  const last = texts[texts.length - 1]!;
  if (texts.length === 1) return s === head ? [] : undefined;
  if (s.length < head.length + last.length || !s.startsWith(head) || !s.endsWith(last)) return undefined;
  const rest = s.slice(0, s.length - last.length);
  const pieces: string[] = [];
  let pos = head.length;
  for (let i = 1; i < texts.length - 1; i++) {
    const text = texts[i]!;
    if (text.length > 0) {
      const at = rest.indexOf(text, pos);
      if (at < 0) return undefined;
      pieces.push(rest.slice(pos, at));
      pos = at + text.length;
    } else {
      if (pos >= rest.length) return undefined;
      pieces.push(rest.slice(pos, pos + 1));
      pos += 1;
    }
  }
  pieces.push(rest.slice(pos));
  return pieces;
}

/** Whether TypeScript reads `s` in a `${number}` hole: non-empty and `+s` finite. Self-contained. */
export function numberText(s: string): boolean {
  return s !== "" && Number.isFinite(+s);
}

/** Whether TypeScript reads `s` in a `${bigint}` hole (a bigint literal, optionally negative). Self-contained. */
export function bigintText(s: string): boolean {
  return /^-?(?:0|[1-9][0-9]*|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+)$/.test(s);
}

/** The bigint a `bigintText` string denotes (`BigInt` itself refuses a sign before 0x). Self-contained. */
export function bigintOf(s: string): bigint {
  return s[0] === "-" ? -BigInt(s.slice(1)) : BigInt(s);
}

/** How a hole's piece becomes the value its type is checked on. */
export type HoleReading = "string" | "number" | "bigint";

const NUMERIC = new Set<TypeExpr["kind"]>(["number", "integer", "range"]);
const BIGINT = new Set<TypeExpr["kind"]>(["bigint", "bigintRange", "bigintLiteral"]);

/**
 * What a hole of this type needs, as data both back ends turn into code or closures:
 * `value` - read the piece (as a number or bigint when TypeScript would) and check it with the
 * ordinary value check of `type`; `texts` - one of these exact strings; `any` - every piece;
 * `template` - a nested template; `some` - any of several holes.
 */
export type Hole =
  | { readonly kind: "any" }
  | { readonly kind: "none" }
  | { readonly kind: "value"; readonly reading: HoleReading; readonly type: TypeExpr }
  | { readonly kind: "texts"; readonly texts: readonly string[] }
  | { readonly kind: "template"; readonly type: ExprOf<"template"> }
  | { readonly kind: "some"; readonly holes: readonly Hole[] };

export function holeOf(t: TypeExpr): Hole {
  switch (t.kind) {
    case "string":
    case "any":
      return { kind: "any" };
    case "bool":
      return { kind: "texts", texts: ["true", "false"] };
    case "unit":
      return { kind: "texts", texts: ["null"] };
    case "undefined":
      return { kind: "texts", texts: ["undefined"] };
    case "literal":
      return { kind: "texts", texts: [String(t.value)] };
    // A literal is its text, as TypeScript writes it (`${-1n}` is "-1" only, not "-0x1").
    case "bigintLiteral":
      return { kind: "texts", texts: [t.value] };
    case "enum":
      return { kind: "texts", texts: t.members.map((m) => String(m.value)) };
    case "union":
      return { kind: "some", holes: t.members.map(holeOf) };
    case "optional":
      return { kind: "some", holes: [holeOf(t.inner), { kind: "texts", texts: ["undefined"] }] };
    case "template":
      return { kind: "template", type: t };
    case "refine":
      return { kind: "value", reading: readingOf(t.base), type: t };
    default:
      if (NUMERIC.has(t.kind)) return { kind: "value", reading: "number", type: t };
      if (BIGINT.has(t.kind)) return { kind: "value", reading: "bigint", type: t };
      return { kind: "none" };
  }
}

/** The reading of a refinement's base: numbers and bigints are read as such, anything else as text. */
function readingOf(base: TypeExpr): HoleReading {
  if (NUMERIC.has(base.kind)) return "number";
  if (BIGINT.has(base.kind)) return "bigint";
  if (base.kind === "refine") return readingOf(base.base);
  return "string";
}

/** A predicate for a template, given the ordinary value check of a type (the interpreter's). */
export function templateMatcher(
  t: ExprOf<"template">,
  valueCheck: (type: TypeExpr) => (v: unknown) => boolean,
): (s: string) => boolean {
  const holes = t.types.map((h) => holePredicate(holeOf(h), valueCheck));
  const texts = t.texts;
  return (s) => {
    const pieces = splitTemplate(texts, s);
    if (pieces === undefined) return false;
    for (let i = 0; i < holes.length; i++) if (!holes[i]!(pieces[i]!)) return false;
    return true;
  };
}

function holePredicate(
  h: Hole,
  valueCheck: (type: TypeExpr) => (v: unknown) => boolean,
): (s: string) => boolean {
  switch (h.kind) {
    case "any":
      return () => true;
    case "none":
      return () => false;
    case "texts": {
      const texts = new Set(h.texts);
      return (s) => texts.has(s);
    }
    case "template":
      return templateMatcher(h.type, valueCheck);
    case "some": {
      const holes = h.holes.map((x) => holePredicate(x, valueCheck));
      return (s) => holes.some((x) => x(s));
    }
    case "value": {
      const check = valueCheck(h.type);
      if (h.reading === "number") return (s) => numberText(s) && check(+s);
      if (h.reading === "bigint") return (s) => bigintText(s) && check(bigintOf(s));
      return (s) => check(s);
    }
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/**
 * A regular expression for the exports (JSON Schema `pattern`, which has no other way to say it).
 * Exact for a template with at most one hole whose strings a pattern spells out (`string`,
 * literals, booleans, enums); otherwise an approximation the export marks inexact (`templateExact`).
 */
export function templateRegExp(t: ExprOf<"template">): RegExp {
  return new RegExp(`^${body(t)}$`);
}

/** Whether `templateRegExp` accepts exactly what the validator accepts. */
export function templateExact(t: ExprOf<"template">): boolean {
  return t.types.length <= 1 && t.types.every((h) => regular(holeOf(h)));
}

function regular(h: Hole): boolean {
  if (h.kind === "some") return h.holes.every(regular);
  return h.kind === "any" || h.kind === "texts" || h.kind === "none";
}

function pattern(t: TypeExpr): string {
  switch (t.kind) {
    case "string":
    case "any":
      return "[\\s\\S]*";
    case "number":
      return "(?:[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)";
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
      return alternatives(t.members.map(pattern));
    case "optional":
      return `(?:${pattern(t.inner)}|undefined)`;
    case "enum":
      return alternatives(t.members.map((m) => escapeRe(String(m.value))));
    case "template":
      return body(t);
    case "refine":
      return pattern(t.base);
    default:
      return "(?!)";
  }
}

/** One of these patterns; none matches nothing (`(?:)` would match the empty piece). */
function alternatives(parts: readonly string[]): string {
  return parts.length === 0 ? "(?!)" : `(?:${parts.join("|")})`;
}

function body(t: ExprOf<"template">): string {
  return t.texts.map((text, i) => escapeRe(text) + (i < t.types.length ? pattern(t.types[i]!) : "")).join("");
}
