import { describe, expect, it } from 'vitest';
import { sourceWords } from './source-words.ts';
import { SOURCES } from '../../capture/candidate.ts';

describe('where a captured contact was read, in words', () => {
  it('names each place once, in plain words, never an extractor id', () => {
    expect(sourceWords(['json-ld'])).toBe("Read from the page's structured data");
    expect(sourceWords(['json-ld', 'microdata', 'h-card'])).toBe("Read from the page's structured data and a contact card on the page");
    expect(sourceWords(['email-header', 'signature', 'link'])).toBe("Read from the email's sender, the email's signature and email and phone links on the page");
    expect(sourceWords([])).toBe('');
  });

  it('every source the extractors can name has words that are not its id', () => {
    for (const s of SOURCES) {
      const text = sourceWords([s]);
      expect(text, s).toMatch(/^Read from [a-z]/);
      expect(text, s).not.toBe(`Read from ${s}`);
      expect(text, s).not.toMatch(/[a-z]-[a-z]/); // no "json-ld", "h-card", "email-header"
    }
  });
});
