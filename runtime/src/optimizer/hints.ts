/**
 * ProcessDataflowInitiationHint (the seed's orchestration hints) with the reference defaults, and
 * its validation: an unknown strategy, a negative budget or an unknown domain is refused.
 */
import type { TypedDomain } from "../domains/typed-domain.js";
import { OptimizerError } from "./errors.js";
import { type OptimizationStrategy, strategyById } from "./strategy.js";

/**
 * Hard limits. The seed's `resource_constraints` is a ResourceUsageEstimate (cpu time, memory,
 * storage, network, completion time); here each is a per-effect ceiling (`maxCpuTimeMs`, ...), with
 * cost, latency and reliability besides. Whole-dataflow limits are `maxLatencyMs` and `costBudget`.
 */
export interface ResourceConstraints {
  readonly maxCostPerEffect?: number;
  readonly maxLatencyMsPerEffect?: number;
  readonly maxCpuTimeMs?: number;
  readonly maxMemoryBytes?: number;
  readonly maxStorageBytes?: number;
  readonly maxNetworkBytes?: number;
  readonly minReliability?: number;
}

const CONSTRAINT_KEYS: ReadonlySet<string> = new Set([
  "maxCostPerEffect",
  "maxLatencyMsPerEffect",
  "maxCpuTimeMs",
  "maxMemoryBytes",
  "maxStorageBytes",
  "maxNetworkBytes",
  "minReliability",
]);

/** A definition id as `definitionId` writes it. */
const DEFINITION_ID = /^0x[0-9a-f]{64}$/;

export interface ProcessDataflowInitiationHint {
  /** Default "balanced". When set explicitly it is honoured unless a hard limit forces otherwise. */
  readonly preferredStrategyId: string;
  readonly explicitStrategy: boolean;
  /** 0..100, default 50. */
  readonly priority: number;
  readonly dataflowDefinitionId?: string;
  readonly resourceConstraints: ResourceConstraints;
  readonly domainPreferenceOrder: readonly string[];
  readonly preferParallelExecution: boolean;
  readonly maxLatencyMs?: number;
  readonly costBudget?: number;
}

export type HintInput = Partial<Omit<ProcessDataflowInitiationHint, "explicitStrategy">>;

export function initiationHint(
  input: HintInput,
  strategies: Readonly<Record<string, OptimizationStrategy>>,
  domains: readonly TypedDomain[],
): ProcessDataflowInitiationHint {
  const bad = (message: string) => new OptimizerError("OPT2003_BAD_HINT", message);
  const strategyId = input.preferredStrategyId ?? "balanced";
  strategyById(strategies, strategyId);
  const priority = input.priority ?? 50;
  if (!Number.isFinite(priority) || priority < 0 || priority > 100)
    throw bad(`priority must be within 0..100 (got ${priority})`);
  for (const key of ["maxLatencyMs", "costBudget"] as const) {
    const v = input[key];
    if (v !== undefined && (!Number.isFinite(v) || v < 0))
      throw bad(`${key} must be a number >= 0 (got ${v})`);
  }
  for (const [key, v] of Object.entries(input.resourceConstraints ?? {})) {
    // A misspelled limit must not silently be no limit.
    if (!CONSTRAINT_KEYS.has(key))
      throw bad(`resourceConstraints.${key} is not a limit (known: ${[...CONSTRAINT_KEYS].join(", ")})`);
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
      throw bad(`resourceConstraints.${key} must be a number >= 0 (got ${v})`);
  }
  if (input.dataflowDefinitionId !== undefined && !DEFINITION_ID.test(input.dataflowDefinitionId))
    throw bad(
      `dataflowDefinitionId must be a definition id (0x and 64 hex digits), got "${input.dataflowDefinitionId}"`,
    );
  const known = new Set(domains.map((d) => d.id));
  for (const id of input.domainPreferenceOrder ?? []) {
    if (!known.has(id))
      throw new OptimizerError(
        "OPT2004_UNKNOWN_DOMAIN",
        `domainPreferenceOrder names unknown domain "${id}"`,
      );
  }
  return Object.freeze({
    preferredStrategyId: strategyId,
    explicitStrategy: input.preferredStrategyId !== undefined,
    priority,
    ...(input.dataflowDefinitionId === undefined ? {} : { dataflowDefinitionId: input.dataflowDefinitionId }),
    resourceConstraints: { ...(input.resourceConstraints ?? {}) },
    domainPreferenceOrder: [...(input.domainPreferenceOrder ?? [])],
    preferParallelExecution: input.preferParallelExecution ?? false,
    ...(input.maxLatencyMs === undefined ? {} : { maxLatencyMs: input.maxLatencyMs }),
    ...(input.costBudget === undefined ? {} : { costBudget: input.costBudget }),
  });
}
