import type { Collection } from '../records.ts';

/**
 * One email, one line: when two records that logged the same message are merged (or a lead and
 * the person it became both have it), the timeline, which is the union of their activities,
 * shows it once. Emails are the same when their Message-ID is ("<ID@host>", any case).
 */
export function messageKey(messageId: string | undefined): string | undefined {
  const k = messageId?.trim().replace(/^<|>$/g, '').trim().toLowerCase();
  return k || undefined;
}

/** The activities without repeated emails, order kept (the first of each message stays). */
export function withoutRepeatedEmails<T extends { email?: { messageId?: string } }>(activities: T[]): T[] {
  const seen = new Set<string>();
  return activities.filter((a) => {
    const k = messageKey(a.email?.messageId);
    if (!k) return true;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** What a timeline needs of a record: its id and the links that bring other records' activities. */
export type TimelineLinks = { id: string; mergedFromIds?: unknown; convertedFromLeadIds?: unknown };

const idList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * The records whose activities are a record's own (row keys `<type>:<id>`): itself, the records
 * merged into it and the leads it was converted from. A merge writes the loser's links into the
 * winner (see `mergedLinks`), so one record's links are the whole set.
 */
export function ownTimelineParents(type: Collection, record: TimelineLinks): string[] {
  return [...new Set([`${type}:${record.id}`, ...idList(record.mergedFromIds).map((id) => `${type}:${id}`), ...idList(record.convertedFromLeadIds).map((id) => `leads:${id}`)])];
}

/**
 * Whose activities a record's timeline shows (DESIGN.md, Conversion): its own (above), and for a
 * company its people's, for a deal its primary person's. Nothing is copied on conversion or
 * merge; the timeline is a union of parents. Sorted, so equal sets compare equal.
 */
export function timelineParents(type: Collection, record: TimelineLinks, related: { people?: TimelineLinks[]; person?: TimelineLinks | null } = {}): string[] {
  const keys = new Set(ownTimelineParents(type, record));
  if (type === 'companies') for (const p of related.people ?? []) for (const k of ownTimelineParents('people', p)) keys.add(k);
  if (type === 'opportunities' && related.person) for (const k of ownTimelineParents('people', related.person)) keys.add(k);
  return [...keys].sort();
}

/**
 * The links a merge writes into the winner: the loser, what was merged into the loser, and the
 * leads either was converted from. Kept whole on the winner so that every reader (timeline,
 * signals, the Known-here index) needs the winner alone, however many merges came before.
 */
export function mergedLinks(winner: TimelineLinks, loser: TimelineLinks): { mergedFromIds: string[]; convertedFromLeadIds?: string[] } {
  const mergedFromIds = [...new Set([...idList(winner.mergedFromIds), loser.id, ...idList(loser.mergedFromIds)])].filter((id) => id !== winner.id);
  const leads = [...new Set([...idList(winner.convertedFromLeadIds), ...idList(loser.convertedFromLeadIds)])];
  return leads.length || winner.convertedFromLeadIds !== undefined ? { mergedFromIds, convertedFromLeadIds: leads } : { mergedFromIds };
}
