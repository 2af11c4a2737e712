/**
 * Pending messages sort after every acknowledged one: their sort key is this base plus a local counter, far above
 * any server seq yet still an exact integer in a double (2^52 + counter < 2^53).
 */
export const PENDING_BASE = 2 ** 52;

export const isPendingKey = (sortKey: number) => sortKey >= PENDING_BASE;
