import { afterEach, describe, expect, it } from 'vitest';
import { recordDocKey } from '../../../src/domain/routing.ts';
import { createRecord } from '../../../src/layout/record-write.ts';
import { connectWorkspace, createMemorySyncStore } from './memory-sync-store.ts';
import { startTestRelay, waitFor, workspaceWith } from './helpers.ts';

const PUSHED = 4000;
const CHANGED = 10;
const writer = { by: 'm1', at: 1_700_000_000_000 };

/**
 * S4 under load: a teammate pushed thousands of records, and the relay projects them into its
 * API tables in slices for seconds. A reconnect meanwhile (another teammate's browser starting
 * again after 10 changes) is answered ahead of those slices — the drain holds back while a
 * sync answer, an upgrade or an ack is in flight (`sync-server/foreground.ts`) — and what it
 * gets is right; the projection still ends with every record.
 */
describe('relay: a reconnect while a big push is projected', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
  });

  it('is answered and correct; the projection holds back for it and still projects every record', async () => {
    const t = await startTestRelay();
    cleanup.push(() => t.stop());
    const ws = await workspaceWith(t.relay);
    const saved = (c: ReturnType<typeof connectWorkspace>) => waitFor(() => c.connection.status.get().synced && c.connection.status.get().unsaved === 0, 120_000, 'synced and saved');
    const id = (i: number) => `lead-${String(i).padStart(5, '0')}`;

    // B is in step with a small workspace, then its browser closes (the store is kept).
    const a = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.member, createMemorySyncStore());
    cleanup.push(async () => a.connection.destroy());
    await saved(a);
    for (let i = 0; i < CHANGED; i++) a.store.change(recordDocKey(id(i)), (d) => createRecord(d, 'leads', id(i), { name: { first: `Lead${i}` }, title: 'Before' }, writer));
    await saved(a);
    const bStore = createMemorySyncStore();
    let b = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.admin, bStore);
    await saved(b);
    b.connection.destroy();
    // The relay has run a while: its projection follows this workspace live.
    const projection = t.relay.projection;
    await projection.ensureWorkspace(ws.workspaceId);

    // A pushes thousands of records and changes the 10 B has; the relay acks them once on disk
    // and projects them afterwards, in slices.
    for (let i = CHANGED; i < PUSHED; i++) a.store.change(recordDocKey(id(i)), (d) => createRecord(d, 'leads', id(i), { name: { first: `Lead${i}`, last: 'Pushed' }, email: `lead${i}@push.example`, title: 'Head of Sales' }, writer));
    for (let i = 0; i < CHANGED; i++) a.store.change(recordDocKey(id(i)), (d) => d.getMap('leads').set(`${id(i)}/title`, 'Changed while B was away'));
    await saved(a);
    const heldBefore = projection.backlog.held;
    expect(projection.backlog.rooms).toBeGreaterThan(0); // the push is still being projected

    // B starts again meanwhile: it is answered, and gets exactly A's changes.
    b = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.admin, bStore);
    cleanup.push(async () => b.connection.destroy());
    await saved(b);
    for (let i = 0; i < CHANGED; i++) expect(bStore.doc(recordDocKey(id(i))).getMap('leads').get(`${id(i)}/title`)).toBe('Changed while B was away');
    expect(bStore.doc(recordDocKey(id(PUSHED - 1))).getMap('leads').get(`${id(PUSHED - 1)}/email`)).toBe(`lead${PUSHED - 1}@push.example`);
    // The drain held back for the reconnect's foreground work at least once.
    expect(projection.backlog.held).toBeGreaterThan(heldBefore);

    // Nothing was lost by holding back: every record ends in the API's projection.
    await waitFor(() => projection.backlog.rooms === 0, 120_000, 'projection drained');
    for (const i of [0, CHANGED, PUSHED - 1]) expect(projection.get(ws.workspaceId, 'leads', id(i))).toBeDefined();
    expect(projection.get(ws.workspaceId, 'leads', id(0))?.title).toBe('Changed while B was away');
    const count = projection.db.prepare(`SELECT COUNT(*) AS n FROM records WHERE ws = ? AND collection = 'leads'`).get(ws.workspaceId) as { n: number };
    expect(count.n).toBe(PUSHED);
  }, 240_000);
});
