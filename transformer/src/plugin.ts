/**
 * The ts-patch plugin: `{ "transform": "@causality/transformer" }` in compilerOptions.plugins.
 *
 * `typeSchema<T>()` becomes `typeSchema(<canonical TypeExpr of T>)` and `defineDataflow<I, O, S>(spec)`
 * becomes `defineDataflow(spec, { input, output, state })` with the three TypeExprs. The call keeps
 * its own import, so nothing is added to the module and import elision cannot drop it. Types that
 * cannot be data are reported through ts-patch's `addDiagnostic`, so `tspc` fails the build with
 * the code, file, line and the path inside the type.
 */
import { canonicalize, compileValidatorSource, type TypeExpr } from "@causality/schema/core";
import type ts from "typescript";
import { Analyzer } from "./analyzer/analyzer.js";
import { type AnalyzerDiagnostic, DIAGNOSTIC } from "./analyzer/diagnostics.js";
import { candidateOffsets, holdsOffset, schemaCallOf } from "./call-sites.js";

export interface TransformerExtras {
  readonly ts: typeof ts;
  readonly addDiagnostic: (diagnostic: ts.Diagnostic) => number;
}

export function createTransformer(
  program: ts.Program,
  _config: unknown,
  extras: TransformerExtras,
): ts.TransformerFactory<ts.SourceFile> {
  const tsNs = extras.ts;
  const checker = program.getTypeChecker();
  const analyzer = new Analyzer(tsNs, checker);
  const reported = new Set<string>();

  const report = (d: AnalyzerDiagnostic, sf: ts.SourceFile) => {
    const key = `${d.file}:${d.start}:${d.code}:${d.path}`;
    if (reported.has(key)) return;
    reported.add(key);
    const file = program.getSourceFile(d.file) ?? sf;
    extras.addDiagnostic({
      file,
      start: d.start,
      length: d.length,
      messageText: `[causality] ${d.message}`,
      category: tsNs.DiagnosticCategory.Error,
      code: d.code,
    });
  };

  const exprOf = (type: ts.TypeNode, sf: ts.SourceFile): TypeExpr | undefined => {
    const result = analyzer.analyze(checker.getTypeFromTypeNode(type), type);
    for (const d of result.diagnostics) report(d, sf);
    return result.diagnostics.length > 0 ? undefined : canonicalize(result.expr);
  };

  return (ctx) => (sf) => {
    const f = ctx.factory;
    const offsets = candidateOffsets(tsNs, sf);
    if (offsets.length === 0) return sf;
    const visit = (node: ts.Node): ts.Node => {
      if (!holdsOffset(offsets, node.pos, node.end)) return node;
      if (tsNs.isCallExpression(node)) {
        const call = schemaCallOf(tsNs, checker, node);
        if (call) {
          const args = node.typeArguments ?? [];
          if (args.length < call.roles.length) {
            const start = node.getStart(sf);
            const { line, character } = sf.getLineAndCharacterOfPosition(start);
            report(
              {
                code: DIAGNOSTIC.MissingTypeArgument.code,
                name: "MissingTypeArgument",
                message: `${DIAGNOSTIC.MissingTypeArgument.message} (at ${call.name})`,
                path: call.name,
                file: sf.fileName,
                line: line + 1,
                column: character + 1,
                start,
                length: node.getWidth(sf),
              },
              sf,
            );
            return tsNs.visitEachChild(node, visit, ctx);
          }
          const exprs = args.slice(0, call.roles.length).map((a) => exprOf(a, sf));
          if (exprs.some((e) => e === undefined)) return tsNs.visitEachChild(node, visit, ctx);
          const visited = tsNs.visitEachChild(node, visit, ctx) as ts.CallExpression;
          if (call.name === "typeSchema") {
            return f.updateCallExpression(visited, visited.expression, undefined, [
              literalExpression(f, exprs[0]!),
              compiledExpression(f, exprs[0]!),
            ]);
          }
          const compiled = f.createObjectLiteralExpression(
            call.roles.map((role, i) => f.createPropertyAssignment(role!, compiledExpression(f, exprs[i]!))),
            false,
          );
          const schemas = f.createObjectLiteralExpression(
            [
              ...call.roles.map((role, i) =>
                f.createPropertyAssignment(role!, literalExpression(f, exprs[i]!)),
              ),
              f.createPropertyAssignment("compiled", compiled),
            ],
            false,
          );
          return f.updateCallExpression(visited, visited.expression, undefined, [
            ...visited.arguments.slice(0, 1),
            schemas,
          ]);
        }
      }
      return tsNs.visitEachChild(node, visit, ctx);
    };
    return tsNs.visitNode(sf, visit) as ts.SourceFile;
  };
}

/**
 * A TypeExpr as an expression: its JSON text, which is a valid object literal, as one synthesized
 * node (building the literal node by node costs the emitter far more for the same output).
 */
function literalExpression(f: ts.NodeFactory, expr: TypeExpr): ts.Expression {
  return f.createIdentifier(JSON.stringify(expr));
}

/**
 * The generated validators as an expression. The code is already JavaScript text, so it goes in as
 * one synthesized node whose text the printer writes verbatim.
 */
function compiledExpression(f: ts.NodeFactory, expr: TypeExpr): ts.Expression {
  return f.createIdentifier(compileValidatorSource(expr));
}
