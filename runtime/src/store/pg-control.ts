/**
 * What this package reads from a data directory's global/pg_control (ControlFileData): whether the
 * cluster was shut down cleanly, and where its last checkpoint is. ControlFileData begins with
 * system_identifier (8 bytes), pg_control_version and catalog_version_no (4 each), state (4, then
 * 4 of padding), time (8) and checkPoint (8): the same since PostgreSQL 9, little-endian in PGlite.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ControlFile {
  /** state is DB_SHUTDOWNED: the last WAL record is the shutdown checkpoint, nothing to replay. */
  readonly shutDown: boolean;
  /** The last checkpoint's WAL location. */
  readonly checkpoint: bigint;
}

const DB_SHUTDOWNED = 1;

/** pg_control as above, or undefined when it is missing or too short. */
export function readControlFile(dataDir: string): ControlFile | undefined {
  let control: Buffer;
  try {
    control = readFileSync(join(dataDir, "global", "pg_control"));
  } catch {
    return undefined;
  }
  if (control.length < 40) return undefined;
  return { shutDown: control.readUInt32LE(16) === DB_SHUTDOWNED, checkpoint: control.readBigUInt64LE(32) };
}
