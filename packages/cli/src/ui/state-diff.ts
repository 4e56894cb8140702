/** The difference between two states as the lines a person reads: each changed path, before and after. */
export interface StateChange {
  readonly path: string;
  readonly kind: "added" | "removed" | "changed";
  readonly before?: unknown;
  readonly after?: unknown;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const child = (path: string, key: string) =>
  IDENT.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

export function stateDiff(
  before: unknown,
  after: unknown,
  path = "$state",
  out: StateChange[] = [],
): StateChange[] {
  if (Object.is(before, after)) return out;
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}[${i}]`;
      if (i >= before.length) out.push({ path: p, kind: "added", after: after[i] });
      else if (i >= after.length) out.push({ path: p, kind: "removed", before: before[i] });
      else stateDiff(before[i], after[i], p, out);
    }
    return out;
  }
  if (isObject(before) && isObject(after) && !Array.isArray(before) && !Array.isArray(after)) {
    for (const key of Object.keys(before)) {
      if (!Object.hasOwn(after, key))
        out.push({ path: child(path, key), kind: "removed", before: before[key] });
      else stateDiff(before[key], after[key], child(path, key), out);
    }
    for (const key of Object.keys(after)) {
      if (!Object.hasOwn(before, key)) out.push({ path: child(path, key), kind: "added", after: after[key] });
    }
    return out;
  }
  out.push({ path, kind: "changed", before, after });
  return out;
}
