import { describe, expect, it } from 'vitest';
import { viaText } from './via.ts';

const e = (value: string) => ({ kind: 'email' as const, value });
const d = (value: string) => ({ kind: 'domain' as const, value });
const s = (value: string) => ({ kind: 'social' as const, value });
const p = (value: string) => ({ kind: 'phone' as const, value });

describe('what matched a known record, in its line', () => {
  it('leaves out what the line already shows (the address, its domain within it)', () => {
    expect(viaText('Chief Analyst · Analytical Engines Ltd · ada@engines.example', [e('ada@engines.example'), d('engines.example')])).toBe('');
    expect(viaText('Chief Analyst · ADA@Engines.example', [e('ada@engines.example')])).toBe('');
  });

  it('names what matched when the line does not show it, two at most, each once', () => {
    expect(viaText('Analytical Engines Ltd', [d('engines.example'), d('engines.example'), s('linkedin.com/company/engines'), s('x.com/engines')])).toBe('via engines.example, linkedin.com/company/engines');
    expect(viaText('', [e('ada@engines.example')])).toBe('via ada@engines.example');
    expect(viaText('Ada', [])).toBe('');
  });

  it('writes a matched phone as a person reads it, and leaves it out when the line shows it so', () => {
    expect(viaText('Director of Software Engineering', [p('+16175550100')])).toBe('via +1 617 555 0100');
    expect(viaText('Director · +44 20 7946 0018', [p('+442079460018')])).toBe('');
    expect(viaText('Director', [p('020 7946 0018')])).toBe('via 020 7946 0018');
  });
});
