/**
 * Template literal types pinned against TypeScript's own checker (test/oracles/ts-checker.ts): for
 * each type of the table and each candidate string, the validators' `is` (interpreter and compiled
 * code) must give the checker's verdict. A fixed table of numerals in every notation (hex, blanks,
 * NaN, overflow), complementing the random strings of test/validators/template-oracle.test.ts.
 */
import { compileValidatorSource, schemaFromExpr, type TypeExpr, t, toJSONSchema } from "@causality/schema";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { tsAssignable } from "./ts-checker.js";

interface Case {
  /** The type as TypeScript writes it. */
  readonly ts: string;
  readonly expr: TypeExpr;
  /** Candidates beyond the fillers (strings a wrong reading of the texts would accept). */
  readonly extra?: readonly string[];
  /**
   * The JSON Schema export calls the pattern exact (docs/semantics.md: inexact are templates with a
   * non-string hole, such as number, bigint, ranges, refinements, or with several holes; one hole of
   * strings a pattern spells out, `string`, literals, booleans, null, undefined, enums, is exact).
   */
  readonly exact?: true;
}

/** Candidate fillers for one placeholder: numerals in every notation, words, blanks. */
const FILLERS = [
  ...[
    "0",
    "1",
    "-1",
    "+1",
    "1.5",
    "-1.5",
    ".5",
    "-.5",
    "5.",
    "0.0",
    "1e3",
    "1E-3",
    "-1e+3",
    "-0",
    "00",
    "01",
  ],
  ...["0x10", "-0x10", "0b1", "0o7", " 1", "1 ", "\t1", "", "NaN", "Infinity", "-Infinity", "+Infinity"],
  ...["1e400", "1n", "-", "1_000", "abc", "true", "false", "null", "undefined", "a", "b", "ab", "-a"],
  // Integer literals in every base and case, signed, malformed (for `${bigint}`).
  ...["0X1F", "0B1", "0O7", "-0x1", "-0b1", "-0o1", "-01", "-00", "10", "-10", "0x", "0b2", "0o8", "0xg"],
  ...["1.0", "- 1", "--1", "0x1F", "-0X1f", "00x1", "0b", "1e2", "-1e2", "0o17", "0b10", "-0o17"],
];
/** Fillers for templates with two placeholders (every pair is tried). */
const PAIR_FILLERS = ["1", "-1", "2.5", "-", "a", "true", "", "1-2", "x1"];

const CASES: Case[] = [
  { ts: "`${number}`", expr: t.template(["", ""], [t.number()]) },
  { ts: "`${bigint}`", expr: t.template(["", ""], [t.bigint()]) },
  { ts: "`${boolean}`", exact: true, expr: t.template(["", ""], [t.bool()]) },
  { ts: "`${null}`", exact: true, expr: t.template(["", ""], [t.null()]) },
  { ts: "`${undefined}`", exact: true, expr: t.template(["", ""], [t.undefined()]) },
  { ts: "`${string}`", exact: true, expr: t.template(["", ""], [t.string()]) },
  { ts: "`a${string}`", exact: true, expr: t.template(["a", ""], [t.string()]) },
  { ts: "`id-${number}`", expr: t.template(["id-", ""], [t.number()]) },
  { ts: "`${number}px`", expr: t.template(["", "px"], [t.number()]) },
  { ts: "`${number | undefined}`", expr: t.template(["", ""], [t.union(t.number(), t.undefined())]) },
  {
    ts: "`${1 | -1 | 2.5}`",
    exact: true,
    expr: t.template(["", ""], [t.union(t.literal(1), t.literal(-1), t.literal(2.5))]),
  },
  { ts: "`${-1n}`", exact: true, expr: t.template(["", ""], [t.bigintLiteral(-1n)]) },
  {
    ts: "`${'a' | 'b'}!`",
    exact: true,
    expr: t.template(["", "!"], [t.union(t.literal("a"), t.literal("b"))]),
  },
  { ts: "`${boolean}:${bigint}`", expr: t.template(["", ":", ""], [t.bool(), t.bigint()]) },
  // The checker gives a placeholder the text up to the next occurrence of the text after it (no
  // backtracking): "-1-1" is not `${number}-${number}`.
  { ts: "`${number}-${number}`", expr: t.template(["", "-", ""], [t.number(), t.number()]) },
  { ts: "`<${string}|${boolean}>`", expr: t.template(["<", "|", ">"], [t.string(), t.bool()]) },
  { ts: "`${any}`", exact: true, expr: t.template(["", ""], [t.any()]) },
  // (Not `${string}${string}`: TypeScript reduces it to `${string}`, so "" matches; a TypeExpr
  // written with two string holes and an empty text between gives the first one character.)
  { ts: "`${string}${number}`", expr: t.template(["", "", ""], [t.string(), t.number()]) },
  {
    ts: "`${1n | -0x1n}`",
    exact: true,
    expr: t.template(["", ""], [t.union(t.bigintLiteral(1n), t.bigintLiteral(-1n))]),
  },
  // (Not `${bigint}${boolean}`: TypeScript distributes a hole of literals into the texts, so that type
  // is `${bigint}true | ${bigint}false` and "-1true" matches; the analyzer hands over that union,
  // while a TypeExpr written with a bool hole after an empty text gives the bigint one character.)
  { ts: "`${bigint}${number}`", expr: t.template(["", "", ""], [t.bigint(), t.number()]) },
  { ts: "`${number | undefined}!`", expr: t.template(["", "!"], [t.optional(t.number())]) },
  // No hole: the template is its one text.
  { ts: "`a.b`", expr: t.template(["a.b"], []), extra: ["a.b", "a.", "a.bc", "xa.b", "aXb"], exact: true },
  // Texts and literals with regular-expression characters, for the exported pattern.
  {
    ts: "`a.b(${boolean})`",
    exact: true,
    expr: t.template(["a.b(", ")"], [t.bool()]),
    extra: ["aXb(true)", "a.b(true)", "a.btrue", "a.b((true))"],
  },
  {
    ts: "`${'a+' | 'b|c' | '$'}?`",
    exact: true,
    expr: t.template(["", "?"], [t.union(t.literal("a+"), t.literal("b|c"), t.literal("$"))]),
    extra: ["aa?", "a+?", "b?", "c?", "b|c?", "$?", "?", "a?"],
  },
  // An enum's members are read as their values (TypeScript: `${E}` for enum E { X = "x", Y = 1 }).
  {
    ts: "`e-${'x.' | 1}`",
    exact: true,
    expr: t.template(
      ["e-", ""],
      [
        t.enum([
          { name: "X", value: "x." },
          { name: "Y", value: 1 },
        ]),
      ],
    ),
    extra: ["e-xx", "e-x.", "e-1", "e-2"],
  },
  {
    ts: "`a${`b${number}` | null}`",
    expr: t.template(["a", ""], [t.union(t.template(["b", ""], [t.number()]), t.null())]),
    extra: ["ab1", "ab-2.5", "anull", "ab", "abnull", "ab1e3"],
  },
];

/**
 * Whether a filler is how JSON (or `String`) writes a value a placeholder can hold: a number as
 * `String(n)` writes it, a bigint's decimal digits, a word. Not `1e3`, `0x10`, ` 1`, `.5`.
 */
const written = (f: string): boolean =>
  !/^[-+.\d\s]|^0[xob]|^[+-]?Infinity$|^NaN$/.test(f) || String(Number(f)) === f || /^-?[1-9]\d*$/.test(f);

function candidates(c: Case): string[] {
  return [...fills(c).keys()];
}

/** Each candidate string, and whether all its placeholders are filled as JSON writes a value. */
function fills(c: Case): Map<string, boolean> {
  const texts = (c.expr as { texts: string[] }).texts;
  const out = new Map<string, boolean>([...FILLERS, ...(c.extra ?? [])].map((f) => [f, false]));
  if (texts.length === 2) for (const f of FILLERS) out.set(texts[0] + f + texts[1], written(f));
  if (texts.length === 3)
    for (const a of PAIR_FILLERS)
      for (const b of PAIR_FILLERS) out.set(texts[0] + a + texts[1] + b + texts[2], written(a) && written(b));
  return out;
}

async function compiledIs(expr: TypeExpr): Promise<(v: unknown) => boolean> {
  const source = `export default ${compileValidatorSource(expr)};`;
  const mod = await import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`);
  return (v) => mod.default.is(v);
}

describe("template literal types agree with TypeScript's checker", () => {
  const questions = CASES.flatMap((c) => candidates(c).map((value) => ({ type: c.ts, value })));
  let answers: boolean[] = [];
  // In a hook, not a test: a test run alone (Stryker runs only the tests that cover a mutant, and
  // `-t` does the same) must still see the checker's answers, or the pattern tests pass vacuously.
  beforeAll(async () => {
    answers = await tsAssignable(questions);
    // The checker takes seconds on a loaded machine: more than a hook's default 10 s allows.
  }, 180_000);
  it("the checker answers the whole table", () => {
    expect(answers).toHaveLength(questions.length);
    // The oracle is not trivial: it accepts some strings and rejects others.
    expect(answers.filter(Boolean).length).toBeGreaterThan(50);
    expect(answers.filter((a) => !a).length).toBeGreaterThan(50);
  });

  for (const c of CASES) {
    it(c.ts, async () => {
      const interpreted = schemaFromExpr(c.expr);
      const compiled = await compiledIs(c.expr);
      const disagree: string[] = [];
      questions.forEach((q, i) => {
        if (q.type !== c.ts) return;
        const ours = interpreted.is(q.value);
        expect(compiled(q.value), `compiled is(${JSON.stringify(q.value)})`).toBe(ours);
        if (ours !== answers[i])
          disagree.push(`${JSON.stringify(q.value)}: checker ${answers[i]}, is ${ours}`);
      });
      expect(disagree).toEqual([]);
    });
  }

  // The JSON Schema export's `pattern` (run by ajv, as a user would): where the export calls it exact,
  // it must give the checker's verdict on every string; where it marks it inexact (number holes,
  // several holes), it must still accept what the checker accepts when the placeholders are filled
  // the way JSON writes values (`String(n)`, a bigint's digits, a word).
  for (const c of CASES) {
    it(`${c.ts}: the exported pattern`, () => {
      const json = toJSONSchema(c.expr);
      const exact = !("x-causality-inexact" in json);
      expect(exact, "the export's own exactness mark").toBe(c.exact === true);
      const ajv = new Ajv2020({ strict: false, logger: false }).compile(json);
      const spelled = fills(c);
      const wrong: string[] = [];
      questions.forEach((q, i) => {
        if (q.type !== c.ts || (!exact && !(answers[i] && spelled.get(q.value)))) return;
        if (ajv(q.value) !== answers[i]) wrong.push(`${JSON.stringify(q.value)}: checker ${answers[i]}`);
      });
      expect(wrong).toEqual([]);
    });
  }
});
