/**
 * causality.config.json: types to lock besides the ones found in calls, their roles, and the
 * diff's optional-field policy. Read strictly: a misspelled role or a value of the wrong type is an
 * error naming the JSON path (CLI3010_BAD_CONFIG), never silently dropped, since a dropped role
 * changes how a schema is judged (an output judged as an input lets a breaking change through).
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { SchemaRole } from "@causality/schema";
import { CliError } from "./errors.js";

export interface CausalityConfig {
  /** Extra types to lock: `src/x.ts#TypeName`. */
  readonly types: readonly string[];
  /** Roles by key (`src/x.ts#TypeName`), for listed types and for ones found in the sources. */
  readonly roles: ReadonlyMap<string, readonly SchemaRole[]>;
  /** `diff.strict`: judge optional fields exactly (docs/cli.md, the optional-field policy). */
  readonly strict: boolean;
}

export const CONFIG_FILE = "causality.config.json";
export const ROLES: readonly SchemaRole[] = ["input", "output", "state"];
const TOP_KEYS = ["$schema", "types", "roles", "diff"];
const TYPE_REF = /^[^#]+#[^#]+$/;

export function readConfig(root: string): CausalityConfig {
  const path = resolve(root, CONFIG_FILE);
  if (!existsSync(path)) return { types: [], roles: new Map(), strict: false };
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CliError(
      "CLI3010_BAD_CONFIG",
      `cannot read: ${(e as NodeJS.ErrnoException).code ?? "error"}`,
      path,
    );
  }
  return parseConfig(text, path);
}

export function parseConfig(text: string, file: string): CausalityConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError("CLI3010_BAD_CONFIG", `not JSON: ${(e as Error).message}`, file);
  }
  const bad = (path: string, message: string) =>
    new CliError("CLI3010_BAD_CONFIG", message, `${file} ${path}`);
  if (!isObject(json)) throw bad("$", "expected an object");
  for (const key of Object.keys(json)) {
    if (!TOP_KEYS.includes(key))
      throw bad(`$${prop(key)}`, `unknown setting (expected ${TOP_KEYS.slice(1).join(", ")})`);
  }
  const types: string[] = [];
  if (json.types !== undefined) {
    if (!Array.isArray(json.types)) throw bad("$.types", "expected a list of <file.ts>#<TypeName>");
    json.types.forEach((t, i) => {
      if (typeof t !== "string" || !TYPE_REF.test(t))
        throw bad(`$.types[${i}]`, "expected <file.ts>#<TypeName>");
      types.push(t);
    });
  }
  const roles = new Map<string, SchemaRole[]>();
  if (json.roles !== undefined) {
    if (!isObject(json.roles))
      throw bad("$.roles", 'expected { "<file.ts>#<TypeName>": ["input" | "output" | "state", ...] }');
    for (const [key, value] of Object.entries(json.roles)) {
      const at = `$.roles${prop(key)}`;
      if (!Array.isArray(value)) throw bad(at, `expected a list of roles (${ROLES.join(", ")})`);
      value.forEach((role, i) => {
        if (!ROLES.includes(role as SchemaRole)) {
          throw bad(`${at}[${i}]`, `unknown role ${JSON.stringify(role)} (expected ${ROLES.join(", ")})`);
        }
      });
      roles.set(key, value as SchemaRole[]);
    }
  }
  let strict = false;
  if (json.diff !== undefined) {
    if (!isObject(json.diff)) throw bad("$.diff", 'expected { "strict": true | false }');
    for (const key of Object.keys(json.diff)) {
      if (key !== "strict") throw bad(`$.diff${prop(key)}`, 'unknown setting (expected "strict")');
    }
    if (json.diff.strict !== undefined && typeof json.diff.strict !== "boolean") {
      throw bad("$.diff.strict", "expected true or false");
    }
    strict = json.diff.strict === true;
  }
  return { types, roles, strict };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A JSON path step: `.key` for identifiers, `["key"]` otherwise. */
export function prop(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
