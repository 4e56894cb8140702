// How long a PGlite store takes to open, each start in a new process (as a CLI command meets it:
// nothing compiled or cached in memory yet), and where a start's time goes.
// `node bench/store/start.mjs open <target>` and `... phases <dir>` are the children.
import { execFileSync } from "node:child_process";
import { constants, cpSync, mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";

const self = import.meta.filename;

/**
 * One open of `target` in a new process (PgStore.open: PGlite's start and the migrations): its wall
 * time in ms, and the CPU time the process spent in it, which a loaded machine stretches far less
 * (all threads: the compile runs on V8's).
 */
function openOnce(target, env = {}) {
  const out = execFileSync(process.execPath, [self, "open", target], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  const [wall, cpu] = out.trim().split(" ").map(Number);
  return { wall, cpu };
}

/** "wall ms (cpu ms CPU)" of the median by wall time. */
function medianOf(runs) {
  const m = runs.sort((a, b) => a.wall - b.wall)[Math.floor(runs.length / 2)];
  return shown(m);
}
const shown = (r) => `${r.wall.toFixed(0)} ms (${r.cpu.toFixed(0)} ms CPU)`;

/** Opens of each kind measured (their median is reported). */
const RUNS = 5;

/** Every kind of start, in new processes; `dir` is scratch space. */
export function startTimes(dir) {
  const template = join(dir, "template");
  const env = { CAUSALITY_PGLITE_TEMPLATE: template };
  const load = () => loadavg()[0].toFixed(1);
  const before = load();
  // The first start on a machine makes the template (initdb); every later one, in a directory or
  // in memory, starts from it.
  const firstDir = openOnce(join(dir, "first"), env);
  const fresh = [];
  const existing = [];
  const memory = [];
  const fresh128 = [];
  for (let i = 0; i < RUNS; i++) {
    fresh.push(openOnce(join(dir, `fresh${i}`), env));
    existing.push(openOnce(join(dir, "first"), env));
    memory.push(openOnce("memory", env));
    fresh128.push(openOnce(join(dir, `fresh128_${i}`), { ...env, CAUSALITY_PGLITE_SHARED_BUFFERS: "128MB" }));
  }
  const off = { CAUSALITY_PGLITE_TEMPLATE: "off" };
  const initdbDir = openOnce(join(dir, "initdb"), off);
  const initdbMemory = openOnce("memory", off);
  console.log(
    `PGlite store open, each in a new process (medians of ${RUNS}; load ${before} -> ${load()}): ` +
      `fresh directory ${medianOf(fresh)}, existing directory ${medianOf(existing)}, ` +
      `in memory ${medianOf(memory)}; fresh directory with shared_buffers=128MB ${medianOf(fresh128)}; ` +
      `first start on a machine (making the template) ${shown(firstDir)}; ` +
      `without a template (initdb) ${shown(initdbDir)} in a directory, ${shown(initdbMemory)} in memory`,
  );
  const phases = execFileSync(process.execPath, [self, "phases", dir], { env: { ...process.env, ...env } });
  console.log(`  where a fresh directory's start goes, one after another: ${String(phases).trim()}`);
}

async function child(mode, target) {
  const runtime = join(import.meta.dirname, "../../runtime/dist");
  if (mode === "open") {
    const { PgStore } = await import(join(runtime, "index.js"));
    const [t0, c0] = [performance.now(), process.cpuUsage()];
    const store = await PgStore.open(target === "memory" ? undefined : target);
    const cpu = process.cpuUsage(c0);
    process.stdout.write(`${performance.now() - t0} ${(cpu.user + cpu.system) / 1000}\n`);
    await store.close();
    return;
  }
  // The same work as PgStore.open on a fresh directory, one phase at a time (nothing overlapped).
  const { pgliteStart, startParams } = await import(join(runtime, "store/pglite-start.js"));
  const { templateDir } = await import(join(runtime, "store/pglite-template.js"));
  const { PgStore, openDatabase } = await import(join(runtime, "index.js"));
  const times = [];
  let [t, c] = [performance.now(), process.cpuUsage()];
  const lap = (label) => {
    const cpu = process.cpuUsage(c);
    times.push(`${label} ${shown({ wall: performance.now() - t, cpu: (cpu.user + cpu.system) / 1000 })}`);
    [t, c] = [performance.now(), process.cpuUsage()];
  };
  const { PGlite, options, create } = await pgliteStart();
  lap("import PGlite, read and compile its WebAssembly and bundle");
  const data = join(target, "phases");
  mkdirSync(target, { recursive: true });
  cpSync(templateDir(), data, { recursive: true, mode: constants.COPYFILE_FICLONE });
  lap("copy the template");
  // As PgStore.open does: the copy of a template shut down cleanly keeps its relation-cache files.
  const db = await create({ ...options, startParams: startParams(PGlite), dataDir: data }, data);
  lap("PGlite's start (PostgreSQL's start, its array types)");
  await db.close();
  [t, c] = [performance.now(), process.cpuUsage()];
  const again = await openDatabase(data);
  lap("reopen in the same process");
  const store = await PgStore.on(again);
  lap("migrations");
  await store.close();
  await again.close();
  console.log(times.join(", "));
}

if (process.argv[1] === self) await child(process.argv[2], process.argv[3]);
