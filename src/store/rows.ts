import { displayName, emailsOf, searchWords, type Collection } from '../domain/index.ts';
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
  statusId: string;
  ownerId: string;
  sourceId: string;
  companyId: string;
  stageId: string;
  emails: string[];
  domains: string[];
  words: string[];
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
  return {
    key: rowKey(type, r.id),
    type,
    id: r.id,
    deleted: r.deletedAt === undefined ? 0 : 1,
    sortName: displayName(r).toLowerCase(),
    updatedAt: (r.updatedAt as number) ?? 0,
    statusId: str(r.statusId ?? r.status),
    ownerId: str(r.ownerId ?? r.assigneeId),
    sourceId: str(r.sourceId),
    companyId: str(r.companyId),
    stageId: str(r.stageId),
    emails,
    domains: [...domains],
    words: searchWords(type, r),
    data: r,
  };
}

// IndexedDB can't index undefined in a compound key: '' stands for "none".
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export const toActivityRow = (a: Activity): ActivityRow => ({ ...a, parentKey: rowKey(a.parent.type, a.parent.id) });
export const toHistoryRow = (h: HistoryEntry): HistoryRow => ({ ...h, recordKey: rowKey(h.collection, h.recordId) });
