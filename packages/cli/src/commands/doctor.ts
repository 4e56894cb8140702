/** `causality doctor`: checks a project's setup and prints one line per finding. */
import { diagnose, formatFinding, usesCausality } from "../doctor.js";
import { readSetup } from "../doctor-facts.js";
import { CliError, EXIT } from "../errors.js";
import { parse } from "../main.js";
import { findTsconfig } from "../tsconfig-path.js";
import type { CommandContext } from "./context.js";

/** Exit code when at least one finding is an error (hints alone keep 0). */
const PROBLEM = 1;

export function doctorCommand(args: string[], ctx: CommandContext): number {
  const { values, positionals } = parse(args, { project: { type: "string", short: "p" } });
  if (positionals.length > 0) throw new CliError("CLI3001_USAGE", `unexpected argument "${positionals[0]}"`);
  const tsconfig = findTsconfig(ctx.cwd, values.project as string | undefined);
  const facts = readSetup(tsconfig, ctx.cwd);
  const findings = diagnose(facts);
  for (const f of findings) ctx.stdout(formatFinding(f));
  const errors = findings.filter((f) => f.severity === "error").length;
  const hints = findings.length - errors;
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (errors > 0) {
    ctx.stdout(
      `causality doctor: ${count(errors, "problem")}${hints ? `, ${count(hints, "hint")}` : ""} in ${facts.tsconfig}\n`,
    );
    return PROBLEM;
  }
  const setup = [
    facts.typescript ? `TypeScript ${facts.typescript.version}` : undefined,
    facts.tsPatch ? `ts-patch ${facts.tsPatch.version}` : undefined,
  ].filter((s) => s !== undefined);
  if (!usesCausality(facts)) {
    ctx.stdout(
      `causality doctor: no problems in ${facts.tsconfig}: no Causality plugin and no typeSchema/defineDataflow call\n`,
    );
    return EXIT.ok;
  }
  ctx.stdout(
    `causality doctor: no problems in ${facts.tsconfig}${hints ? ` (${count(hints, "hint")})` : ""}${setup.length ? `: ${setup.join(", ")}` : ""}\n`,
  );
  return EXIT.ok;
}
