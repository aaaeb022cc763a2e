import { describe, expect, it } from 'vitest';
import { catalogueKey, conflictId, isConflictField, openConflicts, type DroppedValue } from './conflicts.ts';

const drop = (item: string, value: unknown, at: number | null, over?: { value: unknown; at: number; by: string }): DroppedValue => ({
  id: conflictId('L1', 'title', item), collection: 'leads', recordId: 'L1', field: 'title', item, value,
  setter: at === null ? null : { at, by: `m${at}` },
  over: over ? { item: 'w', value: over.value, setter: { at: over.at, by: over.by } } : null,
});

describe('conflict rules', () => {
  it.each([
    ['title', true], ['cf.budget', true], ['name', true],
    ['_u', false], ['_c', false], ['_d', false], ['', false], ['convertedAt', false], ['stageChangedAt', false],
  ])('field %s counts: %s', (field, counts) => expect(isConflictField(field)).toBe(counts));

  it('maps stored custom keys to catalogue keys', () => {
    expect(catalogueKey('cf.budget')).toBe('custom.budget');
    expect(catalogueKey('title')).toBe('title');
  });

  it('groups dropped values per field against the current value, newest first, each value once', () => {
    const list = [drop('1.1', 'CEO', 5, { value: 'Founder', at: 7, by: 'bob' }), drop('2.1', 'CTO', 9), drop('3.1', 'CEO', 3)];
    const [c] = openConflicts(list, new Set(), () => ({ value: 'Founder' }));
    expect(c.current).toEqual({ value: 'Founder', setter: { at: 7, by: 'bob' } });
    expect(c.others.map((o) => [o.value, o.setter?.at, o.ids.length])).toEqual([['CTO', 9, 1], ['CEO', 5, 2]]);
    expect(c.ids).toHaveLength(3);
  });

  it('is closed when every dropped value is resolved, equals the current one, or the record is gone', () => {
    const list = [drop('1.1', 'CEO', 5), drop('2.1', 'CTO', 6)];
    expect(openConflicts(list, new Set(list.map((d) => d.id)), () => ({ value: 'X' }))).toEqual([]);
    expect(openConflicts([drop('1.1', 'CEO', 5)], new Set(), () => ({ value: 'CEO' }))).toEqual([]);
    expect(openConflicts(list, new Set(), () => undefined)).toEqual([]);
  });

  it('compares structured values as stored (lists, objects) and keeps an unknown setter unknown', () => {
    const phones = [{ number: '+1 415 555 0100' }];
    const [c] = openConflicts([{ ...drop('1.1', phones, null), field: 'phones' }], new Set(), () => ({ value: [{ number: '+1 415 555 0199' }] }));
    expect(c.others).toEqual([{ value: phones, setter: null, ids: [conflictId('L1', 'title', '1.1')] }]);
    expect(openConflicts([{ ...drop('1.1', phones, null), field: 'phones' }], new Set(), () => ({ value: [{ number: '+1 415 555 0100' }] }))).toEqual([]);
  });
});
