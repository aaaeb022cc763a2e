import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import fc from 'fast-check';
import { searchWords, tokenize } from '../../../src/domain/index.ts';
import { ReadDB } from '../../../src/store/read-db.ts';
import { toRow, type RecordRow } from '../../../src/store/rows.ts';
import { countList, queryList, queryRows } from '../../../src/store/queries.ts';
import { matchingKeys, pairRows } from '../../../src/store/search-query.ts';
import { forgetSearchSets, setsGeneration } from '../../../src/store/search-sets.ts';
import { MAX_PAIRED, pairEntries } from '../../../src/store/search-pairs.ts';
import type { StoredRecord } from '../../../src/layout/records-doc.ts';

/**
 * The `pairs` index path (two words proved apart without reading `words`) against a brute-force
 * filter over random workspaces and random queries. Names share their words with e-mails
 * ("grace.hopper@…"), companies ("Lovelace Ltd"), titles and tags, have up to 7 words (past
 * MAX_PAIRED), accents and hyphens, so that every kind of entry (`P`, `O` in each shared
 * bucket, `X`) decides some answers.
 * Queries of two name words where one starts a longer name word ("ann lee" beside "Anna") go
 * through the side that does not.
 */
const NAME = ['Grace', 'Gracey', 'Ada', 'Lovelace', 'Love', 'Hopper', 'Jean-Luc', 'Zoë', 'Ann', 'Anna', 'Lee', 'Van', 'Der', 'Berg', 'Acme'];
const OTHER = ['Acme', 'Lovelace Ltd', 'Grace Church', 'Head of Sales', 'Hopper Labs', 'Annex', 'Leeds'];
const record = fc.record({
  names: fc.array(fc.constantFrom(...NAME), { minLength: 1, maxLength: 7 }),
  n: fc.option(fc.nat(30), { nil: undefined }),
  company: fc.option(fc.constantFrom(...OTHER), { nil: undefined }),
  title: fc.option(fc.constantFrom(...OTHER), { nil: undefined }),
  tag: fc.option(fc.constantFrom('vip', 'grace-period', 'lovely'), { nil: undefined }),
  email: fc.option(fc.constantFrom('first.last', 'last', 'first', 'x'), { nil: undefined }),
  phone: fc.option(fc.integer({ min: 0, max: 9999 }), { nil: undefined }),
  deleted: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
});
type Gen = typeof record extends fc.Arbitrary<infer T> ? T : never;

const stored = (g: Gen, i: number): StoredRecord => {
  const [first, ...rest] = g.names;
  const last = `${rest.join(' ')}${g.n ?? ''}`;
  const local = g.email === 'first.last' ? `${first}.${rest[0] ?? 'x'}` : g.email === 'last' ? rest[0] ?? 'y' : g.email === 'first' ? first : 'x';
  return {
    id: `r${String(i).padStart(4, '0')}`,
    name: { first, last },
    ...(g.company ? { companyName: g.company } : {}),
    ...(g.title ? { title: g.title } : {}),
    ...(g.tag ? { tags: [g.tag] } : {}),
    ...(g.email ? { email: `${local}@example.com`.toLowerCase() } : {}),
    ...(g.phone !== undefined ? { phones: [{ number: `+1 415 555 ${String(g.phone).padStart(4, '0')}` }] } : {}),
    ...(g.deleted ? { deletedAt: 1 } : {}),
    updatedAt: i,
  } as StoredRecord;
};

const vocabulary = [...NAME, ...OTHER.flatMap((o) => o.split(' ')), 'grace.lovelace', 'vip', 'grace-p', 'example', 'x@', 'zz', '4155', 'lee7'];
const query = fc.array(fc.tuple(fc.constantFrom(...vocabulary), fc.integer({ min: 1, max: 12 })).map(([w, n]) => w.slice(0, n)), { minLength: 2, maxLength: 3 });

/** Every record (live or trashed) holding all words, in the driver's index order, by definition. */
function expected(rows: RecordRow[], words: string[]): string[] {
  const driver = `leads:${[...words].sort((a, b) => b.length - a.length)[0]}`;
  const hits = rows.filter((r) => words.every((w) => searchWords('leads', r.data).some((x) => x.startsWith(`leads:${w}`))));
  const first = (r: RecordRow) => r.words.filter((w) => w.startsWith(driver)).sort()[0];
  return hits.map((r) => ({ k: r.key, w: first(r) })).sort((a, b) => (a.w < b.w ? -1 : a.w > b.w ? 1 : a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((x) => x.k);
}

async function withDb(prefix: string, body: (db: ReadDB) => Promise<void>) {
  const name = `${prefix}-${Date.now()}-${Math.random()}`;
  const db = new ReadDB(name);
  try {
    forgetSearchSets();
    await body(db);
  } finally {
    db.close();
    await Dexie.delete(name);
  }
}

describe('two-word search through the `pairs` index', () => {
  it('answers exactly what brute force finds whenever it answers, and answers most queries of letters', async () => {
    let answered = 0;
    let asked = 0;
    await fc.assert(fc.asyncProperty(fc.array(record, { minLength: 0, maxLength: 250 }), fc.array(query, { minLength: 1, maxLength: 8 }), async (gens, queries) => {
      await withDb('pairs-prop', async (db) => {
        const rows = gens.map((g, i) => toRow('leads', stored(g, i)));
        await db.records.bulkPut([...rows, toRow('people', stored(gens[0] ?? { names: ['Grace', 'Lovelace'] } as Gen, 9999))]);
        for (const q of queries) {
          const words = tokenize(q.join(' '));
          if (words.length < 2) continue;
          forgetSearchSets();
          const got = await pairRows(db, 'leads', words, setsGeneration());
          const want = expected(rows, words);
          if (/^[a-z]/.test(words[0]) && /^[a-z]/.test(words[1])) asked++;
          if (got) {
            answered++;
            expect(got.map((r) => r.key), words.join(' ')).toEqual(want);
          }
          // Whichever path answers, the search's results are the brute force's.
          forgetSearchSets();
          expect(await matchingKeys(db, 'leads', words), `matchingKeys ${words.join(' ')}`).toEqual(want);
          const live = want.filter((k) => rows.find((r) => r.key === k)!.deleted === 0);
          const req = { type: 'leads' as const, search: words.join(' '), limit: 50 };
          forgetSearchSets();
          expect((await queryRows(db, req)).rows.map((r) => r.key), `queryRows ${words.join(' ')}`).toEqual(live.slice(0, 50));
          forgetSearchSets();
          expect((await queryList(db, { ...req, offset: 3, limit: 5 })).rows.map((r) => r.key)).toEqual(live.slice(3, 8));
          expect(await countList(db, req)).toBe(live.length);
        }
      });
    }), { numRuns: 60 });
    expect(answered).toBeGreaterThan(asked / 2);
  }, 240_000);

  it('proves two common words never meet reading no `words` entry of either, and finds the few that meet elsewhere', async () => {
    await withDb('pairs-apart', async (db) => {
      const recs: StoredRecord[] = [];
      const add = (first: string, last: string, extra: Partial<StoredRecord> = {}) => recs.push({ id: `x${String(recs.length).padStart(4, '0')}`, name: { first, last }, updatedAt: recs.length, ...extra } as StoredRecord);
      for (let i = 0; i < 400; i++) add('Grace', `Hopper${i}`, { email: `grace.hopper${i}@acme.io`, title: 'Head of Sales' });
      for (let i = 0; i < 400; i++) add('Ada', `Lovelace${i}`, { email: `ada.lovelace${i}@acme.io`, title: 'Head of Sales' });
      await db.records.bulkPut(recs.map((r) => toRow('leads', r)));
      const n = countWordReads(db);
      expect((await queryRows(db, { type: 'leads', search: 'grace lovelace', limit: 50 })).rows).toEqual([]);
      forgetSearchSets();
      expect(await countList(db, { type: 'leads', search: 'grace lovelace' })).toBe(0);
      // The first round's page of the driver and its probes (search-query.ts), never the rest of 400 + 400 entries.
      expect(n.words()).toBeLessThanOrEqual(50 + 2 * 100 + 4);
      // Meeting elsewhere: a Grace at Lovelace Ltd, a Lovelace whose e-mail says grace, a trashed one.
      add('Grace', 'Smith', { companyName: 'Lovelace Ltd' });
      add('Ann', 'Lovelace', { email: 'graceful@acme.io' });
      add('Grace', 'Lovelace', { deletedAt: 1 });
      await db.records.bulkPut(recs.slice(-3).map((r) => toRow('leads', r)));
      forgetSearchSets();
      const got = await pairRows(db, 'leads', ['grace', 'lovelace'], setsGeneration());
      expect(got?.map((r) => r.id)).toEqual(['x0800', 'x0801', 'x0802']); // each's first word under "lovelace" is "lovelace": key order
      forgetSearchSets();
      expect((await queryRows(db, { type: 'leads', search: 'grace lovelace', limit: 50 })).rows.map((r) => r.id).sort()).toEqual(['x0800', 'x0801']);
      n.restore();
    });
  });

  it('gives a record with more name words than it pairs one entry that makes it a candidate', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'].slice(0, MAX_PAIRED + 1).map((w) => `leads:${w}${w}`);
    expect(pairEntries('leads', names, names).filter((e) => e.startsWith('X'))).toEqual(['Xleads:']);
    expect(pairEntries('leads', names.slice(0, 2), names.slice(0, 2))).toEqual(['Pleads:aa\u0001bb', 'Pleads:bb\u0001aa']);
    // An e-mail starting a name word: a query word as long as the shared start finds the name word, a longer one the e-mail.
    expect(pairEntries('leads', ['leads:grace.h@x.io', 'leads:hopper'], ['leads:grace', 'leads:hopper'])).toEqual(['Pleads:grace\u0001hopper', 'Pleads:hopper\u0001grace', 'O5|leads:grace.h@x.io']);
  });
});

/** Counts the `words` index entries read (keys or rows) through IndexedDB's getAll/getAllKeys/openCursor. */
function countWordReads(_db: ReadDB) {
  let words = 0;
  const undo: (() => void)[] = [];
  for (const name of ['getAll', 'getAllKeys', 'openCursor', 'openKeyCursor', 'count'] as const) {
    const p = IDBIndex.prototype as unknown as Record<string, (...a: unknown[]) => IDBRequest>;
    const orig = p[name];
    p[name] = function (this: IDBIndex, ...a: unknown[]) {
      const req = orig.apply(this, a);
      if (this.name === 'words') req.addEventListener('success', () => { const x = req.result; words += Array.isArray(x) ? x.length : typeof x === 'number' ? x : x ? 1 : 0; });
      return req;
    };
    undo.push(() => { p[name] = orig; });
  }
  return { words: () => words, restore: () => undo.forEach((u) => u()) };
}
