/**
 * What a person browsing a store reads (the inspector): counts per status, pages of instances
 * newest first, definitions with their instance counts, an instance's effect attempts, the
 * definitions that use a schema id. Read queries only; both stores answer them (PostgreSQL with
 * indexed SQL, paged by key so the 10,000th instance costs what the first does).
 */
import type { DefinitionRecord, InstanceStatus } from "./store.js";

/** A status, or "waiting": running with an effect in the queue. */
export type ListStatus = InstanceStatus | "waiting";
export const LIST_STATUSES: readonly ListStatus[] = ["running", "waiting", "completed", "failed"];

export interface InstancePageQuery {
  readonly status?: ListStatus;
  readonly definitionId?: string;
  /** Only instances changed at or after this time. */
  readonly since?: Date;
  /** The page after this row (the last row of the previous page), in (updatedAt, id) descending order. */
  readonly after?: { readonly at: Date; readonly id: string };
  readonly limit: number;
}

export interface InstanceListRow {
  readonly id: string;
  readonly definitionId: string;
  /** The definition's name, or undefined when the store has no such definition. */
  readonly name?: string;
  readonly status: InstanceStatus;
  /** Running with an effect in the queue. */
  readonly waiting: boolean;
  readonly node: string;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface DefinitionListRow {
  readonly id: string;
  readonly name: string;
  readonly schemaIds: DefinitionRecord["schemaIds"];
  readonly registeredAt: Date;
  readonly instances: number;
}

/** One attempt at an effect (its key ends with the attempt number); `recorded` false while it runs. */
export interface EffectAttempt {
  readonly key: string;
  readonly domain?: string;
  readonly effect?: unknown;
  readonly result?: unknown;
  readonly error?: string;
  readonly recorded: boolean;
  readonly recordedAt?: Date;
}

export interface StoreBrowser {
  statusCounts(): Promise<Record<ListStatus, number>>;
  instancePage(query: InstancePageQuery): Promise<readonly InstanceListRow[]>;
  /** Every definition, by name then registration, with how many instances each has. */
  definitionList(): Promise<readonly DefinitionListRow[]>;
  /** Ids and names only (a filter's choices), without counting instances. */
  definitionNames(): Promise<readonly { readonly id: string; readonly name: string }[]>;
  /** Every effect attempt of an instance, recorded ones first in the order they were recorded. */
  effectAttempts(instance: string): Promise<readonly EffectAttempt[]>;
  /** The definitions that name `schemaId` as their input, output or state schema, oldest first. */
  definitionsUsing(schemaId: string): Promise<readonly DefinitionRecord[]>;
  /** Changes whenever the instance moves (its version and status), for live pages; undefined if absent. */
  instanceStamp(id: string): Promise<string | undefined>;
}

/** A store that answers the browse queries (both stores do). */
export interface Browsable {
  readonly browse: StoreBrowser;
}
