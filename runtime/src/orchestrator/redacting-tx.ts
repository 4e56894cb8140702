/**
 * Where redaction (redaction.ts) is applied: a Tx wrapper that writes journal entries and queue
 * entries redacted, and the events, for every instance whose definition has redacted fields. The
 * wrapper learns each instance's values as the transaction reads or writes it (no extra query),
 * and keeps the instance's Redactor for the events that follow its transaction.
 */
import type { Instance, Store, Tx } from "../store/store.js";
import { type RedactionSchemas, Redactor, redactByPath, redactionOfRecord, schemasOf } from "./redaction.js";
import { type AnyDataflow, type Awaiting, isBranches, isSubflow, type RuntimeEvent } from "./types.js";

/** Redactors kept for events, at most this many (the oldest go; the next transaction makes one again). */
const KEPT = 10_000;

export class Redactions {
  private readonly byInstance = new Map<string, Redactor>();
  private readonly schemas = new WeakMap<AnyDataflow, RedactionSchemas | null>();

  /** `definitions` gives the registered definitions; `stored`, redaction schemas of definitions known only from the store. */
  constructor(
    private readonly definitions: ReadonlyMap<string, AnyDataflow>,
    private readonly stored: ReadonlyMap<string, RedactionSchemas | undefined> = new Map(),
  ) {}

  /** The redacted fields' schemas of a definition; undefined when it has none (then nothing is redacted). */
  schemasOf(def: AnyDataflow): RedactionSchemas | undefined {
    let s = this.schemas.get(def);
    if (s === undefined) {
      s = schemasOf(def) ?? null;
      this.schemas.set(def, s);
    }
    return s ?? undefined;
  }

  private note(inst: Instance): Redactor | undefined {
    const def = this.definitions.get(inst.definitionId);
    const schemas = def ? this.schemasOf(def) : this.stored.get(inst.definitionId);
    if (!schemas) {
      this.byInstance.delete(inst.id);
      return undefined;
    }
    const r = new Redactor(schemas, inst);
    this.byInstance.delete(inst.id);
    this.byInstance.set(inst.id, r);
    if (this.byInstance.size > KEPT) this.byInstance.delete(this.byInstance.keys().next().value!);
    return r;
  }

  /** `value` with the instance's secrets cut out (effect records), as is when it has none. */
  scrub<T>(instance: string, value: T): T {
    const r = this.byInstance.get(instance);
    return r ? r.scrub(value) : value;
  }

  tx(tx: Tx): Tx {
    return {
      ...tx,
      putDefinition: (d) => tx.putDefinition(d),
      getInstance: async (id) => {
        const inst = await tx.getInstance(id);
        if (inst) this.note(inst);
        return inst;
      },
      putInstance: (next) => {
        this.note(next);
        return tx.putInstance(next);
      },
      appendJournal: (entry) => {
        const r = this.byInstance.get(entry.instance);
        return tx.appendJournal(r ? r.entry(entry) : entry);
      },
      getEffect: (key) => tx.getEffect(key),
      enqueueEffect: (entry) => {
        const r = this.byInstance.get(entry.instance);
        return tx.enqueueEffect(r ? { ...entry, params: r.scrub(entry.params) } : entry);
      },
      completeEffect: (keyBase) => tx.completeEffect(keyBase),
      releaseInstance: (id, owner) => tx.releaseInstance(id, owner),
      claimEffect: (key, owner, ms, lease) => tx.claimEffect(key, owner, ms, lease),
    };
  }

  /** An event as it may be told: issues by path, output by path, everything scrubbed. */
  event(e: RuntimeEvent): RuntimeEvent {
    const r = this.byInstance.get(e.instance);
    if (!r) return e;
    if (e.type === "instance.completed" || e.type === "instance.failed") this.byInstance.delete(e.instance);
    if (e.type === "validation.failed") return { ...e, issues: r.issues(e.issues) };
    if (e.type === "instance.completed")
      return { ...e, output: r.scrub(redactByPath(r.schemas.output, e.output)) };
    return r.scrub(e);
  }
}

/** Issues of a value that never became an instance (a rejected start), redacted by path for `def`. */
export function startIssues<I extends { readonly path: string }>(
  redactions: Redactions,
  def: AnyDataflow,
  issues: readonly I[],
): I[] {
  const schemas = redactions.schemasOf(def);
  if (!schemas) return [...issues];
  return new Redactor(schemas, { input: undefined, state: undefined }).issues(
    issues as never,
  ) as unknown as I[];
}

/**
 * `store`, with its transactions' journal and queue writes redacted for instance `id` and the
 * instances it waits on (branches, a sub-dataflow), by the definitions the store keeps: for what
 * touches an instance without an orchestrator (the operator actions of operator.ts: cancel, retry).
 */
export async function redactingStore(
  store: Store,
  id: string,
  registered: ReadonlyMap<string, AnyDataflow> = new Map(),
): Promise<Store> {
  const schemas = new Map<string, RedactionSchemas | undefined>();
  const todo = [id];
  for (let seen = 0; todo.length > 0 && seen < 1_000; seen++) {
    const inst = await store.transaction((tx) => tx.getInstance(todo.pop()!));
    if (!inst) continue;
    if (!registered.has(inst.definitionId) && !schemas.has(inst.definitionId))
      schemas.set(inst.definitionId, redactionOfRecord((await store.definition(inst.definitionId))?.spec));
    const awaiting = inst.awaiting as Awaiting | undefined;
    if (awaiting && isBranches(awaiting)) todo.push(...awaiting.branches);
    else if (awaiting && isSubflow(awaiting)) todo.push(awaiting.subflow);
  }
  const redactions = new Redactions(registered, schemas);
  // The store itself for everything else (its methods keep their `this`); only transactions are wrapped.
  const wrapped = Object.create(store) as Store;
  wrapped.transaction = (work) => store.transaction((tx) => work(redactions.tx(tx)));
  return wrapped;
}
