/**
 * TypeScript as people write it (issue 14): array interfaces, `never` for "absent", binary data,
 * non-regular recursion. Each idiom is held against the same type written the plain way (the
 * analyzer's ids must match) and against values, through both validator back ends.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileValidatorSource, schemaFromExpr, type TypeExpr, typeExprIdHex } from "@causality/schema";
import { Analyzer, DIAGNOSTIC } from "@causality/transformer";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const SOURCE = `
export type Json = string | number | boolean | null | JsonList | { [k: string]: Json };
export interface JsonList extends Array<Json> {}
export type PlainJson = string | number | boolean | null | PlainJson[] | { [k: string]: PlainJson };
export type RoJson = string | number | boolean | null | RoList | { readonly [k: string]: RoJson };
export interface RoList extends ReadonlyArray<RoJson> {}
export interface Node { name: string; kids: Nodes }
export interface Nodes extends Array<Node> {}
export interface PlainNode { name: string; kids: PlainNode[] }
export interface Shelf<T> extends Array<T> {}
export interface Deeper<T> extends Shelf<T> {}
export type Books = Deeper<{ title: string }>;
export type PlainBooks = { title: string }[];
export class Row extends Array<number> {}
export interface Totals extends Array<number> { total: number }

export interface Gone { id: string; legacy?: never; removed: never }
export interface GoneUndefined { id: string; legacy?: undefined; removed: undefined }
export type NoKeys = Record<string, never>;
export interface NoEntries { [k: string]: never }
export type UndefinedValues = Record<string, undefined>;
export interface Clash { a: string & number }
export type Nothing = never;

export interface Deep<T> { value?: T; next?: Deep<Deep<T>> }
export type DeepNumber = Deep<number>;
export interface Wide<T> { items: Wide<[T, T]>[] }
export type WideString = Wide<string>;
export interface Box<T> { inner: T }
export type Nested = Box<Box<Box<Box<string>>>>;
export interface Tree<T> { value: T; kids: Tree<T>[] }
export type Trees = Tree<Box<number>>;

export interface Bytes { data: Uint8Array }
export interface Floats { data: Float32Array }
export interface Bigs { data: BigUint64Array }
export interface Clamped { data: Uint8ClampedArray }
export interface View { data: DataView }
export interface Shared { data: SharedArrayBuffer }
export interface Nodeish extends Uint8Array { extra?: string }
export interface WithNodeish { data: Nodeish }
`;

const dir = mkdtempSync(join(tmpdir(), "causality-idioms-"));
const file = join(dir, "idioms.ts");
writeFileSync(file, SOURCE);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, noEmit: true });
const checker = program.getTypeChecker();
const analyzer = new Analyzer(ts, checker);
const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!);

function analyze(name: string) {
  const symbol = exports.find((s) => s.name === name)!;
  return analyzer.analyze(checker.getDeclaredTypeOfSymbol(symbol), symbol.declarations![0]!);
}

function clean(name: string): TypeExpr {
  const result = analyze(name);
  expect(result.diagnostics).toEqual([]);
  return result.expr;
}

function codes(name: string): { code: number; path: string; message: string }[] {
  return analyze(name).diagnostics.map((d) => ({ code: d.code, path: d.path, message: d.message }));
}

/** Both back ends (generated code loaded as a module, and the interpreter) must agree on every value. */
async function verdicts(expr: TypeExpr, values: unknown[]): Promise<boolean[]> {
  const source = `export default ${compileValidatorSource(expr)};`;
  const url = `data:text/javascript;base64,${Buffer.from(source).toString("base64")}`;
  const compiled = (await import(url)).default as { is(v: unknown): boolean; equals(v: unknown): boolean };
  const interpreted = schemaFromExpr(expr);
  return values.map((v) => {
    expect(interpreted.is(v)).toBe(compiled.is(v));
    expect(interpreted.equals(v)).toBe(compiled.equals(v));
    return compiled.is(v);
  });
}

describe("an interface or class extending Array<T> / ReadonlyArray<T> is a list", () => {
  it("recursive JSON written with an array interface has the id of the plain form", () => {
    expect(typeExprIdHex(clean("Json"))).toBe(typeExprIdHex(clean("PlainJson")));
    expect(typeExprIdHex(clean("RoJson"))).toBe(typeExprIdHex(clean("PlainJson")));
    expect(clean("JsonList")).toMatchObject({ kind: "list" });
  });

  it("through a record, a generic interface, a chain of interfaces and a class", () => {
    expect(typeExprIdHex(clean("Node"))).toBe(typeExprIdHex(clean("PlainNode")));
    expect(typeExprIdHex(clean("Books"))).toBe(typeExprIdHex(clean("PlainBooks")));
    expect(clean("Row")).toEqual({ kind: "list", element: { kind: "number" } });
  });

  it("values: JSON.parse output passes; undefined, functions and bigints inside do not", async () => {
    const json = clean("Json");
    const good = JSON.parse('[1, "a", null, true, {"x": [[], {"y": [false]}]}]');
    expect(await verdicts(json, [good, { a: [1, { b: null }] }, "s", [undefined], [() => 1], [1n]])).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(
      await verdicts(clean("Node"), [
        { name: "a", kids: [{ name: "b", kids: [] }] },
        { name: "a", kids: {} },
      ]),
    ).toEqual([true, false]);
  });

  it("an array type with members of its own is refused with a code, not one error per Array method", () => {
    const found = codes("Totals");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: DIAGNOSTIC.Unsupported.code, path: "Totals" });
    expect(found[0]!.message).toContain("members of its own (total)");
  });
});

describe("a property or index signature of type never means absent (or undefined)", () => {
  it("has the id of the same field written as undefined", () => {
    expect(typeExprIdHex(clean("Gone"))).toBe(typeExprIdHex(clean("GoneUndefined")));
    expect(typeExprIdHex(clean("NoKeys"))).toBe(typeExprIdHex(clean("UndefinedValues")));
    expect(typeExprIdHex(clean("NoEntries"))).toBe(typeExprIdHex(clean("UndefinedValues")));
  });

  it("values: the key may be missing or undefined, any other value is refused", async () => {
    expect(
      await verdicts(clean("Gone"), [
        { id: "a" },
        { id: "a", removed: undefined },
        { id: "a", legacy: 1 },
        { id: "a", removed: null },
      ]),
    ).toEqual([true, true, false, false]);
    expect(await verdicts(clean("NoKeys"), [{}, { a: undefined }, { a: 1 }, { a: null }])).toEqual([
      true,
      true,
      false,
      false,
    ]);
    const strict = schemaFromExpr(clean("NoKeys"));
    expect(strict.equals({})).toBe(true);
    expect(strict.equals({ a: 0 })).toBe(false);
  });

  it("an impossible intersection written on a field, or never as the whole type, stays TS91004", () => {
    expect(codes("Clash")).toEqual([expect.objectContaining({ code: 91004, path: "Clash.a" })]);
    expect(codes("Nothing")).toEqual([expect.objectContaining({ code: 91004 })]);
  });
});

describe("non-regular recursive generics give TS91011, never a stack overflow", () => {
  it("Deep<Deep<T>> is reported at the field where it grows", () => {
    expect(codes("DeepNumber")).toEqual([
      expect.objectContaining({ code: 91011, path: "DeepNumber.next.next" }),
    ]);
    expect(codes("Deep").map((d) => d.code)).toContain(91011);
  });

  it("growth through a tuple argument too", () => {
    expect(codes("WideString").map((d) => d.code)).toEqual([91011]);
  });

  it("finite nesting of one generic and regular recursion are not reported", () => {
    expect(clean("Nested")).toMatchObject({ kind: "record" });
    expect(JSON.stringify(clean("Trees"))).toContain('"kind":"recursive"');
  });
});

describe("binary data: Uint8Array is bytes; other typed arrays and buffers are refused with advice", () => {
  it("Uint8Array is the bytes kind", async () => {
    expect(clean("Bytes")).toMatchObject({ fields: [{ name: "data", type: { kind: "bytes" } }] });
    expect(
      await verdicts(clean("Bytes"), [
        { data: new Uint8Array(2) },
        { data: new Uint16Array(2) },
        { data: [1] },
      ]),
    ).toEqual([true, false, false]);
  });

  it.each([
    ["Floats", "Float32Array", "number[]"],
    ["Bigs", "BigUint64Array", "bigint[]"],
    ["Clamped", "Uint8ClampedArray", "number[]"],
    ["View", "DataView", "Uint8Array"],
    ["Shared", "SharedArrayBuffer", "Uint8Array"],
    ["WithNodeish", "Nodeish", "Uint8Array"],
  ])("%s: TS91005 names %s and says to use %s", (name, type, instead) => {
    const found = codes(name);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: DIAGNOSTIC.NotData.code, path: `${name}.data` });
    expect(found[0]!.message).toContain(`${type}:`);
    expect(found[0]!.message).toContain(instead);
  });
});
