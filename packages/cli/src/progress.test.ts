import { describe, expect, it } from "vitest";
import { progressReporter } from "./progress.js";

describe("progress", () => {
  it("redraws one bar on a terminal, only when the percentage moves, and clears it at the end", () => {
    const out: string[] = [];
    const p = progressReporter("analyzing", true, (t) => out.push(t));
    for (let i = 1; i <= 200; i++) p.update(i, 200);
    p.done("7 schemas written");
    // 0% to 100%: 101 redraws of one line, then the line is cleared and the summary written.
    expect(out).toHaveLength(101 + 2);
    expect(out[0]).toBe(`\ranalyzing [${"-".repeat(30)}] 1/200`);
    expect(out[100]).toBe(`\ranalyzing [${"#".repeat(30)}] 200/200`);
    expect(out.every((t, i) => i > 100 || (t.startsWith("\r") && !t.includes("\n")))).toBe(true);
    expect(out[101]).toBe("\r\x1b[2K");
    expect(out[102]).toMatch(/^7 schemas written \(\d+ ms\)\n$/);
  });

  it("writes a few plain lines in a CI log: every quarter and the end", () => {
    const out: string[] = [];
    const p = progressReporter("analyzing", false, (t) => out.push(t));
    for (let i = 1; i <= 200; i++) p.update(i, 200);
    p.done("done");
    expect(out.slice(0, -1)).toEqual([
      "analyzing: 48/200 files\n",
      "analyzing: 98/200 files\n",
      "analyzing: 148/200 files\n",
      "analyzing: 198/200 files\n",
      "analyzing: 200/200 files\n",
    ]);
    expect(out.every((t) => !t.includes("\r"))).toBe(true);
  });
});
