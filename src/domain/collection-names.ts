/**
 * The record collections' names, apart from their schemas (records.ts checks that it defines
 * exactly these): a page routes by them without loading zod (docs/architecture.md, "The side
 * panel's first paint").
 */
export const COLLECTION_NAMES = ['leads', 'people', 'companies', 'opportunities', 'tasks'] as const;
export type CollectionName = (typeof COLLECTION_NAMES)[number];

export function isCollection(value: unknown): value is CollectionName {
  return typeof value === 'string' && (COLLECTION_NAMES as readonly string[]).includes(value);
}
