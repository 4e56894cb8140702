/** The stores every store test runs on: memory, and (when available) PostgreSQL engines. */
import { MemoryStore } from "./memory-store.js";
import type { Store } from "./store.js";

export type OpenStore = () => Promise<Store>;

export const ENGINES: [string, OpenStore][] = [["memory", async () => new MemoryStore()]];
