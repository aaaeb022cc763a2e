import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFromHtml } from '../../../src/capture/index.ts';
import { contactFacts, jsonLdKey } from './keys.ts';
import { CORPUS, checkFloors, Tally, walkFiles } from './scoring.ts';

const MARKUP = { jsonld: /ld\+json/, microdata: /itemscope/, rdfa: /typeof=|property=/ };
type Example = { id: string; jsonld: string; microdata: string | null; rdfa: string | null };

describe('schema.org corpus (schemaorg-examples, extruct-samples)', () => {
  it('finds the JSON-LD answer keys\' contact facts from JSON-LD, microdata and RDFa', () => {
    const tally = new Tally();
    const lines = readFileSync(CORPUS + 'schemaorg-examples/contact-relevant-examples.jsonl', 'utf8').split('\n').filter(Boolean);
    for (const line of lines) {
      const ex = JSON.parse(line) as Example;
      const key = jsonLdKey(ex.jsonld);
      const facts = contactFacts(key);
      if (!facts.length) continue;
      for (const syntax of ['jsonld', 'microdata', 'rdfa'] as const) {
        const html = ex[syntax];
        // Many examples carry a placeholder ("No Microdata", "This example is JSON only").
        if (html && MARKUP[syntax].test(html)) tally.addFacts(`${syntax}:`, facts, extractFromHtml(html, { baseUrl: 'https://example.com/' }));
      }
    }
    const rows = tally.rows('schemaorg-examples');
    const extruct = new Tally();
    for (const html of walkFiles(CORPUS + 'extruct-samples', /\.html$/)) {
      const text = readFileSync(html, 'utf8');
      let candidates: ReturnType<typeof extractFromHtml> = [];
      // Broken JSON-LD (comments, CDATA, control characters) must never throw.
      expect(() => (candidates = extractFromHtml(text, { baseUrl: 'https://example.com/' })), html).not.toThrow();
      extruct.add('pages-without-throwing', true);
      for (const ext of ['.jsonld', '.json']) {
        let key: unknown;
        try {
          key = JSON.parse(readFileSync(html.replace(/\.html$/, ext), 'utf8'));
        } catch {
          continue;
        }
        extruct.addFacts(`${ext.slice(1)}:`, contactFacts(key), candidates);
      }
    }
    rows.push(...extruct.rows('extruct-samples'));
    checkFloors(rows);
  });
});
