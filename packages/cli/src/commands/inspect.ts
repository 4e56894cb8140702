/**
 * `causality id` and `causality show`: one type, by `file.ts#TypeName`, or by any key of the lock
 * (`file.ts#Page<Item>` for a generic instantiation, `file.ts#transferInput` for an inline type).
 */
import { dirname, relative, resolve } from "node:path";
import { canonicalize, printTypeExpr, typeExprIdHex } from "@causality/schema";
import { analyzeTypeWithDiagnostics, formatDiagnostic } from "../analyzer-bridge.js";
import { CliError, EXIT } from "../errors.js";
import { parse } from "../main.js";
import { collectSchemas, createProgram, findTsconfig, resolveTypeRef } from "../project.js";
import { ts } from "../typescript.js";
import type { CommandContext } from "./context.js";

function analyzeRef(args: string[], ctx: CommandContext, extra: { json?: { type: "boolean" } } = {}) {
  const { values, positionals } = parse(args, { project: { type: "string", short: "p" }, ...extra });
  if (positionals.length !== 1)
    throw new CliError("CLI3001_USAGE", "expected one argument: <file.ts>#<TypeName>");
  const tsconfig = findTsconfig(ctx.cwd, values.project as string | undefined);
  const program = createProgram(tsconfig);
  const ref = positionals[0]!;
  let found: ReturnType<typeof resolveTypeRef>;
  try {
    found = resolveTypeRef(program, dirname(tsconfig), ref);
  } catch (e) {
    if (!(e instanceof CliError) || e.code !== "CLI3007_TYPE_NOT_FOUND") throw e;
    // Not an exported type name: a key `causality generate` gives (an instantiation, an inline type).
    const expr = lockKeyExpr(tsconfig, ref);
    if (!expr) throw e;
    return { expr: canonicalize(expr), json: Boolean((values as { json?: boolean }).json) };
  }
  const { type, node } = found;
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

/** The TypeExpr of the schema whose lock key is `ref` (as written relative to the tsconfig), if any. */
function lockKeyExpr(tsconfig: string, ref: string) {
  const root = dirname(tsconfig);
  const hash = ref.lastIndexOf("#");
  const file = relative(root, resolve(root, ref.slice(0, hash)))
    .split("\\")
    .join("/");
  const key = `${file}#${ref.slice(hash + 1)}`;
  return collectSchemas(tsconfig).uses.find((u) => u.key === key)?.expr;
}
