import { describe, expect, it } from 'vitest';
import { foldEmpty } from './fold.ts';
import type { FieldSpec } from './field-kinds.ts';
import { specsFor } from './fields.ts';
import type { Rec, WorkspaceConfig } from '../ports.ts';

/** A section's editors as the record page has them (RecordView: by the catalogue field's section). */
const specs = (collection: 'leads' | 'people' | 'opportunities', section: string, cfg: WorkspaceConfig | null = null) =>
  specsFor(collection, cfg).filter((f) => (f.field?.section ?? 'main') === section);
const keys = (l: FieldSpec[]) => l.map((f) => f.key);
const blankIn = (r: Rec) => (f: FieldSpec) => f.get(r).trim() === '';

describe('empty fields on a record page fold into one line that names each', () => {
  it('a lead with only an email shows the email and names the other contact fields', () => {
    const r = { id: 'l1', email: 'ada@engines.example' } as unknown as Rec;
    const f = foldEmpty('contact', specs('leads', 'contact'), blankIn(r), new Set());
    expect(keys(f.shown)).toEqual(['email']);
    expect(f.folded.map((s) => s.label)).toEqual(expect.arrayContaining(['Phones', 'Websites', 'Social profiles']));
    expect(f.whole).toBe(false);
  });

  it('a field the rep opened, or one with an error or a conflict (blank says no), stays an editor', () => {
    const r = { id: 'l1' } as unknown as Rec;
    const list = specs('leads', 'contact');
    const f = foldEmpty('contact', list, (s) => s.key !== 'websites' && blankIn(r)(s), new Set(['phones']));
    expect(keys(f.shown).sort()).toEqual(['phones', 'websites']);
    expect(keys(f.folded)).not.toContain('phones');
  });

  it('a deal with value and close date set folds only what is empty, whatever the section holds', () => {
    const r = { id: 'o1', pipelineId: 'p', stageId: 's', status: 'open', monetaryValue: 5, winProbability: 10, closeDate: '2027-01-31' } as unknown as Rec;
    const f = foldEmpty('deal', specs('opportunities', 'deal'), blankIn(r), new Set());
    expect(f.folded.map((s) => s.label).sort()).toEqual(['Currency', 'Loss reason']);
    expect(keys(f.shown)).toEqual(expect.arrayContaining(['monetaryValue', 'closeDate', 'stageId']));
  });

  it('an address folds as a whole and opens as a whole; About and Details never fold', () => {
    const r = { id: 'p1' } as unknown as Rec;
    const address = specs('people', 'address');
    expect(foldEmpty('address', address, blankIn(r), new Set())).toMatchObject({ shown: [], whole: true });
    expect(foldEmpty('address', address, blankIn(r), new Set(['address'])).shown).toHaveLength(address.length);
    const withCity = { id: 'p1', address: { city: 'Arlington' } } as unknown as Rec;
    expect(foldEmpty('address', address, blankIn(withCity), new Set()).shown).toHaveLength(address.length);
    for (const s of ['main', 'details'] as const) {
      const list = specs('people', s);
      expect(foldEmpty(s, list, () => true, new Set()).shown).toEqual(list);
    }
  });

  it('custom fields never fold (an admin added them for reps to fill); elsewhere a checkbox stays shown empty, unticked is a value', () => {
    const cfg = { customFields: [
      { id: 'vip', name: 'VIP', dataType: 'checkbox', availableOn: ['leads'], order: 1 },
      { id: 'tier', name: 'Tier', dataType: 'dropdown', options: [{ id: 'g', name: 'Gold' }], availableOn: ['leads'], order: 2 },
      { id: 'note', name: 'Referral', dataType: 'text', availableOn: ['leads'], order: 3 },
    ] } as unknown as WorkspaceConfig;
    const list = specs('leads', 'custom', cfg);
    expect(list).toHaveLength(3);
    expect(foldEmpty('custom', list, () => true, new Set()).shown).toEqual(list);
    const box = list.find((f) => f.kind === 'checkbox')!;
    expect(foldEmpty('contact', [box], () => true, new Set()).shown).toEqual([box]);
  });
});
