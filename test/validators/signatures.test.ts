/**
 * Several index signatures with template-literal keys in one type, from TypeScript source through
 * the analyzer to both back ends and the exports: a key is checked against the value type of the
 * signatures that accept it; `equals` rejects a key no field or signature accepts.
 */
import { compileSchema, schemaFromExpr, type TypeExpr } from "@causality/schema";
import { Analyzer } from "@causality/transformer";
import { Ajv2020 } from "ajv/dist/2020.js";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const SOURCE = `
export type Multi = { [k: \`x-\${string}\`]: string; [k: \`\${string}_at\`]: number; [k: \`n\${number}\`]: boolean };
export interface WithId { id: string; [k: \`x-\${string}\`]: string }
export type Both = { [k: \`a\${string}\`]: number; [k: \`\${string}z\`]: 1 | 2 };
`;

function analyzed(): Record<string, TypeExpr> {
  const host = ts.createCompilerHost({});
  const read = host.getSourceFile;
  host.getSourceFile = (name, lang) =>
    name === "/types.ts" ? ts.createSourceFile(name, SOURCE, lang) : read(name, lang);
  const program = ts.createProgram(["/types.ts"], { strict: true, noLib: true, types: [] }, host);
  const checker = program.getTypeChecker();
  const analyzer = new Analyzer(ts, checker);
  const out: Record<string, TypeExpr> = {};
  for (const s of program.getSourceFile("/types.ts")!.statements) {
    const name = (s as ts.TypeAliasDeclaration).name;
    const result = analyzer.analyze(checker.getTypeAtLocation(name), s);
    expect(result.diagnostics).toEqual([]);
    out[name.text] = result.expr;
  }
  return out;
}

const types = analyzed();

/** is / equals of the interpreter and of the run-time compiled code, which must agree. */
function verdicts(expr: TypeExpr, values: unknown[]): { is: boolean[]; equals: boolean[] } {
  const a = schemaFromExpr(expr);
  const b = compileSchema(expr);
  expect(b.compiled).toBe(true);
  const is = values.map((v) => a.is(v));
  const equals = values.map((v) => a.equals(v));
  expect(values.map((v) => b.is(v))).toEqual(is);
  expect(values.map((v) => b.equals(v))).toEqual(equals);
  for (const v of values) expect(b.validate(v)).toEqual(a.validate(v));
  return { is, equals };
}

describe("several template index signatures", () => {
  it("each key is checked against the signature it matches; equals rejects a key that matches none", () => {
    const values = [
      { "x-a": "s", created_at: 1, n1: true },
      { "x-a": 1 },
      { created_at: "s" },
      { n1: "yes" },
      { nope: 1 },
      { "x-b": "s", nope: undefined },
      {},
    ];
    expect(verdicts(types.Multi!, values)).toEqual({
      is: [true, false, false, false, true, true, true],
      equals: [true, false, false, false, false, true, true],
    });
  });
  it("a declared field is not judged by a signature it does not match", () => {
    expect(
      verdicts(types.WithId!, [
        { id: "1" },
        { id: "1", "x-y": "z" },
        { id: "1", "x-y": 2 },
        { id: 1 },
        { id: "1", other: 1 },
      ]),
    ).toEqual({
      is: [true, true, false, false, true],
      equals: [true, true, false, false, false],
    });
  });
  it("a key two signatures accept is checked against both", () => {
    expect(verdicts(types.Both!, [{ az: 1 }, { az: 3 }, { ab: 3 }, { bz: 2 }, { bz: 3 }])).toEqual({
      is: [true, false, true, true, false],
      equals: [true, false, true, true, false],
    });
  });
  it("issues are at the key's own path", () => {
    const r = schemaFromExpr(types.Multi!).validate({ "x-a": 1, b_at: "late" });
    expect(r.success ? [] : r.errors.map((i) => [i.code, i.path])).toEqual([
      ["invalid_type", '$input["x-a"]'],
      ["invalid_type", "$input.b_at"],
    ]);
    const exact = schemaFromExpr(types.Multi!).validate({ nope: 1 }, { exact: true });
    expect(exact.success ? [] : exact.errors.map((i) => [i.code, i.path])).toEqual([
      ["excess_key", "$input.nope"],
    ]);
  });
  it("the JSON Schema (ajv) and zod exports give the same verdicts", () => {
    for (const expr of [types.Multi!, types.WithId!]) {
      const schema = schemaFromExpr(expr);
      const ajv = new Ajv2020({ strict: false }).compile(schema.toJSONSchema());
      const zod = schema.toZod(z);
      for (const v of [
        { "x-a": "s", created_at: 1 },
        { "x-a": 1 },
        { created_at: "s" },
        { id: "1", "x-y": 2 },
        { id: "1" },
        { nope: 1 },
      ]) {
        expect(ajv(v), JSON.stringify(v)).toBe(schema.is(v));
        expect(zod.safeParse(v).success, JSON.stringify(v)).toBe(schema.is(v));
      }
    }
  });
});
