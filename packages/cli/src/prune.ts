/**
 * Deletes the generated files of schemas that no longer exist: once a type is removed, its
 * module and JSON Schema must not linger for someone to import. Only files under the output
 * directory are considered, and only ones causality wrote: modules that start with the generated
 * header, JSON Schemas whose `$id` is a causality id. A file the user put there is left alone,
 * even with `--out .`.
 */
import {
  closeSync,
  type Dirent,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmdirSync,
  rmSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { HEADER } from "./emit.js";

/** Deletes what an earlier run generated under `out` and this run did not; returns the deleted paths. */
export function pruneStaleFiles(out: string, produced: Iterable<string>): string[] {
  const root = resolve(out);
  const keep = new Set([...produced].map((p) => resolve(p)));
  const deleted: string[] = [];
  /** Whether `dir` was emptied by deleting stale files in it (then it goes too). */
  const walk = (dir: string): boolean => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    let left = entries.length;
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        // Never into dependencies or tool folders that happen to sit under the output directory.
        if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
        if (walk(path)) {
          rmdirSync(path);
          left--;
        }
      } else if (entry.isFile() && !keep.has(path) && isGenerated(path)) {
        rmSync(path);
        deleted.push(path);
        left--;
      }
    }
    return left === 0 && left < entries.length;
  };
  walk(root);
  return deleted.sort();
}

function isGenerated(path: string): boolean {
  if (!path.endsWith(".schema.json")) return startsWith(path, HEADER);
  try {
    const id = (JSON.parse(readFileSync(path, "utf8")) as { $id?: unknown }).$id;
    return typeof id === "string" && id.startsWith("urn:causality:");
  } catch {
    return false;
  }
}

function startsWith(path: string, prefix: string): boolean {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(Buffer.byteLength(prefix));
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString("utf8") === prefix;
  } finally {
    closeSync(fd);
  }
}
