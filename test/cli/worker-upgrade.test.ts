/**
 * `--upgrade` with real processes on a PGlite data directory, on `worker`, `run --resume` and
 * `instance`: an instance stopped under version 1 of a dataflow stays on it when version 2 runs
 * without --upgrade (reported, since no module gives version 1), and moves, state migrated, with
 * --upgrade; a version 2 without a migration is refused naming the instance and both state ids.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNode } from "../support/run.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "packages/cli/dist/bin.js");
let dir: string;

const causality = (...args: string[]) => runNode([BIN, ...args], { cwd: dir });

// Version 2 renames the state's `attempts` to `tries`; `v2` declares the migration, `v2bare` does not.
const MODULE = `
import { readFileSync } from "node:fs";
import { defineDataflow, typedDomain } from "@causality/runtime";
import { t } from "@causality/schema";
const text = readFileSync(${JSON.stringify(join(ROOT, "fixtures/dataflows/token-transfer.json"))}, "utf8");
const input = t.record({ sender: t.string(), recipient: t.string(), amount: t.u64() });
const output = t.record({ ok: t.bool(), receipt: t.union(t.string(), t.null()) });
const status = t.union(t.literal("pending"), t.literal("validated"), t.literal("emitted"), t.literal("failed"));
const state = (count) => t.record({ status, [count]: t.u32(), receipt: t.optionalField(t.string()), error: t.optionalField(t.string()) });
export const v1 = defineDataflow(JSON.parse(text), { input, output, state: state("attempts") });
const spec2 = JSON.parse(text.replaceAll('\\\\"attempts\\\\"', '\\\\"tries\\\\"'));
export const v2bare = defineDataflow(spec2, { input, output, state: state("tries") });
export const v2 = defineDataflow({ ...spec2, migrations: [{ from: v1.schemas.state.id, to: v2bare.schemas.state.id,
  migrate: '(record "status" (get state "status") "tries" (get state "attempts"))' }] }, { input, output, state: state("tries") });
export const domains = [typedDomain("ledger", "compute"), typedDomain("chain", "verifiable")];
export const executors = { ledger: async () => ({ ok: true }), chain: async (e) => ({ receipt: "r-" + e.params.from }) };
`;

beforeAll(() => {
  dir = mkdtempSync(join(ROOT, "examples/.tmp-upgrade-"));
  writeFileSync(join(dir, "flows.mjs"), MODULE);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("causality worker --upgrade", () => {
  it("moves an instance of version 1 to version 2 with its migration; without one, refuses and leaves it", async () => {
    const started = await causality(
      "run",
      "flows.mjs#v1",
      "--input",
      '{"sender":"alice","recipient":"bob","amount":5}',
      "--db",
      "db",
      "--steps",
      "2",
    );
    expect(started.stderr).toBe("");
    expect(started.status).toBe(0);
    const id = /instance (\S+) stored in db/.exec(started.stdout)![1]!;

    const bare = await causality("worker", "flows.mjs#v2bare", "--db", "db", "--until-idle", "--upgrade");
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain(`instance ${id}: RT6012_MIGRATION_MISSING`);
    const ids = await import(join(dir, "flows.mjs"));
    expect(bare.stderr).toContain(ids.v1.schemas.state.id);
    expect(bare.stderr).toContain(ids.v2bare.schemas.state.id);
    expect(bare.stdout).toContain("worker: 0 instances upgraded");

    const moved = await causality("worker", "flows.mjs#v2", "--db", "db", "--until-idle", "--upgrade");
    expect(moved.stderr).toBe("");
    expect(moved.stdout).toContain("worker: 1 instances upgraded");
    expect(moved.status).toBe(0);
    const shown = await causality("instance", id, "--db", "db");
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain(`definition ${ids.v2.definitionId}`);
    expect(shown.stdout).toMatch(/status +completed/);
    expect(shown.stdout).toMatch(/state +\{.*"tries":1.*\}/);
    expect(shown.stdout).toContain('"receipt":"r-alice"');
    expect(shown.stdout).toMatch(/ migrated +check state \{"tries":0,"status":"pending"\}/);
    expect(shown.stdout).toContain("journal replays to the stored instance");
  }, 240_000);
});

describe("causality run --resume and causality instance --upgrade", () => {
  it("resume an instance on its own version, move it to version 2 with its migration, or refuse and leave it", async () => {
    const ids = await import(join(dir, "flows.mjs"));
    const start = async () => {
      const input = '{"sender":"alice","recipient":"bob","amount":5}';
      const r = await causality("run", "flows.mjs#v1", "--input", input, "--db", "resume", "--steps", "2");
      expect(r.status).toBe(0);
      return /instance (\S+) stored in resume/.exec(r.stdout)![1]!;
    };
    const [a, b] = [await start(), await start()];

    // Version 2 without --upgrade: reported with both definition ids, nothing changes (the move
    // below starts from version 1).
    const refused = await causality("run", "flows.mjs#v2", "--resume", a, "--db", "resume");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`instance ${a}: it started with definition ${ids.v1.definitionId}`);
    expect(refused.stderr).toContain(ids.v2.definitionId);
    expect(refused.stderr).toContain("--upgrade");

    // No migration declared: refused naming the instance and both state ids; still version 1.
    const bare = await causality("instance", a, "--db", "resume", "--upgrade", "flows.mjs#v2bare");
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain(`instance ${a}: RT6012_MIGRATION_MISSING`);
    expect(bare.stderr).toContain(ids.v1.schemas.state.id);
    expect(bare.stderr).toContain(ids.v2bare.schemas.state.id);

    // `instance --upgrade` moves it (state migrated, journaled); `run --resume` then finishes it on version 2.
    const moved = await causality("instance", a, "--db", "resume", "--upgrade", "flows.mjs#v2");
    expect(moved.stderr).toBe("");
    expect(moved.status).toBe(0);
    expect(moved.stdout).toContain(`upgraded ${a} from ${ids.v1.definitionId.slice(0, 12)}`);
    expect(moved.stdout).toContain(`definition ${ids.v2.definitionId}`);
    expect(moved.stdout).toMatch(/state +\{.*"tries":0.*\}/);
    expect(moved.stdout).toContain("journal replays to the stored instance");
    const finished = await causality("run", "flows.mjs#v2", "--resume", a, "--db", "resume");
    expect(finished.stderr).toBe("");
    expect(finished.status).toBe(0);
    expect(finished.stdout).toContain('completed: {"ok":true,"receipt":"r-alice"}');

    // `run --resume --upgrade` moves and finishes in one go.
    const both = await causality("run", "flows.mjs#v2", "--resume", b, "--db", "resume", "--upgrade");
    expect(both.stderr).toBe("");
    expect(both.status).toBe(0);
    expect(both.stdout).toContain(`upgraded ${b}`);
    expect(both.stdout).toContain('completed: {"ok":true,"receipt":"r-alice"}');

    // Usage: --upgrade needs --resume; an unknown id is CLI3021.
    const usage = await causality("run", "flows.mjs#v2", "--input", "{}", "--upgrade");
    expect(usage.status).toBe(3);
    expect(usage.stderr).toContain("CLI3001_USAGE");
    const missing = await causality("run", "flows.mjs#v2", "--resume", "nope", "--db", "resume");
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain("CLI3021_NO_INSTANCE");
  }, 600_000); // eight CLI processes, each a PGlite start: minutes on a loaded machine
});
