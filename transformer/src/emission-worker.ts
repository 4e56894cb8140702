/** The worker side of EmissionPool: canonical JSON and validator source for each submitted type. */
import { type MessagePort, workerData } from "node:worker_threads";
import type { TypeExpr } from "@causality/schema/core";
import { CLAIMED_BY_WORKER, type EmissionReply, emissionOf, UNCLAIMED } from "./emission.js";

const { port, replies, claims } = workerData as {
  port: MessagePort;
  replies: Int32Array;
  claims: Int32Array;
};

port.on("message", ({ key, expr }: { key: number; expr: TypeExpr }) => {
  // The main thread already computed this one itself.
  if (Atomics.compareExchange(claims, key, UNCLAIMED, CLAIMED_BY_WORKER) !== UNCLAIMED) return;
  let reply: EmissionReply;
  try {
    reply = { key, emission: emissionOf(expr) };
  } catch (e) {
    reply = { key, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
  Atomics.add(replies, 0, 1);
  Atomics.notify(replies, 0);
});
