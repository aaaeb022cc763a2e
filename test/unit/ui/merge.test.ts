import { describe, expect, it } from 'vitest';
import { signal } from '@preact/signals';
import { EngineCall } from '../../../src/bridge/protocol.ts';
import { duplicatesOf, merge } from '../../../src/bridge/lifecycle.ts';
import { undoBatch } from '../../../src/store/undo.ts';
import { convertLead } from '../../../src/store/lifecycle/index.ts';
import { createMergeModel, mergeChoices, mergeRows } from '../../../src/ui/models/merge-model.ts';
import { createUndoModel } from '../../../src/ui/models/undo-model.ts';
import { timelineParents } from '../../../src/domain/lifecycle/timeline.ts';
import type { Repository } from '../../../src/store/repository.ts';
import type { DedupePort, ReadPort, Rec, WorkspaceConfig } from '../../../src/ui/ports.ts';
import { readConfig } from '../../../src/store/config-store.ts';
import { workspace } from '../lifecycle/helpers.ts';
import { memoryRead } from './memory-io.ts';

/** The dedupe port in memory: each call parsed by the bridge's schema, then the engine's own adapter. */
function memoryDedupe(repo: Repository): DedupePort {
  const check = <T>(call: unknown, run: () => T): T => {
    const parsed = EngineCall.safeParse(call);
    if (!parsed.success) throw new Error(`the engine would refuse this message: ${parsed.error.message}`);
    return run();
  };
  return {
    duplicates: async (collection, id) => check({ op: 'duplicates', collection, id }, () => duplicatesOf(repo, collection as never, id)),
    merge: async (collection, winnerId, loserId, choices) => check({ op: 'merge', collection, winnerId, loserId, choices }, () => merge(repo, collection as never, winnerId, loserId, choices)),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const w = workspace();
  const { repo } = w;
  const config = { ...readConfig(w.docs.config), me: { memberId: 'm1', role: 'admin' } } as unknown as WorkspaceConfig;
  // Records and config answered from the repository; `reload` re-answers, as the live read model does after a write.
  const watchers = new Set<() => void>();
  const read: ReadPort = {
    ...memoryRead(repo),
    watchRecord: (t, id, on) => { const f = () => on((repo.get(t, id) as Rec | undefined) ?? null); f(); watchers.add(f); return () => watchers.delete(f); },
    watchConfig: (on) => { on(config); return () => {}; },
  };
  const reload = () => { for (const f of watchers) f(); };
  const ports = { read, dedupe: memoryDedupe(repo), write: { undoBatch: async (b: string) => { const r = undoBatch(repo, b); reload(); return r; } } };
  return { ...w, config, read, reload, ports };
}

describe('merge rows (pure)', () => {
  it('lists the fields that differ, in the record view order, with names for config choices and lists combined', () => {
    const s = setup();
    const a = { id: 'a', name: { first: 'Grace', last: 'Hopper' }, email: 'grace@navy.example', title: '', statusId: 'new', tags: ['vip'], phones: [{ number: '+1 202 555 0100' }] };
    const b = { id: 'b', name: { first: 'Grace', last: 'B. Hopper' }, email: 'grace@navy.example', title: 'Rear Admiral', statusId: 'open', tags: ['navy', 'VIP'] };
    const rows = mergeRows('leads', a, b, s.config);
    expect(rows.map((r) => [r.field, r.label, r.winner, r.loser, r.list, r.result, r.defaultSide])).toEqual([
      ['name', 'Name', 'Grace Hopper', 'Grace B. Hopper', false, '', 'winner'],
      ['title', 'Title', '', 'Rear Admiral', false, '', 'loser'],
      ['phones', 'Phones', '+1 202 555 0100', '', true, '+1 202 555 0100', 'winner'],
      ['statusId', 'Status', 'New', 'Open', false, '', 'winner'],
      ['tags', 'Tags', 'vip', 'navy, VIP', true, 'vip, navy', 'winner'],
    ]);
    expect(mergeChoices(rows, { name: 'loser' })).toEqual({ name: 'loser', title: 'loser', statusId: 'winner' });
  });
});

describe('merge model', () => {
  it('lists duplicates with reasons, merges with the chosen fields as one batch, and undo brings both back', async () => {
    const s = setup();
    const keep = s.repo.create('leads', { name: { first: 'Grace', last: 'Hopper' }, email: 'grace@navy.example', title: 'Commodore', tags: ['vip'] });
    const twin = s.repo.create('leads', { name: { first: 'Grace M.', last: 'Hopper' }, email: 'GRACE@navy.example', companyName: 'US Navy', title: 'Rear Admiral', tags: ['navy'] });
    s.repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: twin.id }, details: 'Talked compilers' });
    const record = signal<Rec | null | undefined>(s.repo.get('leads', keep.id) as Rec);
    const undo = createUndoModel();
    const m = createMergeModel(s.ports, 'leads', keep.id, record, undo);
    await settle();
    expect(m.matches.value?.map((x) => [x.id, x.reasons.map((r) => r.kind)])).toEqual([[twin.id, ['email']]]);

    m.start(twin.id);
    expect(m.rows.value.map((r) => r.field)).toEqual(['name', 'title', 'companyName', 'tags']);
    m.choose('title', 'loser');
    expect(m.side(m.rows.value[0])).toBe('winner');
    expect(await m.confirm()).toBe(true);

    const merged = s.repo.get('leads', keep.id)!;
    expect(merged).toMatchObject({ name: { first: 'Grace', last: 'Hopper' }, title: 'Rear Admiral', companyName: 'US Navy', tags: ['vip', 'navy'], mergedFromIds: [twin.id] });
    expect(s.repo.get('leads', twin.id)).toBeUndefined();
    expect(s.repo.list('leads').map((l) => l.id)).toEqual([keep.id]);
    expect(timelineParents('leads', merged as Rec)).toEqual([`leads:${keep.id}`, `leads:${twin.id}`].sort());
    expect(m.loserId.value).toBeNull();
    expect(m.matches.value).toEqual([]);
    expect(m.message.value).toBe('Merged Grace M. Hopper into Grace Hopper');
    expect(undo.entries.value.map((e) => e.label)).toEqual(['Merged Grace M. Hopper into Grace Hopper']);

    await undo.undoLast();
    expect(undo.message.value).toBe('Undone: Merged Grace M. Hopper into Grace Hopper');
    expect(s.repo.list('leads').map((l) => l.id).sort()).toEqual([keep.id, twin.id].sort());
    expect(s.repo.get('leads', keep.id)).toMatchObject({ title: 'Commodore', tags: ['vip'] });
    expect(s.repo.get('leads', keep.id)?.companyName).toBeUndefined();
    m.dispose();
  });

  it('shows the store refusals clearly: a list over its cap (named by field), a duplicate already merged, a converted lead', async () => {
    const s = setup();
    const a = s.repo.create('leads', { name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@engines.example', tags: Array.from({ length: 30 }, (_, i) => `a${i}`) });
    const b = s.repo.create('leads', { name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@engines.example', tags: Array.from({ length: 30 }, (_, i) => `b${i}`) });
    const record = signal<Rec | null | undefined>(s.repo.get('leads', a.id) as Rec);
    const m = createMergeModel(s.ports, 'leads', a.id, record);
    await settle();
    m.start(b.id);
    expect(await m.confirm()).toBe(false);
    expect(m.error.value).toMatch(/^Tags: /);
    expect(s.repo.get('leads', b.id)).toBeDefined();

    // Meanwhile a teammate merged the duplicate elsewhere.
    s.repo.update('leads', b.id, { tags: [] });
    const c = s.repo.create('leads', { name: { first: 'Other' } });
    merge(s.repo, 'leads', c.id, b.id, {});
    // The open step still holds the duplicate (the page's read model hasn't heard yet): the engine refuses.
    expect(m.loser.value?.id).toBe(b.id);
    expect(await m.confirm()).toBe(false);
    expect(m.error.value).toBe('This lead was already merged into another record');

    const d = s.repo.create('leads', { name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@engines.example' });
    convertLead(s.repo, a.id);
    record.value = s.repo.get('leads', a.id) as Rec;
    m.start(d.id);
    expect(await m.confirm()).toBe(false);
    expect(m.error.value).toBe('A converted lead cannot be merged: merge the people it became instead');
    m.dispose();
  });

  it('the bridge refuses a malformed merge (a choice that is neither side)', () => {
    expect(EngineCall.safeParse({ op: 'merge', collection: 'leads', winnerId: 'a', loserId: 'b', choices: { title: 'both' } }).success).toBe(false);
    expect(EngineCall.safeParse({ op: 'merge', collection: 'tasks', winnerId: 'a', loserId: 'b', choices: {} }).success).toBe(false);
    expect(EngineCall.safeParse({ op: 'merge', collection: 'people', winnerId: 'a', loserId: 'b', choices: { title: 'loser' } }).success).toBe(true);
  });
});
