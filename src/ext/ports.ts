import { browser } from 'wxt/browser';
import { displayName } from '../domain/index.ts';
import { EngineClient } from '../bridge/client.ts';
import { ReadDB, readDbName } from '../store/read-db.ts';
import { watchList } from '../store/queries.ts';
import type { RecordRow } from '../store/rows.ts';
import type { ListRow, ReadPort, WritePort } from '../ui/ports.ts';
import { loadOrCreateProfile, type Profile } from './profile.ts';
import { localStorageArea } from './browser-storage.ts';

/** Sends to the engine; if no engine answers yet, asks the background to start it and retries. */
export async function sendToEngine(message: unknown): Promise<unknown> {
  try {
    const reply = await browser.runtime.sendMessage(message);
    if (reply !== undefined) return reply;
  } catch (e) {
    if (!/Receiving end does not exist|Could not establish connection/i.test(String(e))) throw e;
  }
  await browser.runtime.sendMessage({ target: 'background', type: 'ensure-engine' });
  return browser.runtime.sendMessage(message);
}

function toListRow(r: RecordRow): ListRow {
  const d = r.data as Record<string, unknown>;
  const subtitle = [d.title, d.companyName, d.email].filter((x) => typeof x === 'string' && x).join(' · ');
  return { id: r.id, type: r.type, name: displayName(d), subtitle, statusId: r.statusId, data: d };
}

/** The ports a page's UI models are built from: reads from the read model, writes to the engine. */
export async function pagePorts(): Promise<{ profile: Profile; read: ReadPort; write: WritePort; client: EngineClient; db: ReadDB }> {
  const profile = await loadOrCreateProfile(localStorageArea);
  const db = new ReadDB(readDbName(profile.workspaceId));
  const client = new EngineClient(sendToEngine);
  const read: ReadPort = {
    watchList: (req, onPage) => watchList(db, req, (res) => onPage({ total: res.total, rows: res.rows.map(toListRow) }), (e) => console.error('Outpost list query failed', e)),
  };
  const write: WritePort = {
    create: (collection, input) => client.create(collection, input),
    update: (collection, id, patch) => client.update(collection, id, patch),
    syncStatus: async () => (await client.call<{ sync: string }>({ op: 'status' })).sync,
  };
  return { profile, read, write, client, db };
}
