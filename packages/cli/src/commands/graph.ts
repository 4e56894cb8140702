/** `causality graph <module.js | source.ts>#<export>`: the dataflow as a Mermaid flowchart. */
import type { DataflowSpec, NodeSpec } from "@causality/runtime";
import { readDataflowSource } from "../dataflow-source.js";
import { CliError, EXIT } from "../errors.js";
import { parse } from "../main.js";
import type { CommandContext } from "./context.js";
import { loadDataflow } from "./dataflow-module.js";

const id = (s: string) => `n_${s.replace(/[^A-Za-z0-9_]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}`;
const label = (s: string) => s.replace(/"/g, "#quot;").replace(/\n\s*/g, " ");

export function mermaid(flow: DataflowSpec): string {
  const lines = ["flowchart TD"];
  const shape = (n: NodeSpec): string => {
    switch (n.kind) {
      case "start":
        return `${id(n.id)}(["${label(n.id)}"])`;
      case "subflow":
        return `${id(n.id)}[["${label(n.id)}<br/>runs ${label(n.dataflow.name)}"]]`;
      case "parallel":
        return `${id(n.id)}[/"${label(n.id)}<br/>parallel"/]`;
      case "join":
        return `${id(n.id)}[\\"${label(n.id)}<br/>join"\\]`;
      case "end":
        return `${id(n.id)}(["${label(n.id)}<br/>output: ${label(n.output)}"])`;
      case "choice":
        return `${id(n.id)}{"${label(n.id)}<br/>${label(n.condition)}"}`;
      case "action": {
        const domain =
          n.domain?.kind === "fixed"
            ? n.domain.domain
            : n.domain?.kind === "parameter"
              ? `input.${n.domain.field}`
              : `inherited (${flow.defaultDomain ? `default ${flow.defaultDomain}, or the placer` : "the placer"})`;
        const retry = n.retry ? `<br/>retry ${n.retry.attempts}x` : "";
        return `${id(n.id)}["${label(n.id)}<br/>${label(n.effect.type)} @ ${label(domain)}${retry}"]`;
      }
    }
  };
  for (const n of flow.nodes ?? []) lines.push(`  ${shape(n)}`);
  for (const e of flow.edges ?? []) {
    lines.push(e.when ? `  ${id(e.from)} -- ${e.when} --> ${id(e.to)}` : `  ${id(e.from)} --> ${id(e.to)}`);
  }
  return `${lines.join("\n")}\n`;
}

export async function graphCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parse(args, {});
  if (positionals.length !== 1)
    throw new CliError("CLI3001_USAGE", "expected one argument: <module.js | source.ts>#<export>");
  const spec = positionals[0]!;
  // A TypeScript source is read statically (no build needed); a built module is loaded.
  const flow = /\.(c|m)?tsx?(#|$)/.test(spec)
    ? readDataflowSource(spec, ctx.cwd)
    : (await loadDataflow(spec, ctx.cwd)).flow;
  ctx.stdout(mermaid(flow));
  return EXIT.ok;
}
