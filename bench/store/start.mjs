// How long a PGlite store takes to open, each start in a new process (as a CLI command meets it:
// nothing compiled or cached in memory yet), and where a start's time goes.
// `node bench/store/start.mjs open <target>` and `... phases <dir>` are the children.
import { execFileSync } from "node:child_process";
import { constants, cpSync, mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";

const self = import.meta.filename;
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One open of `target` in a new process, in ms (PgStore.open: PGlite's start and the migrations). */
function openOnce(target, env = {}) {
  const out = execFileSync(process.execPath, [self, "open", target], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return Number(out.trim());
}

/** Every kind of start, in new processes; `dir` is scratch space. */
export function startTimes(dir) {
  const template = join(dir, "template");
  const env = { CAUSALITY_PGLITE_TEMPLATE: template };
  const load = () => loadavg()[0].toFixed(1);
  const before = load();
  // The first start on a machine makes the template (initdb); the first in memory, its tarball.
  const firstDir = openOnce(join(dir, "first"), env);
  const firstMemory = openOnce("memory", env);
  const fresh = [];
  const existing = [];
  const memory = [];
  const fresh128 = [];
  for (let i = 0; i < 3; i++) {
    fresh.push(openOnce(join(dir, `fresh${i}`), env));
    existing.push(openOnce(join(dir, "first"), env));
    memory.push(openOnce("memory", env));
    fresh128.push(openOnce(join(dir, `fresh128_${i}`), { ...env, CAUSALITY_PGLITE_SHARED_BUFFERS: "128MB" }));
  }
  const off = { CAUSALITY_PGLITE_TEMPLATE: "off" };
  const initdbDir = openOnce(join(dir, "initdb"), off);
  const initdbMemory = openOnce("memory", off);
  console.log(
    `PGlite store open, each in a new process (medians of 3; load ${before} -> ${load()}): ` +
      `fresh directory ${median(fresh).toFixed(0)} ms, existing directory ${median(existing).toFixed(0)} ms, ` +
      `in memory ${median(memory).toFixed(0)} ms; fresh directory with shared_buffers=128MB ${median(fresh128).toFixed(0)} ms; ` +
      `first start on a machine (making the template) ${firstDir.toFixed(0)} ms, first in memory (making its tarball) ${firstMemory.toFixed(0)} ms; ` +
      `without a template (initdb) ${initdbDir.toFixed(0)} ms in a directory, ${initdbMemory.toFixed(0)} ms in memory`,
  );
  const phases = execFileSync(process.execPath, [self, "phases", dir], { env: { ...process.env, ...env } });
  console.log(`  where a fresh directory's start goes, one after another: ${String(phases).trim()}`);
}

async function child(mode, target) {
  const runtime = join(import.meta.dirname, "../../runtime/dist");
  if (mode === "open") {
    const { PgStore } = await import(join(runtime, "index.js"));
    const t0 = performance.now();
    const store = await PgStore.open(target === "memory" ? undefined : target);
    process.stdout.write(`${performance.now() - t0}\n`);
    await store.close();
    return;
  }
  // The same work as PgStore.open on a fresh directory, one phase at a time (nothing overlapped).
  const { pgliteStart, startParams } = await import(join(runtime, "store/pglite-start.js"));
  const { templateDir } = await import(join(runtime, "store/pglite-template.js"));
  const { PgStore, openDatabase } = await import(join(runtime, "index.js"));
  const times = [];
  let t = performance.now();
  const lap = (label) => {
    const now = performance.now();
    times.push(`${label} ${(now - t).toFixed(0)} ms`);
    t = now;
  };
  const { PGlite, options } = await pgliteStart();
  lap("import PGlite, read and compile its WebAssembly and bundle");
  const data = join(target, "phases");
  mkdirSync(target, { recursive: true });
  cpSync(templateDir(), data, { recursive: true, mode: constants.COPYFILE_FICLONE });
  lap("copy the template");
  const db = await PGlite.create({ ...options, startParams: startParams(PGlite), dataDir: data });
  lap("PGlite.create (PostgreSQL's start)");
  await db.close();
  t = performance.now();
  const again = await openDatabase(data);
  lap("reopen in the same process");
  const store = await PgStore.on(again);
  lap("migrations");
  await store.close();
  await again.close();
  console.log(times.join(", "));
}

if (process.argv[1] === self) await child(process.argv[2], process.argv[3]);
