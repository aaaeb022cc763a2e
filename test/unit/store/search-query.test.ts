import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import fc from 'fast-check';
import { searchWords, tokenize } from '../../../src/domain/index.ts';
import { ReadDB } from '../../../src/store/read-db.ts';
import { toRow, type RecordRow } from '../../../src/store/rows.ts';
import { countList, queryList, queryRows, watchList } from '../../../src/store/queries.ts';
import { queryTable } from '../../../src/ext/read-port.ts';
import { forgetSearchSets, SETS_TTL_MS } from '../../../src/store/search-sets.ts';
import type { StoredRecord } from '../../../src/layout/records-doc.ts';

/**
 * Search against a brute-force filter over the same rows: every query shape (one word, several,
 * rare × common, common × common rare together, e-mail, phone digits, company, no match), any
 * page, with the status filter and trashed records. The vocabulary is small so that words are
 * common (hundreds of records, past the search's key probes) as well as rare.
 */
const FIRST = ['Ann', 'Anna', 'Annabel', 'Grace', 'Bob', 'Zoë', 'Jean-Luc'];
const LAST = ['Lee', 'Lovelace', 'Love', 'Smith', 'Smithers', 'Hopper'];
const COMPANY = ['Acme', 'Acme Labs', 'Globex', 'Initech'];
const DOMAIN = ['acme.io', 'acme.example', 'globex.com'];

const record = fc.record({
  first: fc.constantFrom(...FIRST),
  last: fc.constantFrom(...LAST),
  n: fc.option(fc.nat(40), { nil: undefined }),
  company: fc.option(fc.constantFrom(...COMPANY), { nil: undefined }),
  domain: fc.option(fc.constantFrom(...DOMAIN), { nil: undefined }),
  phone: fc.option(fc.integer({ min: 0, max: 9999 }), { nil: undefined }),
  title: fc.option(fc.constantFrom('Head of Sales', 'Buyer', 'Head Buyer'), { nil: undefined }),
  statusId: fc.constantFrom(undefined, 'new', 'open'),
  deleted: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
});
type Gen = typeof record extends fc.Arbitrary<infer T> ? T : never;

const stored = (g: Gen, i: number): StoredRecord => ({
  id: `r${String(i).padStart(4, '0')}`,
  name: { first: g.first, last: `${g.last}${g.n ?? ''}` },
  ...(g.company ? { companyName: g.company } : {}),
  ...(g.title ? { title: g.title } : {}),
  ...(g.domain ? { email: `${g.first}.${g.last}@${g.domain}`.toLowerCase() } : {}),
  ...(g.phone !== undefined ? { phones: [{ number: `+1 415 555 ${String(g.phone).padStart(4, '0')}` }] } : {}),
  ...(g.statusId ? { statusId: g.statusId } : {}),
  ...(g.deleted ? { deletedAt: 1 } : {}),
  updatedAt: i,
} as StoredRecord);

/** Query words: any prefix of a word the records may hold, or of one they never do. */
const vocabulary = [...FIRST, ...LAST, ...COMPANY, ...DOMAIN, 'Head', 'Buyer', 'ann.lee@acme.io', 'smithers12', '415555', '555 01', 'zz', 'qx'];
const query = fc.record({
  words: fc.array(fc.tuple(fc.constantFrom(...vocabulary), fc.integer({ min: 1, max: 20 })).map(([w, n]) => w.slice(0, n)), { minLength: 1, maxLength: 3 }),
  statusId: fc.constantFrom(undefined, undefined, 'open'),
  offset: fc.constantFrom(0, 0, 0, 7, 50, 120),
  limit: fc.constantFrom(50, 50, 1, 10),
});

/** What a search must return, by definition: live matches in the driver's (longest word's) index order. */
function expected(rows: RecordRow[], search: string, statusId?: string): string[] {
  const words = tokenize(search);
  const driver = `leads:${[...words].sort((a, b) => b.length - a.length)[0]}`;
  const hits = rows.filter((r) => r.deleted === 0 && (!statusId || r.statusId === statusId)
    && words.every((w) => searchWords('leads', r.data).some((x) => x.startsWith(`leads:${w}`))));
  // IndexedDB's order of the driver's range: a record's smallest indexed word under the prefix, then its key.
  const first = (r: RecordRow) => r.words.filter((w) => w.startsWith(driver)).sort()[0];
  return hits.map((r) => ({ k: r.key, w: first(r) })).sort((a, b) => (a.w < b.w ? -1 : a.w > b.w ? 1 : a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((x) => x.k);
}

const byUpdatedDesc = (rows: RecordRow[]) => {
  const at = new Map(rows.map((r) => [r.key, r.updatedAt]));
  return (a: string, b: string) => at.get(b)! - at.get(a)!;
};

describe('search (first page, full query and count) against a brute-force filter', () => {
  it('returns exactly the matching live records, in index order, for any query shape and page', async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(record, { minLength: 0, maxLength: 450 }), fc.array(query, { minLength: 1, maxLength: 6 }), async (gens, queries) => {
      const name = `search-prop-${Date.now()}-${run++}`;
      const db = new ReadDB(name);
      try {
        const rows = gens.map((g, i) => toRow('leads', stored(g, i)));
        await db.records.bulkPut([...rows, toRow('people', stored(gens[0] ?? { first: 'Ann', last: 'Lee', statusId: undefined, deleted: false } as Gen, 9999))]);
        for (const q of queries) {
          const search = q.words.join(' ');
          if (!tokenize(search).length) continue;
          const all = expected(rows, search, q.statusId);
          const want = all.slice(q.offset, q.offset + q.limit);
          const req = { type: 'leads' as const, search, statusId: q.statusId, offset: q.offset, limit: q.limit };
          const full = await queryList(db, req);
          expect(full.rows.map((r) => r.key), `queryList ${search}`).toEqual(want);
          expect(full.total, `total ${search}`).toBe(all.length);
          expect((await queryRows(db, req)).rows.map((r) => r.key), `queryRows ${search} ${JSON.stringify(q)}`).toEqual(want);
          expect(await countList(db, req)).toBe(all.length);
          // A table's search (another sort, or the trash) finds the same records.
          const table = await queryTable(db, { type: 'leads', search, offset: 0, limit: 1000, sort: { field: 'updatedAt', dir: 'desc' } });
          expect(table.rows.map((r) => r.key), `table ${search}`).toEqual([...expected(rows, search)].sort(byUpdatedDesc(rows)));
          const trash = await queryTable(db, { type: 'leads', search, offset: 0, limit: 1000, deleted: true });
          expect(new Set(trash.rows.map((r) => r.key)), `trash ${search}`).toEqual(new Set(expected(rows.map((r) => ({ ...r, deleted: (1 - r.deleted) as 0 | 1 })), search)));
        }
      } finally {
        db.close();
        await Dexie.delete(name);
      }
    }), { numRuns: 40 });
  }, 240_000);

  it('finds two common words that are rare together, and words that go together, past the key probes', async () => {
    const name = `search-pairs-${Date.now()}`;
    const db = new ReadDB(name);
    try {
      // 300 Graces, 300 Lovelaces, never together; 250 Grace Lees; one Grace Lovelace, trashed; two live.
      const recs: StoredRecord[] = [];
      const add = (first: string, last: string, extra: Partial<StoredRecord> = {}) => recs.push({ id: `x${String(recs.length).padStart(4, '0')}`, name: { first, last }, updatedAt: recs.length, ...extra } as StoredRecord);
      for (let i = 0; i < 300; i++) add('Grace', `Hopper${i}`);
      for (let i = 0; i < 300; i++) add('Ada', `Lovelace${i}`);
      for (let i = 0; i < 250; i++) add('Grace', `Lee${i}`, i % 2 ? { statusId: 'open' } : {});
      add('Grace', 'Lovelace', { deletedAt: 1 });
      add('Grace', 'Lovelace', { statusId: 'open' });
      add('Grace', 'Lovelace-Byron');
      const rows = recs.map((r) => toRow('leads', r));
      await db.records.bulkPut(rows);
      for (const [search, statusId] of [['grace lovelace', undefined], ['lovelace grace', 'open'], ['grace lee', undefined], ['grace l', 'open'], ['gr lov', undefined], ['grace byron', undefined]] as const) {
        const want = expected(rows, search, statusId);
        const req = { type: 'leads' as const, search, statusId, limit: 50 };
        expect((await queryRows(db, req)).rows.map((r) => r.key), search).toEqual(want.slice(0, 50));
        expect(await countList(db, req), search).toBe(want.length);
      }
      expect(expected(rows, 'grace lovelace')).toHaveLength(2);
    } finally {
      db.close();
      await Dexie.delete(name);
    }
  });
});

/** Counts the index keys and rows the code under test reads from IndexedDB. */
function readCounter() {
  const n = { keys: 0, rows: 0, cursors: 0 };
  const wrap = (proto: object, name: string, kind: 'keys' | 'rows' | 'cursors') => {
    const p = proto as Record<string, (...a: unknown[]) => IDBRequest>;
    const orig = p[name];
    p[name] = function (this: unknown, ...a: unknown[]) {
      const req = orig.apply(this, a);
      req.addEventListener('success', () => { const x = req.result; n[kind] += Array.isArray(x) ? x.length : x === undefined ? 0 : 1; });
      return req;
    };
    return () => { p[name] = orig; };
  };
  const undo = [wrap(IDBIndex.prototype, 'openCursor', 'cursors'), wrap(IDBIndex.prototype, 'getAllKeys', 'keys'), wrap(IDBIndex.prototype, 'getAll', 'rows'), wrap(IDBObjectStore.prototype, 'get', 'rows'), wrap(IDBObjectStore.prototype, 'getAll', 'rows')];
  return { n, reset: () => { n.keys = 0; n.rows = 0; n.cursors = 0; }, restore: () => undo.forEach((u) => u()) };
}

/** A fresh read model with no kept sets, and a counter of what the body reads from it. */
async function withCountedDb(prefix: string, body: (db: ReadDB, counter: ReturnType<typeof readCounter>) => Promise<void>): Promise<void> {
  const name = `${prefix}-${Date.now()}`;
  const db = new ReadDB(name);
  const counter = readCounter();
  try {
    forgetSearchSets();
    await body(db, counter);
  } finally {
    counter.restore();
    db.close();
    await Dexie.delete(name);
  }
}

describe('search while the user types (word sets kept between keystrokes)', () => {
  // 'match': a record named by the typed words themselves, which every keystroke's query finds.
  const write = fc.record({ at: fc.nat(), gen: record, kind: fc.constantFrom('add', 'match', 'match', 'trash', 'restore', 'rename') });

  it('answers every keystroke like a cold query, with writes between keystrokes', async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(
      fc.array(record, { minLength: 0, maxLength: 400 }),
      fc.array(fc.tuple(fc.constantFrom(...vocabulary), fc.integer({ min: 2, max: 20 })).map(([w, n]) => w.slice(0, n)), { minLength: 2, maxLength: 3 }),
      fc.array(write, { minLength: 1, maxLength: 4 }),
      fc.constantFrom(undefined, 'open'),
      async (gens, words, writes, statusId) => {
        forgetSearchSets();
        const name = `search-typing-${Date.now()}-${run++}`;
        const db = new ReadDB(name);
        try {
          let rows = gens.map((g, i) => toRow('leads', stored(g, i)));
          await db.records.bulkPut(rows);
          const typed = words.join(' ');
          for (let i = 1; i <= typed.length; i++) {
            for (const w of writes.filter((x) => 2 + (x.at % typed.length) === i)) {
              const target = rows.length ? rows[w.at % rows.length] : undefined;
              let row: RecordRow | undefined;
              if (w.kind === 'match') row = toRow('leads', { ...stored(w.gen, 5000 + i), name: { first: words[0], last: words.slice(1).join(' ') } } as StoredRecord);
              else if (w.kind === 'add' || !target) row = toRow('leads', stored(w.gen, 5000 + i));
              else if (w.kind === 'rename') row = toRow('leads', { ...stored(w.gen, 0), id: target.id } as StoredRecord);
              else row = { ...target, deleted: w.kind === 'trash' ? 1 : 0 };
              await db.records.put(row);
              rows = [...rows.filter((r) => r.key !== row!.key), row];
            }
            const search = typed.slice(0, i);
            if (!tokenize(search).length) continue;
            const all = expected(rows, search, statusId);
            const req = { type: 'leads' as const, search, statusId, limit: 50 };
            expect((await queryRows(db, req)).rows.map((r) => r.key), `keystroke "${search}"`).toEqual(all.slice(0, 50));
            if (i % 3 === 0) expect(await countList(db, req), `count "${search}"`).toBe(all.length);
          }
        } finally {
          db.close();
          await Dexie.delete(name);
        }
      },
    ), { numRuns: 30 });
  }, 240_000);

  it('reads no more of the index for a keystroke its kept sets decide, and reads again after any change', async () => {
    const name = `search-kept-${Date.now()}`;
    const db = new ReadDB(name);
    const counter = readCounter();
    try {
      forgetSearchSets();
      // 300 Graces, 300 Lovelaces, never together: the sets of both prefixes prove "no match".
      const recs: StoredRecord[] = [];
      for (let i = 0; i < 300; i++) recs.push({ id: `g${String(i).padStart(3, '0')}`, name: { first: 'Grace', last: `Hopper${i}` }, updatedAt: i } as StoredRecord);
      for (let i = 0; i < 300; i++) recs.push({ id: `a${String(i).padStart(3, '0')}`, name: { first: 'Ada', last: `Lovelace${i}` }, updatedAt: i } as StoredRecord);
      await db.records.bulkPut(recs.map((r) => toRow('leads', r)));
      const search = async (s: string) => (await queryRows(db, { type: 'leads', search: s, limit: 50 })).rows.map((r) => r.id);
      expect(await search('grace lo')).toEqual([]);
      counter.reset();
      for (const s of ['grace lov', 'grace love', 'grace lovelace']) expect(await search(s)).toEqual([]);
      // One entry of each word per keystroke (what subscribes a live query to the words), no row.
      expect(counter.n).toEqual({ keys: 2 * 3, rows: 0, cursors: 0 });

      // A Grace Lovelace written (here or in another page: Dexie's change notice) is found at once.
      await db.records.put(toRow('leads', { id: 'new', name: { first: 'Grace', last: 'Lovelace' }, updatedAt: 1 } as StoredRecord));
      expect(await search('grace lovelace')).toEqual(['new']);

      // A change whose notice never came: found once the sets are older than SETS_TTL_MS.
      expect(await search('grace lo')).toEqual(['new']);
      const raw = await new Promise<IDBDatabase>((ok) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); });
      await new Promise((ok) => { const tx = raw.transaction('records', 'readwrite'); tx.objectStore('records').put(toRow('leads', { id: 'raw', name: { first: 'Grace', last: 'Lovelace-Byron' }, updatedAt: 2 } as StoredRecord)); tx.oncomplete = ok; });
      raw.close();
      const now = Date.now();
      const clock = vi.spyOn(Date, 'now').mockReturnValue(now + SETS_TTL_MS + 1);
      try {
        expect(await search('grace lov')).toEqual(['new', 'raw']);
      } finally {
        clock.mockRestore();
      }
      // A page's own write: its live queries run again without the kept sets (rerunLiveQueries).
      forgetSearchSets();
      counter.reset();
      await search('grace lovelace');
      expect(counter.n.keys).toBeGreaterThan(0);
    } finally {
      counter.restore();
      db.close();
      await Dexie.delete(name);
    }
  });

  it('walks more of the first word\'s rows, not every key, for words that go together sparsely', async () => {
    const name = `search-sparse-${Date.now()}`;
    const db = new ReadDB(name);
    const counter = readCounter();
    try {
      forgetSearchSets();
      // Every lead is a "Head of Sales"; one in twelve works at Acme.
      const recs = Array.from({ length: 3000 }, (_, i) => ({ id: `l${i}`, name: { first: 'Sam', last: `Lee${i}` }, title: 'Head of Sales', companyName: i % 12 ? `Globex ${i}` : `Acme ${i}`, updatedAt: i }) as StoredRecord);
      const rows = recs.map((r) => toRow('leads', r));
      await db.records.bulkPut(rows);
      counter.reset();
      const got = (await queryRows(db, { type: 'leads', search: 'head acme', limit: 50 })).rows.map((r) => r.key);
      expect(got).toEqual(expected(rows, 'head acme').slice(0, 50));
      // Fewer entries than the two words' 3,250 keys: the driver's rows until the page filled.
      expect(counter.n.keys + counter.n.rows, JSON.stringify(counter.n)).toBeLessThan(3250);
      expect(counter.n.keys, JSON.stringify(counter.n)).toBeLessThan(300);
      expect(counter.n.cursors, 'no cursor: a request per row in Chromium').toBe(0);
      // Typed on ("head ac" → "head acme"): the walk's matches, kept, still fill the page.
      forgetSearchSets();
      await queryRows(db, { type: 'leads', search: 'head ac', limit: 50 });
      counter.reset();
      for (const search of ['head acm', 'head acme']) {
        expect((await queryRows(db, { type: 'leads', search, limit: 50 })).rows.map((r) => r.key), search).toEqual(expected(rows, search).slice(0, 50));
      }
      expect(counter.n.keys, JSON.stringify(counter.n)).toBe(2 * 2);
      expect(counter.n.rows, JSON.stringify(counter.n)).toBeLessThanOrEqual(2 * 50);
      // Another status is not bounded by that walk: the open Acme leads (none here) are read cold.
      expect((await queryRows(db, { type: 'leads', search: 'head acme', statusId: 'open', limit: 50 })).rows).toEqual([]);
    } finally {
      counter.restore();
      db.close();
      await Dexie.delete(name);
    }
  });
});

describe('a query rare together whose other word is far more common', () => {
  it('reads the driver\'s rows, not every key of the common word: order, pages, totals, trash, accents, phone digits', () => withCountedDb('search-rows', async (db, counter) => {
    // 160 Turing3 leads (the driver), 1,200 Adas and Alans with phones ("a" and "5550": common),
    // never together but for a few Turing3s whose words sort last in the driver's range
    // ("turing39", "turing390"…), so the driver's first page of rows holds no match.
    const recs: StoredRecord[] = [];
    for (let i = 0; i < 160; i++) {
      const match = i === 9 || (i >= 90 && i < 100);
      recs.push({
        id: `t${String(i).padStart(3, '0')}`, name: { first: match ? 'Ádá' : 'John', last: `Tùring3${i}` }, title: 'Head of Sales', companyName: match && i % 2 ? 'Àcme Labs' : 'Initech',
        ...(match ? { phones: [{ number: `+1 415 555 ${String(i).padStart(4, '0')}` }] } : {}), ...(i === 95 || i === 9 ? { deletedAt: 1 } : {}), ...(match && i % 3 === 0 ? { statusId: 'open' } : {}), updatedAt: i,
      } as StoredRecord);
    }
    for (let i = 0; i < 1200; i++) recs.push({ id: `a${String(i).padStart(3, '0')}`, name: { first: i % 2 ? 'Ada' : 'Alan', last: `Lee${i}` }, phones: [{ number: `+1 415 555 ${String(i).padStart(4, '0')}` }], updatedAt: i } as StoredRecord);
    const rows = recs.map((r) => toRow('leads', r));
    await db.records.bulkPut(rows);
    const aEntries = rows.filter((r) => r.words.some((w) => w.startsWith('leads:a'))).length;
    for (const [search, statusId, offset, limit] of [
      ['turing3 a', undefined, 0, 50], ['a turing3', undefined, 0, 50], ['TÙRING3 Á', undefined, 0, 50], ['turing3 ad', 'open', 0, 50],
      ['turing3 a', undefined, 3, 4], ['turing3 acme', undefined, 0, 1], ['5550 turing3', undefined, 0, 50], ['555 00 turing3', undefined, 0, 50],
    ] as const) {
      forgetSearchSets();
      const want = expected(rows, search, statusId);
      const req = { type: 'leads' as const, search, statusId, offset, limit };
      counter.reset();
      const got = (await queryRows(db, req)).rows.map((r) => r.key);
      expect(got, search).toEqual(want.slice(offset, offset + limit));
      expect(counter.n.keys, `${search}: keys ${JSON.stringify(counter.n)}`).toBeLessThan(aEntries);
      expect(counter.n.cursors, search).toBe(0);
      counter.reset();
      expect(await countList(db, req), `total ${search}`).toBe(want.length);
      expect(counter.n.keys, `total ${search}: keys ${JSON.stringify(counter.n)}`).toBeLessThan(aEntries);
      expect((await queryList(db, req)).rows.map((r) => r.key), `queryList ${search}`).toEqual(want.slice(offset, offset + limit));
    }
    // Typed on: the matches of "turing3 a" (kept) bound every later keystroke's; nothing else is read.
    forgetSearchSets();
    await queryRows(db, { type: 'leads', search: 'turing3 a', limit: 50 });
    counter.reset();
    for (const search of ['turing3 ac', 'turing3 acm', 'turing3 acme']) {
      expect((await queryRows(db, { type: 'leads', search, limit: 50 })).rows.map((r) => r.key), search).toEqual(expected(rows, search));
    }
    expect(counter.n, 'one entry of each word per keystroke, the kept matches\' rows').toEqual({ keys: 2 * 3, rows: 11 * 3, cursors: 0 });
    // A write drops the kept matches (as it drops kept sets): a new Turing3 Acme is found.
    await db.records.put(toRow('leads', { id: 'new', name: { first: 'Pat', last: 'Turing3' }, companyName: 'Acme', updatedAt: 1 } as StoredRecord));
    expect((await queryRows(db, { type: 'leads', search: 'turing3 acme', limit: 50 })).rows.map((r) => r.id)).toContain('new');
    expect(expected(rows, 'turing3 a')).toHaveLength(9); // 11 Ádá Turing3s, two of them trashed
    expect(expected(rows, '5550 turing3')).toHaveLength(9);
    expect(expected(rows, '555 00 turing3')).toHaveLength(9);
    expect(expected(rows, 'turing3 acme')).toHaveLength(4);
  }));
});

describe('a live search answered from kept sets', () => {
  it('runs again when a matching record is written later', async () => {
    const name = `search-live-${Date.now()}`;
    const db = new ReadDB(name);
    try {
      forgetSearchSets();
      const recs: StoredRecord[] = [];
      for (let i = 0; i < 300; i++) recs.push({ id: `g${i}`, name: { first: 'Grace', last: `Hopper${i}` }, updatedAt: i } as StoredRecord);
      for (let i = 0; i < 300; i++) recs.push({ id: `a${i}`, name: { first: 'Ada', last: `Lovelace${i}` }, updatedAt: i } as StoredRecord);
      await db.records.bulkPut(recs.map((r) => toRow('leads', r)));
      await queryList(db, { type: 'leads', search: 'grace lovelace' }); // both words' sets kept
      const totals: number[] = [];
      const stop = watchList(db, { type: 'leads', search: 'grace lovelace' }, (r) => totals.push(r.total));
      try {
        await expect.poll(() => totals).toEqual([0]);
        await db.records.put(toRow('leads', { id: 'new', name: { first: 'Grace', last: 'Lovelace' }, updatedAt: 1 } as StoredRecord));
        await expect.poll(() => totals.at(-1)).toBe(1);
      } finally {
        stop();
      }
    } finally {
      db.close();
      await Dexie.delete(name);
    }
  });
});
