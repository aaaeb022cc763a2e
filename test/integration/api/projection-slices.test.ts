import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as Y from 'yjs';
import { recordDocKey } from '../../../src/domain/routing.ts';
import { createRecord } from '../../../src/layout/record-write.ts';
import { RecordEventBus, type RecordEvent } from '../../../sync-server/events/record-events.ts';
import { createProjection } from '../../../sync-server/projection/projection.ts';
import { tempDir } from '../relay/helpers.ts';

/** A lead's create, as a client writes it into its shard room. */
function leadUpdate(id: string, first: string): Uint8Array {
  const doc = new Y.Doc();
  createRecord(doc, 'leads', id, { name: { first } }, { by: 'm1', at: 1_000 });
  return Y.encodeStateAsUpdate(doc);
}

const turn = () => new Promise((r) => setImmediate(r));

describe('API query projection: live updates applied in slices', () => {
  it('applies pending rooms a few per turn of the event loop (a large import never holds the relay), loses none, and settles the rooms an API write names at once', async () => {
    const temp = await tempDir();
    const events = new RecordEventBus();
    const seen: RecordEvent[] = [];
    events.subscribe((e) => seen.push(e));
    // Budget 0: exactly one room per turn, so the slicing is visible whatever the machine's speed;
    // no coalescing wait, so the first slice is the next turn.
    const projection = createProjection({ file: join(temp.dir, 'p.sqlite'), readStored: async () => [], events, log: () => {}, drainBudgetMs: 0, coalesceMs: 0 });
    try {
      const ws = 'ws1';
      await projection.ensureWorkspace(ws);
      // Ids routed to three different shard rooms.
      const ids: string[] = [];
      for (let i = 0; ids.length < 3; i++) {
        const id = `lead${i}`;
        if (!ids.some((x) => recordDocKey(x) === recordDocKey(id))) ids.push(id);
      }
      for (const [i, id] of ids.entries()) projection.applyLocal(`${ws}/${recordDocKey(id)}`, leadUpdate(id, `Lead ${i}`));

      const applied = () => ids.filter((id) => projection.get(ws, 'leads', id));
      expect(applied()).toEqual([]);
      await turn();
      expect(applied()).toHaveLength(1);

      // An API write settles its own room now, ahead of the queue.
      projection.flush([`${ws}/${recordDocKey(ids[2])}`]);
      expect(applied()).toContain(ids[2]);
      expect(applied()).toHaveLength(2);

      for (let i = 0; i < 5 && applied().length < 3; i++) await turn();
      expect(applied().sort()).toEqual([...ids].sort());
      expect(seen.filter((e) => e.type === 'created').map((e) => e.recordId).sort()).toEqual([...ids].sort());
      expect(projection.get(ws, 'leads', ids[1])?.name).toEqual({ first: 'Lead 1' });
    } finally {
      projection.close();
      await temp.remove();
    }
  });

  it('a room whose updates cannot be read is logged and the rest still applied', async () => {
    const temp = await tempDir();
    const log: string[] = [];
    const projection = createProjection({ file: join(temp.dir, 'p.sqlite'), readStored: async () => [], events: new RecordEventBus(), log: (l) => log.push(l), drainBudgetMs: 0, coalesceMs: 0 });
    try {
      await projection.ensureWorkspace('ws1');
      projection.applyLocal(`ws1/${recordDocKey('bad')}`, new Uint8Array([9, 9, 9, 9]));
      const good = recordDocKey('bad') === recordDocKey('good1') ? 'good2' : 'good1';
      projection.applyLocal(`ws1/${recordDocKey(good)}`, leadUpdate(good, 'Good'));
      for (let i = 0; i < 5 && !projection.get('ws1', 'leads', good); i++) await turn();
      expect(projection.get('ws1', 'leads', good)?.name).toEqual({ first: 'Good' });
      expect(log.some((l) => l.includes(recordDocKey('bad')) && /failed/.test(l))).toBe(true);
    } finally {
      projection.close();
      await temp.remove();
    }
  });

  it('writes to a busy room within the coalescing wait are applied together, once, and every one of them is in the result', async () => {
    const temp = await tempDir();
    const events = new RecordEventBus();
    const seen: RecordEvent[] = [];
    events.subscribe((e) => seen.push(e));
    // A wait far longer than 20 turns of the event loop, whatever the machine's load.
    const projection = createProjection({ file: join(temp.dir, 'p.sqlite'), readStored: async () => [], events, log: () => {}, coalesceMs: 2_000 });
    try {
      await projection.ensureWorkspace('ws1');
      const room = `ws1/${recordDocKey('busy')}`;
      const doc = new Y.Doc();
      let sv = Y.encodeStateVector(doc);
      createRecord(doc, 'leads', 'busy', { name: { first: 'Busy' } }, { by: 'm1', at: 1_000 });
      const next = () => { const u = Y.encodeStateAsUpdate(doc, sv); sv = Y.encodeStateVector(doc); return u; };
      projection.applyLocal(room, next());
      // 20 more writes, each in its own turn, as a stream of edits arrives.
      for (let i = 0; i < 20; i++) {
        await turn();
        doc.getMap('leads').set(`busy/title`, `Title ${i}`);
        projection.applyLocal(room, next());
      }
      expect(projection.backlog.applied).toBe(0);
      expect(projection.get('ws1', 'leads', 'busy')).toBeUndefined();
      await expect.poll(() => projection.get('ws1', 'leads', 'busy')?.name, { timeout: 10_000 }).toEqual({ first: 'Busy' });
      expect(projection.backlog.applied).toBe(1);
      expect(projection.backlog.rooms).toBe(0);
      expect((projection.get('ws1', 'leads', 'busy') as { title?: string }).title).toBe('Title 19');
      expect(seen.filter((e) => e.recordId === 'busy').map((e) => e.type)).toEqual(['created']);
      // An API write does not wait: flushing settles a room at once.
      doc.getMap('leads').set(`busy/title`, 'Now');
      projection.applyLocal(room, next());
      projection.flush([room]);
      expect((projection.get('ws1', 'leads', 'busy') as { title?: string }).title).toBe('Now');
    } finally {
      projection.close();
      await temp.remove();
    }
  });
});
