// Generates the benchmark project: N files, each with 2-3 interfaces and one typeSchema<T>() call,
// some importing types from their neighbours, in a temporary directory linked to our packages.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

export function generateProject(files = 200) {
  const dir = mkdtempSync(join(tmpdir(), "causality-bench-"));
  mkdirSync(join(dir, "src"));
  mkdirSync(join(dir, "node_modules/@causality"), { recursive: true });
  for (const pkg of ["schema", "runtime", "transformer"]) {
    symlinkSync(join(ROOT, "node_modules/@causality", pkg), join(dir, "node_modules/@causality", pkg));
  }
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
  const options = {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    skipLibCheck: true,
    outDir: "dist",
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: options, include: ["src"] }));
  writeFileSync(
    join(dir, "tsconfig.plugin.json"),
    JSON.stringify({
      extends: "./tsconfig.json",
      compilerOptions: { plugins: [{ transform: "@causality/transformer" }] },
    }),
  );
  for (let i = 0; i < files; i++) {
    const neighbour = i > 0 ? `import type { Item${i - 1} } from "./file${i - 1}.js";\n` : "";
    const extra =
      i % 2 === 0 ? `export interface Note${i} { text: string; at: Date; tags?: string[] }\n` : "";
    writeFileSync(
      join(dir, "src", `file${i}.ts`),
      `import { typeSchema, type u32, type MinLength } from "@causality/schema";
${neighbour}
export interface Item${i} {
  id: string & MinLength<1>;
  qty: u32;
  kind: "a" | "b" | "c${i}";
  price?: number;
}
export interface Order${i} {
  items: Item${i}[];
  status: "open" | "closed";
  meta: Record<string, string>;
${i > 0 ? `  previous?: Item${i - 1};\n` : ""}}
${extra}
export const order${i} = typeSchema<Order${i}>();
export function total${i}(o: Order${i}): number {
  return o.items.reduce((sum, item) => sum + item.qty * (item.price ?? 0), 0);
}
`,
    );
  }
  return dir;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
