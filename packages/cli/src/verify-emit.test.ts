import { describe, expect, it } from "vitest";
import type { CliError } from "./errors.js";
import { verifyGenerated } from "./verify-emit.js";

const failure = (files: Record<string, string>): string => {
  try {
    verifyGenerated(new Map(Object.entries(files)));
  } catch (e) {
    return (e as CliError).format();
  }
  return "";
};

describe("verifyGenerated", () => {
  it("accepts modules that parse and bind", () => {
    expect(
      failure({
        "/o/a.schemas.js": 'import { schemaFromExpr } from "@causality/schema";\nexport const eval_ = 1;\n',
        "/o/a.schemas.d.ts":
          'import type * as source from "../we\\"ird.js";\nexport declare const eval_: source.eval;\n',
        "/o/a.Order.schema.json": "{",
      }),
    ).toBe("");
  });

  it("rejects what a module cannot load: `const eval`, `arguments`, a broken import path, a name declared twice", () => {
    expect(failure({ "/o/a.schemas.js": "export const eval = 1;\n" })).toMatch(
      /^causality: CLI3012_INTERNAL: \/o\/a\.schemas\.js:1: a generated module does not parse \(TS1215: Invalid use of 'eval'/,
    );
    expect(failure({ "/o/a.schemas.js": "export const arguments = 1;\n" })).toMatch(
      /TS1215: Invalid use of 'arguments'/,
    );
    expect(failure({ "/o/a.schemas.d.ts": 'import type * as source from "../we"ird.js";\n' })).toMatch(
      /\/o\/a\.schemas\.d\.ts:1: a generated module does not parse \(TS1005/,
    );
    expect(failure({ "/o/a.schemas.js": "export const x = 1;\nexport const x = 2;\n" })).toMatch(/TS2451/);
  });
});
