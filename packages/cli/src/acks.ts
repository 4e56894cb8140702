/**
 * Acknowledged breaking changes (schema.acks.json). An acknowledgment names the schema and the
 * exact old and new ids, so it covers that one change and nothing that comes after it. A state
 * schema's break also needs the migration that carries old states over.
 */
import { existsSync, readFileSync } from "node:fs";
import { CliError } from "./errors.js";

export interface Ack {
  readonly schema: string;
  readonly from: string;
  /** The new id; absent when the acknowledged change removes the schema. */
  readonly to?: string;
  readonly reason: string;
  /** For state schemas: the migration (module path or name) that upgrades stored states. */
  readonly migration?: string;
}

export interface AcksFile {
  readonly acknowledged: readonly Ack[];
}

const ID = /^0x[0-9a-f]{64}$/;
const FIELDS = ["schema", "from", "to", "reason", "migration"];

export function readAcks(path: string, required: boolean): Ack[] {
  if (!existsSync(path)) {
    if (required) throw new CliError("CLI3003_FILE_NOT_FOUND", "no such acknowledgments file", path);
    return [];
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CliError(
      "CLI3005_BAD_ACKS",
      `cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})`,
      path,
    );
  }
  return parseAcks(text, path);
}

export function parseAcks(text: string, path: string): Ack[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError("CLI3005_BAD_ACKS", `not JSON: ${(e as Error).message}`, path);
  }
  const list = isObject(json) && Object.hasOwn(json, "acknowledged") ? json.acknowledged : undefined;
  if (!Array.isArray(list))
    throw new CliError("CLI3005_BAD_ACKS", 'expected { "acknowledged": [...] }', `${path} $`);
  return list.map((a, i) => {
    const where = `${path} $.acknowledged[${i}]`;
    if (!isObject(a)) throw new CliError("CLI3005_BAD_ACKS", "expected an object", where);
    const own = (key: string): unknown => (Object.hasOwn(a, key) ? a[key] : undefined);
    for (const key of Object.keys(a)) {
      if (!FIELDS.includes(key))
        throw new CliError(
          "CLI3005_BAD_ACKS",
          `unknown field ${JSON.stringify(key)} (expected ${FIELDS.join(", ")})`,
          where,
        );
    }
    for (const key of ["schema", "from", "reason"] as const) {
      const value = own(key);
      if (typeof value !== "string" || value === "")
        throw new CliError("CLI3005_BAD_ACKS", `missing "${key}"`, where);
    }
    const to = own("to");
    if (!ID.test(own("from") as string) || (to !== undefined && (typeof to !== "string" || !ID.test(to)))) {
      throw new CliError("CLI3005_BAD_ACKS", '"from" and "to" are ids: 0x + 64 lowercase hex digits', where);
    }
    const migration = own("migration");
    if (migration !== undefined && (typeof migration !== "string" || migration === "")) {
      throw new CliError("CLI3005_BAD_ACKS", '"migration" is a non-empty string', where);
    }
    const ack: Ack = {
      schema: own("schema") as string,
      from: own("from") as string,
      ...(to === undefined ? {} : { to }),
      reason: own("reason") as string,
      ...(migration === undefined ? {} : { migration }),
    };
    return ack;
  });
}

/** The acknowledgments file's text: two-space JSON, a final newline, fields in a fixed order. */
export function serializeAcks(acks: readonly Ack[]): string {
  const ordered = acks.map((a) => ({
    schema: a.schema,
    from: a.from,
    ...(a.to === undefined ? {} : { to: a.to }),
    reason: a.reason,
    ...(a.migration === undefined ? {} : { migration: a.migration }),
  }));
  return `${JSON.stringify({ acknowledged: ordered }, null, 2)}\n`;
}

/**
 * Whether `ack` covers the change of `schema` from `from` to `to`; `to` undefined is a removal,
 * which any acknowledgment of that schema and old id covers.
 */
export function covers(ack: Ack, schema: string, from: string, to: string | undefined): boolean {
  return ack.schema === schema && ack.from === from && (to === undefined || ack.to === to);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
