/**
 * Schema diff: what changed between two versions of a type, where, and whether it breaks users.
 *
 * The walk descends only where the two sides' ids differ (ids are Merkle roots, so equal subtrees
 * are skipped whole). Each local change gets a direction from `isAssignable` both ways; the role
 * decides which directions break: an input may only widen (old values must still pass), an
 * output may only narrow (it must not produce what consumers never saw), a state may only widen
 * (stored states must still pass) unless a migration is declared.
 */
import { cachedId, canonicalize } from "../canonical.js";
import { toHex } from "../id.js";
import { printTypeExpr } from "../print.js";
import type { ExprOf, TypeExpr } from "../type-expr.js";
import { discriminant } from "../validate/interpret.js";
import { isAssignable } from "./assignable.js";

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

export function directionOf(oldExpr: TypeExpr, newExpr: TypeExpr): ChangeDirection {
  let forward: boolean;
  let backward: boolean;
  try {
    forward = isAssignable(oldExpr, newExpr);
    backward = isAssignable(newExpr, oldExpr);
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
): SchemaDiff {
  const a = canonicalize(oldExpr);
  const b = canonicalize(newExpr);
  const oldId = toHex(cachedId(a)!);
  const newId = toHex(cachedId(b)!);
  if (oldId === newId) return { role, oldId, newId, direction: "equal", breaking: false, changes: [] };
  const direction = directionOf(a, b);
  const changes: SchemaChange[] = [];
  new Walker(role, changes).walk(a, b, rootPath);
  const breaking = isBreaking(role, direction);
  if (breaking && !changes.some((c) => c.breaking)) {
    changes.push(change(role, rootPath, "type-changed", direction, a, b, "the type changed as a whole"));
  }
  return { role, oldId, newId, direction, breaking, changes };
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (path: string, name: string) =>
  IDENT.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;

function change(
  role: SchemaRole,
  path: string,
  kind: ChangeKind,
  direction: ChangeDirection,
  before: TypeExpr | undefined,
  after: TypeExpr | undefined,
  message: string,
): SchemaChange {
  const entry: { -readonly [K in keyof SchemaChange]: SchemaChange[K] } = {
    path,
    kind,
    direction,
    breaking: isBreaking(role, direction),
    message,
  };
  if (before) entry.before = printTypeExpr(before, { useNames: true });
  if (after) entry.after = printTypeExpr(after, { useNames: true });
  return entry;
}

class Walker {
  constructor(
    private readonly role: SchemaRole,
    private readonly out: SchemaChange[],
  ) {}

  private add(
    path: string,
    kind: ChangeKind,
    direction: ChangeDirection,
    before: TypeExpr | undefined,
    after: TypeExpr | undefined,
    message: string,
  ) {
    this.out.push(change(this.role, path, kind, direction, before, after, message));
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
    const direction = directionOf(a, b);
    this.add(path, "type-changed", direction, a, b, `type changed (${direction})`);
  }

  private records(a: ExprOf<"record">, b: ExprOf<"record">, path: string): void {
    const before = new Map(a.fields.map((f) => [f.name, f]));
    const after = new Map(b.fields.map((f) => [f.name, f]));
    for (const f of a.fields) {
      const p = key(path, f.name);
      const g = after.get(f.name);
      if (!g) {
        // Validators ignore undeclared keys: without the field, any value passes there.
        this.add(
          p,
          "field-removed",
          f.type.kind === "any" ? "compatible" : "widened",
          f.type,
          undefined,
          `field ${JSON.stringify(f.name)} removed`,
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
      this.walk(f.type, g.type, p);
    }
    for (const g of b.fields) {
      if (before.has(g.name)) continue;
      this.add(
        key(path, g.name),
        "field-added",
        // Before, any value passed under this key (undeclared keys are ignored); now only g's type
        // does, even when optional: a client that sent it with another value is rejected.
        g.type.kind === "any" ? "compatible" : "narrowed",
        undefined,
        g.type,
        `field ${JSON.stringify(g.name)} added${g.optional ? " (optional)" : ""}`,
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
    const removed = left.filter((m) => !right.some((n) => sameId(m, n)));
    const added = right.filter((n) => !left.some((m) => sameId(m, n)));
    // Pair members of a discriminated union (on both sides, by the same field) by their tag value,
    // so a changed member is diffed inside.
    const tagA = a.kind === "union" ? discriminant(a) : undefined;
    const tagB = b.kind === "union" ? discriminant(b) : undefined;
    if (tagA !== undefined && tagA === tagB) {
      for (const m of [...removed]) {
        const value = tagValue(m, tagA);
        const partner = added.find((n) => tagValue(n, tagA) === value);
        if (!partner) continue;
        removed.splice(removed.indexOf(m), 1);
        added.splice(added.indexOf(partner), 1);
        this.walk(m, partner, `${path}<${tagA}=${JSON.stringify(value)}>`);
      }
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
  const x = cachedId(a);
  const y = cachedId(b);
  return x !== undefined && y !== undefined && x.every((v, i) => v === y[i]);
}

/** The value of a record member's tag field. */
function tagValue(e: TypeExpr, tag: string): unknown {
  const field = e.kind === "record" ? e.fields.find((f) => f.name === tag) : undefined;
  return field?.type.kind === "literal" ? field.type.value : undefined;
}
