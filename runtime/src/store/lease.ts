/** Leases held in this process (the memory store's, and PGlite's, whose database is this process's alone). */
export interface Lease {
  readonly owner: string;
  readonly until: number;
}

/** Takes (or extends) a lease: free, expired or already the owner's. */
export function take(leases: Map<string, Lease>, id: string, owner: string, ms: number): boolean {
  const now = Date.now();
  const held = leases.get(id);
  if (held && held.owner !== owner && held.until > now) return false;
  leases.set(id, { owner, until: now + ms });
  return true;
}

export function release(leases: Map<string, Lease>, id: string, owner: string): void {
  if (leases.get(id)?.owner === owner) leases.delete(id);
}
