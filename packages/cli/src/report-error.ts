/**
 * The one line a failed command prints on stderr. A CliError carries its code; a malformed
 * TypeExpr its CX code and JSON path; anything else is a bug of ours, shown as CLI3012_INTERNAL
 * with its message only, since a stack trace helps us, not the user reading a CI log.
 * CAUSALITY_DEBUG=1 adds the stack for a bug report.
 */
import { CliError } from "./errors.js";

export function formatError(e: unknown, env: NodeJS.ProcessEnv = process.env): string {
  if (e instanceof CliError) return `${oneLine(e.format())}\n`;
  if (e instanceof Error && e.name === "TypeExprError") {
    const x = e as Error & { code: string; path: string; detail: string };
    return `${oneLine(`causality: ${x.code}: ${x.path}: ${x.detail}`)}\n`;
  }
  const message = (e instanceof Error ? e.message : String(e)).split("\n")[0]!.trim() || "unknown error";
  const line = new CliError("CLI3012_INTERNAL", message).format();
  if (isDebug(env)) return `${line}\n${e instanceof Error && e.stack ? e.stack : String(e)}\n`;
  return `${line} (set CAUSALITY_DEBUG=1 for the stack trace)\n`;
}

/** A user's value in a message (a `--base` with a newline) must not break the one-line contract. */
function oneLine(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function isDebug(env: NodeJS.ProcessEnv): boolean {
  const value = env.CAUSALITY_DEBUG;
  return value !== undefined && value !== "" && value !== "0" && value !== "false";
}
