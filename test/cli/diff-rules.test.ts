/**
 * The breaking-change rules as a table (fixtures/diff/cases.json). Every case states, as data, what
 * the change old -> new (`forward`) and the reverse change new -> old (`backward`) must give: the
 * direction, the verdict for each role (input, output, state) and the path of the first reported
 * change. Both types are analyzed from TypeScript and diffed once per role, direction and
 * optional-field policy (`strict`: the case's sides; `contract`, the default: its `contract` sides
 * where given, else the same); every expectation comes from the JSON, none is computed by the code
 * under test.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { diffTypeExprs, type OptionalFieldPolicy, type SchemaRole, type TypeExpr } from "@causality/schema";
import { Analyzer } from "@causality/transformer";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

type Direction = "widened" | "narrowed" | "incompatible" | "compatible" | "equal";
type Verdict = "ok" | "breaking";

interface Side {
  direction: Direction;
  /** The path of the first reported change; null when the ids are equal. */
  path: string | null;
  input: Verdict;
  output: Verdict;
  state: Verdict;
}

interface Case {
  name: string;
  old?: string;
  new?: string;
  oldSource?: string;
  newSource?: string;
  note?: string;
  forward: Side;
  backward: Side;
  /** The expectation under the default (contract) policy, where it differs from the strict one. */
  contract?: { forward: Side; backward: Side };
}

type Way = "forward" | "backward";
type Field = `${Way}.${keyof Side}`;

const ROOT = resolve(import.meta.dirname, "../..");
const { cases } = JSON.parse(readFileSync(join(ROOT, "fixtures/diff/cases.json"), "utf8")) as {
  cases: Case[];
};
const ROLES: SchemaRole[] = ["input", "output", "state"];

/**
 * Expectations the code does not meet yet, by case and field (`forward.input`, `backward.path`, ...).
 * The fixture keeps the right answer; these fields are left out of the strict assertions (every other
 * field of the case is still checked) until the code is fixed, then the entry goes.
 */
/** Cases whose named fields the code is known to get wrong (none today; listed ones must exist). */
const KNOWN_GAPS: Record<string, Field[]> = {};

const IMPORTS =
  'import type { u8, u32, u64, i8, MinLength, MaxLength, Minimum, Maximum, ExclusiveMinimum, MultipleOf, Pattern } from "@causality/schema";\n';

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

/** What the code says for one way of a case, in the fixture's terms, role by role. */
function observe(before: TypeExpr, after: TypeExpr, policy: OptionalFieldPolicy): Side {
  const diffs = ROLES.map((role) => diffTypeExprs(before, after, role, "T", policy));
  // The direction and the changes' paths do not depend on the role; only the verdicts do.
  for (const d of diffs) {
    expect(d.direction).toBe(diffs[0]!.direction);
    expect(d.changes[0]?.path ?? null).toBe(diffs[0]!.changes[0]?.path ?? null);
    if (d.direction === "equal") expect(d.changes).toEqual([]);
    // One verdict: a breaking diff blames at least one change, an ok one none.
    expect(d.changes.some((c) => c.breaking)).toBe(d.breaking);
  }
  const verdict = (d: (typeof diffs)[number]): Verdict => (d.breaking ? "breaking" : "ok");
  return {
    direction: diffs[0]!.direction,
    path: diffs[0]!.changes[0]?.path ?? null,
    input: verdict(diffs[0]!),
    output: verdict(diffs[1]!),
    state: verdict(diffs[2]!),
  };
}

/** docs/cli.md's table, used only to lint the fixture (a typo in a row), never to judge the code. */
const DOCUMENTED: Record<Direction, Omit<Side, "direction" | "path">> = {
  widened: { input: "ok", output: "breaking", state: "ok" },
  narrowed: { input: "breaking", output: "ok", state: "breaking" },
  incompatible: { input: "breaking", output: "breaking", state: "breaking" },
  compatible: { input: "ok", output: "ok", state: "ok" },
  equal: { input: "ok", output: "ok", state: "ok" },
};
const REVERSED: Record<Direction, Direction> = {
  widened: "narrowed",
  narrowed: "widened",
  incompatible: "incompatible",
  compatible: "compatible",
  equal: "equal",
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("diff rules", () => {
  it("has at least 60 cases, each named once, covering every direction both ways", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(new Set(cases.map((c) => c.forward.direction))).toEqual(
      new Set(["widened", "narrowed", "incompatible", "compatible", "equal"]),
    );
  });

  it("the fixture is coherent: the backward way reverses the forward one, verdicts follow the documented table", () => {
    for (const c of [...cases, ...cases.flatMap((c) => (c.contract ? [{ ...c, ...c.contract }] : []))]) {
      for (const way of ["forward", "backward"] as const) {
        const s = c[way];
        expect(Object.keys(s).sort(), `${c.name} ${way}`).toEqual([
          "direction",
          "input",
          "output",
          "path",
          "state",
        ]);
        expect({ input: s.input, output: s.output, state: s.state }, `${c.name} ${way}`).toEqual(
          DOCUMENTED[s.direction],
        );
        expect(s.path === null, `${c.name} ${way}: a path exactly when the ids differ`).toBe(
          s.direction === "equal",
        );
      }
      expect(c.backward.direction, c.name).toBe(REVERSED[c.forward.direction]);
    }
  });

  it("every known gap names a case and a field of it", () => {
    const names = new Set(cases.map((c) => c.name));
    for (const name of Object.keys(KNOWN_GAPS)) expect(names, name).toContain(name);
  });

  it("runs some cases where the two policies disagree", () => {
    expect(cases.filter((c) => c.contract).length).toBeGreaterThanOrEqual(4);
  });

  const runs = cases.flatMap((c, i) => (["strict", "contract"] as const).map((policy) => ({ c, i, policy })));
  runs.forEach(({ c, i, policy }) => {
    it(`${c.name} (${policy})`, () => {
      const before = analyze(i, "Old");
      const after = analyze(i, "New");
      const actual: Record<Way, Side> = {
        forward: observe(before, after, policy),
        backward: observe(after, before, policy),
      };
      const expected = policy === "contract" && c.contract ? c.contract : c;
      const gaps = new Set<string>(KNOWN_GAPS[c.name] ?? []);
      // Both ways and every field at once, so a failure shows the whole disagreement.
      const strict = (sides: Record<Way, Side>) =>
        Object.fromEntries(
          (["forward", "backward"] as const).flatMap((way) =>
            (["direction", "path", "input", "output", "state"] as const)
              .filter((field) => !gaps.has(`${way}.${field}`))
              .map((field) => [`${way}.${field}`, sides[way][field]]),
          ),
        );
      expect(strict(actual)).toEqual(strict({ forward: expected.forward, backward: expected.backward }));
    });
  });
});
