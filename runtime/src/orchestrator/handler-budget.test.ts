/**
 * One step budget per transition, shared by every evaluation it starts: a choice condition that
 * re-enters itself through `evaluate-gating-condition` (the security review's 715-character
 * condition ran 27.8 s, each nested call with a fresh budget) stops with LISP4005_OUT_OF_GAS.
 */
import { describe, expect, it } from "vitest";
import type { DataflowSpec } from "../dataflow/definition.js";
import { typedDomain } from "../domains/typed-domain.js";
import { MemoryStore } from "../store/memory-store.js";
import { Orchestrator } from "./orchestrator.js";
import { define } from "./token-transfer.fixture.js";

/** A flow whose choice `gate` runs `condition` (with `state` bound to the context it is given). */
const flow = (condition: string): DataflowSpec => ({
  name: "budget",
  defaultDomain: "ledger",
  initialState: '(record "status" "pending" "attempts" 0)',
  nodes: [
    { id: "start", kind: "start" },
    { id: "gate", kind: "choice", condition },
    { id: "done", kind: "end", output: '(record "ok" true "receipt" nil)' },
  ],
  edges: [
    { from: "start", to: "gate" },
    { from: "gate", to: "done", when: "true" },
    { from: "gate", to: "done", when: "false" },
  ],
});

async function run(condition: string) {
  const orchestrator = new Orchestrator({
    store: new MemoryStore(),
    domains: [typedDomain("ledger", "compute")],
    executors: { ledger: async () => ({}) },
  });
  const inst = await orchestrator.start(define(flow(condition)), { sender: "a", recipient: "b", amount: 1 });
  return orchestrator.run(inst.id);
}

/** `n` steps of plain work (about: each (do 1 ...) literal is one step). */
const work = (n: number) => `(do ${"1 ".repeat(n)} true)`;

/** The condition at depth d (read from its context) calls itself `fan` times, down to `levels`. */
const fanOut = (fan: number, levels: number, leaf: string) => `(let ((d (get state "attempts")))
  (if (< d ${levels})
    (do ${`(evaluate-gating-condition "gate" (assoc state "attempts" (+ d 1))) `.repeat(fan)} true)
    ${leaf}))`;

describe("one step budget per transition", () => {
  it("nested conditions share it: 60k steps at the top and 60k inside do not fit in 100k", async () => {
    const nestedAlone = await run(`(let ((d (get state "attempts")))
      (if (= d 0) (evaluate-gating-condition "gate" (assoc state "attempts" 1)) ${work(60_000)}))`);
    expect(nestedAlone.status).toBe("completed");
    const both = await run(`(let ((d (get state "attempts")))
      (if (= d 0) (do ${work(60_000)} (evaluate-gating-condition "gate" (assoc state "attempts" 1))) ${work(60_000)}))`);
    expect(both.status).toBe("failed");
    expect(both.error?.message).toMatch(/LISP4005_OUT_OF_GAS/);
  });

  it("a condition fanning out through itself stops in bounded time", async () => {
    const started = performance.now();
    // 6^7 nested evaluations of 2,000 steps each, were each to start afresh.
    const done = await run(fanOut(6, 7, work(2_000)));
    expect(done.status).toBe("failed");
    expect(done.error?.message).toMatch(/LISP4005_OUT_OF_GAS/);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it("a small fan-out that fits the budget still completes", async () => {
    const done = await run(fanOut(2, 3, work(100)));
    expect(done.status).toBe("completed");
  });
});
