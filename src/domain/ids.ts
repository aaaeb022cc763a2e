/** Ids are made on the client before the optimistic write (random, URL-safe). */
export function newId(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 20);
}

/**
 * The id of what converting a lead creates, derived from the lead's id, so that two teammates
 * converting the same lead offline create the same records and Yjs merges them field by field.
 */
export function derivedId(leadId: string, what: 'person' | 'company' | 'opportunity'): string {
  return `${leadId}.${what[0]}`;
}
