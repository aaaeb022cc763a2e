import Dexie from 'dexie';
import Papa from 'papaparse';
import { browser } from 'wxt/browser';
import * as idb from 'lib0/indexeddb';
import * as Y from 'yjs';
import { Engine } from '../../src/store/engine.ts';
import { DocStore, docStoreName } from '../../src/store/doc-store.ts';
import { ReadDB, readDbName } from '../../src/store/read-db.ts';
import type { Collection } from '../../src/domain/index.ts';
import { Projector } from '../../src/store/projector.ts';
import { queryRows } from '../../src/store/queries.ts';
import { runImport } from '../../src/io/import.ts';
import { PROFILE_KEY } from '../../src/ext/profile.ts';
import { buildWorkspace, encodeWorkspace, SIZE_10K, SIZE_50K } from './workspace.ts';
import { rowCosts } from './row-costs.ts';
import { rebuildFigure } from './rebuild.ts';
import { searchP95, typingP95, workspaceRows } from './search-rows.ts';

/** Runs inside the benchmark extension page (Chromium, on-disk profile); driven by Playwright. */
const g = globalThis as unknown as { gc?: () => void; __engine?: Engine };
const heapMB = () => ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1024 / 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const benchApi = {
  /**
   * U1's baseline: in an already-open extension page, open the same read model, read the first
   * 50 leads by name (or matching `search`: U2's baseline) and paint them as plain rows — the
   * work the panel can't avoid, without its boot and components.
   */
  async paintFirstRows(workspaceId: string, search = '') {
    const t0 = performance.now();
    const db = new ReadDB(readDbName(workspaceId));
    const page = await queryRows(db, { type: 'leads', search, offset: 0, limit: 50 });
    const list = document.createElement('ul');
    for (const r of page.rows) { const li = document.createElement('li'); li.textContent = String((r.data as { name?: { first?: string } }).name?.first ?? r.id); list.append(li); }
    document.body.append(list);
    await new Promise((done) => requestAnimationFrame(() => done(null)));
    const ms = performance.now() - t0;
    list.remove();
    db.close();
    if (!search && page.rows.length < 50) throw new Error(`only ${page.rows.length} rows`);
    return ms;
  },

  /**
   * U4's baseline: in an open extension page, read one record from the same read model and
   * paint its name as a heading — the work opening a record can't avoid, without components.
   */
  async paintRecord(workspaceId: string, key: string) {
    const t0 = performance.now();
    const db = new ReadDB(readDbName(workspaceId));
    const row = await db.records.get(key);
    const h = document.createElement('h2');
    h.textContent = String((row?.data as { name?: { first?: string } } | undefined)?.name?.first ?? key);
    document.body.append(h);
    await new Promise((done) => requestAnimationFrame(() => done(null)));
    const ms = performance.now() - t0;
    h.remove();
    db.close();
    if (!row) throw new Error(`no record ${key}`);
    return ms;
  },

  /**
   * Points the profile at `workspaceId` and restarts the extension's own engine (offscreen
   * document) on it: an idle workspace while this page's engine measures P6, so the two do not
   * load 50k records side by side; the seeded one for the side panel figures.
   */
  async useProfile(workspaceId: string) {
    await browser.storage.local.set({ [PROFILE_KEY]: { workspaceId, memberId: 'bench', role: 'admin', name: 'Bench' } });
    await browser.runtime.sendMessage({ target: 'background', type: 'restart-engine' });
    return { ok: true };
  },

  /** Where P7's time goes: the import in an engine of this page, phase by phase (ms). */
  async importPhases(csvText: string) {
    const engine = new Engine({ workspaceId: `phases-${Date.now()}`, actor: { memberId: 'bench', role: 'admin', name: 'Bench' } });
    await engine.ready;
    const t0 = performance.now();
    // As the bridge runs it (src/bridge/host.ts): the read model held until the docs are durable.
    // Phase by phase, as Engine.bulkWrite does it.
    const release = engine.projector.hold();
    const result = await runImport(engine.repo, new TextEncoder().encode(csvText), { as: 'leads', existing: (t) => engine.liveRecords(t) });
    const t1 = performance.now();
    await engine.durable();
    const t2 = performance.now();
    release();
    await engine.settle();
    const t3 = performance.now();
    const projector = { ...engine.projector.writeTimings };
    // The read model's floor: the same rows (records and their history) put again into an empty
    // read model, 500 of each per transaction as the projector writes an import's slices.
    const records = await engine.db.records.toArray();
    const history = await engine.db.history.toArray();
    await engine.destroy();
    const floor = new ReadDB(`floor-${Date.now()}`);
    const t4 = performance.now();
    for (let i = 0; i < records.length; i += 500) {
      await floor.transaction('rw', [floor.records, floor.history], async () => {
        await floor.records.bulkPut(records.slice(i, i + 500));
        await floor.history.bulkPut(history.slice(i, i + 500));
      });
    }
    const readModelFloorMs = performance.now() - t4;
    floor.close();
    await Dexie.delete(floor.name);
    return { created: result.created, importMs: t1 - t0, durableMs: t2 - t1, readModelMs: t3 - t2, readModelFloorMs, projector, words: records.reduce((n, r) => n + r.words.length, 0) / Math.max(1, records.length) };
  },

  /** What each part of a read-model row costs to write in Chromium (bench/support/row-costs.ts). */
  rowCosts(n = 10_000, rounds = 1, only?: string[]) {
    return rowCosts({}, n, rounds, 500, only);
  },

  /** R1: the first read-model rebuild of a stored workspace in this page (bench/support/rebuild.ts). */
  rebuild(size: '10k' | '50k') {
    return rebuildFigure({}, size);
  },

  /** P7's baseline in the browser: papaparse alone on the CSV text (rows parsed). */
  parseCsv(text: string): number {
    return Papa.parse(text, { header: true }).data.length;
  },

  async seed(workspaceId: string, size: '10k' | '50k') {
    const t0 = performance.now();
    const docs = buildWorkspace(size === '50k' ? SIZE_50K : SIZE_10K);
    const updates = encodeWorkspace(docs);
    const store = new DocStore(docStoreName(workspaceId));
    for (const [key, update] of updates) await store.replace(key, update);
    await store.close();
    const read = new ReadDB(readDbName(workspaceId));
    const projector = new Projector(docs, read);
    await projector.rebuild();
    projector.destroy();
    read.close();
    await browser.storage.local.set({ [PROFILE_KEY]: { workspaceId, memberId: 'bench', role: 'admin', name: 'Bench' } });
    return { ms: performance.now() - t0, bytes: [...updates.values()].reduce((n, u) => n + u.byteLength, 0) };
  },

  /** P6: engine cold load to ready (docs from IndexedDB, read model checked), ms and MB of heap. */
  async coldLoad(workspaceId: string) {
    g.gc?.();
    const before = heapMB();
    const t0 = performance.now();
    const engine = new Engine({ workspaceId, actor: { memberId: 'bench', role: 'admin' } });
    const { readModel } = await engine.ready;
    const ms = performance.now() - t0;
    g.gc?.();
    g.__engine = engine;
    return { ms, heapMB: heapMB() - before, readModel, timings: JSON.stringify(engine.timings) };
  },

  /**
   * P6's baseline: the floor of any Yjs cold load: read every doc's stored updates from
   * IndexedDB and apply them to empty docs (no engine, no read model check).
   */
  async rawDocLoad(workspaceId: string) {
    const t0 = performance.now();
    const store = new DocStore(docStoreName(workspaceId));
    await store.ready;
    for (const key of store.docKeys()) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, await store.merged(key));
      doc.destroy();
    }
    await store.close();
    return performance.now() - t0;
  },

  /** P3: capture → durable in IndexedDB, median ms; baseline a raw Dexie put of the same row. */
  async capture(n: number) {
    const engine = g.__engine!;
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      engine.repo.create('leads', { name: { first: 'Pat', last: `Capture${i}` }, email: `pat${i}@capture.example`, companyName: 'Capture Co', title: 'CTO', sourceId: 'web-page' });
      await engine.durable();
      times.push(performance.now() - t0);
    }
    const base = new Dexie('bench-baseline');
    base.version(1).stores({ rows: 'id' });
    const baseTimes: number[] = [];
    for (let i = 0; i < n; i++) {
      const row = { id: `b${i}-${Math.random()}`, name: { first: 'Pat', last: `Capture${i}` }, email: `pat${i}@capture.example`, companyName: 'Capture Co', title: 'CTO', sourceId: 'web-page' };
      const t0 = performance.now();
      await base.table('rows').put(row);
      baseTimes.push(performance.now() - t0);
    }
    base.close();
    return { median: median(times), baseline: median(baseTimes) };
  },

  /**
   * P5 (one round) and S5-search-chromium (several): search p95 over the read model, the first
   * page of matches per term; baseline a raw Dexie index range of the same prefix.
   */
  async search(workspaceId: string, terms: string[], rounds = 1) {
    const db = new ReadDB(readDbName(workspaceId));
    const s = await searchP95(db, terms, rounds);
    db.close();
    return { p95: s.p95, baseline: s.baseline, perTerm: s.slowest };
  },

  /** S5-search-typing-chromium: S5-search-typing's keystrokes over the read model (typingP95). */
  async searchTyping(workspaceId: string, terms: string[]) {
    const db = new ReadDB(readDbName(workspaceId));
    const t = await typingP95(db, terms);
    db.close();
    return t;
  },

  /** S5-search-chromium: the bench workspace's record rows put into a fresh read model (no docs, no engine). */
  async seedSearchRows(workspaceId: string) {
    const t0 = performance.now();
    const db = new ReadDB(readDbName(workspaceId));
    for (const rows of workspaceRows(SIZE_50K)) await db.records.bulkPut(rows);
    const count = await db.records.count();
    db.close();
    return { ms: performance.now() - t0, count };
  },

  /**
   * Waits until the profile's engine (the extension's Worker) answers ready, then says whether
   * the read model reflects every stored doc (the side panel figures are taken with a current
   * read model, not during a rebuild): ms waited and the docs whose recorded state differs.
   */
  async engineSettled(workspaceId: string) {
    const t0 = performance.now();
    for (;;) {
      const reply = (await browser.runtime.sendMessage({ target: 'engine', v: 1, call: { op: 'status' } }).catch(() => undefined)) as { ok?: boolean; value?: { ready?: boolean } } | undefined;
      if (reply?.ok && reply.value?.ready) break;
      if (!reply) await browser.runtime.sendMessage({ target: 'background', type: 'ensure-engine' }).catch(() => undefined);
      if (performance.now() - t0 > 600_000) throw new Error('the engine never became ready');
      await new Promise((r) => setTimeout(r, 100));
    }
    const waited = performance.now() - t0;
    const store = new DocStore(docStoreName(workspaceId));
    await store.ready;
    const read = new ReadDB(readDbName(workspaceId));
    const meta = await read.meta.get('state');
    read.close();
    const behind: string[] = [];
    for (const key of store.docKeys()) {
      if (key === 'config') continue;
      const stored = btoa(String.fromCharCode(...(await store.stateVector(key))));
      if (meta?.vectors[key] !== stored) behind.push(key);
    }
    await store.close();
    return { waited, version: meta?.version ?? 0, behind: behind.length, first: behind.slice(0, 3).join(' ') };
  },

  /** Writes a lead through the profile's engine, as any page does; returns when it was sent. */
  async createViaEngine(first: string) {
    const sentAt = Date.now();
    const reply = (await browser.runtime.sendMessage({ target: 'engine', v: 1, call: { op: 'create', collection: 'leads', input: { name: { first } } } })) as { ok: boolean };
    return { sentAt, ok: String(reply?.ok) };
  },

  /** S1: in a page of a browser just started, an engine starts and an existing record's edit is durable (ms). */
  async startAndEdit(workspaceId: string, collection: Collection, id: string) {
    const t0 = performance.now();
    const engine = new Engine({ workspaceId, actor: { memberId: 'bench', role: 'admin' } });
    const { readModel } = await engine.ready;
    const ready = performance.now() - t0;
    await engine.run(() => engine.repo.update(collection, id, { tags: [`s1-${Date.now()}`] }));
    const edited = performance.now() - t0; // its shard loaded and the edit made in memory
    await engine.durable();
    const ms = performance.now() - t0;
    const timings = Object.entries({ ...engine.timings, edited }).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ');
    await engine.destroy();
    return { ms, ready, readModel, timings };
  },

  /** S1's baseline: one raw IndexedDB put in a fresh transaction of a new database (ms). */
  async rawPut() {
    const db = await new Promise<IDBDatabase>((res, rej) => { const q = indexedDB.open(`raw-${Math.random()}`, 1); q.onupgradeneeded = () => q.result.createObjectStore('s'); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
    const t0 = performance.now();
    await new Promise<void>((res, rej) => { const tx = db.transaction('s', 'readwrite'); tx.objectStore('s').put({ data: 'x'.repeat(300) }, 1); tx.oncomplete = () => res(); tx.onerror = () => rej(tx.error); });
    const ms = performance.now() - t0;
    db.close();
    return ms;
  },

  /** S2: the heap an engine adds after its start and opening `ids` (each record read through its shard), MB after GC. */
  async heapAfterOpening(workspaceId: string, ids: [Collection, string][]) {
    g.gc?.(); g.gc?.();
    const before = heapMB();
    const engine = new Engine({ workspaceId, actor: { memberId: 'bench', role: 'admin' } });
    await engine.ready;
    for (const [collection, id] of ids) if (!(await engine.run(() => engine.repo.get(collection, id)))) throw new Error(`no ${collection} ${id}`);
    g.gc?.(); g.gc?.();
    const mb = heapMB() - before;
    const loaded = engine.docs.loadedDocs().length;
    g.__engine = engine; // kept alive until measured
    return { mb, loaded, gc: String(!!g.gc) };
  },

  async stop() {
    await g.__engine?.destroy();
    g.__engine = undefined;
  },
};
