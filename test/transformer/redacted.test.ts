/**
 * `@redacted` on a property: the analyzer marks the field redacted (metadata), the id stays the one
 * of the same type without the tag, and the mark survives canonicalization, parsing and printing
 * back to JSON (a mark lost on the way would let a secret into a journal).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalize, parseTypeExpr, type TypeExpr, typeExprIdHex } from "@causality/schema";
import { Analyzer } from "@causality/transformer";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const SOURCE = `
export interface Login {
  user: string;
  /** The user's password. @redacted */
  password: string;
  /** @redacted */
  card?: { number: string; cvc: string };
}
export interface Plain { user: string; password: string; card?: { number: string; cvc: string } }
export interface Extended extends Login { note: string }
`;

const dir = mkdtempSync(join(tmpdir(), "causality-redacted-"));
const file = join(dir, "redacted.ts");
writeFileSync(file, SOURCE);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, noEmit: true });
const checker = program.getTypeChecker();
const analyzer = new Analyzer(ts, checker);
const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!);

function analyze(name: string): TypeExpr {
  const symbol = exported.find((s) => s.name === name)!;
  const r = analyzer.analyze(checker.getDeclaredTypeOfSymbol(symbol), symbol.declarations![0]!);
  expect(r.diagnostics).toEqual([]);
  return r.expr;
}

const redactedNames = (e: TypeExpr): string[] =>
  e.kind === "record" ? e.fields.filter((f) => f.redacted).map((f) => f.name) : [];

describe("@redacted", () => {
  it("marks the tagged fields, inherited ones too, and leaves the id alone", () => {
    const login = analyze("Login");
    expect(redactedNames(login)).toEqual(["password", "card"]);
    expect(redactedNames(analyze("Plain"))).toEqual([]);
    expect(redactedNames(analyze("Extended")).sort()).toEqual(["card", "password"]);
    expect(typeExprIdHex(login)).toBe(typeExprIdHex(analyze("Plain")));
  });

  it("survives canonicalization and a JSON round trip through parseTypeExpr", () => {
    const canonical = canonicalize(analyze("Login"));
    expect(redactedNames(canonical).sort()).toEqual(["card", "password"]);
    const back = parseTypeExpr(JSON.parse(JSON.stringify(canonical)));
    expect(redactedNames(back).sort()).toEqual(["card", "password"]);
    expect(() =>
      parseTypeExpr({ kind: "record", fields: [{ name: "a", type: { kind: "string" }, redacted: "yes" }] }),
    ).toThrow(/CX1003_BAD_FIELD/);
  });

  it("two equal records merged by minimization: redacted in either is redacted in the one kept", () => {
    const secret = {
      kind: "record",
      fields: [{ name: "s", type: { kind: "string" }, redacted: true }],
    } as const;
    const open = { kind: "record", fields: [{ name: "s", type: { kind: "string" } }] } as const;
    for (const members of [
      [secret, open],
      [open, secret],
    ]) {
      const merged = canonicalize({ kind: "union", members: [...members, { kind: "unit" }] } as TypeExpr);
      const record = merged.kind === "union" ? merged.members.find((m) => m.kind === "record") : undefined;
      expect(record && redactedNames(record)).toEqual(["s"]);
    }
  });
});
