import { describe, expect, it } from 'vitest';
import { createRecordModel } from '../../../src/ui/models/record-model.ts';
import type { ListRow, ReadPort, WritePort } from '../../../src/ui/ports.ts';

describe('a record page’s line after a task is ticked', () => {
  it('says which task was marked done or open again (it kept saying "Task added"); with no line showing, none is added (the tasks would move down)', async () => {
    const task: ListRow = { id: 't1', type: 'tasks', name: 'Send the Bernoulli notes', subtitle: '', statusId: 'open', data: { id: 't1', name: 'Send the Bernoulli notes' } };
    const read = {
      watchRecord: (_t: string, id: string, on: (r: unknown) => void) => { on({ id, name: { first: 'Ada' } }); return () => {}; },
      watchRelated: (req: { type: string }, on: (rows: ListRow[]) => void) => { on(req.type === 'tasks' ? [task] : []); return () => {}; },
      watchActivities: (_p: string[], on: (a: never[]) => void) => { on([]); return () => {}; },
    } as unknown as ReadPort;
    const updates: unknown[] = [];
    const write = { create: async () => ({ id: 't2' }), update: async (...a: unknown[]) => { updates.push(a); } } as unknown as WritePort;
    const m = createRecordModel({ read, write }, 'people', 'p1');
    await m.setTaskDone('t1', true);
    expect(m.message.value).toBe('');
    await m.addTask('Call back');
    expect(m.message.value).toBe('Task added');
    await m.setTaskDone('t1', true);
    expect(m.message.value).toBe('Marked “Send the Bernoulli notes” done');
    await m.setTaskDone('t1', false);
    expect(m.message.value).toBe('Marked “Send the Bernoulli notes” open again');
    await m.setTaskDone('gone', true);
    expect(m.message.value).toBe('Marked the task done');
    expect(updates).toEqual([['tasks', 't1', { status: 'done' }], ['tasks', 't1', { status: 'done' }], ['tasks', 't1', { status: 'open' }], ['tasks', 'gone', { status: 'done' }]]);
    m.dispose();
  });
});
