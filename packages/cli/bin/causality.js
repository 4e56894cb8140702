#!/usr/bin/env node
// The `causality` command. Checked in (dist/ is built, not committed) so that `npm ci` in the
// repository links it, and `npx causality` never falls back to an unrelated registry package.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const built = new URL("../dist/bin.js", import.meta.url);
if (!existsSync(fileURLToPath(built))) {
  process.stderr.write(
    `causality: the CLI is not built (${fileURLToPath(built)} is missing): run \`npm run build\` (tsc -b) at the repository root first\n`,
  );
  process.exit(3);
}
await import(built.href);
