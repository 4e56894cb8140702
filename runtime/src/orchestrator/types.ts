/** The orchestrator's public types: options, events, effects as executors see them, placement hooks. */
import type { ValidationIssue } from "@causality/schema";
import type { EffectTemplate } from "../dataflow/definition.js";
import type { DefinedDataflow } from "../define-dataflow.js";
import type { TypedDomain } from "../domains/typed-domain.js";
import type { HintInput } from "../optimizer/hints.js";
import type { DomainMonitor } from "../optimizer/monitor.js";
import type { PlacementDecision } from "../optimizer/placement.js";
import type { Store } from "../store/store.js";
import type { Redactions } from "./redacting-tx.js";

export interface EffectRequest {
  readonly key: string;
  readonly instance: string;
  readonly node: string;
  readonly type: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly deterministic: boolean;
  readonly domain: string;
}

export type Executor = (effect: EffectRequest) => Promise<unknown>;

export type RuntimeEvent =
  | { readonly type: "instance.started"; readonly instance: string; readonly definition: string }
  | { readonly type: "transition"; readonly instance: string; readonly from: string; readonly to: string }
  | {
      readonly type: "effect";
      readonly instance: string;
      readonly node: string;
      readonly domain: string;
      readonly key: string;
      readonly replayed: boolean;
    }
  | {
      readonly type: "validation.failed";
      readonly instance: string;
      readonly node: string;
      readonly role: "input" | "state" | "output";
      readonly issues: readonly ValidationIssue[];
    }
  | {
      readonly type: "effect.enqueued";
      readonly instance: string;
      readonly node: string;
      readonly domain: string;
      /** The idempotency key base; attempt n runs as `<key>:<n>`. */
      readonly key: string;
    }
  | {
      readonly type: "effect.failed";
      readonly instance: string;
      readonly node: string;
      readonly domain: string;
      readonly key: string;
      readonly attempt: number;
      readonly message: string;
    }
  | { readonly type: "instance.completed"; readonly instance: string; readonly output: unknown }
  /** The instance moved to another version of its definition (its state migrated if it had to be). */
  | {
      readonly type: "instance.migrated";
      readonly instance: string;
      readonly from: string;
      readonly to: string;
    }
  | {
      readonly type: "instance.failed";
      readonly instance: string;
      readonly node: string;
      readonly code: string;
      readonly message: string;
    };

export interface OrchestratorOptions {
  readonly store: Store;
  readonly domains: readonly TypedDomain[];
  readonly executors: Readonly<Record<string, Executor>>;
  /** Chooses a domain for an action whose policy is "inherit" (the optimizer plugs in here: `optimizerPlacer`). */
  readonly placer?: Placer;
  /** Fed with every effect's start, latency and failure (the optimizer's moving averages). */
  readonly monitor?: DomainMonitor;
  readonly onEvent?: (event: RuntimeEvent) => void;
  /** Waits between retries of an effect (outside any transaction). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** An OpenTelemetry tracer (`trace.getTracer(...)` of @opentelemetry/api): one span per transition. */
  readonly tracer?: SpanTracer;
  /** An effect attempt that runs longer fails (unless its node's retry policy says otherwise). Default 30 s. */
  readonly effectTimeoutMs?: number;
  /** How long a step's claim on its instance lasts before another worker may take it over. Default 30 s. */
  readonly leaseMs?: number;
}

/** An effect enqueued by an action's first transition; attempt n runs under the key `<keyBase>:<n>`. */
export interface QueuedEffect {
  readonly keyBase: string;
  readonly type: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly deterministic: boolean;
  readonly domain: string;
  /**
   * For an effect a handler emitted: the state and domain the action moves on with once it and
   * the `rest` have run (the handler's state update waits for its emitted effects).
   */
  readonly afterwards?: {
    readonly state: unknown;
    readonly domain: string;
    readonly rest: readonly QueuedEffect[];
  };
}

/** A sub-dataflow instance the caller waits on (it runs as an instance of its own). */
export interface AwaitedSubflow {
  readonly keyBase: string;
  readonly subflow: string;
}

/** The branches of a parallel block, each an instance of its own, in edge order (the join's order). */
export interface AwaitedBranches {
  readonly keyBase: string;
  readonly branches: readonly string[];
}

export type Awaiting = QueuedEffect | AwaitedSubflow | AwaitedBranches;

/** What a placer knows about the action it places, besides the effect and the domains. */
export interface PlacementContext {
  readonly instance: string;
  readonly node: string;
  /** The instance's initiation hint, as given to `start` (validated there). */
  readonly hint?: HintInput;
  /** The domain of the instance's previous effect, so a cross-domain transfer is charged. */
  readonly previousDomain?: string;
  /**
   * In a parallel branch: the domains its sibling branches' effects are queued on or running on
   * now (one entry per effect), for a hint with `preferParallelExecution` to spread over.
   */
  readonly siblingDomains?: readonly string[];
  /**
   * Told the decision with every candidate's scores: the orchestrator keeps its explanation in the
   * journal entry that enqueues the effect (a placer that never calls it leaves only its choice).
   */
  readonly explain?: (decision: PlacementDecision) => void;
}

export type Placer = (
  effect: EffectTemplate,
  candidates: readonly TypedDomain[],
  context: PlacementContext,
) => string;

export interface StartOptions {
  /** `ProcessDataflowInitiationHint` fields (strategy, priority, limits, budgets...), checked before anything starts. */
  readonly hint?: HintInput;
}

/** The part of an OpenTelemetry Span the orchestrator uses (status code 2 is OpenTelemetry's ERROR). */
export interface TraceSpan {
  end(): void;
  setStatus?(status: { code: number; message?: string }): unknown;
}

/** The part of an OpenTelemetry Tracer the orchestrator uses, so the API stays an optional dependency. */
export interface SpanTracer {
  startSpan(name: string, options?: { attributes?: Record<string, string> }): TraceSpan;
}

/** Thrown by `start` when the input is not data or does not match the input schema; nothing is created. */
export class InputRejected extends Error {
  override readonly name = "InputRejected";
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(`input rejected: ${issues.map((i) => `${i.code} at ${i.path}`).join(", ")}`);
  }
}

export type AnyDataflow = DefinedDataflow<unknown, unknown, unknown>;

/** What the orchestrator's parts share: the options, the registered definitions, events and tracing. */
export interface Runtime {
  readonly options: OrchestratorOptions;
  readonly definitions: ReadonlyMap<string, AnyDataflow>;
  /** What is written about instances with redacted fields (journal, queue, effect records, events). */
  readonly redactions: Redactions;
  emit(event: RuntimeEvent): void;
  readonly tracer: SpanTracer | undefined;
}

export function isSubflow(a: Awaiting): a is AwaitedSubflow {
  return "subflow" in a;
}

export function isBranches(a: Awaiting): a is AwaitedBranches {
  return "branches" in a;
}

/** Awaiting an effect in the queue (not a sub-dataflow or branches). */
export function isEffect(a: Awaiting): a is QueuedEffect {
  return !isSubflow(a) && !isBranches(a);
}

export function errorOf(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
