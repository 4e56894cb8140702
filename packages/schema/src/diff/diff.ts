/**
 * Schema diff: what changed between two versions of a type, where, and whether it breaks users.
 *
 * The walk descends only where the two sides' ids differ (ids are Merkle roots, so equal subtrees
 * are skipped whole). Each local change gets a direction from `isAssignable` both ways; the role
 * decides which directions break: an input may only widen (old values must still pass), an
 * output may only narrow (it must not produce what consumers never saw), a state may only widen
 * (stored states must still pass) unless a migration is declared.
 *
 * The verdict has one source: the whole type's direction (`isAssignable` both ways). A local change
 * is marked breaking only when the whole diff is breaking and its own direction breaks the role,
 * so a report never shows a breaking line under an entry judged ok; a breaking diff with no local
 * change to blame gets one at the root.
 *
 * The optional-field policy (docs/cli.md): under `contract` (the default) keys a type does not
 * declare are outside its contract, so adding or removing an optional field is compatible (with a
 * note); under `strict` it is read exactly as the validators do (adding narrows, removing widens).
 */
import { cachedId, canonicalize } from "../canonical.js";
import { toHex } from "../id.js";
import { printTypeExpr } from "../print.js";
import type { ExprOf, TypeExpr } from "../type-expr.js";
import { isAssignable, type OptionalFieldPolicy } from "./assignable.js";
import { idKey, tagValue, unionIndex } from "./union-index.js";

export type SchemaRole = "input" | "output" | "state";
/** widened: accepts more; narrowed: accepts less; compatible: same values, different shape. */
export type ChangeDirection = "widened" | "narrowed" | "incompatible" | "compatible";
export type ChangeKind =
  | "field-added"
  | "field-removed"
  | "field-optionality"
  | "members-added"
  | "members-removed"
  | "undefined-added"
  | "undefined-removed"
  | "type-changed";

export interface SchemaChange {
  readonly path: string;
  readonly kind: ChangeKind;
  readonly direction: ChangeDirection;
  readonly breaking: boolean;
  readonly before?: string;
  readonly after?: string;
  readonly message: string;
  /** Why a change reads as it does under the policy in force (e.g. an optional field under `contract`). */
  readonly note?: string;
}

export interface SchemaDiff {
  readonly role: SchemaRole;
  readonly oldId: string;
  readonly newId: string;
  readonly direction: ChangeDirection | "equal";
  readonly breaking: boolean;
  readonly changes: readonly SchemaChange[];
}

export function isBreaking(role: SchemaRole, direction: ChangeDirection | "equal"): boolean {
  if (direction === "equal" || direction === "compatible") return false;
  if (direction === "incompatible") return true;
  return role === "output" ? direction === "widened" : direction === "narrowed";
}

export function directionOf(
  oldExpr: TypeExpr,
  newExpr: TypeExpr,
  policy: OptionalFieldPolicy = "contract",
): ChangeDirection {
  let forward: boolean;
  let backward: boolean;
  try {
    forward = isAssignable(oldExpr, newExpr, policy);
    backward = isAssignable(newExpr, oldExpr, policy);
  } catch {
    // A subterm with free recursion refs cannot be compared alone; assume the worst.
    return "incompatible";
  }
  if (forward && backward) return "compatible";
  if (forward) return "widened";
  if (backward) return "narrowed";
  return "incompatible";
}

export function diffTypeExprs(
  oldExpr: TypeExpr,
  newExpr: TypeExpr,
  role: SchemaRole,
  rootPath = "$",
  policy: OptionalFieldPolicy = "contract",
): SchemaDiff {
  const a = canonicalize(oldExpr);
  const b = canonicalize(newExpr);
  const oldId = toHex(cachedId(a)!);
  const newId = toHex(cachedId(b)!);
  if (oldId === newId) return { role, oldId, newId, direction: "equal", breaking: false, changes: [] };
  const direction = directionOf(a, b, policy);
  const breaking = isBreaking(role, direction);
  const local: LocalChange[] = [];
  new Walker(policy, local).walk(a, b, rootPath);
  // One verdict: a local change breaks only inside a breaking diff (see the header).
  const changes = local.map((c) => change(c, breaking && isBreaking(role, c.direction)));
  if (breaking && !changes.some((c) => c.breaking)) {
    const whole = { path: rootPath, kind: "type-changed" as const, direction, before: a, after: b };
    changes.push(change({ ...whole, message: "the type changed as a whole" }, true));
  }
  return { role, oldId, newId, direction, breaking, changes };
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (path: string, name: string) =>
  IDENT.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;

/** A change as the walk finds it, before the verdict is known. */
interface LocalChange {
  readonly path: string;
  readonly kind: ChangeKind;
  readonly direction: ChangeDirection;
  readonly before?: TypeExpr | undefined;
  readonly after?: TypeExpr | undefined;
  readonly message: string;
  readonly note?: string;
}

function change(c: LocalChange, breaking: boolean): SchemaChange {
  const entry: { -readonly [K in keyof SchemaChange]: SchemaChange[K] } = {
    path: c.path,
    kind: c.kind,
    direction: c.direction,
    breaking,
    message: c.message,
  };
  if (c.before) entry.before = printTypeExpr(c.before, { useNames: true });
  if (c.after) entry.after = printTypeExpr(c.after, { useNames: true });
  if (c.note !== undefined) entry.note = c.note;
  return entry;
}

/** Why an optional field's arrival or departure is compatible under the default policy. */
const CONTRACT_NOTE =
  "compatible under the default policy: keys a type does not declare are outside its contract (--strict reads it exactly)";

class Walker {
  constructor(
    private readonly policy: OptionalFieldPolicy,
    private readonly out: LocalChange[],
  ) {}

  private add(
    path: string,
    kind: ChangeKind,
    direction: ChangeDirection,
    before: TypeExpr | undefined,
    after: TypeExpr | undefined,
    message: string,
    note?: string,
  ) {
    this.out.push({ path, kind, direction, before, after, message, ...(note === undefined ? {} : { note }) });
  }

  walk(a: TypeExpr, b: TypeExpr, path: string): void {
    if (sameId(a, b)) return;
    if (a.kind === "recursive" && b.kind === "recursive") {
      this.walk(a.body, b.body, path);
      return;
    }
    if (a.kind === "optional" && b.kind === "optional") {
      this.walk(a.inner, b.inner, path);
      return;
    }
    if (a.kind !== "optional" && b.kind === "optional") {
      this.add(path, "undefined-added", "widened", a, b, "now also accepts undefined");
      this.walk(a, b.inner, path);
      return;
    }
    if (a.kind === "optional" && b.kind !== "optional") {
      this.add(path, "undefined-removed", "narrowed", a, b, "no longer accepts undefined");
      this.walk(a.inner, b, path);
      return;
    }
    if (a.kind === "record" && b.kind === "record") {
      this.records(a, b, path);
      return;
    }
    if ((a.kind === "union" && b.kind === "union") || (a.kind === "enum" && b.kind === "enum")) {
      this.members(a, b, path);
      return;
    }
    if ((a.kind === "list" && b.kind === "list") || (a.kind === "set" && b.kind === "set")) {
      this.walk(a.element, b.element, `${path}[]`);
      return;
    }
    if ((a.kind === "dict" && b.kind === "dict") || (a.kind === "map" && b.kind === "map")) {
      if (!sameId(a.key, b.key)) this.leaf(a.key, b.key, `${path}<key>`);
      this.walk(a.value, b.value, `${path}[]`);
      return;
    }
    if (a.kind === "tuple" && b.kind === "tuple" && a.elements.length === b.elements.length) {
      if (a.elements.every((e, i) => (e.kind ?? "required") === (b.elements[i]!.kind ?? "required"))) {
        for (const [i, e] of a.elements.entries()) this.walk(e.type, b.elements[i]!.type, `${path}[${i}]`);
        return;
      }
    }
    this.leaf(a, b, path);
  }

  private leaf(a: TypeExpr, b: TypeExpr, path: string): void {
    const direction = directionOf(a, b, this.policy);
    this.add(path, "type-changed", direction, a, b, `type changed (${direction})`);
  }

  private records(a: ExprOf<"record">, b: ExprOf<"record">, path: string): void {
    const before = new Set(a.fields.map((f) => f.name));
    const after = new Map(b.fields.map((f) => [f.name, f]));
    for (const f of a.fields) {
      const p = key(path, f.name);
      const g = after.get(f.name);
      if (!g) {
        // Validators ignore undeclared keys: without the field, any value passes there (strict);
        // under the contract reading an optional field's absence was always allowed.
        const contract = f.optional === true && this.policy === "contract" && f.type.kind !== "any";
        this.add(
          p,
          "field-removed",
          f.type.kind === "any" || contract ? "compatible" : "widened",
          f.type,
          undefined,
          `field ${JSON.stringify(f.name)} removed${f.optional ? " (optional)" : ""}`,
          contract ? CONTRACT_NOTE : undefined,
        );
        continue;
      }
      if (Boolean(f.optional) !== Boolean(g.optional)) {
        const direction = g.optional ? "widened" : "narrowed";
        this.add(
          p,
          "field-optionality",
          direction,
          undefined,
          undefined,
          g.optional ? "field became optional" : "field became required",
        );
      }
      // The canonical form drops a top-level undefined from an optional field's type (`x?: T | undefined`
      // is `x?: T`: the key admits a present undefined either way), so the types compare as they are.
      // (Not re-canonicalized as `T | undefined`: T may mention an enclosing recursion, which alone is refused.)
      this.walk(f.type, g.type, p);
    }
    for (const g of b.fields) {
      if (before.has(g.name)) continue;
      // Strict: before, any value passed under this key (undeclared keys are ignored); now only
      // g's type does, even when optional. Contract: old values never held the key.
      const contract = g.optional === true && this.policy === "contract" && g.type.kind !== "any";
      this.add(
        key(path, g.name),
        "field-added",
        g.type.kind === "any" || contract ? "compatible" : "narrowed",
        undefined,
        g.type,
        `field ${JSON.stringify(g.name)} added${g.optional ? " (optional)" : ""}`,
        contract ? CONTRACT_NOTE : undefined,
      );
    }
  }

  private members(
    a: ExprOf<"union"> | ExprOf<"enum">,
    b: ExprOf<"union"> | ExprOf<"enum">,
    path: string,
  ): void {
    const list = (e: ExprOf<"union"> | ExprOf<"enum">): TypeExpr[] =>
      e.kind === "union"
        ? [...e.members]
        : e.members.map((m) => canonicalize({ kind: "literal", value: m.value }));
    const left = list(a);
    const right = list(b);
    const ids = (members: TypeExpr[]) => new Set(members.map((m) => idKey(m)));
    const leftIds = ids(left);
    const rightIds = ids(right);
    const removed = left.filter((m) => !rightIds.has(idKey(m)));
    const added = right.filter((n) => !leftIds.has(idKey(n)));
    // Pair members of a discriminated union (on both sides, by the same field) by their tag value,
    // so a changed member is diffed inside.
    const tagA = a.kind === "union" ? unionIndex(a).tag : undefined;
    const tagB = b.kind === "union" ? unionIndex(b).tag : undefined;
    if (tagA !== undefined && tagA === tagB && removed.length > 0 && added.length > 0) {
      const addedByTag = new Map(added.map((n) => [tagValue(n, tagA), n]));
      const paired = new Set<TypeExpr>();
      for (const m of removed) {
        const value = tagValue(m, tagA);
        const partner = addedByTag.get(value);
        if (!partner) continue;
        paired.add(m).add(partner);
        this.walk(m, partner, `${path}<${tagA}=${JSON.stringify(value)}>`);
      }
      const unpaired = (list: TypeExpr[]) => list.filter((m) => !paired.has(m));
      removed.splice(0, removed.length, ...unpaired(removed));
      added.splice(0, added.length, ...unpaired(added));
    }
    if (removed.length > 0) {
      const text = removed.map((m) => printTypeExpr(m, { useNames: true })).join(" | ");
      this.add(path, "members-removed", "narrowed", undefined, undefined, `no longer accepts ${text}`);
    }
    if (added.length > 0) {
      const text = added.map((m) => printTypeExpr(m, { useNames: true })).join(" | ");
      this.add(path, "members-added", "widened", undefined, undefined, `now also accepts ${text}`);
    }
  }
}

function sameId(a: TypeExpr, b: TypeExpr): boolean {
  const x = idKey(a);
  return x !== undefined && x === idKey(b);
}
