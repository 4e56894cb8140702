/**
 * TypeScript, loaded with `require`: importing its 9 MB CommonJS file from ESM makes Node scan it
 * for named exports first, which cost seconds of a build. The plugin analyzes with its own pinned
 * TypeScript, so the ids never depend on the user's version (TypeScript 7 has no JS API at all).
 */
import { createRequire } from "node:module";
import type TypeScript from "typescript";

export const typescript: typeof TypeScript = createRequire(import.meta.url)("typescript");
