import Dexie, { type Table, type Transaction } from 'dexie';
import { historyRow, rowDomains, rowEmails, type ActivityRow, type HistoryRow, type RecordRow } from './rows.ts';
import type { HistoryEntry } from './history.ts';
import type { ConflictRow } from './conflict-rows.ts';
import { hasSignals, type SignalsRow, type TaskLinkRow } from './known-index.ts';
import type { StagedSlice } from './staged.ts';
// The names alone (not records.ts, whose schemas bring zod, libphonenumber and tldts into the read port's code).
import { COLLECTION_NAMES } from '../domain/collection-names.ts';
import { SEEDED_NO_SOURCE } from '../domain/no-source.ts';
import { flowsInto } from '../domain/lifecycle/timeline.ts';
import { mailboxKey, normalizeEmail } from '../domain/identity/emails.ts';

/** `vectors`: per doc key (`config`, `records/<k>`, `activities/<k>`), the state the rows reflect. */
export type ReadMeta = {
  key: 'state'; version: number; vectors: Record<string, string>;
  /**
   * The activity types counted as interactions when the signals were derived (sorted ids): a
   * start re-derives them only when the config says otherwise. Absent (a read model from before
   * it was kept): re-derived once, after the engine is ready.
   */
  interactionTypes?: string[];
};

/**
 * Bump when rows change shape: a read model of another version is rebuilt, never migrated.
 * 2: search words hold every part of an email ("first.last", "last@company.com") and every way
 * a phone is written (src/domain/search.ts), so search and the pre-save duplicate check find them.
 * 3: the state the rows reflect is kept per shard doc key (the sharded layout).
 * 4: values dropped by concurrent writes (`conflicts`, src/store/conflicts.ts), "known here" match
 * keys, task links and sales signals (src/store/known-index.ts), in tables of their own: an older
 * read model has none, so it is rebuilt to fill them.
 * 5: lighter rows, each index entry being a write (docs/architecture.md, "The read model's write
 * cost"): `words` leaves out a word that starts another word of the record (indexWords), the
 * filter columns are absent rather than '' when empty (no compound index entry), and the
 * activities' `authorId` and history's `at` indexes, which no query used, are gone. Never query
 * `records.where('type')`: Dexie answers it from a compound index starting with `type`, and those
 * of the filter columns now hold only the rows with a value.
 * 6: fewer puts per record (docs/architecture.md, "The read model's write floor"): a record's
 * "known here" match keys are in its row (`match`, multi-entry), not a `matchKeys` table of their
 * own; a signals row is kept only for a record that has signals (activities, a next task, a
 * stage, records merged or converted into it: `hasSignals`), readers take "no row" as "none
 * yet"; the signals index `[type+lastActivityAt]`, which no query read, is gone; a history row
 * holds a batch's entries of one write (rows.ts, `HistoryRow`), not one entry. Upgraded in
 * place from 5 (Dexie version 4 below), not rebuilt: a rebuild at 50k takes minutes.
 * 7: a record's `into` (multi-entry): the timelines its activities flow into (merged into a
 * winner, a lead converted into a person, deal or made company; `flowsInto`), so a timeline
 * finds them by index even when a concurrent write overwrote the winner's own lists
 * (`timelineWalk`). Upgraded in place from 6 (Dexie version 5): only merged records (in the
 * trash) and leads can have it, so only those rows are read.
 * 8: a row's `emails` also holds the mailbox keys of its addresses (identity's `mailboxKey`:
 * Gmail's dots and "+tags", googlemail.com, providers' documented "+tags"), the key the duplicate
 * matcher compares, so the read-model duplicate check (`findDuplicatesInReadModel`) finds
 * "janedoe@gmail.com" from "Jane.Doe@googlemail.com". Upgraded in place from 7 (Dexie version 6):
 * only the rows holding an address whose key differs are read, found from the index's keys.
 * 9: a row's "known here" email keys (`match`, `e:…`) are mailbox keys too (match-keys.ts
 * `emailKey`), so a page showing "Jane.Doe+crm@gmail.com" names the record of
 * janedoe@gmail.com. Upgraded in place from 8 (Dexie version 7): only the rows holding an
 * email key that is not a mailbox key are read, found from the `match` index's keys.
 * 10: a row's `pairs` (multi-entry, src/store/search-pairs.ts): its name words, their ordered
 * pairs and its other words, so a two-word search proves that two common words never meet
 * without reading their `words` entries. Upgraded in place from 9 (Dexie version 8): the index
 * is added empty and the meta's `pairs` row (`PairsFill`) marks it incomplete; the engine fills
 * the rows a slice at a time (`fillPairs`, projector.ts), search reading `words` meanwhile.
 * 11: no row holds the seeded "No source" id (src/domain/no-source.ts: the unset source, read
 * as none since session 19b): a row projected before holds `sourceId: 'no-source'`, in its
 * filter column and its data, which the Source column, filters and Insights would read as a
 * source. Upgraded in place from 10 (Dexie version 10): only the rows the `[type+sourceId]`
 * index finds are read, and staged slices (a join under way at the upgrade) likewise.
 */
export const READ_MODEL_VERSION = 11;

/**
 * Present while rows of an upgraded read model lack their `pairs` (read model 9 → 10): the
 * rows up to `after` (key order) are filled. Search does not read the `pairs` index meanwhile.
 */
export type PairsFill = { key: 'pairs'; after: string };
/** The meta's `pairs` row: present while the `pairs` index is incomplete. */
export const pairsFill = (db: ReadDB) => db.table<PairsFill, string>('meta');

/**
 * The read model: derived from the docs, droppable and rebuilt at any time. Lists, search and
 * the capture form paint from here at once while the engine loads behind them.
 */
export class ReadDB extends Dexie {
  records!: Table<RecordRow, string>;
  activities!: Table<ActivityRow, string>;
  history!: Table<HistoryRow, string>;
  meta!: Table<ReadMeta, string>;
  conflicts!: Table<ConflictRow, string>;
  taskLinks!: Table<TaskLinkRow, string>;
  signals!: Table<SignalsRow, string>;
  staged!: Table<StagedSlice, number>;

  constructor(name: string, deps?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }) {
    super(name, deps);
    this.version(1).stores({
      records: 'key, [type+deleted+sortName], [type+deleted+updatedAt], [type+statusId], [type+ownerId], [type+sourceId], [type+companyId], [type+stageId], *emails, *domains, *words',
      activities: 'id, parentKey, [parentKey+date], date, authorId',
      history: 'id, recordKey, at, batchId',
      meta: 'key',
    });
    // Conflicts (conflict-rows.ts), Known here and sales signals (known-index.ts): tables of their own.
    this.version(2).stores({
      conflicts: 'id, recordKey, resolved',
      matchKeys: 'recordKey, *keys',
      taskLinks: 'taskKey, relatedKey',
      signals: 'recordKey, *parents, [type+lastContactAt], [type+lastActivityAt], [type+stageSince]',
    });
    // Read model 5: indexes no query reads are not kept up (each entry costs every put).
    this.version(3).stores({
      activities: 'id, parentKey, [parentKey+date], date',
      history: 'id, recordKey, batchId',
    });
    // Read model 6: match keys in the record row, signals rows only where there are signals.
    this.version(4).stores({
      records: 'key, [type+deleted+sortName], [type+deleted+updatedAt], [type+statusId], [type+ownerId], [type+sourceId], [type+companyId], [type+stageId], *emails, *domains, *words, *match',
      matchKeys: null,
      signals: 'recordKey, *parents, [type+lastContactAt], [type+stageSince]',
      history: 'id, *recordKeys, batchId',
    }).upgrade(upgradeTo6);
    // Read model 7: what flows into a record's timeline, by index.
    this.version(5).stores({
      records: 'key, [type+deleted+sortName], [type+deleted+updatedAt], [type+statusId], [type+ownerId], [type+sourceId], [type+companyId], [type+stageId], *emails, *domains, *words, *match, *into',
    }).upgrade(upgradeTo7);
    // Read model 8: the same indexes; the rows with another spelling of a mailbox gain its key.
    this.version(6).stores({}).upgrade(upgradeTo8);
    // Read model 9: the same indexes; "known here" email keys become mailbox keys.
    this.version(7).stores({}).upgrade(upgradeTo9);
    // Read model 10: the `pairs` index, added empty and filled by the engine after the upgrade.
    this.version(8).stores({
      records: 'key, [type+deleted+sortName], [type+deleted+updatedAt], [type+statusId], [type+ownerId], [type+sourceId], [type+companyId], [type+stageId], *emails, *domains, *words, *match, *into, *pairs',
    }).upgrade(upgradeTo10);
    // Record rows a join wrote packed, a slice to a value, until the engine unpacks them into
    // `records` (staged.ts). The rows are those of read model 10: a read model 10 gains the
    // empty table in place and stays a 10 (nothing in it changes shape).
    this.version(9).stores({ staged: 'seq' });
    // Read model 11: the same indexes; the seeded "No source" id leaves the rows that held it.
    this.version(10).stores({}).upgrade(upgradeTo11);
  }
}

/**
 * Read model 5 → 6 in place: each record row takes its match keys from the `matchKeys` table
 * (read here before Dexie deletes it, no identity rule re-run), the signals rows of records
 * without signals are dropped, and each history entry row becomes a row of that one entry (its
 * key kept). Only a read model 5 is upgraded (its meta says so); any other is left to the
 * projector, which rebuilds a read model of another version.
 */
async function upgradeTo6(tx: Transaction): Promise<void> {
  const meta = tx.table<ReadMeta, string>('meta');
  const state = await meta.get('state');
  if (state?.version !== 5) return;
  const keysOf = new Map<string, string[]>();
  await tx.table<{ recordKey: string; keys: string[] }, string>('matchKeys').each((m) => { if (m.keys.length) keysOf.set(m.recordKey, m.keys); });
  const records = tx.table<RecordRow, string>('records');
  const keys = [...keysOf.keys()];
  for (let i = 0; i < keys.length; i += UPGRADE_SLICE) {
    const slice = keys.slice(i, i + UPGRADE_SLICE);
    const rows = (await records.bulkGet(slice)).filter((r): r is RecordRow => !!r);
    await records.bulkPut(rows.map((r) => ({ ...r, match: keysOf.get(r.key)! })));
  }
  const signals = tx.table<SignalsRow, string>('signals');
  const none: string[] = [];
  await signals.each((row) => { if (!hasSignals(row)) none.push(row.recordKey); });
  await signals.bulkDelete(none);
  await tx.table('history').toCollection().modify((row: HistoryEntry & { recordKey?: string }, ref: { value: unknown }) => {
    const { recordKey: _k, ...entry } = row;
    ref.value = { ...historyRow([entry]), id: row.id };
  });
  await meta.put({ ...state, version: 6 });
}
/**
 * Read model 6 → 7 in place: the rows that can flow into another record's timeline (leads,
 * and trashed rows, where merged records are) take their `into`. Only a read model 6 is
 * upgraded (a 5 was just made a 6 by the step before); any other is left to the projector.
 */
async function upgradeTo7(tx: Transaction): Promise<void> {
  const meta = tx.table<ReadMeta, string>('meta');
  const state = await meta.get('state');
  if (state?.version !== 6) return;
  const records = tx.table<RecordRow, string>('records');
  const ranges: [unknown[], unknown[]][] = COLLECTION_NAMES.map((c) => (c === 'leads'
    ? [[c, 0, Dexie.minKey], [c, 1, Dexie.maxKey]]
    : [[c, 1, Dexie.minKey], [c, 1, Dexie.maxKey]]));
  for (const [lo, hi] of ranges) {
    let changed: RecordRow[] = [];
    await records.where('[type+deleted+sortName]').between(lo, hi, true, true).each((r) => {
      const into = flowsInto(r.type, r.data);
      if (into.length) changed.push({ ...r, into });
    });
    for (let i = 0; i < changed.length; i += UPGRADE_SLICE) await records.bulkPut(changed.slice(i, i + UPGRADE_SLICE));
    changed = [];
  }
  await meta.put({ ...state, version: 7 });
}

/**
 * Read model 7 → 8 in place: the `emails` index's distinct addresses are read (keys only), and
 * the rows holding one whose mailbox key differs get the keys of their addresses. Only a read
 * model 7 is upgraded (an older one was just made a 7 by the steps before); any other is left
 * to the projector.
 */
async function upgradeTo8(tx: Transaction): Promise<void> {
  const meta = tx.table<ReadMeta, string>('meta');
  const state = await meta.get('state');
  if (state?.version !== 7) return;
  const records = tx.table<RecordRow, string>('records');
  const spelled = (await records.orderBy('emails').uniqueKeys()).filter((e): e is string => typeof e === 'string' && mailboxKey(e) !== undefined && mailboxKey(e) !== e);
  for (let i = 0; i < spelled.length; i += UPGRADE_SLICE) {
    const rows = await records.where('emails').anyOf(spelled.slice(i, i + UPGRADE_SLICE)).toArray();
    await records.bulkPut(rows.map((r) => {
      const emails = rowEmails(r.emails);
      return { ...r, emails, domains: rowDomains(emails, r.domains) };
    }));
  }
  await meta.put({ ...state, version: 8 });
}

/**
 * Read model 8 → 9 in place: the `match` index's distinct keys are read (keys only), and the
 * rows holding an email key that is not its mailbox key take their keys again, by the rule a
 * fresh row uses (`recordMatchKeys`). Only a read model 8 is upgraded (an older one was just
 * made an 8 by the steps before); any other is left to the projector.
 */
async function upgradeTo9(tx: Transaction): Promise<void> {
  const meta = tx.table<ReadMeta, string>('meta');
  const state = await meta.get('state');
  if (state?.version !== 8) return;
  const records = tx.table<RecordRow, string>('records');
  const stale = (await records.orderBy('match').uniqueKeys()).filter((k): k is string => typeof k === 'string' && k.startsWith('e:') && `e:${mailboxKey(k.slice(2))}` !== k);
  for (let i = 0; i < stale.length; i += UPGRADE_SLICE) {
    const rows = await records.where('match').anyOf(stale.slice(i, i + UPGRADE_SLICE)).toArray();
    await records.bulkPut(rows.map((r) => ({ ...r, match: mailboxMatchKeys(r.match ?? [], r.data as Record<string, unknown>) })));
  }
  await meta.put({ ...state, version: 9 });
}

/**
 * Read model 9 → 10 in place: no row is read (at 250k that would hold the database closed for
 * minutes); the meta's `pairs` row says the new index is empty, and the engine fills it
 * (`fillPairs`). Only a read model 9 is upgraded; any other is left to the projector.
 */
async function upgradeTo10(tx: Transaction): Promise<void> {
  const meta = tx.table<ReadMeta, string>('meta');
  const state = await meta.get('state');
  if (state?.version !== 9) return;
  await tx.table<PairsFill, string>('meta').put({ key: 'pairs', after: '' });
  await meta.put({ ...state, version: 10 });
}

/**
 * Read model 10 → 11 in place: rows holding the seeded "No source" id (`readSourceId` reads it as
 * none) lose it, in the filter column and in the record's data, as a fresh projection has them.
 * Only a read model 10 is upgraded (an older one was just made a 10 by the steps before); any
 * other is left to the projector.
 */
async function upgradeTo11(tx: Transaction): Promise<void> {
  const meta = tx.table<ReadMeta, string>('meta');
  const state = await meta.get('state');
  if (state?.version !== 10) return;
  const records = tx.table<RecordRow, string>('records');
  for (const type of COLLECTION_NAMES) {
    await records.where('[type+sourceId]').equals([type, SEEDED_NO_SOURCE.id]).modify((row: RecordRow) => { withoutSeededSource(row); });
  }
  await tx.table<StagedSlice, number>('staged').toCollection().modify((slice: StagedSlice, ref: { value: StagedSlice }) => {
    if (!slice.rows.some(holdsSeededSource)) return;
    ref.value = { ...slice, rows: slice.rows.map((r) => { const copy = { ...r, data: { ...r.data } }; withoutSeededSource(copy); return copy; }) };
  });
  await meta.put({ ...state, version: 11 });
}

const holdsSeededSource = (row: RecordRow) => row.sourceId === SEEDED_NO_SOURCE.id || row.data.sourceId === SEEDED_NO_SOURCE.id;

/** Takes the seeded "No source" id out of a row (its filter column and its data), in place; any other source stays. */
function withoutSeededSource(row: RecordRow) {
  if (row.sourceId === SEEDED_NO_SOURCE.id) delete row.sourceId;
  if (row.data.sourceId === SEEDED_NO_SOURCE.id) delete (row.data as { sourceId?: unknown }).sourceId;
}

/**
 * A read model 8 row's match keys as read model 9 has them: v9 changed only the email keys (the
 * address as normalized → its mailbox key, src/domain/known/match-keys.ts), so each `e:` key is
 * mapped from the record's own address it came from (decoded once, as a fresh row's key is), the
 * rest kept in place, and two addresses of one mailbox become one key where the first was. The
 * same keys, in the same order, as `recordMatchKeys` gives a fresh row (tested), without its
 * phone and domain rules: they would bring libphonenumber and tldts into every page's read port.
 */
export function mailboxMatchKeys(match: readonly string[], data: Record<string, unknown>): string[] {
  const emails = [data.email, ...(Array.isArray(data.emails) ? data.emails : []).map((e) => (e as { email?: unknown } | null)?.email)];
  const byAddress = new Map<string, string>();
  for (const e of emails) {
    const n = typeof e === 'string' ? normalizeEmail(e) : undefined;
    const m = n && mailboxKey(e as string);
    if (n && m && !byAddress.has(n)) byAddress.set(n, m);
  }
  return [...new Set(match.map((k) => (k.startsWith('e:') ? `e:${byAddress.get(k.slice(2)) ?? mailboxKey(k.slice(2)) ?? k.slice(2)}` : k)))];
}

/** Rows read and written at once by the upgrade (its memory, not its speed: one transaction). */
const UPGRADE_SLICE = 5_000;

export { readDbName } from './db-names.ts';
