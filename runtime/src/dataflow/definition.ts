/**
 * Process dataflow definitions: nodes (start, action, choice, end), edges, a default domain, and
 * the three schemas. A definition is checked when it is built — every problem is an error with
 * the node id and a stable code, before anything runs — and gets a content address over all of
 * it, schema ids included.
 */
import { createHash } from "node:crypto";
import { isAssignable, printTypeExpr, type TypeExpr, type TypeSchema } from "@causality/schema";
import { read } from "../lisp/reader.js";
import { redactedFieldPaths } from "../orchestrator/redaction.js";
import { BlockError, parallelBlocks, staticWrites, within } from "./parallel.js";

export type DomainPolicy =
  | { readonly kind: "inherit" }
  | { readonly kind: "parameter"; readonly field: string }
  | { readonly kind: "fixed"; readonly domain: string };

export interface EffectTemplate {
  readonly type: string;
  /** Values may hold placeholders: "${input.amount}", "${state.attempts}". */
  readonly params: Readonly<Record<string, string | number | boolean>>;
  /** Same inputs, same result: required on verifiable domains. Unmarked effects are not deterministic. */
  readonly deterministic?: boolean;
  readonly units?: number;
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly intervalMs: number;
  readonly backoff?: number;
  /** An attempt that takes longer fails (counted as a failed attempt); the orchestrator's default otherwise. */
  readonly timeoutMs?: number;
}

export type NodeSpec =
  | { readonly id: string; readonly kind: "start" }
  | {
      readonly id: string;
      readonly kind: "action";
      readonly effect: EffectTemplate;
      readonly domain?: DomainPolicy;
      /** Handler-language code run after the effect: `state`, `input`, `result` are bound; its value is the new state. */
      readonly handler?: string;
      readonly retry?: RetryPolicy;
    }
  | { readonly id: string; readonly kind: "choice"; readonly condition: string }
  /**
   * Runs every outgoing branch at once until each reaches the block's join (parallel.ts). The join
   * rule: `branches` declares, for each branch (keyed by its first node), the state fields it owns
   * (dotted paths); the joined state takes each branch's owned fields from that branch.
   */
  | {
      readonly id: string;
      readonly kind: "parallel";
      readonly branches: Readonly<Record<string, readonly string[]>>;
    }
  /**
   * Runs another dataflow to its end inside this transition: `input` maps each callee input field
   * to a value (a placeholder such as "${input.amount}"), `output` maps state fields to callee
   * output fields. Both are checked against the callee's schemas when the definition is built.
   */
  | {
      readonly id: string;
      readonly kind: "subflow";
      readonly dataflow: SubflowTarget;
      readonly input: Readonly<Record<string, string>>;
      readonly output?: Readonly<Record<string, string>>;
    }
  | { readonly id: string; readonly kind: "join" }
  | { readonly id: string; readonly kind: "end"; readonly output: string };

/** What a subflow node needs of the dataflow it calls (a value made by defineDataflow). */
export interface SubflowTarget {
  readonly name: string;
  readonly definitionId: string;
  readonly schemas: {
    readonly input: { readonly expr: TypeExpr };
    readonly output: { readonly expr: TypeExpr };
  };
}

export interface EdgeSpec {
  readonly from: string;
  readonly to: string;
  /** For choices: "true" or "false" (default edge). For actions: "catch" takes a failed effect. */
  readonly when?: "true" | "false" | "catch";
}

export interface DataflowSpec {
  readonly name: string;
  readonly nodes?: readonly NodeSpec[];
  readonly edges?: readonly EdgeSpec[];
  readonly defaultDomain?: string;
  /** Handler-language code computing the initial state from `input`. */
  readonly initialState?: string;
  /**
   * How instances started under an older state schema reach this definition's (migrations.ts):
   * each moves a state of schema `from` to schema `to`, chained until this definition's state id.
   */
  readonly migrations?: readonly StateMigration[];
}

/**
 * A declared state migration: handler-language code with `state` (of schema `from`), `input` and
 * `instance` bound, whose value is the state of schema `to`.
 */
export interface StateMigration {
  readonly from: string;
  readonly to: string;
  readonly migrate: string;
}

export type DefinitionErrorCode =
  | "DF5001_UNKNOWN_NODE"
  | "DF5002_START"
  | "DF5003_END"
  | "DF5004_UNREACHABLE"
  | "DF5005_UNGUARDED_CYCLE"
  | "DF5006_UNKNOWN_FIELD"
  | "DF5007_BAD_HANDLER"
  | "DF5008_BAD_EDGES"
  | "DF5009_DUPLICATE_NODE"
  | "DF5010_SUBFLOW_MISMATCH"
  | "DF5011_BAD_RETRY"
  | "DF5012_BRANCH_CONFLICT"
  | "DF5013_BAD_MIGRATION";

export class DefinitionError extends Error {
  override readonly name = "DefinitionError";
  constructor(
    readonly code: DefinitionErrorCode,
    readonly node: string,
    readonly detail: string,
  ) {
    super(`${code} at node "${node}": ${detail}`);
  }
}

const PLACEHOLDER = /\$\{(input|state)((?:\.[A-Za-z_$][A-Za-z0-9_$]*)+)\}/g;

/** Checks a spec against its schemas; throws the first problem found (definitionErrors has them all). */
export function checkDefinition(spec: DataflowSpec, schemas: { input: TypeExpr; state: TypeExpr }): void {
  const [first] = definitionErrors(spec, schemas);
  if (first) throw first;
}

/**
 * Every problem of a spec, in the order checkDefinition meets them: each node's own first problem,
 * then the graph's. A graph whose node ids are broken (duplicates, unknown targets, no single start
 * or end) stops there, since reachability and cycles would only repeat it.
 */
export function definitionErrors(
  spec: DataflowSpec,
  schemas: { input: TypeExpr; state: TypeExpr },
): DefinitionError[] {
  const errors: DefinitionError[] = [];
  /** Runs one check; its DefinitionError is collected, anything else is a bug and thrown. */
  const check = (run: () => void): void => {
    try {
      run();
    } catch (e) {
      if (!(e instanceof DefinitionError)) throw e;
      errors.push(e);
    }
  };
  const nodes = spec.nodes ?? [];
  const edges = spec.edges ?? [];
  if (nodes.length === 0) return errors; // a definition without a graph (types only) has nothing to check
  const byId = new Map<string, NodeSpec>();
  for (const n of nodes) {
    if (byId.has(n.id))
      errors.push(new DefinitionError("DF5009_DUPLICATE_NODE", n.id, "two nodes have this id"));
    byId.set(n.id, n);
  }
  const starts = nodes.filter((n) => n.kind === "start");
  if (starts.length !== 1)
    errors.push(
      new DefinitionError(
        "DF5002_START",
        starts[1]?.id ?? spec.name,
        `a dataflow has exactly one start node (found ${starts.length})`,
      ),
    );
  // One end: the only place the state becomes the output, so O is checked in one place.
  const ends = nodes.filter((n) => n.kind === "end");
  if (ends.length !== 1)
    errors.push(
      new DefinitionError(
        "DF5003_END",
        ends[1]?.id ?? spec.name,
        `a dataflow has exactly one end node (found ${ends.length}); branches meet there and its output expression tells them apart`,
      ),
    );
  for (const e of edges) {
    for (const id of [e.from, e.to])
      if (!byId.has(id))
        errors.push(
          new DefinitionError(
            "DF5001_UNKNOWN_NODE",
            id,
            `edge ${e.from} -> ${e.to} names a node that does not exist`,
          ),
        );
  }
  if (errors.length > 0) return errors;
  for (const n of nodes) check(() => checkNode(n, edges, schemas));
  if (spec.initialState !== undefined) {
    const code = spec.initialState;
    check(() => {
      try {
        read(code);
      } catch (e) {
        throw new DefinitionError("DF5007_BAD_HANDLER", "(initialState)", (e as Error).message);
      }
    });
  }
  // Reachability from the start.
  const seen = new Set<string>([starts[0]!.id]);
  const todo = [starts[0]!.id];
  while (todo.length > 0) {
    const id = todo.pop()!;
    for (const e of edges) {
      if (e.from !== id || seen.has(e.to)) continue;
      todo.push(e.to);
      seen.add(e.to);
    }
  }
  for (const unreachable of nodes.filter((n) => !seen.has(n.id)))
    errors.push(
      new DefinitionError("DF5004_UNREACHABLE", unreachable.id, "no path from the start reaches this node"),
    );
  const cycle = unguardedCycle(nodes, edges);
  if (cycle) {
    errors.push(
      new DefinitionError(
        "DF5005_UNGUARDED_CYCLE",
        cycle[0]!,
        `cycle ${[...cycle, cycle[0]].join(" -> ")} has no condition to leave it`,
      ),
    );
  }
  check(() => checkParallelBlocks(nodes, edges, byId, schemas.state));
  return errors;
}

/** A node's own checks (edges out of it, retry policy, its code, placeholders); throws its first problem. */
function checkNode(
  n: NodeSpec,
  edges: readonly EdgeSpec[],
  schemas: { input: TypeExpr; state: TypeExpr },
): void {
  const out = edges.filter((e) => e.from === n.id);
  if (n.kind === "end" && out.length > 0)
    throw new DefinitionError("DF5008_BAD_EDGES", n.id, "an end node has no outgoing edges");
  if (
    n.kind === "choice" &&
    (!out.some((e) => e.when === "true") || !out.some((e) => e.when !== "true" && e.when !== "catch"))
  ) {
    throw new DefinitionError("DF5008_BAD_EDGES", n.id, 'a choice needs a "true" edge and a default edge');
  }
  if (n.kind === "parallel" && out.filter((e) => e.when === undefined).length < 2) {
    throw new DefinitionError("DF5008_BAD_EDGES", n.id, "a parallel node needs two or more outgoing edges");
  }
  if (n.kind === "join" && edges.filter((e) => e.to === n.id).length < 2) {
    throw new DefinitionError("DF5008_BAD_EDGES", n.id, "a join needs two or more incoming edges");
  }
  if (
    (n.kind === "start" || n.kind === "action" || n.kind === "join") &&
    !out.some((e) => e.when === undefined)
  ) {
    throw new DefinitionError("DF5008_BAD_EDGES", n.id, "needs an outgoing edge");
  }
  const plainOut = out.filter((e) => e.when === undefined).length;
  if (
    (n.kind === "start" || n.kind === "action" || n.kind === "join" || n.kind === "subflow") &&
    plainOut > 1
  ) {
    throw new DefinitionError(
      "DF5008_BAD_EDGES",
      n.id,
      `${plainOut} plain outgoing edges; only a choice or a parallel node branches`,
    );
  }
  if (n.kind === "action" && out.some((e) => e.when === "catch") && !hasPath(schemas.state, ["error"])) {
    throw new DefinitionError(
      "DF5006_UNKNOWN_FIELD",
      n.id,
      "a catch edge writes the failure to state.error, and the state schema has no error field",
    );
  }
  checkRetry(n);
  const code =
    n.kind === "action"
      ? n.handler
      : n.kind === "choice"
        ? n.condition
        : n.kind === "end"
          ? n.output
          : undefined;
  if (code !== undefined) {
    try {
      read(code);
    } catch (e) {
      throw new DefinitionError("DF5007_BAD_HANDLER", n.id, (e as Error).message);
    }
  }
  if (n.kind === "subflow") checkSubflow(n, schemas);
  if (n.kind === "action") {
    for (const value of Object.values(n.effect.params)) {
      if (typeof value !== "string") continue;
      for (const m of value.matchAll(PLACEHOLDER)) {
        const root = m[1] === "input" ? schemas.input : schemas.state;
        const path = m[2]!.slice(1).split(".");
        if (!hasPath(root, path))
          throw new DefinitionError(
            "DF5006_UNKNOWN_FIELD",
            n.id,
            `${m[0]} names a field the ${m[1]} schema does not have`,
          );
      }
    }
    if (n.domain?.kind === "parameter" && !hasPath(schemas.input, n.domain.field.split("."))) {
      throw new DefinitionError(
        "DF5006_UNKNOWN_FIELD",
        n.id,
        `domain parameter "${n.domain.field}" is not a field of the input`,
      );
    }
  }
}

/**
 * A cycle that passes through no choice could never end. Such a cycle is exactly a cycle of the
 * graph without its choice nodes, so that graph is searched (every node, not only from the start,
 * and with the real stack as the path).
 */
function unguardedCycle(nodes: readonly NodeSpec[], edges: readonly EdgeSpec[]): string[] | undefined {
  const plain = new Set(nodes.filter((n) => n.kind !== "choice").map((n) => n.id));
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (plain.has(e.from) && plain.has(e.to)) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  }
  const state = new Map<string, "open" | "done">();
  for (const root of plain) {
    if (state.has(root)) continue;
    const stack: { id: string; i: number }[] = [{ id: root, i: 0 }];
    state.set(root, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const to = (next.get(top.id) ?? [])[top.i++];
      if (to === undefined) {
        state.set(top.id, "done");
        stack.pop();
      } else if (state.get(to) === "open") {
        return stack.slice(stack.findIndex((f) => f.id === to)).map((f) => f.id);
      } else if (!state.has(to)) {
        state.set(to, "open");
        stack.push({ id: to, i: 0 });
      }
    }
  }
  return undefined;
}

/** Parallel blocks: well formed (parallel.ts), owned fields in the state, shown writes owned. */
function checkParallelBlocks(
  nodes: readonly NodeSpec[],
  edges: readonly EdgeSpec[],
  byId: ReadonlyMap<string, NodeSpec>,
  state: TypeExpr,
): void {
  let blocks: ReturnType<typeof parallelBlocks>;
  try {
    blocks = parallelBlocks(nodes, edges);
  } catch (e) {
    if (e instanceof BlockError) throw new DefinitionError(e.code, e.node, e.message);
    throw e;
  }
  for (const block of blocks.values())
    for (const branch of block.branches) {
      for (const path of branch.owns)
        if (!hasPath(state, path.split(".")))
          throw new DefinitionError(
            "DF5006_UNKNOWN_FIELD",
            block.parallel,
            `branch "${branch.first}" owns $state.${path}, which the state schema does not have`,
          );
      for (const id of branch.nodes)
        for (const path of staticWrites(byId.get(id)!, edges))
          if (!branch.owns.some((o) => within(path, o)))
            throw new DefinitionError(
              "DF5012_BRANCH_CONFLICT",
              id,
              `writes $state.${path} inside branch "${branch.first}" of "${block.parallel}", which does not own it`,
            );
    }
}

function checkRetry(n: NodeSpec): void {
  if (n.kind !== "action" || !n.retry) return;
  const { attempts, intervalMs, backoff, timeoutMs } = n.retry;
  const bad = (detail: string) => new DefinitionError("DF5011_BAD_RETRY", n.id, detail);
  if (!Number.isInteger(attempts) || attempts < 1)
    throw bad(`attempts must be an integer >= 1 (got ${attempts})`);
  if (intervalMs !== undefined && !(Number.isFinite(intervalMs) && intervalMs >= 0))
    throw bad(`intervalMs must be a number >= 0 (got ${intervalMs})`);
  if (backoff !== undefined && !(Number.isFinite(backoff) && backoff >= 1))
    throw bad(`backoff must be a number >= 1 (got ${backoff})`);
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0))
    throw bad(`timeoutMs must be a number > 0 (got ${timeoutMs})`);
}

function hasPath(e: TypeExpr, path: readonly string[]): boolean {
  return typeAt(e, path) !== undefined;
}

/** The type of a field path inside a record type (through optionals, refinements and dictionaries). */
function typeAt(e: TypeExpr, path: readonly string[]): TypeExpr | undefined {
  let cur: TypeExpr | undefined = e;
  for (const key of path) {
    while (cur && (cur.kind === "optional" || cur.kind === "refine" || cur.kind === "recursive")) {
      cur = cur.kind === "optional" ? cur.inner : cur.kind === "refine" ? cur.base : cur.body;
    }
    if (!cur) return undefined;
    if (cur.kind === "any") return cur;
    if (cur.kind === "dict") {
      cur = cur.value;
      continue;
    }
    if (cur.kind !== "record") return undefined;
    const field: { type: TypeExpr; optional?: boolean } | undefined = cur.fields.find((f) => f.name === key);
    // An optional field may be absent: as a source its type admits undefined.
    cur = field && (field.optional ? { kind: "optional", inner: field.type } : field.type);
  }
  return cur;
}

/** Each mapped value must fit the field it fills (a value the caller can have, the callee must accept). */
function checkSubflow(
  n: Extract<NodeSpec, { kind: "subflow" }>,
  schemas: { input: TypeExpr; state: TypeExpr },
): void {
  const callee = n.dataflow;
  const mismatch = (detail: string) => new DefinitionError("DF5010_SUBFLOW_MISMATCH", n.id, detail);
  const calleeInput = callee.schemas.input.expr;
  if (calleeInput.kind === "record") {
    for (const f of calleeInput.fields) {
      if (!f.optional && !(f.name in n.input))
        throw mismatch(`${callee.name}'s input field "${f.name}" is not mapped`);
    }
  }
  for (const [field, value] of Object.entries(n.input)) {
    const target = typeAt(calleeInput, [field]);
    if (!target) throw mismatch(`${callee.name}'s input has no field "${field}"`);
    const m = /^\$\{(input|state)((?:\.[A-Za-z_$][A-Za-z0-9_$]*)+)\}$/.exec(value);
    const source: TypeExpr | undefined = m
      ? typeAt(m[1] === "input" ? schemas.input : schemas.state, m[2]!.slice(1).split("."))
      : { kind: "literal", value };
    if (!source)
      throw new DefinitionError(
        "DF5006_UNKNOWN_FIELD",
        n.id,
        `${value} names a field the schemas do not have`,
      );
    if (!isAssignable(source, target)) {
      throw mismatch(
        `${value} (${printTypeExpr(source)}) does not fit ${callee.name}'s input field "${field}" (${printTypeExpr(target)})`,
      );
    }
  }
  for (const [stateField, outField] of Object.entries(n.output ?? {})) {
    const target = typeAt(schemas.state, [stateField]);
    const source = typeAt(callee.schemas.output.expr, [outField]);
    if (!target)
      throw new DefinitionError("DF5006_UNKNOWN_FIELD", n.id, `the state has no field "${stateField}"`);
    if (!source) throw mismatch(`${callee.name}'s output has no field "${outField}"`);
    if (!isAssignable(source, target)) {
      throw mismatch(
        `${callee.name}'s output "${outField}" (${printTypeExpr(source)}) does not fit state field "${stateField}" (${printTypeExpr(target)})`,
      );
    }
  }
}

/** Content address of a definition: sha256 over its canonical JSON, the three schema ids included. */
export function definitionId(
  spec: DataflowSpec,
  schemas: { input: TypeSchema<unknown>; output: TypeSchema<unknown>; state: TypeSchema<unknown> },
): string {
  const canonical = (v: unknown): unknown =>
    v && typeof v === "object" && "definitionId" in v && "schemas" in v
      ? { definitionId: (v as { definitionId: string }).definitionId }
      : Array.isArray(v)
        ? v.map(canonical)
        : v && typeof v === "object"
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
            )
          : v;
  // Redaction is metadata (not in a schema id) but changes what is journaled: a definition that
  // redacts other fields is another version. Absent when nothing is redacted, so those ids stay.
  const redacted = Object.fromEntries(
    (["input", "output", "state"] as const)
      .map((role) => [role, redactedFieldPaths(schemas[role].expr)] as const)
      .filter(([, paths]) => paths.length > 0),
  );
  const body = JSON.stringify(
    canonical({
      spec,
      schemas: { input: schemas.input.id, output: schemas.output.id, state: schemas.state.id },
      ...(Object.keys(redacted).length > 0 ? { redacted } : {}),
    }),
  );
  return `0x${createHash("sha256").update(body).digest("hex")}`;
}
