import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { eraseWorkspace, workspaceDatabases } from '../../../src/store/erase.ts';

const actor = { memberId: 'me', role: 'admin' as const };
const names = async () => (await indexedDB.databases()).map((d) => d.name);

describe('leaving a team without keeping a copy', () => {
  it('removes the workspace docs and read model from this device and leaves other workspaces alone', async () => {
    const team = `team-${Math.random()}`;
    const ids = new Map<string, string>();
    const other = `local-${Math.random()}`;
    for (const ws of [team, other]) {
      const engine = new Engine({ workspaceId: ws, actor });
      await engine.ready;
      ids.set(ws, engine.repo.create('leads', { name: { first: 'Ann', last: ws } }).id);
      await engine.settle();
      await engine.destroy();
    }
    expect(await names()).toEqual(expect.arrayContaining(workspaceDatabases(team).slice(0, 2)));

    await eraseWorkspace(team);
    const left = await names();
    for (const name of workspaceDatabases(team)) expect(left).not.toContain(name);
    expect(left).toEqual(expect.arrayContaining(workspaceDatabases(other).slice(0, 2)));

    // Opened again, the erased workspace is empty; the other one still has its lead.
    const again = new Engine({ workspaceId: team, actor, seed: false });
    await again.ready;
    expect(await again.db.records.count()).toBe(0);
    await again.destroy();
    const kept = new Engine({ workspaceId: other, actor });
    await kept.ready;
    expect(await kept.run(() => kept.repo.get('leads', ids.get(other)!))).toMatchObject({ name: { last: other } });
    expect(await kept.db.records.count()).toBeGreaterThan(0);
    await kept.destroy();
  });

  it('is not an error for a workspace that never had a copy here', async () => {
    await expect(eraseWorkspace(`never-${Math.random()}`)).resolves.toBeUndefined();
  });
});
