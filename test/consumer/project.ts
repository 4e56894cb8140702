/**
 * A fresh consumer project outside the repository, set up the way a user does it: the four packages
 * packed from the checkout (`npm pack`, prepack builds) and installed from the tarballs with npm,
 * next to whichever TypeScript the project wants. Shared by the consumer-matrix tests.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");

/** The packages' tarballs, packed once per run into a temporary directory. */
export function packAll(): { dir: string; tarballs: string[]; plugin: string } {
  const dir = mkdtempSync(join(tmpdir(), "causality-packs-"));
  execFileSync("npm", ["pack", "--workspaces", "--pack-destination", dir, "--silent"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
  // The four a project needs (other workspaces, such as the bundler plugin, are packed too).
  const tarballs = readdirSync(dir)
    .filter((f) => /^causality-(cli|runtime|schema|transformer)-.*\.tgz$/.test(f))
    .map((f) => join(dir, f))
    .sort();
  if (tarballs.length !== 4) throw new Error(`expected 4 tarballs in ${dir}, got ${tarballs.join(", ")}`);
  const plugin = readdirSync(dir).find((f) => /^causality-unplugin-.*\.tgz$/.test(f));
  if (!plugin) throw new Error(`no @causality/unplugin tarball in ${dir}`);
  return { dir, tarballs, plugin: join(dir, plugin) };
}

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export class Consumer {
  readonly dir = mkdtempSync(join(tmpdir(), "causality-consumer-"));

  constructor(files: Record<string, string>) {
    for (const [file, text] of Object.entries(files)) this.write(file, text);
  }

  write(file: string, text: string): void {
    mkdirSync(join(this.dir, file, ".."), { recursive: true });
    writeFileSync(join(this.dir, file), text);
  }

  read(file: string): string {
    return readFileSync(join(this.dir, file), "utf8");
  }

  /**
   * A command in the project, with the environment a user has (CI set, plain output). Asynchronous:
   * installs and builds take long, and a test must not block vitest's worker that long.
   */
  run(command: string, args: readonly string[]): Promise<Run> {
    return new Promise((done, fail) => {
      const child = spawn(command, args, {
        cwd: this.dir,
        env: { ...process.env, CI: "true", npm_config_audit: "false", npm_config_fund: "false" },
        timeout: 600_000,
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => {
        stdout += d;
      });
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("error", fail);
      child.on("close", (code) => done({ code, stdout, stderr }));
    });
  }

  /** Like run, but a non-zero exit is an error with the output in it. */
  async ok(command: string, args: readonly string[]): Promise<string> {
    const r = await this.run(command, args);
    if (r.code !== 0)
      throw new Error(
        `${command} ${args.join(" ")} exited ${r.code} in ${this.dir}\n${r.stdout}\n${r.stderr}`,
      );
    return r.stdout;
  }

  npmInstall(...specs: string[]): Promise<string> {
    return this.ok("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...specs]);
  }

  causality(...args: string[]): Promise<Run> {
    return this.run(process.execPath, [
      join(this.dir, "node_modules/@causality/cli/bin/causality.js"),
      ...args,
    ]);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The type every consumer project declares (schemas.ts or causality.config.json makes it a schema). */
export const TYPES_TS = `import type { MinLength, u64 } from "@causality/schema";

export interface Transfer {
  sender: string & MinLength<1>;
  amount: u64;
  token: "ETH" | "USDC";
}
`;

/** A program that prints what a schema says of a valid and an invalid value, as one JSON line. */
export function reportOf(schemaExpr: string): string {
  return `const s = ${schemaExpr};
const bad = s.validate({ sender: "", amount: -1, token: "DOGE" });
console.log(JSON.stringify({
  id: s.id,
  valid: s.is({ sender: "alice", amount: 5, token: "ETH" }),
  invalid: bad.success ? [] : bad.errors.map((e) => e.path).sort(),
}));
`;
}

export const INVALID_PATHS = ["$input.amount", "$input.sender", "$input.token"];

/**
 * The CI side in a git repository: the lock committed, the type changed in a way that breaks its
 * users (an input that accepts less), `causality diff` exits 1 and names the path; once the change is
 * acknowledged in schema.acks.json, it exits 0. Returns the two runs.
 */
export async function diffWithAck(project: Consumer): Promise<{ breaking: Run; acknowledged: Run }> {
  const git = (...args: string[]) =>
    project.ok("git", ["-c", "user.name=ci", "-c", "user.email=ci@example.invalid", ...args]);
  await git("init", "-q");
  project.write(".gitignore", "node_modules\ndist\n");
  await git("add", "-A");
  await git("commit", "-qm", "base");
  const before = JSON.parse(project.read("schema.lock.json")).schemas["src/types.ts#Transfer"].id as string;
  project.write(
    "src/types.ts",
    project.read("src/types.ts").replace('token: "ETH" | "USDC";', 'token: "ETH";'),
  );
  const generated = await project.causality("generate");
  if (generated.code !== 0) throw new Error(`generate: ${generated.stderr}`);
  const breaking = await project.causality("diff", "--base", "HEAD");
  const after = JSON.parse(project.read("schema.lock.json")).schemas["src/types.ts#Transfer"].id as string;
  project.write(
    "schema.acks.json",
    `${JSON.stringify({ acknowledged: [{ schema: "src/types.ts#Transfer", from: before, to: after, reason: "USDC is retired" }] }, null, 2)}\n`,
  );
  const acknowledged = await project.causality("diff", "--base", "HEAD");
  return { breaking, acknowledged };
}
