import type { Collection } from './records.ts';

/** The member field a new record gives the member who makes it: a record's owner, a task's assignee. */
export const MAKER_FIELD = { leads: 'ownerId', people: 'ownerId', companies: 'ownerId', opportunities: 'ownerId', tasks: 'assigneeId' } as const satisfies Record<Collection, string>;

/**
 * Who a new record belongs to: the member its input names, else the member who makes it (as in
 * Copper, a record's owner defaults to the user who creates it). A lead a rep captures, types or
 * converts is theirs, and a task they add is theirs to do; before, a one-person workspace's own
 * captures read "No owner". `maker` empty (no member behind the write: a web form, an import
 * without an owner column) leaves the input as it is. Pure: returns a new input.
 */
export function ownedByMaker<T extends Record<string, unknown>>(collection: Collection, input: T, maker: string | undefined): T {
  const field = MAKER_FIELD[collection];
  const named = input[field];
  if ((typeof named === 'string' && named) || !maker) return input;
  return { ...input, [field]: maker };
}
