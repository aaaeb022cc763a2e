import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { Engine } from '../../../src/store/engine.ts';
import { createDocs } from '../../../src/store/docs.ts';
import { seedDefaults } from '../../../src/store/config-store.ts';
import { Repository } from '../../../src/store/repository.ts';
import { Projector } from '../../../src/store/projector.ts';
import { ReadDB } from '../../../src/store/read-db.ts';
import type { RecordRow } from '../../../src/store/rows.ts';
import type { DocKey } from '../../../src/domain/routing.ts';
import { recordHistory } from '../../../src/store/history.ts';
import { historyEntries } from '../../../src/store/rows.ts';

let n = 0;
const open: { close(): void }[] = [];
afterEach(() => { for (const o of open.splice(0)) o.close(); });

function freshDb() {
  const db = new ReadDB(`test-read-${++n}-${Math.random()}`);
  open.push(db);
  return db;
}
const sortRows = (rows: RecordRow[]) => rows.map((r) => ({ ...r, words: [...r.words].sort() })).sort((a, b) => a.key.localeCompare(b.key));

const op = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), first: fc.constantFrom('Ada', 'Bob', 'Zoë', 'Li'), email: fc.option(fc.constantFrom('a@x.io', 'b@y.org', 'c@gmail.com')) }),
  fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), title: fc.option(fc.constantFrom('CEO', 'CTO', 'Buyer')), tags: fc.array(fc.constantFrom('hot', 'cold', 'vip'), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('restore' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('company' as const), name: fc.constantFrom('Acme', 'Globex', 'Initech') }),
  fc.record({ kind: fc.constant('remote' as const), first: fc.constantFrom('Remote', 'Peer') }),
);

describe('read model', () => {
  it('rebuilt from scratch equals the incrementally maintained one after 1,000 random operations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1000, maxLength: 1000 }), async (ops) => {
        const docs = createDocs();
        seedDefaults(docs.config, { id: 'm1' });
        const repo = new Repository({ docs, actor: { memberId: 'm1', role: 'admin' } });
        const peer = createDocs();
        const peerRepo = new Repository({ docs: peer, actor: { memberId: 'm2', role: 'member' } });
        seedDefaults(peer.config, { id: 'm1' });
        const fromPeer: { key: DocKey; update: Uint8Array }[] = [];
        peer.onUpdate((u) => { if (u.key.startsWith('records/')) fromPeer.push(u); });
        const incremental = freshDb();
        const projector = new Projector(docs, incremental);
        await projector.catchUp();
        const ids: string[] = [];
        for (const o of ops) {
          const id = ids.length ? ids[('pick' in o ? o.pick : 0) % ids.length] : undefined;
          try {
            if (o.kind === 'create') ids.push(repo.create('leads', { name: { first: o.first }, ...(o.email ? { email: o.email } : {}) }).id);
            else if (o.kind === 'company') repo.create('companies', { name: o.name });
            else if (o.kind === 'update' && id) repo.update('leads', id, { title: o.title, tags: o.tags });
            else if (o.kind === 'delete' && id) repo.delete('leads', id);
            else if (o.kind === 'restore' && id) repo.restore('leads', id);
            else if (o.kind === 'remote') {
              ids.push(peerRepo.create('leads', { name: { first: o.first } }).id);
              for (const u of fromPeer.splice(0)) Y.applyUpdate(docs.doc(u.key), u.update, 'remote');
            }
          } catch (e) {
            if (!(e instanceof Error && /No leads record/.test(e.message))) throw e; // deleted picks are fine
          }
        }
        await projector.flush();
        const rebuilt = freshDb();
        const p2 = new Projector(docs, rebuilt);
        await p2.rebuild();
        expect(sortRows(await incremental.records.toArray())).toEqual(sortRows(await rebuilt.records.toArray()));
        const entries = async (db: ReadDB) => historyEntries(await db.history.toArray()).map((e) => e.id).sort();
        expect(await entries(incremental)).toEqual(await entries(rebuilt));
        projector.destroy();
        p2.destroy();
      }),
      { numRuns: Number(process.env.OUTPOST_SEEDS ?? 5) },
    );
  });

  it('search, filters and sort come from indexes', async () => {
    const docs = createDocs();
    seedDefaults(docs.config, { id: 'm1' });
    const repo = new Repository({ docs, actor: { memberId: 'm1', role: 'admin' } });
    const db = freshDb();
    const p = new Projector(docs, db);
    await p.catchUp();
    repo.create('leads', { name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@acme.io', statusId: 'open' });
    repo.create('leads', { name: { first: 'Bob' }, phones: [{ number: '+1 415 555 0100' }] });
    repo.create('people', { name: { first: 'Ada' } });
    await p.flush();
    const byWord = await db.records.where('words').startsWith('leads:ada').distinct().toArray();
    expect(byWord.map((r) => r.data.email)).toEqual(['ada@acme.io']);
    expect((await db.records.where('words').startsWith('leads:5550100').toArray()).map((r) => r.sortName)).toEqual(['bob']);
    expect(await db.records.where('[type+statusId]').equals(['leads', 'open']).count()).toBe(1);
    expect((await db.records.where('[type+deleted+sortName]').between(['leads', 0, ''], ['leads', 0, '\uffff']).toArray()).map((r) => r.sortName)).toEqual(['ada lovelace', 'bob']);
    expect(await db.records.where('domains').equals('acme.io').count()).toBe(1);
    p.destroy();
  });
});

describe('read model writes while one is in progress', () => {
  it('join one waiting batch (later values win, deletes kept), and its vectors say exactly what the rows hold', async () => {
    const docs = createDocs();
    seedDefaults(docs.config, { id: 'm1' });
    const repo = new Repository({ docs, actor: { memberId: 'm1', role: 'admin' } });
    const db = freshDb();
    const projector = new Projector(docs, db);
    open.unshift({ close: () => projector.destroy() });
    await projector.catchUp();
    const writes = projector.writeTimings.flushes;
    const ada = repo.create('leads', { name: { first: 'Ada' } });
    const first = projector.flush();
    await Promise.resolve(); // its write has begun: later flushes wait
    repo.update('leads', ada.id, { title: 'CEO' });
    const bob = repo.create('leads', { name: { first: 'Bob' } });
    void projector.flush(); // waits for the first write
    repo.update('leads', ada.id, { title: 'CTO' });
    repo.delete('leads', bob.id);
    const cy = repo.create('leads', { name: { first: 'Cy' } });
    const last = projector.flush(); // joins the waiting batch
    await first;
    await last;
    expect(projector.writeTimings.flushes - writes).toBe(2);
    expect((await db.records.get(`leads:${ada.id}`))?.data).toMatchObject({ title: 'CTO' });
    expect((await db.records.get(`leads:${bob.id}`))?.deleted).toBe(1);
    expect(await db.records.get(`leads:${cy.id}`)).toBeDefined();
    // The recorded vectors are the docs' own: a restart on these docs finds nothing to do.
    const meta = await db.meta.get('state');
    for (const [key, doc] of docs.loadedDocs()) {
      if (key === 'config') continue;
      expect(meta?.vectors[key], key).toBe(Buffer.from(Y.encodeStateVector(doc)).toString('base64'));
    }
    projector.destroy();
    const again = new Projector(docs, db);
    open.unshift({ close: () => again.destroy() });
    expect(await again.catchUp()).toBe('current');
  });
});

describe('engine', () => {
  it('persists to IndexedDB; a restart keeps records and does not rebuild the read model', async () => {
    const ws = `ws-${Math.random()}`;
    const actor = { memberId: 'm1', role: 'admin' as const };
    const e1 = new Engine({ workspaceId: ws, actor });
    // Written before the docs load: must not wait for them.
    const early = e1.repo.create('leads', { name: { first: 'Early' } });
    expect((await e1.ready).readModel).toBe('rebuilt'); // first start: nothing to reflect yet
    const late = e1.repo.create('leads', { name: { first: 'Late' }, email: 'late@acme.io' });
    await e1.settle();
    expect(await e1.db.records.count()).toBe(2);
    await e1.destroy();

    const e2 = new Engine({ workspaceId: ws, actor });
    expect((await e2.ready).readModel).toBe('current');
    // Shards load on demand: a restart loaded none; reading a record loads its shard.
    expect(e2.docs.loadedDocs()).toEqual([]);
    expect((await e2.run(() => e2.repo.get('leads', early.id)))?.name).toEqual({ first: 'Early' });
    expect((await e2.run(() => e2.repo.get('leads', late.id)))?.email).toBe('late@acme.io');
    // A change made while the read model was not watching is caught up incrementally.
    e2.projector.destroy();
    await e2.run(() => e2.repo.update('leads', late.id, { title: 'Buyer' }));
    const call = await e2.run(() => e2.repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: late.id }, details: 'Left a message' }));
    await e2.durable();
    await e2.destroy();

    const e3 = new Engine({ workspaceId: ws, actor });
    expect((await e3.ready).readModel).toBe('incremental');
    expect((await e3.db.records.get(`leads:${late.id}`))?.data.title).toBe('Buyer');
    // The timeline doc loads behind `ready`; its catch-up follows.
    await e3.activitiesLoaded;
    expect((await e3.db.activities.get(call.id))?.details).toBe('Left a message');
    expect((await recordHistory(e3.db, `leads:${late.id}`)).length).toBe(2); // create + update
    expect(readConfigNames(e3)).toContain('New');
    await e3.destroy();
  });

  it('a write made before load is durable before the docs finish loading', async () => {
    const ws = `ws-${Math.random()}`;
    const e1 = new Engine({ workspaceId: ws, actor: { memberId: 'm1', role: 'admin' } });
    const lead = e1.repo.create('leads', { name: { first: 'Quick' } });
    await e1.durable();
    await e1.ready;
    await e1.destroy();
    const e2 = new Engine({ workspaceId: ws, actor: { memberId: 'm1', role: 'admin' } });
    await e2.ready;
    expect((await e2.run(() => e2.repo.get('leads', lead.id)))?.name.first).toBe('Quick');
    await e2.destroy();
  });
});

function readConfigNames(e: Engine) {
  return [...e.docs.config.getMap<{ name: string }>('leadStatuses').values()].map((s) => s.name);
}

describe('list pages and their counts', () => {
  it('gives the same rows without the count, and the count on its own, as the full query', async () => {
    const { queryList, queryRows, countList } = await import('../../../src/store/queries.ts');
    const engine = new Engine({ workspaceId: `counts-${Date.now()}`, actor: { memberId: 'm1', role: 'admin', name: 'M' } });
    await engine.ready;
    for (let i = 0; i < 60; i++) engine.repo.create('leads', { name: { first: `Ann${String(i).padStart(2, '0')}` }, ...(i % 3 === 0 ? { statusId: 'open' } : {}) });
    const gone = engine.repo.create('leads', { name: { first: 'Zed' }, statusId: 'open' });
    await engine.run(() => engine.repo.delete('leads', gone.id));
    await engine.settle();
    for (const q of [{ type: 'leads' as const }, { type: 'leads' as const, statusId: 'open' }, { type: 'leads' as const, offset: 10, limit: 5 }, { type: 'leads' as const, offset: 55, limit: 10 }, { type: 'leads' as const, offset: 60, limit: 10 }, { type: 'leads' as const, statusId: 'open', offset: 5, limit: 5 }]) {
      const full = await queryList(engine.db, q);
      const rows = await queryRows(engine.db, q);
      expect(rows.total).toBeNull();
      expect(rows.rows.map((r) => r.id)).toEqual(full.rows.map((r) => r.id));
      expect(await countList(engine.db, q)).toBe(q.statusId ? 20 : 60);
    }
    expect((await queryList(engine.db, { type: 'leads', statusId: 'open' })).rows.every((r) => r.deleted === 0)).toBe(true);
    // Wherever the trashed "Zed" falls in the status index, pages of a status list are full and
    // their total counts live records only (the full query once dropped it after the offset).
    const pages = [];
    for (let offset = 0; offset < 20; offset += 5) {
      const page = await queryList(engine.db, { type: 'leads', statusId: 'open', offset, limit: 5 });
      expect(page.rows).toHaveLength(5);
      expect(page.total).toBe(20);
      pages.push(...page.rows.map((r) => r.id));
    }
    expect(new Set(pages).size).toBe(20);
    // Search pages: the same matches as the full query, the total counted on its own.
    engine.repo.create('leads', { name: { first: 'Annabel', last: 'Zed' } });
    await engine.settle();
    for (const search of ['ann', 'ann1', 'annabel zed', 'zed', 'nobody']) {
      const full = await queryList(engine.db, { type: 'leads', search, limit: 50 });
      const page = await queryRows(engine.db, { type: 'leads', search, limit: 50 });
      expect(page.rows.map((r) => r.id)).toEqual(full.rows.map((r) => r.id));
      expect(await countList(engine.db, { type: 'leads', search })).toBe(full.total);
    }
    expect((await queryRows(engine.db, { type: 'leads', search: 'ann', offset: 55, limit: 10 })).rows).toHaveLength(6);
    await engine.destroy();
  });

  it('finds words that are common alone and rare together, past the rows it tests first, in the same order as the full query', async () => {
    const { queryList, queryRows, countList } = await import('../../../src/store/queries.ts');
    const engine = new Engine({ workspaceId: `rare-${Date.now()}`, actor: { memberId: 'm1', role: 'admin', name: 'M' } });
    await engine.ready;
    // "common…" matches 150 leads, "omega" 80: together only the four "Omega Commonplace".
    for (let i = 0; i < 150; i++) engine.repo.create('leads', { name: { first: 'Zeta', last: `Common${i}` } });
    for (let i = 0; i < 80; i++) engine.repo.create('leads', { name: { first: 'Omega', last: `Other${i}` }, statusId: 'open' });
    const pair = [0, 1, 2, 3].map((i) => engine.repo.create('leads', { name: { first: 'Omega', last: 'Commonplace' }, title: `Pair ${i}`, ...(i === 2 ? { statusId: 'open' } : {}) }));
    await engine.run(() => engine.repo.delete('leads', pair[1].id));
    await engine.settle();
    for (const q of [{ search: 'omega common' }, { search: 'common omega', limit: 2, offset: 1 }, { search: 'omega common', statusId: 'open' }, { search: 'zeta common1' }, { search: 'omega zeta' }]) {
      const query = { type: 'leads' as const, limit: 50, ...q };
      const full = await queryList(engine.db, query);
      const page = await queryRows(engine.db, query);
      expect(page.rows.map((r) => r.id), q.search).toEqual(full.rows.map((r) => r.id));
      if (!q.statusId) expect(await countList(engine.db, query)).toBe(full.total);
    }
    const found = await queryRows(engine.db, { type: 'leads', search: 'omega common', limit: 50 });
    expect(found.rows.map((r) => r.id).sort()).toEqual([pair[0].id, pair[2].id, pair[3].id].sort());
    expect((await queryRows(engine.db, { type: 'leads', search: 'omega common', statusId: 'open', limit: 50 })).rows.map((r) => r.id)).toEqual([pair[2].id]);
    expect((await queryRows(engine.db, { type: 'leads', search: 'zeta common1', limit: 100 })).rows).toHaveLength(61); // common1, common10–19, common100–149
    expect((await queryRows(engine.db, { type: 'leads', search: 'omega zeta', limit: 50 })).rows).toEqual([]);
    await engine.destroy();
  });
});
