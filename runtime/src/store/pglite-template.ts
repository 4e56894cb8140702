/**
 * A fresh PGlite data directory without running initdb each time: initdb in WebAssembly takes
 * seconds, opening an initialised directory a fraction of that. The first fresh directory on a
 * machine runs initdb once into a template (a cluster nobody has written to, shut down cleanly);
 * every fresh directory after it starts as a copy of that template. The template is keyed by the
 * PGlite version, since its files are that version's; set CAUSALITY_PGLITE_TEMPLATE to put it
 * elsewhere (or to "off" to run initdb every time).
 */
import {
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** Where the template for the installed PGlite lives, or undefined when templates are off. */
export function templateDir(): string | undefined {
  const chosen = process.env.CAUSALITY_PGLITE_TEMPLATE;
  if (chosen === "off") return undefined;
  if (chosen) return chosen;
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
  return join(cache, "causality", `pglite-${pgliteVersion()}`);
}

function pgliteVersion(): string {
  // The package's exports hide its package.json: read it next to the resolved entry (dist/...).
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  let dir = dirname(entry);
  for (let i = 0; i < 4 && !existsSync(join(dir, "package.json")); i++) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/** True when `dataDir` holds no cluster yet (missing or empty). */
export function isFresh(dataDir: string): boolean {
  return !existsSync(dataDir) || readdirSync(dataDir).length === 0;
}

/**
 * Fills the fresh `dataDir` from the template, making the template first if there is none.
 * Returns false when it could not (the caller then lets PGlite run initdb in `dataDir` itself).
 */
export async function seedFromTemplate(dataDir: string): Promise<boolean> {
  const template = templateDir();
  if (!template) return false;
  try {
    if (!existsSync(join(template, "PG_VERSION"))) await makeTemplate(template);
    // Copy-on-write where the file system has it, a plain copy elsewhere.
    cpSync(template, dataDir, { recursive: true, mode: constants.COPYFILE_FICLONE });
    return true;
  } catch {
    rmSync(dataDir, { recursive: true, force: true });
    return false;
  }
}

async function makeTemplate(template: string): Promise<void> {
  const { PGlite } = await import("@electric-sql/pglite");
  mkdirSync(dirname(template), { recursive: true });
  // Built aside and renamed into place: a process starting at the same time never sees half a template.
  const building = `${template}.${process.pid}.${Date.now()}`;
  try {
    const db = await PGlite.create({ dataDir: building });
    await db.close();
    try {
      renameSync(building, template);
    } catch (e) {
      // Another process put its template there first: use that one.
      if (!existsSync(join(template, "PG_VERSION"))) throw e;
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}
