/**
 * TypeScript, loaded with `require`: importing its 9 MB CommonJS bundle from ESM makes Node scan
 * the whole file for named exports first, a quarter of a second on every command.
 */
import { createRequire } from "node:module";
import type TS from "typescript";

export const ts: typeof TS = createRequire(import.meta.url)("typescript");
