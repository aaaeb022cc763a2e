import { describe, expect, it } from 'vitest';
import { viaText } from './via.ts';

describe('what matched a known record, in its line', () => {
  it('leaves out what the line already shows (the address, its domain within it)', () => {
    expect(viaText('Chief Analyst · Analytical Engines Ltd · ada@engines.example', ['ada@engines.example', 'engines.example'])).toBe('');
    expect(viaText('Chief Analyst · ADA@Engines.example', ['ada@engines.example'])).toBe('');
  });

  it('names what matched when the line does not show it, two at most, each once', () => {
    expect(viaText('Analytical Engines Ltd', ['engines.example', 'engines.example', 'linkedin.com/company/engines', 'x.com/engines'])).toBe('via engines.example, linkedin.com/company/engines');
    expect(viaText('', ['ada@engines.example'])).toBe('via ada@engines.example');
    expect(viaText('Ada', [])).toBe('');
  });
});
