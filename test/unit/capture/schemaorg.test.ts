import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFromHtml } from '../../../src/capture/index.ts';
import { parseLenientJson } from '../../../src/capture/lenient-json.ts';
import { CORPUS, checkFloors, Tally, walkFiles, type Fact } from './scoring.ts';

const CONTACT_TYPE = /^(Person|Organization|Corporation|NGO|LocalBusiness|.*(Business|Store|Restaurant|Hotel|Organization|Dentist|Airline))$/;

/** Independent oracle: Person/Organization/LocalBusiness facts of a JSON-LD (or extruct) answer key. */
function contactFacts(v: unknown, out: Fact[] = [], depth = 0): Fact[] {
  if (depth > 30 || v === null || typeof v !== 'object') return out;
  if (Array.isArray(v)) {
    for (const x of v) contactFacts(x, out, depth + 1);
    return out;
  }
  const node = v as Record<string, unknown>;
  const props = (node.properties ?? node) as Record<string, unknown>;
  const types = [node['@type'] ?? node.type].flat().filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^.*[/#:]/, ''));
  if (types.some((t) => CONTACT_TYPE.test(t))) {
    const s = (x: unknown) => (typeof x === 'string' ? x : Array.isArray(x) && typeof x[0] === 'string' ? x[0] : undefined);
    const person = types.includes('Person');
    const name = s(props.name) ?? (person && s(props.givenName) && s(props.familyName) ? `${s(props.givenName)} ${s(props.familyName)}` : undefined);
    if (name) out.push({ field: person ? 'name' : 'org', value: name });
    const email = s(props.email);
    if (email) out.push({ field: 'email', value: email });
    const tel = s(props.telephone);
    if (tel && tel.replace(/\D/g, '').length >= 5) out.push({ field: 'tel', value: tel });
    const title = s(props.jobTitle);
    if (person && title) out.push({ field: 'title', value: title });
  }
  for (const x of Object.values(props)) contactFacts(x, out, depth + 1);
  return out;
}

const MARKUP = { jsonld: /ld\+json/, microdata: /itemscope/, rdfa: /typeof=|property=/ };
type Example = { id: string; jsonld: string; microdata: string | null; rdfa: string | null };

describe('schema.org corpus (schemaorg-examples, extruct-samples)', () => {
  it('finds the JSON-LD answer keys\' contact facts from JSON-LD, microdata and RDFa', () => {
    const tally = new Tally();
    const lines = readFileSync(CORPUS + 'schemaorg-examples/contact-relevant-examples.jsonl', 'utf8').split('\n').filter(Boolean);
    for (const line of lines) {
      const ex = JSON.parse(line) as Example;
      const key = parseLenientJson(ex.jsonld.replace(/<\/?script[^>]*>/g, ''));
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
