/**
 * A fuzz of hostile causality.config.json, lock and acknowledgment files through the CLI (in
 * process, on lock files, so no TypeScript is loaded and a run takes milliseconds): every run of
 * `diff` and `ack` exits 0-3, prints at most one line on stderr, and never reports a bug of its
 * own (CLI3012_INTERNAL). Files are valid ones with one subtree replaced by a hostile value, a
 * hostile key inserted (`__proto__`, `toString`), or their text cut short.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { t } from "@causality/schema";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createLock, lockEntry, serializeLock } from "../../packages/cli/src/lock.js";
import { runInProcess } from "./temp-project.js";

const dir = mkdtempSync(join(tmpdir(), "causality-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const lock = (amount: ReturnType<typeof t.u64>) =>
  JSON.parse(
    serializeLock(
      createLock([
        ["src/a.ts#In", lockEntry(t.record({ amount, memo: t.optionalField(t.string()) }), ["input"])],
        ["src/a.ts#Out", lockEntry(t.union(t.literal("a"), t.literal("b")), ["output"])],
        ["toString", lockEntry(t.string(), [])],
      ]),
    ),
  ) as Json;
const BASE = lock(t.u64());
const HEAD = lock(t.u32());
const ACKS: Json = {
  acknowledged: [
    { schema: "src/a.ts#In", from: `0x${"a".repeat(64)}`, to: `0x${"b".repeat(64)}`, reason: "r" },
  ],
};
const CONFIG: Json = {
  types: ["src/a.ts#In"],
  roles: { "src/a.ts#Out": ["output"] },
  diff: { strict: false },
};

const deep = (n: number): Json => (n === 0 ? [] : [deep(n - 1)]);
const HOSTILE: Json[] = [
  null,
  true,
  0,
  -1,
  1.5,
  "",
  "toString",
  "__proto__",
  "outptu",
  [],
  {},
  [null],
  { __proto__: null } as unknown as Json,
  JSON.parse('{"__proto__": {"polluted": 1}}') as Json,
  { kind: "record", fields: [{ name: "x", type: { kind: "strng" } }] },
  deep(400),
  "x".repeat(10_000),
  `0x${"0".repeat(64)}`,
];
const KEYS = ["__proto__", "toString", "constructor", "hasOwnProperty", "", "src/a.ts#In"];

/** Every path to a subtree of `v`. */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) out.push(...paths(x, [...at, i]));
  } else if (v !== null && typeof v === "object")
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function replaceAt(v: Json, path: (string | number)[], by: (old: Json) => Json): Json {
  if (path.length === 0) return by(v);
  const [head, ...rest] = path;
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? replaceAt(x, rest, by) : x));
  const copy: { [k: string]: Json } = {};
  for (const [k, x] of Object.entries(v as object)) {
    Object.defineProperty(copy, k, {
      value: k === head ? replaceAt(x as Json, rest, by) : x,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/** A mutation of `doc` as file text, from the fuzzer's choices. */
const mutated = (doc: Json) =>
  fc
    .tuple(fc.nat(), fc.constantFrom(...HOSTILE), fc.constantFrom(...KEYS), fc.nat({ max: 2 }), fc.nat())
    .map(([p, hostile, key, how, cut]) => {
      const all = paths(doc);
      const path = all[p % all.length]!;
      if (how === 0) return JSON.stringify(replaceAt(doc, path, () => hostile));
      if (how === 1)
        return JSON.stringify(
          replaceAt(doc, path, (old) => {
            if (old === null || typeof old !== "object" || Array.isArray(old)) return hostile;
            const copy = { ...old };
            Object.defineProperty(copy, key, {
              value: hostile,
              enumerable: true,
              writable: true,
              configurable: true,
            });
            return copy;
          }),
        );
      const text = JSON.stringify(doc);
      return text.slice(0, cut % text.length);
    });

const file = (name: string, text: string | undefined) => {
  const path = join(dir, name);
  if (text === undefined) rmSync(path, { force: true });
  else writeFileSync(path, text);
};

const codes = new Map<string, number>();
describe("hostile files through the CLI", () => {
  it("every diff and ack exits 0-3 with at most one line on stderr, never CLI3012", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(mutated(CONFIG), { nil: undefined }),
        fc.option(mutated(BASE), { freq: 2, nil: undefined }),
        fc.option(mutated(HEAD), { freq: 2, nil: undefined }),
        fc.option(mutated(ACKS), { nil: undefined }),
        fc.boolean(),
        async (config, base, head, acks, ack) => {
          file("causality.config.json", config);
          file("base.json", base ?? JSON.stringify(BASE));
          file("head.json", head ?? JSON.stringify(HEAD));
          file("acks.json", acks ?? JSON.stringify(ACKS));
          const args = ack
            ? [
                "ack",
                "src/a.ts#In",
                "--base",
                "base.json",
                "--head",
                "head.json",
                "--acks",
                "acks.json",
                "--reason",
                "r",
              ]
            : [
                "diff",
                "--base",
                "base.json",
                "--head",
                "head.json",
                "--acks",
                "acks.json",
                "--format",
                "github",
              ];
          const r = await runInProcess(dir, args);
          const outcome = r.stderr.split(":")[1]?.trim() ?? `exit ${r.code}`;
          codes.set(outcome, (codes.get(outcome) ?? 0) + 1);
          expect([0, 1, 2, 3]).toContain(r.code);
          expect(r.stderr).not.toMatch(/CLI3012/);
          if (r.code === 3) expect(r.stderr).toMatch(/^causality: [A-Z]+\d+_[A-Z_]+: [^\n]*\n$/);
          else expect(r.stderr).toBe("");
        },
      ),
      { numRuns: 300, seed: 15 },
    );
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    // The fuzz reached every file's reader, and some runs got through to a report.
    for (const code of ["CLI3004_BAD_LOCK", "CLI3005_BAD_ACKS", "CLI3010_BAD_CONFIG"])
      expect(codes.get(code)).toBeGreaterThan(0);
    expect((codes.get("exit 0") ?? 0) + (codes.get("exit 1") ?? 0)).toBeGreaterThan(0);
  }, 120_000);
});
