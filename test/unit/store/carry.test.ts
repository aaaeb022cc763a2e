import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { carryWorkspace } from '../../../src/store/carry.ts';

const actor = { memberId: 'me', role: 'admin' as const };

describe('bringing the records on this device into a team workspace', () => {
  it('merges the local workspace records and timeline in, once, leaving the local one as it was', async () => {
    const local = `local-${Math.random()}`;
    const team = `team-${Math.random()}`;
    const alone = new Engine({ workspaceId: local, actor });
    await alone.ready;
    const lead = alone.repo.create('leads', { name: { first: 'Lin', last: 'Local' }, email: 'lin@local.example' });
    await alone.run(() => alone.repo.logActivity({ typeId: 'note', parent: { type: 'leads', id: lead.id }, details: 'Met at the fair' }));
    await alone.settle();
    await alone.destroy();

    const engine = new Engine({ workspaceId: team, actor: { memberId: 'bob', role: 'member' }, seed: false });
    await carryWorkspace(engine, local);
    expect(await engine.run(() => engine.repo.get('leads', lead.id))).toMatchObject({ email: 'lin@local.example' });
    expect((await engine.db.records.toArray()).map((r) => r.id)).toContain(lead.id);
    const stored = async () => Promise.all(engine.store!.docKeys().sort().map(async (k) => [k, await engine.store!.stateVector(k)]));
    const once = await stored();
    await carryWorkspace(engine, local); // every start may run it again: nothing new
    expect(await stored()).toEqual(once);
    expect((await engine.db.activities.toArray()).map((a) => a.parent.id)).toContain(lead.id);
    await engine.destroy();

    const again = new Engine({ workspaceId: local, actor });
    await again.ready;
    expect(await again.run(() => again.repo.get('leads', lead.id))).toMatchObject({ email: 'lin@local.example' });
    await again.destroy();
  });
});
