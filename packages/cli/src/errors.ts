/**
 * CLI errors: one line, a stable code, and where (file:line or a JSON path). Exit code 3.
 * docs/cli.md lists every code.
 */
export type CliErrorCode =
  | "CLI3001_USAGE"
  | "CLI3002_UNKNOWN_COMMAND"
  | "CLI3003_FILE_NOT_FOUND"
  | "CLI3004_BAD_LOCK"
  | "CLI3005_BAD_ACKS"
  | "CLI3006_GIT"
  | "CLI3007_TYPE_NOT_FOUND"
  | "CLI3008_TSCONFIG"
  | "CLI3009_ANALYSIS"
  | "CLI3010_BAD_CONFIG"
  | "CLI3011_DATAFLOW"
  /** The durable store (--db) cannot be opened or read. */
  | "CLI3020_STORE"
  /** `causality instance <id>`: no such instance in the store. */
  | "CLI3021_NO_INSTANCE"
  /** `ack`: the schema has no (breaking) change between the two sides. */
  | "CLI3013_NO_SUCH_CHANGE"
  /** `generate`: a write would leave the output directory (a symbolic link in it leads out). */
  | "CLI3014_OUTSIDE_OUTPUT"
  /** A file cannot be written (a file where a folder should be, no permission). */
  | "CLI3015_CANNOT_WRITE"
  /** A bug in causality itself (not the user's input): one line; CAUSALITY_DEBUG=1 adds the stack. */
  | "CLI3012_INTERNAL";

export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly where?: string,
  ) {
    super(message);
  }

  /** The one line printed to stderr. */
  format(): string {
    return `causality: ${this.code}: ${this.where ? `${this.where}: ` : ""}${this.message}`;
  }
}

/** Exit codes of every command (docs/cli.md). */
export const EXIT = { ok: 0, breaking: 1, outOfDate: 2, error: 3 } as const;
