/** Plain JSON data as a TypeScript expression node (what the plugin injects). */
import type ts from "typescript";

export function jsonExpression(tsNs: typeof ts, f: ts.NodeFactory, value: unknown): ts.Expression {
  if (value === null) return f.createNull();
  if (typeof value === "string") return f.createStringLiteral(value);
  if (typeof value === "boolean") return value ? f.createTrue() : f.createFalse();
  if (typeof value === "number") {
    return value < 0 || Object.is(value, -0)
      ? f.createPrefixUnaryExpression(tsNs.SyntaxKind.MinusToken, f.createNumericLiteral(-value))
      : f.createNumericLiteral(value);
  }
  if (Array.isArray(value))
    return f.createArrayLiteralExpression(
      value.map((v) => jsonExpression(tsNs, f, v)),
      false,
    );
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return f.createObjectLiteralExpression(
    entries.map(([k, v]) => f.createPropertyAssignment(f.createStringLiteral(k), jsonExpression(tsNs, f, v))),
    false,
  );
}
