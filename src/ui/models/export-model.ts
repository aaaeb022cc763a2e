import { signal } from '@preact/signals';
import type { ImportAs } from '../../domain/csv/index.ts';
import type { IoPort, ListFilters, PickedFile, ReadPort, RestoreResult } from '../ports.ts';
import { createListModel, type ListModel } from './list-model.ts';
import { fieldErrors } from './errors.ts';
import { groupDigits } from '../records/labels.ts';
import { MAX_BACKUP_CHARS } from '../../bridge/protocol.ts';

export type ExportFormat = 'csv' | 'vcard';
export type ExportScope = 'all' | 'filtered';
/** A file for the browser to download: the composition root's `save` writes it (a Blob and a link). */
export type SaveFile = (file: { name: string; mime: string; text: string }) => void;
/** What the table showed when its Export link was followed. */
export type ExportStart = { type?: ImportAs; filters?: ListFilters; search?: string };

/** Most rows one filtered export asks the read model for: the workspace is built for 50k records. */
const MAX_FILTERED = 200_000;

const ONE: Record<ImportAs, string> = { leads: 'lead', people: 'person', companies: 'company' };
/** "1 lead", "3 leads". */
export const countOf = (n: number, type: ImportAs) => `${groupDigits(n)} ${n === 1 ? ONE[type] : type}`;

export const exportFileName = (type: ImportAs, format: ExportFormat, day: string) => `outpost-${type}-${day}.${format === 'csv' ? 'csv' : 'vcf'}`;
const today = () => new Date().toISOString().slice(0, 10);

/**
 * The Export screen: one record type as CSV (or vCard for people and leads), everything or what
 * the filter shows; a full backup; a restore that refuses a non-empty workspace until the user
 * confirms a merge.
 */
export function createExportModel(io: IoPort, read: ReadPort, save: SaveFile, start: ExportStart = {}) {
  const type = signal<ImportAs>(start.type ?? 'leads');
  const format = signal<ExportFormat>('csv');
  /** CSV: add where each value came from (columns like `email__source`). */
  const provenance = signal(false);
  const hasFilter = !!start.search || Object.values(start.filters ?? {}).some(Boolean);
  const scope = signal<ExportScope>(hasFilter ? 'filtered' : 'all');
  const message = signal('');
  const error = signal('');
  const busy = signal(false);
  /** The restore refused because the workspace has records: the reason, until the user confirms a merge. */
  const mergeNeeded = signal('');
  const restoreError = signal('');
  let list: ListModel = filteredList(type.value, start);
  const filter = signal<ListModel>(list);

  function filteredList(t: ImportAs, s: ExportStart = {}): ListModel {
    const l = createListModel(read, t, { pageSize: 1 });
    if (s.filters) l.filters.value = { ...s.filters };
    if (s.search) l.search.value = s.search;
    return l;
  }

  async function ids(): Promise<string[] | undefined> {
    if (scope.value === 'all') return undefined;
    const l = filter.value;
    const page = await read.queryList({ type: type.value, search: l.search.value, filters: l.filters.value, offset: 0, limit: MAX_FILTERED });
    return page.rows.map((r) => r.id);
  }

  async function run<T>(what: () => Promise<T>): Promise<T | null> {
    busy.value = true; error.value = ''; message.value = '';
    try { return await what(); } catch (e) { error.value = fieldErrors(e)[0].message; return null; } finally { busy.value = false; }
  }

  return {
    provenance,
    type, format, scope, filter, message, error, busy, mergeNeeded, restoreError,
    setType(t: ImportAs) {
      type.value = t;
      if (t === 'companies') format.value = 'csv';
      list.dispose();
      list = filteredList(t);
      filter.value = list;
    },
    /** Downloads the chosen type; a filtered export with no match says so rather than saving an empty file. */
    exportNow() {
      return run(async () => {
        const chosen = await ids();
        if (chosen && chosen.length === 0) { error.value = 'No records match the filter: nothing to export.'; return false; }
        const { text, count } = await io.exportRecords({ format: format.value, type: type.value, ...(chosen ? { ids: chosen } : {}), ...(format.value === 'csv' && provenance.value ? { provenance: true } : {}) });
        save({ name: exportFileName(type.value, format.value, today()), mime: format.value === 'csv' ? 'text/csv' : 'text/vcard', text });
        message.value = `Exported ${countOf(count, type.value)}${format.value === 'vcard' ? ' as vCards' : ''}.`;
        return true;
      });
    },
    backupNow() {
      return run(async () => {
        const text = await io.backup();
        save({ name: `outpost-backup-${today()}.json`, mime: 'application/json', text });
        message.value = 'Backup saved: one JSON file with every record, activity, setting and field history.';
        return true;
      });
    },
    /** Restores a backup file; into a non-empty workspace only with `merge` (after the user confirmed). */
    restore(file: PickedFile, merge = false) {
      restoreError.value = '';
      if (!merge) mergeNeeded.value = '';
      return run(async () => {
        let result: RestoreResult;
        try {
          if (file.size > MAX_BACKUP_CHARS) throw new Error(`The file is ${(file.size / 1024 / 1024).toFixed(1)} MB: bigger than any backup Outpost can restore (${MAX_BACKUP_CHARS / 1024 / 1024} MB). Is it an Outpost backup?`);
          result = await io.restore(await file.text(), merge);
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (code === 'not-empty') mergeNeeded.value = fieldErrors(e)[0].message;
          else restoreError.value = fieldErrors(e)[0].message;
          return false;
        }
        mergeNeeded.value = '';
        message.value = `Restored ${result.records} records, ${result.activities} activities${result.kept ? ` (${result.kept} kept as they were: updated here more recently)` : ''}.`;
        return true;
      });
    },
    dispose() { list.dispose(); },
  };
}
export type ExportModel = ReturnType<typeof createExportModel>;
