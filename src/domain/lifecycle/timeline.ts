import type { Collection } from '../records.ts';
import { derivedId } from '../ids.ts';

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
 * The timelines a record's activities flow into, by the links kept on the record itself
 * (row keys): a merged record into its winner (`mergedInto`), a converted lead into the
 * person and deal it became and the company it made (`convertedTo`). Each is one value the record alone
 * holds, so concurrent writes can't drop one record's link while keeping another's. The
 * winner's lists (`mergedFromIds`, `convertedFromLeadIds`: see `mergedLinks`) are whole values,
 * last writer wins: a teammate converting the same lead, or merging into the same winner, at
 * the same moment overwrites the other's union. A timeline therefore follows both (`timelineWalk`).
 */
export function flowsInto(type: Collection, record: TimelineLinks & { mergedInto?: unknown; convertedTo?: unknown }): string[] {
  const out: string[] = [];
  if (typeof record.mergedInto === 'string' && record.mergedInto) out.push(`${type}:${record.mergedInto}`);
  const to = record.convertedTo as Record<string, unknown> | undefined;
  if (type === 'leads' && to && typeof to === 'object') {
    // The person and the deal were made from the lead (a merge re-points the link to its
    // winner); a company only when the conversion made it, not one it matched.
    if (typeof to.personId === 'string' && to.personId) out.push(`people:${to.personId}`);
    if (typeof to.opportunityId === 'string' && to.opportunityId) out.push(`opportunities:${to.opportunityId}`);
    if (to.companyId === derivedId(record.id, 'company')) out.push(`companies:${to.companyId}`);
  }
  return out;
}

/** A record as the timeline walk reads it: its type, id, and both kinds of links. */
export type TimelineNode = TimelineLinks & { type: Collection; mergedInto?: unknown; convertedTo?: unknown };

/**
 * Every parent of a timeline (sorted row keys), from its first parents (`timelineParents`):
 * each round yields the keys just reached, and the reader answers with the records of those
 * keys and the records that flow into them (`flowsInto`); the walk follows both kinds of links
 * until nothing new is reached. One walk for every reader: the read model answers a round with
 * two index reads, in-memory docs with a scan.
 */
export function* timelineWalk(first: readonly string[]): Generator<string[], string[], TimelineNode[]> {
  const seen = new Set(first);
  let frontier = [...seen];
  while (frontier.length) {
    const found: TimelineNode[] = yield frontier;
    const next: string[] = [];
    for (const r of found) {
      for (const k of [...ownTimelineParents(r.type, r), `${r.type}:${r.id}`]) if (!seen.has(k)) { seen.add(k); next.push(k); }
    }
    frontier = next;
  }
  return [...seen].sort();
}

/**
 * A walk run to its end by a reader that holds every record in memory (the docs, a seeder's
 * rows): `answer` gives, for the keys of a round, their records and the records flowing into them.
 */
export function walkWith(walk: Generator<string[], string[], TimelineNode[]>, answer: (keys: string[]) => TimelineNode[]): string[] {
  let step = walk.next();
  while (!step.done) step = walk.next(answer(step.value));
  return step.value;
}

/**
 * Whose activities count for a record's sales signals (last contacted, interactions) and its
 * Known-here line: its own timeline's parents, walked (`timelineWalk` from `ownTimelineParents`:
 * itself, what was merged or converted into it by either kind of link), without a company's
 * people or a deal's primary person, which have signals of their own.
 */
export function signalWalk(type: Collection, record: TimelineLinks): Generator<string[], string[], TimelineNode[]> {
  return timelineWalk(ownTimelineParents(type, record));
}

/**
 * The keys whose walks a written record can change: walks that reach the record itself (its
 * lists, or where it flows, may have changed) and walks that reach what it flows into now (it
 * joins them). A reader that keeps each record's walked parents (the signals' `parents`)
 * re-walks the records whose parents hold one of these keys; a record's old links need no key
 * of their own, as a walk that followed them holds the record's key.
 */
export function walksTouchedBy(type: Collection, record: TimelineLinks & { mergedInto?: unknown; convertedTo?: unknown }): string[] {
  return [`${type}:${record.id}`, ...flowsInto(type, record)];
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
