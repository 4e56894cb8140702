export {
  checkDefinition,
  type DataflowSpec,
  DefinitionError,
  type DefinitionErrorCode,
  type DomainPolicy,
  definitionErrors,
  definitionId,
  type EdgeSpec,
  type EffectTemplate,
  type NodeSpec,
  type RetryPolicy,
  type StateMigration,
  type SubflowTarget,
} from "./dataflow/definition.js";
export { checkMigrations, migrationPath } from "./dataflow/migrations.js";
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
  CANCELLED,
  cancelInstance,
  DEFAULT_LEASE_MS,
  type EffectRequest,
  type Executor,
  fill,
  InputRejected,
  OperatorError,
  type OperatorErrorCode,
  Orchestrator,
  type OrchestratorOptions,
  type PlacementContext,
  type Placer,
  type QueuedEffect,
  type RuntimeEvent,
  retryInstance,
  type SpanTracer,
  type StartOptions,
  type TraceSpan,
  UpgradeError,
  type UpgradeErrorCode,
  type WorkOptions,
} from "./orchestrator/orchestrator.js";
export { redactingStore } from "./orchestrator/redacting-tx.js";
export {
  hasRedacted,
  isRedactedPath,
  REDACTED,
  type RedactionSchemas,
  Redactor,
  redactByPath,
  redactInstance,
  redactionOfRecord,
} from "./orchestrator/redaction.js";
export {
  type Browsable,
  type DefinitionListRow,
  type EffectAttempt,
  type InstanceListRow,
  type InstancePageQuery,
  LIST_STATUSES,
  type ListStatus,
  type StoreBrowser,
} from "./store/browse.js";
export { decode as decodeStored, encode as encodeStored } from "./store/codec.js";
export { MemoryStore } from "./store/memory-store.js";
export { MIGRATIONS, migrate } from "./store/migrations.js";
export { PgStore } from "./store/pg-store.js";
export { ReplayError, replay } from "./store/replay.js";
export { isServerUrl, openDatabase, type SqlClient, type SqlDatabase } from "./store/sql.js";
export {
  ConflictError,
  type DefinitionRecord,
  type EffectClaim,
  type EffectRecord,
  type Instance,
  type InstanceFilter,
  type InstanceStatus,
  type InstanceSummary,
  type JournalEntry,
  PLACEMENT_LIMITS,
  type PlacementCandidate,
  type PlacementRecord,
  type QueuedEffectEntry,
  type Store,
  StoreDataError,
  type Tx,
} from "./store/store.js";
