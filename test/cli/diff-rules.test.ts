/**
 * The breaking-change rules as a table (fixtures/diff/cases.json): each case's old and new type are
 * analyzed from TypeScript, diffed, and checked both ways (old -> new, then new -> old with the
 * direction flipped), with the role verdicts that follow and the path of the change.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  type ChangeDirection,
  diffTypeExprs,
  isBreaking,
  type SchemaRole,
  type TypeExpr,
} from "@causality/schema";
import { Analyzer } from "@causality/transformer";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

interface Case {
  name: string;
  old?: string;
  new?: string;
  oldSource?: string;
  newSource?: string;
  direction: ChangeDirection | "equal";
  path?: string;
}

const ROOT = resolve(import.meta.dirname, "../..");
const { cases } = JSON.parse(readFileSync(join(ROOT, "fixtures/diff/cases.json"), "utf8")) as {
  cases: Case[];
};
const IMPORTS =
  'import type { u8, u32, u64, i8, MinLength, MaxLength, Minimum, Maximum, Pattern } from "@causality/schema";\n';

const dir = mkdtempSync(join(tmpdir(), "causality-diff-rules-"));
mkdirSync(join(dir, "node_modules/@causality"), { recursive: true });
symlinkSync(join(ROOT, "node_modules/@causality/schema"), join(dir, "node_modules/@causality/schema"));
writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
const files: string[] = [];
cases.forEach((c, i) => {
  const source = (side: "Old" | "New") => {
    const own = side === "Old" ? c.oldSource : c.newSource;
    return IMPORTS + (own ?? `export type ${side} = ${side === "Old" ? c.old : c.new};\n`);
  };
  for (const side of ["Old", "New"] as const) {
    const file = join(dir, `case${i}.${side}.ts`);
    writeFileSync(file, source(side));
    files.push(file);
  }
});
const program = ts.createProgram(files, {
  strict: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  noEmit: true,
});
const checker = program.getTypeChecker();
const analyzer = new Analyzer(ts, checker);

function analyze(i: number, side: "Old" | "New"): TypeExpr {
  const sf = program.getSourceFile(join(dir, `case${i}.${side}.ts`))!;
  const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(sf)!).find((s) => s.name === side)!;
  const result = analyzer.analyze(checker.getDeclaredTypeOfSymbol(symbol), symbol.declarations![0]!);
  expect(result.diagnostics).toEqual([]);
  return result.expr;
}

const FLIP: Record<string, string> = { widened: "narrowed", narrowed: "widened" };
const ROLES: SchemaRole[] = ["input", "output", "state"];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("diff rules", () => {
  it("has at least 60 cases", () => expect(cases.length).toBeGreaterThanOrEqual(60));

  cases.forEach((c, i) => {
    it(c.name, () => {
      const before = analyze(i, "Old");
      const after = analyze(i, "New");
      const forward = diffTypeExprs(before, after, "input", "T");
      const backward = diffTypeExprs(after, before, "input", "T");
      expect(forward.direction).toBe(c.direction);
      expect(backward.direction).toBe(FLIP[c.direction] ?? c.direction);
      for (const role of ROLES) {
        expect(diffTypeExprs(before, after, role, "T").breaking).toBe(isBreaking(role, c.direction));
        expect(diffTypeExprs(after, before, role, "T").breaking).toBe(
          isBreaking(role, (FLIP[c.direction] ?? c.direction) as ChangeDirection),
        );
      }
      if (c.path !== undefined) expect(forward.changes.map((ch) => ch.path)).toContain(c.path);
      if (c.direction === "equal") expect(forward.changes).toEqual([]);
    });
  });
});
