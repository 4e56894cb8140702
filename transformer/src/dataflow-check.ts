/**
 * The definition checks of @causality/runtime (DF50xx: unknown nodes, unreachable ones, cycles
 * without a choice, handlers that do not parse, placeholders naming missing fields...) run at build
 * time on a `defineDataflow({...})` literal, so every problem is reported at its node's
 * file:line:column when building, not one at a time when the module is loaded. A spec with any
 * part that is not a literal (a variable, a spread, a call) is left to the check at load time.
 */
import { type DataflowSpec, definitionErrors } from "@causality/runtime/definition";
import type { TypeExpr } from "@causality/schema/core";
import type ts from "typescript";
import { type AnalyzerDiagnostic, DIAGNOSTIC } from "./analyzer/diagnostics.js";

const NOT_LITERAL = Symbol("not a literal");

export function dataflowDiagnostics(
  tsNs: typeof ts,
  call: ts.CallExpression,
  sf: ts.SourceFile,
  schemas: { readonly input: TypeExpr; readonly state: TypeExpr },
): AnalyzerDiagnostic[] {
  const arg = call.arguments[0];
  if (!arg) return [];
  const spec = literalValue(tsNs, arg);
  if (spec === NOT_LITERAL || typeof spec !== "object" || spec === null) return [];
  let errors: ReturnType<typeof definitionErrors>;
  try {
    errors = definitionErrors(spec as DataflowSpec, schemas);
  } catch {
    return []; // a spec of the wrong shape: TypeScript's own errors say so
  }
  const at = nodeLiterals(tsNs, arg);
  return errors.map((e) => {
    const node = at.get(e.node) ?? arg;
    const start = node.getStart(sf);
    const { line, character } = sf.getLineAndCharacterOfPosition(start);
    return {
      code: DIAGNOSTIC.DataflowDefinition.code,
      name: "DataflowDefinition",
      message: e.message,
      path: e.node,
      file: sf.fileName,
      line: line + 1,
      column: character + 1,
      start,
      length: node.getWidth(sf),
    };
  });
}

/** The value a literal expression denotes; NOT_LITERAL when any part of it is computed. */
function literalValue(tsNs: typeof ts, node: ts.Expression): unknown {
  if (tsNs.isParenthesizedExpression(node) || tsNs.isAsExpression(node) || tsNs.isSatisfiesExpression(node))
    return literalValue(tsNs, node.expression);
  if (tsNs.isStringLiteral(node) || tsNs.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (tsNs.isNumericLiteral(node)) return Number(node.text);
  if (
    tsNs.isPrefixUnaryExpression(node) &&
    node.operator === tsNs.SyntaxKind.MinusToken &&
    tsNs.isNumericLiteral(node.operand)
  )
    return -Number(node.operand.text);
  if (node.kind === tsNs.SyntaxKind.TrueKeyword) return true;
  if (node.kind === tsNs.SyntaxKind.FalseKeyword) return false;
  if (node.kind === tsNs.SyntaxKind.NullKeyword) return null;
  if (tsNs.isArrayLiteralExpression(node)) {
    const out: unknown[] = [];
    for (const element of node.elements) {
      const value = tsNs.isSpreadElement(element) ? NOT_LITERAL : literalValue(tsNs, element);
      if (value === NOT_LITERAL) return NOT_LITERAL;
      out.push(value);
    }
    return out;
  }
  if (tsNs.isObjectLiteralExpression(node)) {
    const out: Record<string, unknown> = {};
    for (const p of node.properties) {
      if (!tsNs.isPropertyAssignment(p)) return NOT_LITERAL;
      const key =
        tsNs.isIdentifier(p.name) || tsNs.isStringLiteral(p.name) || tsNs.isNumericLiteral(p.name)
          ? p.name.text
          : undefined;
      const value = literalValue(tsNs, p.initializer);
      if (key === undefined || value === NOT_LITERAL) return NOT_LITERAL;
      out[key] = value;
    }
    return out;
  }
  return NOT_LITERAL;
}

/** Where each node of the spec is written (`{ id: "transfer", ... }`), and `initialState`. */
function nodeLiterals(tsNs: typeof ts, spec: ts.Expression): Map<string, ts.Node> {
  const out = new Map<string, ts.Node>();
  if (!tsNs.isObjectLiteralExpression(spec)) return out;
  for (const p of spec.properties) {
    if (!tsNs.isPropertyAssignment(p) || !tsNs.isIdentifier(p.name)) continue;
    if (p.name.text === "initialState") out.set("(initialState)", p);
    if (p.name.text !== "nodes" || !tsNs.isArrayLiteralExpression(p.initializer)) continue;
    for (const element of p.initializer.elements) {
      if (!tsNs.isObjectLiteralExpression(element)) continue;
      for (const q of element.properties) {
        if (tsNs.isPropertyAssignment(q) && tsNs.isIdentifier(q.name) && q.name.text === "id") {
          const id = literalValue(tsNs, q.initializer);
          if (typeof id === "string" && !out.has(id)) out.set(id, element);
        }
      }
    }
  }
  return out;
}
