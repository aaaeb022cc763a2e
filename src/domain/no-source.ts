/**
 * "No source" is the unset source, never an entry of the source list. Workspaces seeded before
 * session 19b hold a source entry `{ id: 'no-source', name: 'No source' }`, which put a second
 * "No source" in every Source picker and a second "No source" bar in Insights. This file is the
 * one home of that rule: readers (the record reader, the config reader, Insights, CSV import and
 * the command line) ask it, and the config upgrade (src/store/config-store.ts) retires the entry.
 */
export const SEEDED_NO_SOURCE = { id: 'no-source', name: 'No source' } as const;

/** A record's source as every screen reads it: the seeded id means no source. */
export function readSourceId<T>(id: T): T | undefined {
  return id === SEEDED_NO_SOURCE.id ? undefined : id;
}

/**
 * The untouched seed: same id and same name. An admin who renamed it ("Walk-in") made it a
 * source of their own, which stays.
 */
export function isSeededNoSource(e: { id: string; name?: string }): boolean {
  return e.id === SEEDED_NO_SOURCE.id && e.name === SEEDED_NO_SOURCE.name;
}

/** A typed source that means "none" ("No source" in any case, or the old id): left unset, no warning. */
export function namesNoSource(text: string): boolean {
  const t = text.trim().replace(/\s+/g, ' ').toLowerCase();
  return t === SEEDED_NO_SOURCE.name.toLowerCase() || t === SEEDED_NO_SOURCE.id;
}
