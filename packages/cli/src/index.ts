export type { CommandContext } from "./commands/context.js";
export { diffLocks, type EntryDiff, type LockDiff } from "./diff-locks.js";
export { CliError, type CliErrorCode, EXIT } from "./errors.js";
export { type ReportFormat, renderReport } from "./format/report.js";
export { createLock, type LockEntry, type LockFile, lockEntry, parseLock, serializeLock } from "./lock.js";
export { main } from "./main.js";
