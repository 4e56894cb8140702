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
  readonly to: string;
  readonly reason: string;
  /** For state schemas: the migration (module path or name) that upgrades stored states. */
  readonly migration?: string;
}

const ID = /^0x[0-9a-f]{64}$/;

export function readAcks(path: string, required: boolean): Ack[] {
  if (!existsSync(path)) {
    if (required) throw new CliError("CLI3003_FILE_NOT_FOUND", "no such acknowledgments file", path);
    return [];
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new CliError("CLI3005_BAD_ACKS", `not JSON: ${(e as Error).message}`, path);
  }
  const list = (json as { acknowledged?: unknown }).acknowledged;
  if (!Array.isArray(list))
    throw new CliError("CLI3005_BAD_ACKS", 'expected { "acknowledged": [...] }', `${path} $`);
  return list.map((a, i) => {
    const where = `${path} $.acknowledged[${i}]`;
    const o = a as Record<string, unknown>;
    for (const key of ["schema", "from", "to", "reason"] as const) {
      if (typeof o?.[key] !== "string" || o[key] === "")
        throw new CliError("CLI3005_BAD_ACKS", `missing "${key}"`, where);
    }
    if (!ID.test(o.from as string) || !ID.test(o.to as string)) {
      throw new CliError("CLI3005_BAD_ACKS", '"from" and "to" are ids: 0x + 64 lowercase hex digits', where);
    }
    if (o.migration !== undefined && typeof o.migration !== "string") {
      throw new CliError("CLI3005_BAD_ACKS", '"migration" is a string', where);
    }
    return o as unknown as Ack;
  });
}
