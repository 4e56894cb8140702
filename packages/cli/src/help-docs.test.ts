/** The help texts and docs/cli.md tell the same story: every option, its default, the exit codes. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMANDS, HELP } from "./help.js";

const DOCS = readFileSync(new URL("../../../docs/cli.md", import.meta.url), "utf8");

/** The options a help text lists: `-p, --project` or `--lock`. */
function optionsOf(help: string): string[] {
  return [...help.matchAll(/^ {2}((?:-[a-z], )?--[a-z-]+)/gm)].map((m) => m[1]!);
}

/** The section of docs/cli.md about one command. */
function section(command: string): string {
  // The command's whole name: `instance` is not the start of `instances`' section.
  const start = DOCS.search(new RegExp(`### \`causality ${command}[ \`]`));
  expect(start, `docs/cli.md has a section for ${command}`).toBeGreaterThanOrEqual(0);
  const end = DOCS.indexOf("\n### ", start + 1);
  return DOCS.slice(start, end < 0 ? DOCS.indexOf("\n## ", start) : end);
}

describe("help and docs/cli.md", () => {
  it("generate --help gives the output directory the code uses", () => {
    expect(HELP.generate).toMatch(/-o, --out <dir> +where schema modules go \(default: schemas\)/);
    expect(section("generate")).toContain("| `-o, --out <dir>` | `schemas` |");
  });

  it.each(COMMANDS)("docs/cli.md lists every option of `causality %s`, with its short alias", (command) => {
    const options = optionsOf(HELP[command]);
    expect(options).toContain("-h, --help");
    for (const option of options) expect(section(command)).toContain(option);
  });

  it("documents the top-level options, every exit code and CAUSALITY_DEBUG", () => {
    for (const option of optionsOf(HELP.main)) expect(DOCS).toContain(option);
    expect(HELP.main).toContain("-v, --version");
    for (const code of [0, 1, 2, 3]) expect(DOCS).toMatch(new RegExp(`^\\| ${code} \\|`, "m"));
    expect(DOCS).toMatch(/^\| 2 \| `check`, and `diff` without `--head`/m);
    expect(DOCS).toContain("CLI3012_INTERNAL");
    expect(DOCS).toContain("CAUSALITY_DEBUG=1");
  });
});
