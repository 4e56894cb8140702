/**
 * `compileSchema(expr)`: a schema that arrives at run time gets the generated validator code,
 * compiled in-process; where code generation is refused (a real Node process started with
 * --disallow-code-generation-from-strings, as a strict CSP would) the interpreter answers instead.
 */
import { spawnSync } from "node:child_process";
import { compileSchema, compileValidatorSource, schemaFromExpr, t } from "@causality/schema";
import { describe, expect, it } from "vitest";
import { FAMILIES } from "../../fixtures/validators/shapes.mjs";

describe("compileSchema", () => {
  it("runs the code compileValidatorSource generates, with the interpreter's answers", () => {
    for (const [name, [expr]] of Object.entries(FAMILIES)) {
      const runtime = compileSchema(expr);
      const interpreted = schemaFromExpr(expr);
      expect(runtime.compiled, name).toBe(true);
      expect(runtime.id, name).toBe(interpreted.id);
      const generated = new Function(`return ${compileValidatorSource(expr)}`)();
      for (const v of [null, {}, [], "x", 1, { a: 1 }, [{ label: "a", value: 1, children: [] }]]) {
        expect(runtime.is(v), name).toBe(interpreted.is(v));
        expect(runtime.is(v), name).toBe(generated.is(v));
        expect(runtime.equals(v), name).toBe(interpreted.equals(v));
        expect(runtime.validate(v), name).toEqual(interpreted.validate(v));
      }
    }
  });

  it("compiles a schema once per canonical form", () => {
    const a = compileSchema(t.record({ a: t.string() }));
    const b = compileSchema(JSON.parse(JSON.stringify(t.record({ a: t.string() }))));
    // Compiled once: both schemas hand out the same generated function (no per-schema wrapper).
    expect(a.is).toBe(b.is);
    expect(a.id).toBe(b.id);
  });

  it("falls back to the interpreter where code generation is not allowed", () => {
    const script = `
      import { compileSchema } from "@causality/schema";
      const s = compileSchema({ kind: "record", fields: [{ name: "n", type: { kind: "range", min: "0", max: "255" } }] });
      const r = s.validate({ n: 256 });
      console.log(JSON.stringify({ compiled: s.compiled, ok: s.is({ n: 1 }), bad: s.is({ n: 256 }), path: r.success ? null : r.errors[0].path }));
    `;
    const run = spawnSync(
      process.execPath,
      ["--disallow-code-generation-from-strings", "--input-type=module", "-e", script],
      { encoding: "utf8", cwd: process.cwd() },
    );
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ compiled: false, ok: true, bad: false, path: "$input.n" });
  });
});
