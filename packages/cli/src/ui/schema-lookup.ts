/** A schema id looked up through the definitions that name it: its TypeExpr (checked against the id) and its uses. */
import type { StoreBrowser } from "@causality/runtime";
import { type TypeExpr, typeExprIdHex } from "@causality/schema";

export interface SchemaUse {
  readonly definitionId: string;
  readonly name: string;
  readonly role: "input" | "output" | "state";
}

const ROLES = ["input", "output", "state"] as const;

export async function lookUpSchema(
  store: StoreBrowser,
  id: string,
): Promise<{ expr: TypeExpr; uses: SchemaUse[] } | undefined> {
  let expr: TypeExpr | undefined;
  const uses: SchemaUse[] = [];
  for (const d of await store.definitionsUsing(id)) {
    const spec = d.spec as { schemas?: Record<string, TypeExpr> } | undefined;
    for (const role of ROLES) {
      if (d.schemaIds[role] !== id) continue;
      uses.push({ definitionId: d.id, name: d.name, role });
      const candidate = spec?.schemas?.[role];
      // The stored expression is trusted only if it hashes to the id it is filed under.
      if (expr === undefined && candidate !== undefined && safeId(candidate) === id) expr = candidate;
    }
  }
  return expr === undefined ? undefined : { expr, uses };
}

function safeId(expr: TypeExpr): string | undefined {
  try {
    return typeExprIdHex(expr);
  } catch {
    return undefined;
  }
}
