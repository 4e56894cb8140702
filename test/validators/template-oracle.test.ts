/**
 * Template literal types against TypeScript itself: for each template, written once as TypeScript
 * source and once as a TypeExpr, every string gets the verdict of the real type checker
 * (`isTypeAssignableTo` of the string literal type) from both back ends.
 */
import { compileValidatorSource, schemaFromExpr, type TypeExpr, t } from "@causality/schema";
import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const TEMPLATES: [string, TypeExpr][] = [
  ["`${number}`", t.template(["", ""], [t.number()])],
  ["`${bigint}`", t.template(["", ""], [t.bigint()])],
  ["`${number}px`", t.template(["", "px"], [t.number()])],
  ["`${string}-${number}`", t.template(["", "-", ""], [t.string(), t.number()])],
  ["`${number}${number}`", t.template(["", "", ""], [t.number(), t.number()])],
  ["`${string}a${string}b`", t.template(["", "a", "b"], [t.string(), t.string()])],
  ["`x-${boolean}-${bigint}`", t.template(["x-", "-", ""], [t.bool(), t.bigint()])],
  ["`${number}.${number}.${number}`", t.template(["", ".", ".", ""], [t.number(), t.number(), t.number()])],
  ["`a${string}a`", t.template(["a", "a"], [t.string()])],
  ["`${null}|${undefined}`", t.template(["", "|", ""], [t.null(), t.undefined()])],
];

/** The checker's types for the templates above, by their source text. */
function checkerTypes(): { checker: ts.TypeChecker; types: ts.Type[] } {
  const text = TEMPLATES.map(([source], i) => `type T${i} = ${source};`).join("\n");
  const host = ts.createCompilerHost({});
  const read = host.getSourceFile;
  host.getSourceFile = (name, lang) =>
    name === "/templates.ts" ? ts.createSourceFile(name, text, lang) : read(name, lang);
  const program = ts.createProgram(
    ["/templates.ts"],
    { strict: true, noEmit: true, noLib: true, types: [] },
    host,
  );
  const checker = program.getTypeChecker();
  const file = program.getSourceFile("/templates.ts")!;
  const types = file.statements.map((s) => checker.getTypeAtLocation((s as ts.TypeAliasDeclaration).name));
  return { checker, types };
}

const PICKED = [
  "1",
  " 1",
  "1 ",
  "\n",
  "  ",
  "",
  "0x1f",
  "-0x1",
  "0X1F",
  "1e3",
  "1e400",
  "-1e400",
  ".5",
  "5.",
  "NaN",
  "Infinity",
  "-Infinity",
  "+1",
  "1_000",
  "0b1",
  "0o7",
  "-0",
  "007",
  "1n",
  "-1",
  "\u00a0",
  "\ufeff1",
  "a-b-1",
  "a-1",
  "-1",
  "a--1",
  "12",
  "123",
  "1px",
  "pxpx",
  "1.5px",
  " px",
  "1e3px",
  "ab",
  "aab",
  "abab",
  "ba",
  "x-true-1",
  "x-false--0x1",
  "x-true-",
  "x-yes-1",
  "1.2.3",
  "1..3",
  "a",
  "aa",
  "aXa",
  "null|undefined",
  "null|",
  "1.2.3.4",
  "1 . 2 . 3",
  "x-true-0b2",
  "x-true-01",
];

describe("template literals match what TypeScript accepts", () => {
  it("on hand-picked and random strings, both back ends give the checker's verdict", async () => {
    const { checker, types } = checkerTypes();
    const alphabet = fc.constantFrom(..."0123456789.-+eExXabpn_ |trufals".split(""));
    const random = fc.sample(fc.string({ unit: alphabet, maxLength: 8 }), { numRuns: 400, seed: 14 });
    const strings = [...PICKED, ...random];
    for (const [i, [source, expr]] of TEMPLATES.entries()) {
      const code = `export default ${compileValidatorSource(expr)};`;
      const compiled = (await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`))
        .default as { is(v: unknown): boolean };
      const interpreted = schemaFromExpr(expr);
      const wrong: string[] = [];
      for (const s of strings) {
        const expected = checker.isTypeAssignableTo(checker.getStringLiteralType(s), types[i]!);
        if (interpreted.is(s) !== expected || compiled.is(s) !== expected) {
          wrong.push(`${JSON.stringify(s)}: TypeScript ${expected}`);
        }
      }
      expect(wrong, source).toEqual([]);
    }
  });
});
