/** `causality id` and `causality show`: one type, by `file.ts#TypeName`. */
import { dirname, relative } from "node:path";
import { canonicalize, printTypeExpr, typeExprIdHex } from "@causality/schema";
import { analyzeTypeWithDiagnostics, formatDiagnostic } from "../analyzer-bridge.js";
import { CliError, EXIT } from "../errors.js";
import { parse } from "../main.js";
import { createProgram, findTsconfig, resolveTypeRef } from "../project.js";
import { ts } from "../typescript.js";
import type { CommandContext } from "./context.js";

function analyzeRef(args: string[], ctx: CommandContext, extra: { json?: { type: "boolean" } } = {}) {
  const { values, positionals } = parse(args, { project: { type: "string", short: "p" }, ...extra });
  if (positionals.length !== 1)
    throw new CliError("CLI3001_USAGE", "expected one argument: <file.ts>#<TypeName>");
  const tsconfig = findTsconfig(ctx.cwd, values.project as string | undefined);
  const program = createProgram(tsconfig);
  const { type, node } = resolveTypeRef(program, dirname(tsconfig), positionals[0]!);
  const result = analyzeTypeWithDiagnostics(ts, program.getTypeChecker(), type, node);
  if (result.diagnostics.length > 0) {
    for (const d of result.diagnostics) ctx.stderr(formatDiagnostic(d, (f) => relative(ctx.cwd, f)));
    throw new CliError("CLI3009_ANALYSIS", "this type cannot be a schema (see above)", positionals[0]);
  }
  return { expr: canonicalize(result.expr), json: Boolean((values as { json?: boolean }).json) };
}

export function idCommand(args: string[], ctx: CommandContext): number {
  ctx.stdout(`${typeExprIdHex(analyzeRef(args, ctx).expr)}\n`);
  return EXIT.ok;
}

export function showCommand(args: string[], ctx: CommandContext): number {
  const { expr, json } = analyzeRef(args, ctx, { json: { type: "boolean" } });
  ctx.stdout(json ? `${JSON.stringify(expr, null, 2)}\n` : `${printTypeExpr(expr, { multiline: true })}\n`);
  return EXIT.ok;
}
