/**
 * Where a lock key's type is declared, for annotations (`--format github` puts `file=` and
 * `line=` on them). A plain text search of the key's file in the working tree, no TypeScript:
 * `#Order` is the line of `interface|type|class|enum Order`, `#transfer.input` the line of
 * `const transfer`, `#typeSchema@12` line 12. Undefined when the file or the name is not found
 * (a removed schema), and the annotation then goes on the file alone.
 */
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";

const MAX_BYTES = 4 << 20;

export function declarationLine(root: string, key: string): number | undefined {
  const hash = key.lastIndexOf("#");
  if (hash <= 0) return undefined;
  const file = resolve(root, key.slice(0, hash));
  const name = key.slice(hash + 1);
  const atLine = /@(\d+)(?:\.\d+)?$/.exec(name);
  if (atLine) return Number(atLine[1]);
  let text: string;
  try {
    if (!statSync(file).isFile() || statSync(file).size > MAX_BYTES) return undefined;
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  // `Page<Item>` is declared as Page; `transfer.input` is the variable transfer.
  const base = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(name)?.[0];
  if (base === undefined) return undefined;
  const declared = [
    new RegExp(`\\b(?:interface|type|class|enum)\\s+${escapeRegExp(base)}\\b`),
    new RegExp(`\\b(?:const|let|var)\\s+${escapeRegExp(base)}\\b`),
  ];
  const lines = text.split("\n");
  for (const pattern of declared) {
    const i = lines.findIndex((line) => pattern.test(line));
    if (i >= 0) return i + 1;
  }
  return undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/\$/g, "\\$");
}
