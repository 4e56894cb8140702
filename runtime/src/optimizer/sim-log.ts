/** What happened in a simulation, in time order, for reports and tests (`simulate`'s `log` option). */
import type { StrategySwitch } from "./adaptive.js";

export type SimLogEntry =
  | {
      readonly at: number;
      readonly kind: "placed";
      readonly job: number;
      readonly attempt: number;
      readonly domain: string;
    }
  | { readonly at: number; readonly kind: "no-domain"; readonly job: number; readonly attempt: number }
  | {
      readonly at: number;
      readonly kind: "answered" | "failed" | "timed-out" | "refused";
      readonly job: number;
      readonly attempt: number;
      readonly domain: string;
    }
  | { readonly at: number; readonly kind: "completed"; readonly job: number; readonly latencyMs: number }
  | { readonly at: number; readonly kind: "switched"; readonly switch: StrategySwitch };
