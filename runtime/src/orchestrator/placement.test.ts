/** The placement record the journal keeps: the placer's own decision, bounded in size. */
import { describe, expect, it } from "vitest";
import { typedDomain } from "../domains/typed-domain.js";
import type { PlacementDecision } from "../optimizer/placement.js";
import { optimizerPlacer } from "../optimizer/placer.js";
import { PLACEMENT_LIMITS } from "../store/store.js";
import { placementRecord } from "./placement.js";

describe("placementRecord", () => {
  it("keeps the winner first and at most the limit of candidates, counting the rest", () => {
    // 40 service domains, each a little slower than the one before: d00 wins on latency.
    const domains = Array.from({ length: 40 }, (_, i) =>
      typedDomain(`d${String(i).padStart(2, "0")}`, "service", { latencyMs: 100 + 10 * i }),
    );
    let decision: PlacementDecision | undefined;
    const chosen = optimizerPlacer()({ type: "call", params: {} }, domains, {
      instance: "i",
      node: "n",
      explain: (d) => {
        decision = d;
      },
    });
    const record = placementRecord(decision!);
    expect(record.domain).toBe(chosen);
    expect(chosen).toBe("d00");
    expect(record.candidates).toHaveLength(PLACEMENT_LIMITS.candidates);
    expect(record.omitted).toBe(40 - PLACEMENT_LIMITS.candidates);
    expect(record.candidates![0]).toMatchObject({ domain: "d00", outcome: "chosen" });
    expect(record.candidates![1]).toMatchObject({ outcome: "lower score" });
    expect(record.candidates![1]!.reason).toMatch(/^score [\d.]+ < [\d.]+ of d00$/);
    // The explanation is plain data: it survives JSON unchanged.
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it("cuts long domain names and reasons to the text limit", () => {
    const long = "x".repeat(1000);
    const domains = [typedDomain(long, "service"), typedDomain("b", "service", { latencyMs: 5000 })];
    let decision: PlacementDecision | undefined;
    optimizerPlacer()({ type: "call", params: {} }, domains, {
      instance: "i",
      node: "n",
      explain: (d) => {
        decision = d;
      },
    });
    const record = placementRecord(decision!);
    // The chosen domain is kept whole (the effect runs there); every name in the explanation is cut.
    expect(record.domain).toBe(long);
    expect(JSON.stringify(record).length).toBeLessThan(long.length + 6 * PLACEMENT_LIMITS.text);
    for (const c of record.candidates!) {
      expect(c.domain.length).toBeLessThanOrEqual(PLACEMENT_LIMITS.text);
      expect(c.reason.length).toBeLessThanOrEqual(PLACEMENT_LIMITS.text);
    }
    expect(record.why.length).toBeLessThanOrEqual(PLACEMENT_LIMITS.text);
  });
});
