import { describe, expect, it } from 'vitest';
import { wideField } from './NewLeadForm.tsx';

describe('which capture fields take the form’s two columns', () => {
  it('the long kinds always; a short kind only when its value is more than a half box shows', () => {
    expect(wideField('email', '')).toBe(true);
    expect(wideField('title', 'CTO')).toBe(true);
    expect(wideField('companyName', 'Langley Research Center')).toBe(true);
    expect(wideField('companyName', 'NASA')).toBe(false);
    expect(wideField('companyName', '   Acme Looms Ltd   ')).toBe(false);
    expect(wideField('phone', '+1 757 555 0142')).toBe(false);
    expect(wideField('first', 'Wolfeschlegelsteinhausen')).toBe(true);
    expect(wideField('last', '')).toBe(false);
  });
});
