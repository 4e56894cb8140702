/**
 * Writes a file under a temporary name and renames it into place: never half-written. Generated
 * files are written with `writeInside`, which keeps every write inside the output directory: the
 * path must be below it, and no folder on the way may be a symbolic link that leads out of it.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { CliError } from "./errors.js";

export function writeAtomically(path: string, text: string): void {
  try {
    writeFile(path, text);
  } catch (e) {
    // A file where a folder should be (`--out` naming a file), a folder at the lock's path, no permission.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined || e instanceof CliError) throw e;
    throw new CliError("CLI3015_CANNOT_WRITE", `cannot write (${code})`, path);
  }
}

function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path) && readFileSync(path, "utf8") === text) return;
  const tmp = `${path}.${process.pid}.tmp`;
  // `wx`: never through a file (or a link) already lying at the temporary name.
  rmSync(tmp, { force: true });
  writeFileSync(tmp, text, { flag: "wx" });
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Whether `path` is `dir` or below it (both absolute, resolved). */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

export function writeInside(out: string, path: string, text: string): void {
  const root = resolve(out);
  const target = resolve(path);
  if (!isInside(root, target) || target === root) {
    throw new CliError("CLI3014_OUTSIDE_OUTPUT", "refusing to write outside the output directory", target);
  }
  try {
    mkdirSync(root, { recursive: true });
  } catch (e) {
    throw new CliError(
      "CLI3015_CANNOT_WRITE",
      `cannot create the output directory (${(e as NodeJS.ErrnoException).code})`,
      root,
    );
  }
  const realRoot = realpathSync(root);
  // Each folder from the output directory down: created when missing, followed only when it stays inside.
  let dir = root;
  for (const part of relative(root, dirname(target))
    .split(sep)
    .filter((p) => p !== "")) {
    dir = resolve(dir, part);
    if (!existsSync(dir)) {
      try {
        lstatSync(dir);
        // A dangling link: existsSync says no, but something is there.
        throw new CliError("CLI3014_OUTSIDE_OUTPUT", "a symbolic link that leads nowhere is in the way", dir);
      } catch (e) {
        if (e instanceof CliError) throw e;
      }
      try {
        mkdirSync(dir);
      } catch (e) {
        throw new CliError(
          "CLI3015_CANNOT_WRITE",
          `cannot create (${(e as NodeJS.ErrnoException).code})`,
          dir,
        );
      }
      continue;
    }
    if (!isInside(realRoot, realpathSync(dir))) {
      throw new CliError(
        "CLI3014_OUTSIDE_OUTPUT",
        "a symbolic link in the output directory leads out of it; refusing to write through it",
        dir,
      );
    }
  }
  if (existsSync(target) && lstatSync(target).isSymbolicLink()) rmSync(target);
  writeAtomically(target, text);
}
