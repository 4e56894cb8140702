export {
  checkDefinition,
  type DataflowSpec,
  DefinitionError,
  type DefinitionErrorCode,
  type DomainPolicy,
  definitionId,
  type EdgeSpec,
  type EffectTemplate,
  type NodeSpec,
  type RetryPolicy,
  type SubflowTarget,
} from "./dataflow/definition.js";
export {
  type DataflowSchemas,
  type DefinedDataflow,
  defineDataflow,
  type InjectedSchemas,
} from "./define-dataflow.js";
export * from "./domains/typed-domain.js";
export * from "./lisp/index.js";
export * from "./optimizer/index.js";
export {
  type AwaitedSubflow,
  type Awaiting,
  DEFAULT_LEASE_MS,
  type EffectRequest,
  type Executor,
  fill,
  InputRejected,
  Orchestrator,
  type OrchestratorOptions,
  type PlacementContext,
  type Placer,
  type QueuedEffect,
  type RuntimeEvent,
  type SpanTracer,
  type StartOptions,
  type TraceSpan,
} from "./orchestrator/orchestrator.js";
export { MemoryStore } from "./store/memory-store.js";
export { ReplayError, replay } from "./store/replay.js";
export {
  ConflictError,
  type EffectClaim,
  type EffectRecord,
  type Instance,
  type InstanceStatus,
  type JournalEntry,
  type QueuedEffectEntry,
  type Store,
  type Tx,
} from "./store/store.js";
