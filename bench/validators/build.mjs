// Builds what the bench processes load: typia's side (tspc with typia's transformer, when its source
// changed) and ours (written as `causality generate` writes a schema module). `node build.mjs` alone
// rebuilds both, for a quick look at the generated code.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { canonicalize, compileValidatorSource } from "@causality/schema";
import { shapes } from "./shapes.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, "../..");

export function buildPeers() {
  // typia needs its compile-time transformer: build the typia side with tspc when its source changed.
  const typiaSrc = join(here, "src/typia.ts");
  const typiaOut = join(here, "dist/typia.js");
  if (!existsSync(typiaOut) || statSync(typiaOut).mtimeMs < statSync(typiaSrc).mtimeMs) {
    const build = spawnSync(process.execPath, [join(ROOT, "node_modules/ts-patch/bin/tspc.js"), "-p", here], {
      encoding: "utf8",
    });
    if (build.status !== 0) throw new Error(`typia build failed:\n${build.stdout}${build.stderr}`);
  }

  // Our side, written as `causality generate` writes a schema module.
  mkdirSync(join(here, "dist"), { recursive: true });
  writeFileSync(
    join(here, "dist/causality.js"),
    `import { schemaFromExpr } from "@causality/schema";\n${Object.entries(shapes)
      .map(
        ([name, expr]) =>
          `export const ${name} = schemaFromExpr(${JSON.stringify(canonicalize(expr))}, ${compileValidatorSource(expr)});\n`,
      )
      .join("")}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildPeers();
