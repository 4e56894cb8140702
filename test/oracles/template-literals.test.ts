/**
 * Template literal types pinned against TypeScript's own checker (test/oracles/ts-checker.ts): for
 * each type of the table and each candidate string, the validators' `is` (interpreter and compiled
 * code) must give the checker's verdict, except for the deviations listed below with their reasons,
 * which are pinned too (a deviation that disappears, or a new one, fails the test).
 */
import { compileValidatorSource, schemaFromExpr, type TypeExpr, t } from "@causality/schema";
import { describe, expect, it } from "vitest";
import { tsAssignable } from "./ts-checker.js";

interface Case {
  /** The type as TypeScript writes it. */
  readonly ts: string;
  readonly expr: TypeExpr;
  /** Strings the validators accept and TypeScript's checker does not. */
  readonly oursOnly?: readonly string[];
  /** Strings TypeScript's checker accepts and the validators do not. */
  readonly tsOnly?: readonly string[];
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
];
/** Fillers for templates with two placeholders (every pair is tried). */
const PAIR_FILLERS = ["1", "-1", "2.5", "-", "a", "true", "", "1-2", "x1"];

/** Why the validators' number pattern is not the checker's: it follows what `${n}` produces at run time. */
const NUMBER_DEVIATIONS = {
  // `${NaN}` is "NaN" and `${1 / 0}` is "Infinity" at run time; the checker wants a finite number.
  // "1e400" is a well-formed numeral that reads as Infinity (the validators do not evaluate it).
  oursOnly: ["NaN", "Infinity", "-Infinity", "1e400"],
  // The checker accepts any string `+s` reads as a finite number; `${n}` never writes hex, binary,
  // octal or blanks, so the validators reject them.
  tsOnly: ["0x10", "0b1", "0o7", " 1", "1 ", "\t1"],
};

const CASES: Case[] = [
  { ts: "`${number}`", expr: t.template(["", ""], [t.number()]), ...NUMBER_DEVIATIONS },
  {
    ts: "`${bigint}`",
    expr: t.template(["", ""], [t.bigint()]),
    // `${n}` of a bigint never has a leading zero; the checker rejects it too: a gap in the validators.
    oursOnly: ["00", "01"],
    tsOnly: ["0x10", "-0x10", "0b1", "0o7"],
  },
  { ts: "`${boolean}`", expr: t.template(["", ""], [t.bool()]) },
  { ts: "`${null}`", expr: t.template(["", ""], [t.null()]) },
  { ts: "`${undefined}`", expr: t.template(["", ""], [t.undefined()]) },
  { ts: "`${string}`", expr: t.template(["", ""], [t.string()]) },
  { ts: "`a${string}`", expr: t.template(["a", ""], [t.string()]) },
  {
    ts: "`id-${number}`",
    expr: t.template(["id-", ""], [t.number()]),
    oursOnly: NUMBER_DEVIATIONS.oursOnly.map((s) => `id-${s}`),
    tsOnly: NUMBER_DEVIATIONS.tsOnly.map((s) => `id-${s}`),
  },
  {
    ts: "`${number}px`",
    expr: t.template(["", "px"], [t.number()]),
    oursOnly: NUMBER_DEVIATIONS.oursOnly.map((s) => `${s}px`),
    tsOnly: NUMBER_DEVIATIONS.tsOnly.map((s) => `${s}px`),
  },
  {
    ts: "`${number | undefined}`",
    expr: t.template(["", ""], [t.union(t.number(), t.undefined())]),
    ...NUMBER_DEVIATIONS,
  },
  {
    ts: "`${1 | -1 | 2.5}`",
    expr: t.template(["", ""], [t.union(t.literal(1), t.literal(-1), t.literal(2.5))]),
  },
  { ts: "`${-1n}`", expr: t.template(["", ""], [t.bigintLiteral(-1n)]) },
  { ts: "`${'a' | 'b'}!`", expr: t.template(["", "!"], [t.union(t.literal("a"), t.literal("b"))]) },
  { ts: "`${boolean}:${bigint}`", expr: t.template(["", ":", ""], [t.bool(), t.bigint()]) },
  {
    ts: "`${number}-${number}`",
    expr: t.template(["", "-", ""], [t.number(), t.number()]),
    // The checker gives each placeholder the text up to the next occurrence of the text after it
    // (no backtracking): in "-1-1" the first number would be "", so it rejects. The validators'
    // regular expression backtracks and reads -1 and 1.
    oursOnly: ["-1-1", "-1--1", "-1-2.5", "-1-2"],
  },
  { ts: "`<${string}|${boolean}>`", expr: t.template(["<", "|", ">"], [t.string(), t.bool()]) },
];

function candidates(c: Case): string[] {
  const texts = (c.expr as { texts: string[] }).texts;
  const out = new Set<string>(FILLERS);
  if (texts.length === 2) for (const f of FILLERS) out.add(texts[0] + f + texts[1]);
  if (texts.length === 3)
    for (const a of PAIR_FILLERS)
      for (const b of PAIR_FILLERS) out.add(texts[0] + a + texts[1] + b + texts[2]);
  return [...out];
}

async function compiledIs(expr: TypeExpr): Promise<(v: unknown) => boolean> {
  const source = `export default ${compileValidatorSource(expr)};`;
  const mod = await import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`);
  return (v) => mod.default.is(v);
}

describe("template literal types agree with TypeScript's checker", () => {
  const questions = CASES.flatMap((c) => candidates(c).map((value) => ({ type: c.ts, value })));
  let answers: boolean[] = [];
  it("the checker answers the whole table", () => {
    answers = tsAssignable(questions);
    expect(answers).toHaveLength(questions.length);
    // The oracle is not trivial: it accepts some strings and rejects others.
    expect(answers.filter(Boolean).length).toBeGreaterThan(50);
    expect(answers.filter((a) => !a).length).toBeGreaterThan(50);
  });

  for (const c of CASES) {
    it(c.ts, async () => {
      const interpreted = schemaFromExpr(c.expr);
      const compiled = await compiledIs(c.expr);
      const oursOnly: string[] = [];
      const tsOnly: string[] = [];
      questions.forEach((q, i) => {
        if (q.type !== c.ts) return;
        const ours = interpreted.is(q.value);
        expect(compiled(q.value), `compiled is(${JSON.stringify(q.value)})`).toBe(ours);
        if (ours && !answers[i]) oursOnly.push(q.value);
        if (!ours && answers[i]) tsOnly.push(q.value);
      });
      expect({ oursOnly, tsOnly }).toEqual({ oursOnly: c.oursOnly ?? [], tsOnly: c.tsOnly ?? [] });
    });
  }
});
