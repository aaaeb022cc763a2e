import { describe, expect, it } from 'vitest';
import { replica } from '../store/helpers.ts';
import { addCustomField } from '../../../src/store/lifecycle/admin.ts';
import { keepValue } from '../../../src/ui/conflicts/conflicts-model.ts';
import type { OpenConflict } from '../../../src/domain/conflicts.ts';
import type { WritePort } from '../../../src/ui/ports.ts';

/** A write port over a real repository (in memory), recording which calls the UI made. */
function ports() {
  const { repo } = replica();
  const calls: string[] = [];
  const write = {
    update: async (c, id, patch) => { calls.push(`update ${JSON.stringify(patch)}`); return repo.update(c, id, patch); },
    keepCurrent: async (c, id, field) => { calls.push(`keepCurrent ${field}`); return repo.keepCurrent(c, id, field); },
  } as Pick<WritePort, 'update' | 'keepCurrent'> as WritePort;
  return { repo, write, calls };
}
const conflict = (id: string, field: string, current: unknown, other: unknown): OpenConflict => ({
  collection: 'leads', recordId: id, field, current: { value: current, setter: null }, others: [{ value: other, setter: null, ids: ['x'] }], ids: ['x'], names: {},
});

describe('keeping a value of a conflict', () => {
  it('"keep this" on the value shown settles without an edit; on a dropped one writes it back', async () => {
    const { repo, write, calls } = ports();
    const lead = repo.create('leads', { name: { first: 'Ada' }, title: 'CEO' });
    await keepValue(write, conflict(lead.id, 'title', 'CEO', 'Founder'), 'CEO', null);
    await keepValue(write, conflict(lead.id, 'title', 'CEO', 'Founder'), 'Founder', null);
    expect(calls).toEqual(['keepCurrent title', 'update {"title":"Founder"}']);
    expect(repo.get('leads', lead.id)!.title).toBe('Founder');
  });

  it('a dropped custom value goes back under custom, leaving the record\'s other custom values as they are', async () => {
    const { repo, write } = ports();
    addCustomField(repo, { id: 'budget', name: 'Budget', dataType: 'text', availableOn: ['leads'] });
    addCustomField(repo, { id: 'tier', name: 'Tier', dataType: 'text', availableOn: ['leads'] });
    const lead = repo.create('leads', { name: { first: 'Ada' }, custom: { budget: 'small', tier: 'gold' } });
    await keepValue(write, conflict(lead.id, 'cf.budget', 'small', 'large'), 'large', null); // the Conflicts view has no record at hand
    expect(repo.get('leads', lead.id)!.custom).toEqual({ budget: 'large', tier: 'gold' });
  });

  it('a refused write surfaces as the error the UI shows', async () => {
    const { repo, write } = ports();
    const lead = repo.create('leads', { name: { first: 'Ada' } });
    await expect(keepValue(write, conflict(lead.id, 'email', '', 'not an email'), 'not an email', null)).rejects.toThrow(/email/i);
    await expect(keepValue(write, conflict('gone', 'title', 'a', 'b'), 'a', null)).rejects.toThrow(/No leads record with id gone/);
  });
});
