/**
 * Declared state migrations of a definition: how an instance started under an older state schema
 * reaches this definition's. Each `from` has at most one migration, and following `to` from any
 * `from` ends at the definition's own state id, so the path an instance takes is one and the same
 * wherever it is computed. Checked when the definition is built, like its nodes.
 */
import { read } from "../lisp/reader.js";
import { DefinitionError, type StateMigration } from "./definition.js";

const ID = /^0x[0-9a-f]{64}$/;

/** Where a migration's problem is reported: the migration, named by the schema it starts from. */
const at = (m: StateMigration) => `(migration from ${String(m.from)})`;

export function checkMigrations(migrations: readonly StateMigration[] | undefined, stateId: string): void {
  if (migrations === undefined) return;
  if (!Array.isArray(migrations))
    throw new DefinitionError(
      "DF5013_BAD_MIGRATION",
      "(migrations)",
      "migrations is a list of { from, to, migrate }",
    );
  const byFrom = new Map<string, StateMigration>();
  for (const m of migrations) {
    for (const key of ["from", "to"] as const)
      if (typeof m?.[key] !== "string" || !ID.test(m[key]))
        throw new DefinitionError(
          "DF5013_BAD_MIGRATION",
          at(m),
          `${key} must be a state schema id (0x and 64 hex digits)`,
        );
    if (m.from === m.to)
      throw new DefinitionError("DF5013_BAD_MIGRATION", at(m), "from and to are the same schema");
    if (m.from === stateId)
      throw new DefinitionError(
        "DF5013_BAD_MIGRATION",
        at(m),
        "migrates away from this definition's own state schema",
      );
    if (byFrom.has(m.from))
      throw new DefinitionError("DF5013_BAD_MIGRATION", at(m), "two migrations start from this schema");
    if (typeof m.migrate !== "string")
      throw new DefinitionError("DF5013_BAD_MIGRATION", at(m), "migrate must be handler-language code");
    try {
      read(m.migrate);
    } catch (e) {
      throw new DefinitionError("DF5007_BAD_HANDLER", at(m), (e as Error).message);
    }
    byFrom.set(m.from, m);
  }
  for (const m of byFrom.values())
    if (!migrationPath(migrations, m.from, stateId))
      throw new DefinitionError(
        "DF5013_BAD_MIGRATION",
        at(m),
        `following its migrations does not reach this definition's state schema ${stateId}`,
      );
}

/** The migrations that take a state of schema `from` to schema `to`, in order; undefined when none do. */
export function migrationPath(
  migrations: readonly StateMigration[] | undefined,
  from: string,
  to: string,
): StateMigration[] | undefined {
  const path: StateMigration[] = [];
  let at = from;
  while (at !== to) {
    const next = migrations?.find((m) => m.from === at);
    // A cycle never reaches `to`: each schema is left at most once.
    if (!next || path.includes(next)) return undefined;
    path.push(next);
    at = next.to;
  }
  return path;
}
