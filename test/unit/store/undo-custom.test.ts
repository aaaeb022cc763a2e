import { describe, expect, it } from 'vitest';
import { addCustomField } from '../../../src/store/lifecycle/admin.ts';
import { undoBatch } from '../../../src/store/undo.ts';
import { workspace } from '../lifecycle/helpers.ts';

describe('undo of custom field values', () => {
  it('puts back the previous value of each definition a batch changed, and clears new ones', () => {
    const { repo } = workspace();
    const size = addCustomField(repo, { id: 'size', name: 'Size', dataType: 'number', availableOn: ['leads'] });
    const tier = addCustomField(repo, { id: 'tier', name: 'Tier', dataType: 'text', availableOn: ['leads'] });
    const lead = repo.create('leads', { name: { first: 'Ann' }, custom: { [size.id]: 10 } });
    repo.update('leads', lead.id, { custom: { [size.id]: 250, [tier.id]: 'gold' } }, { batchId: 'b1' });
    expect(repo.get('leads', lead.id)!.custom).toEqual({ size: 250, tier: 'gold' });
    const r = undoBatch(repo, 'b1');
    expect(r.skipped).toEqual([]);
    expect(repo.get('leads', lead.id)!.custom).toEqual({ size: 10 });
    // The undo is a batch of its own: undoing it brings the batch's values back.
    undoBatch(repo, r.undoBatchId);
    expect(repo.get('leads', lead.id)!.custom).toEqual({ size: 250, tier: 'gold' });
  });

  it('keeps a custom value somebody changed since, and says so', () => {
    const { repo } = workspace();
    addCustomField(repo, { id: 'size', name: 'Size', dataType: 'number', availableOn: ['leads'] });
    addCustomField(repo, { id: 'tier', name: 'Tier', dataType: 'text', availableOn: ['leads'] });
    const lead = repo.create('leads', { name: { first: 'Ann' }, custom: { size: 10 } });
    repo.update('leads', lead.id, { custom: { size: 250, tier: 'gold' } }, { batchId: 'b1' });
    repo.update('leads', lead.id, { custom: { size: 300 } });
    const r = undoBatch(repo, 'b1');
    expect(r.skipped).toEqual([{ collection: 'leads', recordId: lead.id, field: 'custom.size', reason: 'changed since; the newer value was kept' }]);
    expect(repo.get('leads', lead.id)!.custom).toEqual({ size: 300 });
  });
});
