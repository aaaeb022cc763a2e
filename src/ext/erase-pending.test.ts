import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../store/engine.ts';
import { workspaceDatabases } from '../store/erase.ts';
import { ERASE_KEY, erasePending, queueErase } from './erase-pending.ts';
import type { KeyValueStorage } from './profile.ts';

const memory = (): KeyValueStorage & { data: Map<string, unknown> } => {
  const data = new Map<string, unknown>();
  return { data, get: async (k) => data.get(k), set: async (k, v) => void data.set(k, v) };
};

describe('erasing a left workspace from this device', () => {
  it('removes a queued workspace once, keeps the current one, and retries a failed erase at the next start', async () => {
    const left = `team-${Math.random()}`;
    const engine = new Engine({ workspaceId: left, actor: { memberId: 'me', role: 'member' } });
    await engine.ready;
    engine.repo.create('leads', { name: { first: 'Ann', last: 'Left' } });
    await engine.settle();
    await engine.destroy();

    const storage = memory();
    await queueErase(storage, left);
    await queueErase(storage, left);
    await queueErase(storage, 'current');
    expect(storage.data.get(ERASE_KEY)).toEqual([left, 'current']);

    // First start: the erase fails (say the disk is busy): it stays queued; the current workspace leaves the queue untouched.
    expect(await erasePending(storage, async () => 'current', async () => { throw new Error('busy'); })).toEqual([]);
    expect(storage.data.get(ERASE_KEY)).toEqual([left]);

    expect(await erasePending(storage, async () => 'current')).toEqual([left]);
    expect(storage.data.get(ERASE_KEY)).toEqual([]);
    const names = (await indexedDB.databases()).map((d) => d.name);
    for (const name of workspaceDatabases(left)) expect(names).not.toContain(name);
  });

  it('ignores a damaged queue', async () => {
    const storage = memory();
    storage.data.set(ERASE_KEY, 'not a list');
    expect(await erasePending(storage, async () => 'x')).toEqual([]);
    storage.data.set(ERASE_KEY, [42, null]);
    expect(await erasePending(storage, async () => 'x')).toEqual([]);
  });
});
