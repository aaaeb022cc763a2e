import { displayName, emailsOf, indexWords, recordMatchKeys, type Collection } from '../domain/index.ts';
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
  emails: string[];
  domains: string[];
  words: string[];
  /**
   * "Known here" match keys (src/domain/known/match-keys.ts) of a live lead, person or company,
   * absent when none: kept in the row (read model 6) rather than in a table of their own, so a
   * record is one put, not two (docs/architecture.md, "The read model's write floor").
   */
  match?: string[];
  data: StoredRecord;
};

export type ActivityRow = Activity & { parentKey: string };
export type HistoryRow = HistoryEntry & { recordKey: string };

export const rowKey = (type: Collection, id: string) => `${type}:${id}`;

/** Derives a row from a record (pure: the incremental path and a rebuild use the same code). */
export function toRow(type: Collection, r: StoredRecord): RecordRow {
  const emails = emailsOf(r);
  const domains = new Set(emails.map((e) => e.split('@')[1]).filter(Boolean) as string[]);
  if (typeof r.emailDomain === 'string') domains.add(r.emailDomain);
  const match = recordMatchKeys(type, r as Record<string, unknown>);
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
    domains: [...domains],
    words: indexWords(type, r),
    ...(match.length && { match }),
    data: r,
  };
}

type FilterColumn = 'statusId' | 'ownerId' | 'sourceId' | 'companyId' | 'stageId';
/** A filter column only when it has a value (the key is left out: no index entry is written). */
const filterColumn = (k: FilterColumn, v: unknown): Partial<Record<FilterColumn, string>> => (typeof v === 'string' && v ? { [k]: v } : {});

export const toActivityRow = (a: Activity): ActivityRow => ({ ...a, parentKey: rowKey(a.parent.type, a.parent.id) });
export const toHistoryRow = (h: HistoryEntry): HistoryRow => ({ ...h, recordKey: rowKey(h.collection, h.recordId) });
