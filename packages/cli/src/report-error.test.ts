import { afterEach, describe, expect, it } from "vitest";
import { CliError } from "./errors.js";
import { main } from "./main.js";
import { formatError } from "./report-error.js";

/** Runs `causality --version` with a stdout that throws: a bug of ours, not a user error. */
async function internalError(): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const code = await main(["--version"], {
    cwd: process.cwd(),
    interactive: false,
    stdout: () => {
      throw new TypeError("cannot write\n    at somewhere (file.js:1:1)");
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stderr };
}

const saved = process.env.CAUSALITY_DEBUG;
afterEach(() => {
  if (saved === undefined) delete process.env.CAUSALITY_DEBUG;
  else process.env.CAUSALITY_DEBUG = saved;
});

describe("internal errors", () => {
  it("are one line with a stable code, and no stack", async () => {
    delete process.env.CAUSALITY_DEBUG;
    const { code, stderr } = await internalError();
    expect(code).toBe(3);
    expect(stderr).toBe(
      "causality: CLI3012_INTERNAL: cannot write (set CAUSALITY_DEBUG=1 for the stack trace)\n",
    );
  });

  it("carry the stack trace with CAUSALITY_DEBUG=1", async () => {
    process.env.CAUSALITY_DEBUG = "1";
    const { stderr } = await internalError();
    const [first, ...rest] = stderr.trimEnd().split("\n");
    expect(first).toBe("causality: CLI3012_INTERNAL: cannot write");
    expect(rest.join("\n")).toMatch(/^TypeError: cannot write\n[\s\S]*\n {4}at /);
  });

  it("leave CLI errors and TypeExpr errors as they were", () => {
    expect(formatError(new CliError("CLI3001_USAGE", "bad", "x"), {})).toBe(
      "causality: CLI3001_USAGE: x: bad\n",
    );
  });
});
