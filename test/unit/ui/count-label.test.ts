import { describe, expect, it } from 'vitest';
import { countLabel } from '../../../src/ui/records/labels.ts';

describe('countLabel', () => {
  it('says one record in the singular, any other count in the plural, with thousands separated', () => {
    expect(countLabel(1, 'people')).toBe('1 person');
    expect(countLabel(0, 'people')).toBe('0 people');
    expect(countLabel(2400, 'opportunities')).toBe('2,400 opportunities');
    expect(countLabel(1, 'companies')).toBe('1 company');
  });
});
