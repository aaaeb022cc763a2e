import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFromHtml } from '../../../src/capture/index.ts';
import { hcardFacts } from './keys.ts';
import { CORPUS, checkFloors, Tally, walkFiles } from './scoring.ts';

type Mf = Parameters<typeof hcardFacts>[0][number];

describe('h-card corpus (microformats-tests, microformats-parser-suites)', () => {
  it('finds the name, org, title, email, tel, url and adr of every h-card fixture', () => {
    const rows = [];
    for (const suite of ['microformats-tests', 'microformats-parser-suites']) {
      const tally = new Tally();
      for (const json of walkFiles(CORPUS + suite, /\.json$/)) {
        const expected = JSON.parse(readFileSync(json, 'utf8')) as { items?: Mf[] };
        const facts = hcardFacts(expected.items ?? []);
        if (!facts.length) continue;
        const html = readFileSync(json.replace(/\.json$/, '.html'), 'utf8');
        // The suites resolve relative URLs against http://example.com/ (microformats/tests README).
        const candidates = extractFromHtml(html, { baseUrl: 'http://example.com/' });
        tally.addFacts('', facts, candidates, json.slice(CORPUS.length));
        tally.add('fixtures-with-a-card', candidates.length > 0);
      }
      rows.push(...tally.rows(suite));
    }
    expect(rows.length).toBeGreaterThan(0);
    checkFloors(rows);
  });
});
