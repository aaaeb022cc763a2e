import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { seedDefaults } from '../../../src/store/config-store.ts';
import { handleEngineMessage } from '../../../src/bridge/host.ts';
import { BRIDGE_VERSION, WORKSPACE_CHANGED, type EngineCall } from '../../../src/bridge/protocol.ts';

const engines: Engine[] = [];
afterEach(async () => { for (const e of engines.splice(0)) { await e.ready; await e.destroy(); } });

const send = (e: Engine, call: EngineCall, ctx = {}) => handleEngineMessage(e, { target: 'engine', v: BRIDGE_VERSION, call }, true, ctx);

describe('engine messages of a member who just joined', () => {
  it('hold a first write until the config has come from the relay, instead of refusing it', async () => {
    const engine = new Engine({ workspaceId: `join-${Math.random()}`, actor: { memberId: 'bob', role: 'member', name: 'Bob' }, seed: false, persist: false });
    engines.push(engine);
    await engine.ready; // loaded from this device: nothing yet, the config is the admin's
    // The relay's first sync of `config` arrives a little after the write is asked for.
    const configSynced = new Promise<void>((resolve) => setTimeout(() => { seedDefaults(engine.docs.config, { id: 'alice' }); resolve(); }, 50));
    const reply = await send(engine, { op: 'create', collection: 'leads', input: { name: { first: 'Ada', last: 'Lovelace' }, sourceId: 'web-page' } }, { configSynced });
    expect(reply).toMatchObject({ ok: true, value: { sourceId: 'web-page' } });
  });

  it('answers presence with nobody else for a local-only workspace', async () => {
    const engine = new Engine({ workspaceId: `local-${Math.random()}`, actor: { memberId: 'me', role: 'admin' }, persist: false });
    engines.push(engine);
    expect(await send(engine, { op: 'presence', page: 'p1', viewing: ['leads:1'] })).toEqual({ ok: true, value: { 'leads:1': [] } });
  });
});

describe('engine messages that name their workspace', () => {
  it('are answered for the engine\'s workspace, refused for another, and a malformed name is a bad message', async () => {
    const ws = `named-${Math.random()}`;
    const engine = new Engine({ workspaceId: ws, actor: { memberId: 'me', role: 'admin' }, persist: false });
    engines.push(engine);
    const named = (w: unknown) => handleEngineMessage(engine, { target: 'engine', v: BRIDGE_VERSION, ws: w, call: { op: 'create', collection: 'leads', input: { name: { first: 'Ada' } } } }, true);
    expect(await named(ws)).toMatchObject({ ok: true, value: { name: { first: 'Ada' } } });
    expect(await named('another')).toEqual({ ok: false, error: { code: WORKSPACE_CHANGED, message: expect.stringMatching(/reload the page\. Nothing was changed/) } });
    expect(await named('')).toMatchObject({ ok: false, error: { code: 'bad-message', message: expect.stringMatching(/^Malformed engine message: ws/) } });
    expect(await named(42)).toMatchObject({ ok: false, error: { code: 'bad-message' } });
    await engine.settle();
    expect(engine.repo.list('leads').map((l) => l.name.first)).toEqual(['Ada']);
  });
});
