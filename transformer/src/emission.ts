/**
 * What the plugin writes for one analyzed type: the canonical TypeExpr as JSON text and the
 * generated validators' source. Neither needs the type checker, so a large build computes them on
 * a worker thread (emission-worker.ts) while TypeScript emits on the main one. Each key is claimed
 * by whichever thread gets to it first: the worker works ahead in key order, and a `take` for a key
 * the worker has not reached computes it on the spot, so the main thread never idles while the
 * worker boots or falls behind; it waits only for a key the worker is in the middle of.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import { canonicalize, compileValidatorSource, type TypeExpr } from "@causality/schema/core";

export interface Emission {
  readonly literal: string;
  readonly validators: string;
}

/** Claim states of a key, shared by both threads. */
export const UNCLAIMED = 0;
export const CLAIMED_BY_WORKER = 1;
const CLAIMED_BY_MAIN = 2;

export interface EmissionReply {
  readonly key: number;
  readonly emission?: Emission;
  readonly error?: string;
}

export function emissionOf(expr: TypeExpr): Emission {
  const canonical = canonicalize(expr);
  return { literal: JSON.stringify(canonical), validators: compileValidatorSource(canonical) };
}

/** How long `take` waits for the worker before computing the result itself. */
const STALL_MS = 5_000;

export class EmissionPool {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  /** Bumped by the worker after each reply, so a blocked `take` wakes without polling. */
  private readonly replies = new Int32Array(new SharedArrayBuffer(4));
  private readonly claims: Int32Array;
  private readonly done = new Map<number, Emission>();
  private readonly pending = new Map<number, TypeExpr>();
  private broken = false;

  /** `capacity`: keys run from 0 to capacity - 1. */
  constructor(capacity: number) {
    this.claims = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, capacity)));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(new URL("./emission-worker.js", import.meta.url), {
      workerData: { port: port2, replies: this.replies, claims: this.claims },
      transferList: [port2],
    });
    // The compiler exits when it is done; a worker must never keep it alive.
    this.worker.unref();
    this.worker.on("error", () => {
      this.broken = true;
    });
  }

  submit(key: number, expr: TypeExpr): void {
    this.pending.set(key, expr);
    this.port.postMessage({ key, expr });
  }

  /** The emission for `key`: the worker's, or computed here if the worker has not started on it. */
  take(key: number): Emission {
    const expr = this.pending.get(key);
    if (expr === undefined) throw new Error(`no emission was submitted for key ${key}`);
    if (Atomics.compareExchange(this.claims, key, UNCLAIMED, CLAIMED_BY_MAIN) === UNCLAIMED) {
      return this.settle(key, emissionOf(expr));
    }
    const deadline = Date.now() + STALL_MS;
    for (;;) {
      const hit = this.done.get(key);
      if (hit) {
        this.done.delete(key);
        return this.settle(key, hit);
      }
      const seen = Atomics.load(this.replies, 0);
      const message = receiveMessageOnPort(this.port);
      if (message) {
        const reply = message.message as EmissionReply;
        // An error is recomputed here, so it surfaces exactly as without the worker.
        this.done.set(reply.key, reply.emission ?? emissionOf(this.pending.get(reply.key)!));
        continue;
      }
      const left = deadline - Date.now();
      if (this.broken || left <= 0) return this.settle(key, emissionOf(expr));
      Atomics.wait(this.replies, 0, seen, left);
    }
  }

  private settle(key: number, emission: Emission): Emission {
    this.pending.delete(key);
    if (this.pending.size === 0) this.close();
    return emission;
  }

  close(): void {
    void this.worker.terminate();
  }
}
