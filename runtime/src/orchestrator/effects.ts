/**
 * Effect execution, always outside any store transaction. Attempt n of an effect runs under the
 * idempotency key `<keyBase>:<n>`; the key is claimed in the store before the executor runs (one
 * runner per key), with the instance's lease extended over the rest of the effect's budget in the
 * same statement, an attempt that took longer than its timeout fails like a thrown error, and
 * the result (or the failure) is recorded by key the moment the attempt ends, so a crash after it
 * replays the record instead of running the effect again.
 */
import { DEFAULT_COST_MODEL, executionTimeMs } from "../optimizer/cost-model.js";
import type { EffectClaim, Instance } from "../store/store.js";
import type { ActionNode } from "./placement.js";
import { type EffectRequest, errorOf, type QueuedEffect, type Runtime } from "./types.js";

export const DEFAULT_EFFECT_TIMEOUT_MS = 30_000;

/** What running a queued effect gave: its result (run now or replayed). */
export interface EffectOutcome {
  readonly keyBase: string;
  readonly key: string;
  readonly domain: string;
  readonly result: unknown;
  readonly replayed: boolean;
}

/** An effect's outcome as the transition applying it sees it: a result, the last error, or "someone else runs it". */
export type PerformedEffect =
  | EffectOutcome
  | { readonly keyBase: string; readonly error: Error }
  | { readonly keyBase: string; readonly busy: true };

export function timeoutOf(rt: Runtime, node: ActionNode): number {
  return node.retry?.timeoutMs ?? rt.options.effectTimeoutMs ?? DEFAULT_EFFECT_TIMEOUT_MS;
}

/** How long a key's claim lasts: a little longer than the attempt's timeout, so it never lapses under a live runner. */
export function claimMsOf(rt: Runtime, node: ActionNode): number {
  return timeoutOf(rt, node) + Math.min(5_000, rt.options.leaseMs ?? 5_000);
}

/** The longest an effect with the node's policy can take from attempt `from` on, every attempt and wait included. */
export function effectBudgetMs(rt: Runtime, node: ActionNode, from = 0): number {
  const attempts = node.retry?.attempts ?? 1;
  let total = 0;
  for (let a = from; a < attempts; a++)
    total += timeoutOf(rt, node) + (node.retry?.intervalMs ?? 0) * (node.retry?.backoff ?? 1) ** a;
  return total;
}

/**
 * Runs one queued effect with the node's retry policy; never throws (the error is the outcome).
 * `leaseMs` is the instance lease `owner` keeps beyond the effect's remaining budget; `preclaimed`
 * is a key `owner` claimed with the transition that enqueued the effect (no claim of its own then).
 */
export async function performEffect(
  rt: Runtime,
  owner: string,
  inst: Instance,
  node: ActionNode,
  effect: QueuedEffect,
  leaseMs: number,
  preclaimed?: string,
): Promise<PerformedEffect> {
  try {
    return await runEffect(rt, owner, inst, node, effect, leaseMs, preclaimed);
  } catch (e) {
    return { keyBase: effect.keyBase, error: errorOf(e) };
  }
}

async function runEffect(
  rt: Runtime,
  owner: string,
  inst: Instance,
  node: ActionNode,
  effect: QueuedEffect,
  leaseMs: number,
  preclaimed?: string,
): Promise<PerformedEffect> {
  const { domain, keyBase } = effect;
  const { store } = rt.options;
  const executor = rt.options.executors[domain];
  if (!executor) throw new Error(`no executor registered for domain "${domain}"`);
  const attempts = node.retry?.attempts ?? 1;
  const timeoutMs = timeoutOf(rt, node);
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const key = `${keyBase}:${attempt}`;
    // The instance's lease covers every attempt and wait left, so nobody takes it over meanwhile.
    const claim: EffectClaim =
      key === preclaimed
        ? { status: "claimed" }
        : await store.claimEffect(key, owner, claimMsOf(rt, node), {
            instance: inst.id,
            ms: leaseMs + effectBudgetMs(rt, node, attempt),
          });
    if (claim.status === "busy") return { keyBase, busy: true };
    if (claim.status === "done") {
      if (claim.record.error === undefined)
        return { keyBase, key, domain, result: claim.record.result, replayed: true };
      lastError = new Error(claim.record.error);
      continue;
    }
    const request: EffectRequest = {
      key,
      instance: inst.id,
      node: node.id,
      type: effect.type,
      params: effect.params,
      deterministic: effect.deterministic,
      domain,
    };
    const began = Date.now();
    // The monitor keeps a domain's overhead: what the cost model's execution time does not explain.
    const executionMs = executionTimeMs(DEFAULT_COST_MODEL, node.effect.units ?? 1);
    const ticket = rt.options.monitor?.started(domain, executionMs);
    const span = rt.tracer?.startSpan(`causality effect ${effect.type} @ ${domain}`, {
      attributes: { "causality.instance": inst.id, "causality.node": node.id, "causality.effect.key": key },
    });
    let result: unknown;
    try {
      result = await withTimeout(
        executor(request),
        timeoutMs,
        `effect ${key} timed out after ${timeoutMs} ms`,
      );
      rt.options.monitor?.finished(domain, Date.now() - began, false, executionMs, ticket);
      span?.end();
    } catch (e) {
      rt.options.monitor?.finished(domain, Date.now() - began, true, executionMs, ticket);
      lastError = errorOf(e);
      span?.setStatus?.({ code: 2, message: lastError.message });
      span?.end();
      await store.recordEffect({
        key,
        domain,
        effect: rt.redactions.scrub(inst.id, request),
        result: null,
        error: rt.redactions.scrub(inst.id, lastError.message),
      });
      rt.emit({
        type: "effect.failed",
        instance: inst.id,
        node: node.id,
        domain,
        key,
        attempt,
        message: lastError.message,
      });
      if (attempt + 1 < attempts) {
        const wait = (node.retry?.intervalMs ?? 0) * (node.retry?.backoff ?? 1) ** attempt;
        await (rt.options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(wait);
      }
      continue;
    }
    // The result is kept as the executor gave it: a replay must hand the handler the same value.
    await store.recordEffect({ key, domain, effect: rt.redactions.scrub(inst.id, request), result });
    return { keyBase, key, domain, result, replayed: false };
  }
  throw lastError ?? new Error(`effect ${keyBase}: no attempt ran`);
}

/** The promise's value, or a rejection once `ms` have passed (the executor is left to finish on its own). */
function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([p, expired]).finally(() => clearTimeout(timer));
}
