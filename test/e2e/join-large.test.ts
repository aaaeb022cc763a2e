import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import WebSocket from 'ws';
import type { Page } from 'playwright-core';
import { launchExtension, screenshot, type Launched } from './support/ui.ts';
import { createTeam, joinTeam, memberCredential, relayProcess, syncStatus, type RelayProcess } from './support/team.ts';
import { createMemorySyncStore } from '../integration/relay/memory-sync-store.ts';
import { waitFor } from '../integration/relay/helpers.ts';
import { WorkspaceConnection } from '../../src/sync/index.ts';
import { recordDocKey } from '../../src/domain/routing.ts';
import { readDbName } from '../../src/store/db-names.ts';

/**
 * A teammate joins a team of 6,000 leads in real Chromium, through the first-run UI. Past the
 * first 1,000 rows the join's rows are staged (src/store/staged.ts) and unpacked once the engine
 * is idle: as soon as the side panel says "All changes saved", any lead is found by search and
 * opens; the lists then fill to every lead, and the status bar's "Listing new records" goes away.
 */
const LEADS = 6_000;

/** Rows the page's read model holds now: as rows, and as staged rows. */
const readModelRows = (page: Page, name: string) => page.evaluate(async (db) => {
  const open = await new Promise<IDBDatabase>((resolve, reject) => { const r = indexedDB.open(db); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const ask = <T,>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const tx = open.transaction(['records', 'staged']);
  const [records, staged] = await Promise.all([ask(tx.objectStore('records').count()), ask(tx.objectStore('staged').getAll()) as Promise<{ rows: unknown[] }[]>]);
  open.close();
  return { records, staged: staged.reduce((n, s) => n + s.rows.length, 0) };
}, name);

describe('a teammate joining 6,000 leads', () => {
  let relay: RelayProcess;
  let bob: Launched;
  let workspaceId = '';
  let link = '';

  beforeAll(async () => {
    relay = await relayProcess();
    const team = await createTeam(relay, [{ name: 'Bob', role: 'member' }]);
    workspaceId = team.workspaceId;
    link = team.links[1];
    const token = await memberCredential(relay, workspaceId, { name: 'Seeder', role: 'member' });
    const store = createMemorySyncStore();
    const seeder = new WorkspaceConnection({ url: relay.wsUrl, workspaceId, token, store, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket });
    await seeder.whenSynced;
    for (let i = 0; i < LEADS; i++) {
      const id = `lead-${String(i).padStart(5, '0')}`;
      store.change(recordDocKey(id), (d) => {
        const m = d.getMap('leads');
        m.set(`${id}/_c`, [1_700_000_000_000 + i, 'm1']);
        m.set(`${id}/name`, { first: `Wren${i}`, last: 'Joiner' });
        m.set(`${id}/email`, `wren${i}@joiner.example`);
      });
    }
    await waitFor(() => seeder.status.get().unsaved === 0, 120_000, 'the seeding saved by the relay');
    seeder.destroy();
    bob = await launchExtension();
  }, 240_000);
  afterAll(async () => {
    await bob?.context.close();
    await relay?.dispose();
    if (bob?.profileDir) rmSync(bob.profileDir, { recursive: true, force: true });
  });

  it('finds and opens any lead once synced, then lists all of them', async () => {
    const panel = await joinTeam(bob, 'Bob', link);
    const dbName = readDbName(workspaceId);
    const atSynced = await readModelRows(panel, dbName);
    // Every lead is in the read model, as a row or a staged row (how many are still staged
    // depends on how fast this machine unpacks: printed, not asserted; the unit tests own it).
    expect(atSynced.records + atSynced.staged).toBe(LEADS);
    console.info(`join-large: at "All changes saved", ${atSynced.records} rows and ${atSynced.staged} staged`);

    // Found by search and opened at once: the last lead the relay sent, and one from the middle.
    for (const n of [LEADS - 1, 3_217]) {
      await panel.getByLabel('Search leads').fill(`wren${n}@`);
      const hit = panel.getByRole('list', { name: 'Leads' }).getByRole('listitem').filter({ hasText: `Wren${n} Joiner` });
      await hit.first().waitFor({ timeout: 15_000 });
      await hit.first().click();
      await panel.getByRole('heading', { name: `Wren${n} Joiner` }).waitFor({ timeout: 15_000 });
      await screenshot(panel, `join-large-lead-${n}-360`);
      await panel.goto(panel.url().replace(/#.*$/, '#/'));
    }
    await screenshot(panel, 'join-large-found-360');

    // Then every lead is a row, and nothing says the lists are still filling.
    await waitFor(async () => (await readModelRows(panel, dbName)).records === LEADS, 120_000, 'every lead a row');
    expect(await readModelRows(panel, dbName)).toEqual({ records: LEADS, staged: 0 });
    await panel.getByLabel('Search leads').fill('');
    await syncStatus(panel).filter({ hasText: 'All changes saved' }).waitFor({ timeout: 15_000 });
    await panel.getByText(/^Listing new records/).waitFor({ state: 'detached', timeout: 15_000 });
    await screenshot(panel, 'join-large-listed-360');
  });
});
