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

describe('who owns what a member makes through the engine: the maker, unless the input names someone', () => {
  it('a lead, a person, a company, a deal and a task made without an owner are the maker\'s; one naming a member keeps that member', async () => {
    const engine = new Engine({ workspaceId: `maker-${Math.random()}`, actor: { memberId: 'm-sam', role: 'admin', name: 'Sam' }, persist: false });
    engines.push(engine);
    await engine.ready;
    const made = async (collection: string, input: unknown) => ((await send(engine, { op: 'create', collection, input } as EngineCall)) as { ok: true; value: Record<string, unknown> }).value;
    // The context menu's "Add selection as lead" sent no owner: its leads read "No owner".
    expect((await made('leads', { name: { first: 'Ada' } })).ownerId).toBe('m-sam');
    expect((await made('people', { name: { first: 'Pat' } })).ownerId).toBe('m-sam');
    expect((await made('companies', { name: 'Acme' })).ownerId).toBe('m-sam');
    expect((await made('opportunities', { name: 'Big deal', pipelineId: 'sales', stageId: 'qualified' })).ownerId).toBe('m-sam');
    expect((await made('tasks', { name: 'Call back' })).assigneeId).toBe('m-sam');
    expect(await send(engine, { op: 'admin', action: { action: 'addMember', id: 'm-kim', name: 'Kim', role: 'member' } })).toMatchObject({ ok: true });
    expect((await made('leads', { name: { first: 'Grace' }, ownerId: 'm-kim' })).ownerId).toBe('m-kim');
    // A bad input is still refused by the store, with its message, and nothing is made.
    expect(await send(engine, { op: 'create', collection: 'leads', input: 'Ada' } as never)).toMatchObject({ ok: false });
    await engine.settle();
    expect(engine.repo.list('leads').map((l) => l.name.first).sort()).toEqual(['Ada', 'Grace']);
  });

  it('Convert: the lead\'s owner, else the member converting', async () => {
    const engine = new Engine({ workspaceId: `maker-convert-${Math.random()}`, actor: { memberId: 'm-sam', role: 'admin', name: 'Sam' }, persist: false });
    engines.push(engine);
    await engine.ready;
    // A web form's lead has no owner (no member behind it).
    const unowned = engine.repo.create('leads', { name: { first: 'Ada' }, email: 'ada@engines.example', companyName: 'Engines' });
    const owned = engine.repo.create('leads', { name: { first: 'Grace' }, ownerId: 'm-kim' });
    const a = (await send(engine, { op: 'convert', leadId: unowned.id, options: {} } as never)) as { ok: true; value: { personId: string; companyId?: string } };
    expect(engine.repo.get('people', a.value.personId)?.ownerId).toBe('m-sam');
    if (a.value.companyId) expect(engine.repo.get('companies', a.value.companyId)?.ownerId).toBe('m-sam');
    const g = (await send(engine, { op: 'convert', leadId: owned.id, options: {} } as never)) as { ok: true; value: { personId: string } };
    expect(engine.repo.get('people', g.value.personId)?.ownerId).toBe('m-kim');
  });
});
