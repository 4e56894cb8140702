/** PGlite's start options: PGlite's own parameters plus shared_buffers, and one compile per process. */
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { pgliteStart, startParams } from "./pglite-start.js";

const saved = process.env.CAUSALITY_PGLITE_SHARED_BUFFERS;
afterEach(() => {
  if (saved === undefined) delete process.env.CAUSALITY_PGLITE_SHARED_BUFFERS;
  else process.env.CAUSALITY_PGLITE_SHARED_BUFFERS = saved;
});

describe("PGlite start options", () => {
  it("keep PGlite's parameters and set shared_buffers (16MB, or the environment's size)", () => {
    delete process.env.CAUSALITY_PGLITE_SHARED_BUFFERS;
    expect(startParams(PGlite)).toEqual([...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"]);
    process.env.CAUSALITY_PGLITE_SHARED_BUFFERS = "128MB";
    expect(startParams(PGlite).slice(-2)).toEqual(["-c", "shared_buffers=128MB"]);
  });

  it("refuse a size PostgreSQL would not read, saying which variable", () => {
    for (const bad of ["16", "lots", "16 MB", "0MB", "16MB; x"]) {
      process.env.CAUSALITY_PGLITE_SHARED_BUFFERS = bad;
      expect(() => startParams(PGlite)).toThrow(`CAUSALITY_PGLITE_SHARED_BUFFERS: expected a size`);
    }
  });

  it("compile PGlite's WebAssembly once per process and hand the same module to every start", async () => {
    const [a, b] = [await pgliteStart(), await pgliteStart()];
    expect(a.PGlite).toBe(PGlite);
    expect(Object.prototype.toString.call(a.options.pgliteWasmModule)).toBe("[object WebAssembly.Module]");
    expect(b.options.pgliteWasmModule).toBe(a.options.pgliteWasmModule);
    expect(a.options.fsBundle?.size).toBeGreaterThan(1_000_000);
  }, 120_000);
});
