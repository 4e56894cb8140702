/**
 * schema.lock.json: every schema of a project by key (`path/to/file.ts#TypeName`), with its id,
 * roles and canonical TypeExpr. Written sorted with a fixed layout, so the same schemas give
 * byte-identical files on every machine.
 */
import { readFileSync } from "node:fs";
import {
  canonicalize,
  ENCODING_VERSION,
  parseTypeExpr,
  type SchemaRole,
  type TypeExpr,
  TypeExprError,
  typeExprIdHex,
} from "@causality/schema";
import { CliError } from "./errors.js";

export const LOCKFILE_VERSION = 1;

export interface LockEntry {
  readonly id: string;
  /** How the type is used; a change is judged against each role. Empty = a standalone schema (judged as an input). */
  readonly roles: readonly SchemaRole[];
  readonly expr: TypeExpr;
}

export interface LockFile {
  readonly lockfileVersion: number;
  readonly encodingVersion: number;
  /**
   * A null-prototype object: keys are file#Name strings, and one spelled `toString` or `__proto__`
   * is an ordinary own key. Look entries up with `lockEntries` / `entryOf`, never with `in`.
   */
  readonly schemas: Readonly<Record<string, LockEntry>>;
}

/** The entries of a lock as a map (own keys only, whatever they are called). */
export function lockEntries(lock: LockFile): Map<string, LockEntry> {
  return new Map(Object.entries(lock.schemas));
}

const ROLES: readonly SchemaRole[] = ["input", "output", "state"];

export function lockEntry(expr: TypeExpr, roles: readonly SchemaRole[]): LockEntry {
  const canonical = canonicalize(expr);
  const sorted = ROLES.filter((r) => roles.includes(r));
  return { id: typeExprIdHex(canonical), roles: sorted, expr: canonical };
}

export function createLock(entries: Iterable<[string, LockEntry]>): LockFile {
  const schemas = Object.create(null) as Record<string, LockEntry>;
  for (const [key, entry] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    schemas[key] = entry;
  return { lockfileVersion: LOCKFILE_VERSION, encodingVersion: ENCODING_VERSION, schemas };
}

export function serializeLock(lock: LockFile): string {
  return `${JSON.stringify(lock, null, 2)}\n`;
}

export function readLockFile(path: string): LockFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new CliError(
        "CLI3003_FILE_NOT_FOUND",
        "no such lock file (run `causality generate` first)",
        path,
      );
    throw new CliError("CLI3004_BAD_LOCK", `cannot read (${code ?? "error"})`, path);
  }
  return parseLock(text, path);
}

/** Strict parse: a lock with a wrong id or a bad TypeExpr is rejected, naming the entry. */
export function parseLock(text: string, where: string): LockFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError("CLI3004_BAD_LOCK", `not JSON: ${(e as Error).message}`, where);
  }
  const bad = (path: string, message: string) =>
    new CliError("CLI3004_BAD_LOCK", message, `${where} ${path}`);
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw bad("$", "expected an object");
  const o = json as Record<string, unknown>;
  if (o.lockfileVersion !== LOCKFILE_VERSION) {
    throw bad(
      "$.lockfileVersion",
      `unsupported lockfileVersion ${JSON.stringify(o.lockfileVersion)} (this causality reads ${LOCKFILE_VERSION})`,
    );
  }
  if (o.encodingVersion !== ENCODING_VERSION) {
    throw bad(
      "$.encodingVersion",
      `ids were computed with encoding ${JSON.stringify(o.encodingVersion)}; regenerate with this version (${ENCODING_VERSION})`,
    );
  }
  if (typeof o.schemas !== "object" || o.schemas === null || Array.isArray(o.schemas))
    throw bad("$.schemas", "expected an object");
  const entries: [string, LockEntry][] = [];
  for (const [key, value] of Object.entries(o.schemas as Record<string, unknown>)) {
    const path = `$.schemas[${JSON.stringify(key)}]`;
    const v = value as Record<string, unknown>;
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw bad(path, "expected an object");
    if (!Array.isArray(v.roles) || !v.roles.every((r) => ROLES.includes(r as SchemaRole))) {
      throw bad(`${path}.roles`, `expected a list of ${ROLES.join("/")}`);
    }
    let expr: TypeExpr;
    try {
      expr = parseTypeExpr(v.expr);
    } catch (e) {
      if (e instanceof TypeExprError) throw bad(`${path}.expr${e.path.slice(1)}`, `${e.code}: ${e.detail}`);
      throw e;
    }
    const entry = lockEntry(expr, v.roles as SchemaRole[]);
    if (entry.id !== v.id)
      throw bad(`${path}.id`, `id ${String(v.id)} does not match its TypeExpr (${entry.id})`);
    entries.push([key, entry]);
  }
  return createLock(entries);
}
