import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliError } from "./errors.js";
import { writeAtomically, writeInside } from "./write.js";

const dir = mkdtempSync(join(tmpdir(), "causality-write-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const failure = (fn: () => void): string => {
  try {
    fn();
  } catch (e) {
    return (e as CliError).format();
  }
  return "";
};

describe("writeInside", () => {
  const out = join(dir, "out");

  it("writes below the output directory, creating folders", () => {
    writeInside(out, join(out, "a/b/c.js"), "x");
    expect(readdirSync(join(out, "a/b"))).toEqual(["c.js"]);
  });

  it("refuses a path outside it, and a folder link that leads out; follows one that stays inside", () => {
    expect(failure(() => writeInside(out, join(out, "../escape.js"), "x"))).toMatch(/CLI3014_OUTSIDE_OUTPUT/);
    mkdirSync(join(dir, "elsewhere"));
    symlinkSync(join(dir, "elsewhere"), join(out, "link"));
    expect(failure(() => writeInside(out, join(out, "link/x.js"), "x"))).toMatch(
      /CLI3014_OUTSIDE_OUTPUT: .*link: a symbolic link in the output directory leads out of it/,
    );
    expect(readdirSync(join(dir, "elsewhere"))).toEqual([]);
    symlinkSync(join(out, "a"), join(out, "inner"));
    writeInside(out, join(out, "inner/y.js"), "y");
    expect(readdirSync(join(out, "a")).sort()).toEqual(["b", "y.js"]);
  });

  it("a file where a folder should be, or a folder at the file's path, is CLI3015 (not an internal error)", () => {
    writeFileSync(join(dir, "plain"), "");
    expect(failure(() => writeInside(join(dir, "plain"), join(dir, "plain/x.js"), "x"))).toMatch(
      /CLI3015_CANNOT_WRITE: .*plain: cannot create the output directory \(EEXIST\)/,
    );
    mkdirSync(join(dir, "lockdir"));
    expect(failure(() => writeAtomically(join(dir, "lockdir"), "{}"))).toMatch(
      /CLI3015_CANNOT_WRITE: .*lockdir: cannot write \(E/,
    );
  });
});
