import * as Y from 'yjs';
import WebSocket from 'ws';
import { createWriteStream } from 'node:fs';
import type { Page } from 'playwright-core';
import type { BenchResult } from './types.ts';
import { BENCH_EXT, buildBenchExtension } from './support/ui-seed.ts';
import { buildWorkspace, encodeWorkspace } from './support/workspace.ts';
import { launchExtension, openPage, type Launched } from '../test/e2e/support/ui.ts';
import { createTeam, memberCredential, relayProcess } from '../test/e2e/support/team.ts';
import { createMemorySyncStore } from '../test/integration/relay/memory-sync-store.ts';
import { WorkspaceConnection } from '../src/sync/index.ts';
import { recordDocKey, SHARD_COUNT } from '../src/domain/routing.ts';
import { socketRequest } from '../sync-server/protocol.ts';
import { readDbName } from '../src/store/db-names.ts';

/**
 * P8-chromium (issue 10): a teammate joins, in real Chromium with the built extension, a real
 * relay (a child process on 127.0.0.1) holding 20,000 records, through the first-run UI with an
 * invite link. Timed from the click on "Join team":
 *   P8-chromium.firstPage: the side panel's Leads list shows its first rows;
 *   P8-chromium.searchable: a search finds a lead of the LAST record shard the relay streams (docs
 *     are stored and projected in order, so every record is then in the read model).
 * Baseline, same run: a Node client joining the same workspace into an in-memory store (every doc
 * stored, no read model, no browser).
 */
const RECORDS = 20_000;
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Perlman', 'Torvalds', 'Allen', 'Backus', 'Wilson', 'Berners-Lee', 'Johnson'];
const wsPolyfill = WebSocket as unknown as typeof globalThis.WebSocket;
const until = async (check: () => boolean, timeoutMs: number) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('join-browser bench timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** How long a socket's upgrade takes now, from Node (ms). */
function upgradeMs(wsUrl: string, workspaceId: string, token: string): Promise<number> {
  const { url, protocols } = socketRequest(wsUrl, workspaceId, token);
  const t = Date.now();
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols);
    socket.on('open', () => { resolve(Date.now() - t); socket.close(); });
    socket.on('error', reject);
  });
}

/** A relay at rest: three upgrades in a row each under `REST_UPGRADE_MS`. Resolves with the time that took (ms). */
const REST_UPGRADE_MS = 100;
async function relaySettled(wsUrl: string, workspaceId: string, token: string): Promise<number> {
  const t = Date.now();
  for (let fast = 0; fast < 3;) {
    if (Date.now() - t > 300_000) throw new Error('join-browser bench: the relay did not come to rest within 5 minutes of the seeding');
    fast = (await upgradeMs(wsUrl, workspaceId, token)) < REST_UPGRADE_MS ? fast + 1 : 0;
    await new Promise((r) => setTimeout(r, 200));
  }
  return Date.now() - t;
}

/** Opens sockets to the relay from Node, one after the other for 4 s, and prints how long each upgrade took. */
function probeRelay(wsUrl: string, workspaceId: string, token: string, start: number) {
  const { url, protocols } = socketRequest(wsUrl, workspaceId, token);
  const once = (n: number) => {
    if (Date.now() - start > 4000) return;
    const t = Date.now();
    const socket = new WebSocket(url, protocols);
    socket.on('open', () => { console.error(`[join-browser] +${Date.now() - start} ms: probe ${n} opened in ${Date.now() - t} ms`); socket.close(); setTimeout(() => once(n + 1), 100); });
    socket.on('error', (e) => console.error(`[join-browser] probe ${n} failed: ${String(e)}`));
  };
  once(1);
}

/**
 * `BENCH_TRACE=file.json`: a Chrome trace (every process and thread, V8's samples) from the click
 * on "Join team" to the last record searchable, for chrome://tracing or Perfetto.
 */
async function startTrace(page: Page): Promise<{ stop(file: string): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'disabled-by-default-v8.cpu_profiler', 'IndexedDB', 'blink', 'toplevel', '__metadata'] },
  });
  return {
    async stop(file) {
      const done = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream as string)));
      await cdp.send('Tracing.end');
      const handle = await done;
      const out = createWriteStream(file);
      for (;;) {
        const chunk = await cdp.send('IO.read', { handle });
        out.write(chunk.base64Encoded ? Buffer.from(chunk.data, 'base64') : chunk.data);
        if (chunk.eof) break;
      }
      await cdp.send('IO.close', { handle });
      await new Promise((r) => out.end(r));
    },
  };
}

/** Waits (up to 5 minutes) until every record of the join is a row of `records`; returns when that was (ms from now). */
async function waitUnpacked(page: Page, dbName: string, rows: number): Promise<number> {
  const t = Date.now();
  const count = () => page.evaluate(async (name) => {
    const open = await new Promise<IDBDatabase>((resolve, reject) => { const r = indexedDB.open(name); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const n = await new Promise<number>((resolve, reject) => { const r = open.transaction('records').objectStore('records').count(); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    open.close();
    return n;
  }, dbName);
  while ((await count()) < rows) {
    if (Date.now() - t > 300_000) throw new Error('join-browser bench: the staged rows were not unpacked within 5 minutes');
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - t;
}

const FLOOR_SLICE = 500;
const FLOOR_ROUNDS = 2;
/**
 * P8-chromium.floor: the read model's record rows, read back after the join, put into an empty
 * database with the same object store and indexes, FLOOR_SLICE rows per readwrite transaction,
 * with raw IndexedDB in the page (best of FLOOR_ROUNDS): what one put per record costs this
 * browser before any of the join's own work.
 */
async function putFloor(page: Page, dbName: string): Promise<{ ms: number; rows: number; keyOnly: number; packed: number }> {
  // tsx names the helpers below with esbuild's `__name`, which the page does not have.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(async ({ dbName, slice, rounds }) => {
    const req = <T,>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const done = (tx: IDBTransaction) => new Promise<void>((resolve, reject) => { tx.oncomplete = () => resolve(); tx.onerror = () => reject(tx.error); tx.onabort = () => reject(tx.error); });
    const source = await req(indexedDB.open(dbName));
    // Every record row the join wrote: those unpacked into `records` and those still staged (src/store/staged.ts).
    const tx = source.transaction(['records', 'staged'], 'readonly');
    const store = tx.objectStore('records');
    const staged = await req(tx.objectStore('staged').getAll()) as { rows: unknown[] }[];
    const rows = [...await req(store.getAll()) as unknown[], ...staged.flatMap((s) => s.rows)];
    const indexes = [...store.indexNames].map((n) => { const i = store.index(n); return { name: n, keyPath: i.keyPath, multiEntry: i.multiEntry, unique: i.unique }; });
    const keyPath = store.keyPath;
    source.close();
    // One variant: `schema` the records store as the read model has it, `key` the primary key
    // alone, `packed` one value per slice (what one put per record costs against one per slice).
    async function once(variant: 'schema' | 'key' | 'packed', round: number): Promise<number> {
      const name = `outpost-bench-floor-${variant}-${round}`;
      await req(indexedDB.deleteDatabase(name));
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => {
        const s = open.result.createObjectStore('records', variant === 'packed' ? {} : { keyPath });
        if (variant === 'schema') for (const i of indexes) s.createIndex(i.name, i.keyPath, { multiEntry: i.multiEntry, unique: i.unique });
      };
      const db = await req(open);
      const t = performance.now();
      for (let i = 0; i < rows.length; i += slice) {
        const w = db.transaction('records', 'readwrite');
        const s = w.objectStore('records');
        if (variant === 'packed') s.put(rows.slice(i, i + slice), i);
        else for (const row of rows.slice(i, i + slice)) s.put(row);
        await done(w);
      }
      const ms = performance.now() - t;
      db.close();
      await req(indexedDB.deleteDatabase(name));
      return ms;
    }
    const best = { schema: Infinity, key: Infinity, packed: Infinity };
    for (let round = 0; round < rounds; round++) {
      for (const v of ['schema', 'key', 'packed'] as const) best[v] = Math.min(best[v], await once(v, round));
    }
    return { ms: Math.round(best.schema), rows: rows.length, keyOnly: Math.round(best.key), packed: Math.round(best.packed) };
  }, { dbName, slice: FLOOR_SLICE, rounds: FLOOR_ROUNDS });
}

export async function run(): Promise<BenchResult[]> {
  buildBenchExtension();
  const relay = await relayProcess();
  let browser: Launched | null = null;
  try {
    const team = await createTeam(relay, [{ name: 'Bob', role: 'member' }]);
    const token = await memberCredential(relay, team.workspaceId, { name: 'Seeder', role: 'member' });
    const leads = RECORDS * 0.4;
    const docs = buildWorkspace({ leads, people: RECORDS * 0.3, companies: RECORDS * 0.1, opportunities: RECORDS * 0.2, activities: 0 });
    const seed = { store: createMemorySyncStore() };
    const seeder = new WorkspaceConnection({ url: relay.wsUrl, workspaceId: team.workspaceId, token, store: seed.store, WebSocketPolyfill: wsPolyfill });
    await seeder.whenSynced;
    for (const [key, update] of encodeWorkspace(docs)) if (key.startsWith('records/')) seed.store.change(key, (d) => Y.applyUpdate(d, update));
    await until(() => seeder.status.get().unsaved === 0, 600_000);
    seeder.destroy();

    // Baseline: the same join in Node, into memory.
    const t0 = performance.now();
    const node = new WorkspaceConnection({ url: relay.wsUrl, workspaceId: team.workspaceId, token, store: createMemorySyncStore(), WebSocketPolyfill: wsPolyfill });
    await node.whenSynced;
    const baseline = performance.now() - t0;
    node.destroy();

    // The lead of the last record shard the relay streams (doc order), with the highest number.
    const lastShard = `records/${SHARD_COUNT - 1}`;
    let last = leads - 1;
    while (recordDocKey(`l${last}`) !== lastShard) last--;
    // Its name as the list shows it (bench/support/workspace.ts), not followed by another digit.
    const lastName = new RegExp(`${LAST[(last * 7) % LAST.length]}${last}(?!\\d)`);

    // A teammate joins a relay at rest, not one still busy with the seeder's 20,000-record push
    // (projection, LevelDB): the join starts once socket upgrades are fast again (a reconnect
    // under load is S4.underLoad's subject). BENCH_VERBOSE probes upgrades during the join too:
    // at load 12-16 they took 0.1-1.8 s while the browser joined, 3-25 ms at rest.
    const settled = await relaySettled(relay.wsUrl, team.workspaceId, token);
    browser = await launchExtension({ extensionDir: BENCH_EXT });
    const panel = await openPage(browser, 'sidepanel.html');
    await panel.getByRole('button', { name: 'Set up: just me or join my team' }).click();
    await panel.getByLabel('Join my team (invite link)').check();
    await panel.getByLabel('Your name').fill('Bob');
    await panel.getByLabel('Invite link (relay address and token)').fill(team.links[1]);
    const start = Date.now();
    if (process.env.BENCH_VERBOSE) {
      for (const ev of ['framenavigated', 'domcontentloaded', 'load'] as const) panel.on(ev as 'load', () => console.error(`[join-browser] +${Date.now() - start} ms: panel ${ev}`));
      panel.on('console', (m) => console.error(`[join-browser] +${Date.now() - start} ms: console ${m.text().slice(0, 200)}`));
      panel.on('request', (r) => console.error(`[join-browser] +${Date.now() - start} ms: request ${r.url().slice(0, 120)}`));
      panel.on('requestfinished', (r) => console.error(`[join-browser] +${Date.now() - start} ms: finished ${r.url().slice(0, 120)}`));
    }
    // Is a socket's open slow because of the relay or the browser? A Node socket opened at the click says.
    if (process.env.BENCH_VERBOSE) probeRelay(relay.wsUrl, team.workspaceId, token, start);
    const trace = process.env.BENCH_TRACE ? await startTrace(panel) : null;
    await Promise.all([panel.waitForEvent('load', { timeout: 60_000 }), panel.getByRole('button', { name: 'Join team' }).click()]);
    const list = panel.getByRole('list', { name: 'Leads' }).getByRole('listitem');
    let polling = !!process.env.BENCH_VERBOSE;
    void (async () => { while (polling) { const t = await panel.evaluate(() => document.body.innerText.replace(/\s+/g, ' ').slice(0, 300)).catch(() => '(reloading)'); console.error(`[join-browser] +${Date.now() - start} ms: ${t}`); await new Promise((r) => setTimeout(r, 500)); } })();
    await list.first().waitFor({ timeout: 300_000 });
    const firstPage = Date.now() - start;
    polling = false;
    if (process.env.BENCH_VERBOSE) {
      console.error(`[join-browser] first page after ${firstPage} ms`);
      // The engine's own steps (epoch ms, same clock): start, store open, socket, first batch…
      const status = (await panel.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ target: 'engine', v: 1, call: { op: 'status' } }))) as { value?: { marks?: Record<string, number> } };
      for (const [step, at] of Object.entries(status.value?.marks ?? {}).sort((a, b) => a[1] - b[1])) console.error(`[join-browser] +${at - start} ms: engine ${step}`);
    }
    await panel.getByLabel('Search leads').fill(`lead${last}`);
    await list.filter({ hasText: lastName }).first().waitFor({ timeout: 600_000 });
    const searchable = Date.now() - start;
    if (trace) await trace.stop(process.env.BENCH_TRACE as string);
    // The floor is measured once the engine has unpacked the join's staged rows (src/store/staged.ts):
    // measured while it unpacks, both contend for the same IndexedDB backend.
    const unpacked = await waitUnpacked(panel, readDbName(team.workspaceId), RECORDS);
    const floor = await putFloor(panel, readDbName(team.workspaceId));

    const note = `${RECORDS.toLocaleString('en')} records (40% leads, 30% people, 10% companies, 20% deals) on a relay child process (LevelDB) on 127.0.0.1, at rest after the seeding (${Math.round(settled / 1000)} s: three socket upgrades in a row under ${REST_UPGRADE_MS} ms); the built extension in Debian Chromium, on-disk profile, first run "Join my team" with an invite link; from the click on "Join team" (page reload, engine start, exchange of the invite, sync) to`;
    const base = Math.round(baseline);
    return [
      { id: 'P8-chromium.firstPage', value: firstPage, unit: 'ms', baseline: base, ratio: Math.round((firstPage / base) * 100) / 100, goal: '<= 1000 ms', note: `${note} the Leads list showing its first rows; baseline: a Node client joining the same workspace into memory (no read model), same run` },
      { id: 'P8-chromium.floor', value: floor.ms, unit: 'ms', baseline: searchable, ratio: Math.round((floor.ms / searchable) * 100) / 100, note: `P8-chromium's floor in Chromium: the ${floor.rows.toLocaleString('en')} record rows the join wrote (read back from the read model, unpacked or still staged), put one row per record into an empty database of the same records schema in the side panel page, ${FLOOR_SLICE} per transaction, raw IndexedDB, nothing else (no sync, Yjs, row derivation, Dexie, signals or history); best of ${FLOOR_ROUNDS}; the same rows with the primary key alone (no index) ${floor.keyOnly} ms, packed ${FLOOR_SLICE} to a value (one put per slice) ${floor.packed} ms; baseline: P8-chromium.searchable, same run. Above 3,000 ms, a read model writing one row per record during the join cannot meet the goal in this browser (hence the staged rows)` },
      { id: 'P8-chromium.listed', value: searchable + unpacked, unit: 'ms', baseline: searchable, ratio: Math.round(((searchable + unpacked) / searchable) * 100) / 100, note: `${note} every record a row of \`records\` (listed by every list: the join's staged rows unpacked by the engine once idle, src/store/staged.ts), polled every 100 ms after the search; baseline: P8-chromium.searchable, same run` },
      { id: 'P8-chromium.searchable', value: searchable, unit: 'ms', baseline: base, ratio: Math.round((searchable / base) * 100) / 100, goal: '<= 3000 ms', note: `${note} a search for a lead of the last record shard streamed listing it (every record in the read model: docs are stored and projected in stream order, past the first 1,000 rows as staged rows that search reads, src/store/staged.ts); same baseline` },
    ];
  } finally {
    await browser?.context.close();
    await relay.dispose();
  }
}
