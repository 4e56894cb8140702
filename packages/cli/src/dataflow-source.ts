/**
 * A dataflow's graph read from its TypeScript source, without building it: the object literal
 * passed to `defineDataflow` in `export const <name> = defineDataflow<I, O, S>({ ... })`, evaluated
 * as plain data. Enough for `causality graph` (nodes, edges, domains); running needs the built module.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { DataflowSpec } from "@causality/runtime";
import type TS from "typescript";
import { splitModuleRef } from "./commands/dataflow-module.js";
import { CliError } from "./errors.js";
import { ts } from "./typescript.js";

export function readDataflowSource(spec: string, cwd: string): DataflowSpec {
  const { file, name } = splitModuleRef(spec);
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new CliError("CLI3003_FILE_NOT_FOUND", "no such file", file);
  const sf = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
  const call = definitionCall(sf, name);
  if (!call) {
    throw new CliError("CLI3011_DATAFLOW", `no \`const ${name} = defineDataflow(...)\` in this file`, spec);
  }
  const literal = call.arguments[0];
  if (!literal)
    throw new CliError("CLI3011_DATAFLOW", "defineDataflow has no definition argument", where(sf, call));
  return evaluate(sf, literal) as DataflowSpec;
}

function definitionCall(sf: TS.SourceFile, name: string): TS.CallExpression | undefined {
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || decl.name.text !== name || !decl.initializer) continue;
      const init = skipWrappers(decl.initializer);
      if (ts.isCallExpression(init)) return init;
    }
  }
  return undefined;
}

function skipWrappers(e: TS.Expression): TS.Expression {
  let cur = e;
  while (ts.isParenthesizedExpression(cur) || ts.isAsExpression(cur) || ts.isSatisfiesExpression(cur)) {
    cur = cur.expression;
  }
  return cur;
}

function where(sf: TS.SourceFile, node: TS.Node): string {
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return `${sf.fileName}:${line + 1}:${character + 1}`;
}

/** Plain data from literal syntax; anything computed is an error that says where and what to do. */
function evaluate(sf: TS.SourceFile, node: TS.Expression, key?: string): unknown {
  const e = skipWrappers(node);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (
    ts.isPrefixUnaryExpression(e) &&
    e.operator === ts.SyntaxKind.MinusToken &&
    ts.isNumericLiteral(e.operand)
  ) {
    return -Number(e.operand.text);
  }
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (e.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isArrayLiteralExpression(e)) return e.elements.map((x) => evaluate(sf, x));
  // A sub-dataflow names another definition: its name is what the graph shows.
  if (key === "dataflow" && ts.isIdentifier(e)) return { name: e.text };
  if (ts.isObjectLiteralExpression(e)) {
    const out: Record<string, unknown> = Object.create(null);
    for (const p of e.properties) {
      if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
        throw notLiteral(sf, p);
      }
      out[p.name.text] = evaluate(sf, p.initializer, p.name.text);
    }
    return { ...out };
  }
  throw notLiteral(sf, e);
}

function notLiteral(sf: TS.SourceFile, node: TS.Node): CliError {
  return new CliError(
    "CLI3011_DATAFLOW",
    `not a literal (${node.getText(sf).slice(0, 40)}): build the module and point at the built JavaScript`,
    where(sf, node),
  );
}
