/**
 * Which module system a `.js` file in a directory is loaded as: Node reads the nearest
 * package.json's "type" ("module" -> ES module; anything else, or none, -> CommonJS), so the
 * generated `.schemas.js` modules are written in that one.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export type ModuleFormat = "esm" | "cjs";

export function moduleFormatAt(dir: string): ModuleFormat {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const pkg = join(d, "package.json");
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, "utf8")) as { type?: unknown }).type === "module"
          ? "esm"
          : "cjs";
      } catch {
        return "cjs";
      }
    }
    if (dirname(d) === d) return "cjs";
  }
}
