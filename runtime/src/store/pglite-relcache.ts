/**
 * PostgreSQL removes its relation-cache init files (global/ and base/<db>/pg_internal.init) at every
 * start, and the first backend rebuilds them from the catalogs: "in theory we could leave them in
 * place if the database had been cleanly shut down, but it seems safest to just remove them always"
 * (xlog.c, StartupXLOG). A server pays that once; PGlite starts once per process, and the rebuild was
 * ~70 ms CPU of each open. For a directory that pg_control says was shut down cleanly, with nothing
 * that starts a recovery, this keeps them through PostgreSQL's start: no WAL is replayed, so they
 * describe the catalogs as they are (PostgreSQL removes them before committing any catalog change
 * that would make them stale, and writes them anew when they fail to load).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Extension } from "@electric-sql/pglite";
import { readControlFile } from "./pg-control.js";

/** Files whose presence makes PostgreSQL recover (replay WAL) at start even after a clean shutdown. */
const RECOVERY = ["backup_label", "recovery.signal", "standby.signal"];

/** The part of Emscripten's module this touches: its file system's unlink. */
interface EmscriptenFs {
  FS: { unlink(path: string): unknown };
}

/**
 * A PGlite extension keeping the init files of `dataDir` through PostgreSQL's start, or undefined
 * when the directory was not shut down cleanly (or is not a cluster yet).
 */
export function relcacheKeeper(dataDir: string): Extension | undefined {
  if (!readControlFile(dataDir)?.shutDown) return undefined;
  if (RECOVERY.some((name) => existsSync(join(dataDir, name)))) return undefined;
  let restore = () => {};
  return {
    name: "causality-relcache-keeper",
    setup: async (_pg, emscriptenOpts: { preRun?: ((mod: EmscriptenFs) => void)[] }) => ({
      emscriptenOpts: {
        ...emscriptenOpts,
        preRun: [
          ...(emscriptenOpts.preRun ?? []),
          (mod: EmscriptenFs) => {
            const unlink = mod.FS.unlink;
            // Only the start's removal is skipped: PostgreSQL's own removals later go through.
            mod.FS.unlink = (path) =>
              path.endsWith("/pg_internal.init") ? undefined : unlink.call(mod.FS, path);
            restore = () => {
              mod.FS.unlink = unlink;
            };
          },
        ],
      },
      // Called once PostgreSQL has started (and read the files).
      init: async () => restore(),
    }),
  };
}
