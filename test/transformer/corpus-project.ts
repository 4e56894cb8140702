/** A temporary project holding the fixtures/types corpus in src/, with the plugin registered and the workspace packages linked. */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURE_DIR = join(ROOT, "fixtures/types");

export function corpusProject(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, "src"));
  for (const f of readdirSync(FIXTURE_DIR).filter((f) => f.endsWith(".ts")))
    cpSync(join(FIXTURE_DIR, f), join(dir, "src", f));
  mkdirSync(join(dir, "node_modules/@causality"), { recursive: true });
  for (const pkg of ["schema", "runtime", "transformer"]) {
    symlinkSync(join(ROOT, "node_modules/@causality", pkg), join(dir, "node_modules/@causality", pkg));
  }
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        skipLibCheck: true,
        outDir: "dist",
        plugins: [{ transform: "@causality/transformer" }],
      },
      include: ["src"],
    }),
  );
  return dir;
}

/**
 * Writes src/__golden.ts: one `typeSchema<T>()` call per corpus key (`file.ts#Name`), exported as
 * `s<i>` in the order given, so a build's ids can be read back by index.
 */
export function writeGoldenModule(dir: string, keys: readonly string[]): void {
  const lines = ['import { typeSchema } from "@causality/schema";'];
  keys.forEach((key, i) => {
    const [file, name] = key.split("#");
    lines.push(`import type { ${name} as T${i} } from "./${file!.replace(/\.ts$/, ".js")}";`);
    lines.push(`export const s${i} = typeSchema<T${i}>();`);
  });
  writeFileSync(join(dir, "src/__golden.ts"), `${lines.join("\n")}\n`);
}
