import { displayName, emailsOf, indexWords, recordMatchKeys, searchWords, type Collection } from '../domain/index.ts';
import { pairEntries } from './search-pairs.ts';
import { flowsInto } from '../domain/lifecycle/timeline.ts';
import { mailboxKey } from '../domain/identity/emails.ts';
import type { Activity } from '../domain/index.ts';
import type { StoredRecord } from '../layout/records-doc.ts';
import type { HistoryEntry } from './history.ts';

/** One row of the read model's `records` table: the record plus the fields lists index on. */
export type RecordRow = {
  key: string; // `${type}:${id}`
  type: Collection;
  id: string;
  deleted: 0 | 1;
  sortName: string;
  updatedAt: number;
  /**
   * The filter columns are absent when the record has no value: IndexedDB writes no entry for a
   * compound key with a missing part, and a lead has no company, stage or owner more often than
   * not (each index entry is a write). Nothing looks rows up by "none".
   */
  statusId?: string;
  ownerId?: string;
  sourceId?: string;
  companyId?: string;
  stageId?: string;
  /**
   * The record's addresses lower-cased, and their mailbox keys where those differ (read model 8:
   * identity's `mailboxKey`, "janedoe@gmail.com" for "Jane.Doe+x@googlemail.com"), so the
   * duplicate check before the docs load finds another spelling of the same mailbox.
   */
  emails: string[];
  domains: string[];
  words: string[];
  /**
   * The `pairs` index (read model 10, src/store/search-pairs.ts): name words, their pairs and the
   * other words, so a query of two words proves they never meet without reading `words`.
   * Absent only in a row of read model 9 not yet filled (`fillPairs`; the meta's `pairs` row says
   * the index is not complete, and search does not read it until it is).
   */
  pairs?: string[];
  /**
   * "Known here" match keys (src/domain/known/match-keys.ts) of a live lead, person or company,
   * absent when none: kept in the row (read model 6) rather than in a table of their own, so a
   * record is one put, not two (docs/architecture.md, "The read model's write floor").
   */
  match?: string[];
  /**
   * The timelines this record's activities flow into (`flowsInto`: its merge winner, what a
   * converted lead became), absent when none (read model 7): a timeline finds what was merged
   * or converted into it even when a concurrent write overwrote the winner's own lists.
   */
  into?: string[];
  data: StoredRecord;
};

export type ActivityRow = Activity & { parentKey: string };

/**
 * Field history in the read model (read model 6): the entries of one batch that one write holds,
 * as one row (an import's 500-record slice is one put, not 500; RM-put-chromium), up to
 * HISTORY_GROUP entries. `recordKeys` (multi-entry) finds a record's history, `batchId` a batch's
 * (undo); an entry without a batch is a row of its own. Entries never change, but one may be
 * read again (a start re-reads what a lost write left behind) and land in another row: readers
 * take each entry once (`historyEntries`).
 */
export type HistoryRow = { id: string; batchId?: string; recordKeys: string[]; entries: HistoryEntry[] };
/** Entries per history row at most: a record's history reads whole rows, so one stays under ~1 MB. */
export const HISTORY_GROUP = 500;

export const rowKey = (type: Collection, id: string) => `${type}:${id}`;

/** Derives a row from a record (pure: the incremental path and a rebuild use the same code). */
export function toRow(type: Collection, r: StoredRecord): RecordRow {
  const emails = rowEmails(emailsOf(r));
  const domains = rowDomains(emails, typeof r.emailDomain === 'string' ? [r.emailDomain] : []);
  const match = recordMatchKeys(type, r as Record<string, unknown>);
  const into = flowsInto(type, r);
  const words = indexWords(type, r);
  return {
    key: rowKey(type, r.id),
    type,
    id: r.id,
    deleted: r.deletedAt === undefined ? 0 : 1,
    sortName: displayName(r).toLowerCase(),
    updatedAt: (r.updatedAt as number) ?? 0,
    ...filterColumn('statusId', r.statusId ?? r.status),
    ...filterColumn('ownerId', r.ownerId ?? r.assigneeId),
    ...filterColumn('sourceId', r.sourceId),
    ...filterColumn('companyId', r.companyId),
    ...filterColumn('stageId', r.stageId),
    emails,
    domains,
    words,
    pairs: rowPairs(type, words, r),
    ...(match.length && { match }),
    ...(into.length && { into }),
    data: r,
  };
}

/** A row's `pairs` entries from its indexed words and its record's name (a new row, and a row of read model 9 being filled). */
export const rowPairs = (type: Collection, words: readonly string[], r: Record<string, unknown>): string[] =>
  pairEntries(type, words, searchWords(type, { name: r.name }));

/** A row's `emails`: each address as written (lower-cased), then the mailbox keys not already there. */
export function rowEmails(emails: string[]): string[] {
  const out = new Set(emails);
  for (const e of emails) { const k = mailboxKey(e); if (k) out.add(k); }
  return [...out];
}

/** A row's `domains`: those of its emails (keys included) and any given (a company's email domain). */
export const rowDomains = (emails: string[], more: string[] = []): string[] =>
  [...new Set([...emails.map((e) => e.split('@')[1]).filter(Boolean), ...more])];

type FilterColumn = 'statusId' | 'ownerId' | 'sourceId' | 'companyId' | 'stageId';
/** A filter column only when it has a value (the key is left out: no index entry is written). */
const filterColumn = (k: FilterColumn, v: unknown): Partial<Record<FilterColumn, string>> => (typeof v === 'string' && v ? { [k]: v } : {});

export const toActivityRow = (a: Activity): ActivityRow => ({ ...a, parentKey: rowKey(a.parent.type, a.parent.id) });

/** History rows of entries: grouped by batch, HISTORY_GROUP at most each, named by the batch and their first entry. */
export function historyRows(entries: Iterable<HistoryEntry>): HistoryRow[] {
  const out: HistoryRow[] = [];
  const batches = new Map<string, HistoryEntry[]>();
  for (const e of entries) {
    if (!e.batchId) { out.push(historyRow([e])); continue; }
    const b = batches.get(e.batchId);
    if (b) b.push(e); else batches.set(e.batchId, [e]);
  }
  for (const b of batches.values()) {
    b.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    for (let i = 0; i < b.length; i += HISTORY_GROUP) out.push(historyRow(b.slice(i, i + HISTORY_GROUP)));
  }
  return out;
}

/** One row of entries of one batch (or one entry without a batch). */
export function historyRow(entries: HistoryEntry[]): HistoryRow {
  const batchId = entries[0].batchId;
  return {
    id: batchId ? `${batchId}~${entries[0].id}` : entries[0].id,
    ...(batchId && { batchId }),
    recordKeys: [...new Set(entries.map((e) => rowKey(e.collection, e.recordId)))],
    entries,
  };
}

/** The entries of history rows, each once (of one record when `recordKey` is given). */
export function historyEntries(rows: Iterable<HistoryRow>, recordKey?: string): HistoryEntry[] {
  const seen = new Map<string, HistoryEntry>();
  for (const row of rows) for (const e of row.entries) if (!recordKey || rowKey(e.collection, e.recordId) === recordKey) seen.set(e.id, e);
  return [...seen.values()];
}
