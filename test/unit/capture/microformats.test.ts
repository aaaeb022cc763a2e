import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFromHtml } from '../../../src/capture/index.ts';
import { CORPUS, checkFloors, Tally, walkFiles, type Fact, type Field } from './scoring.ts';

type Mf = { type?: string[]; properties?: Record<string, unknown[]>; children?: Mf[] };
const isMf = (v: unknown): v is Mf => typeof v === 'object' && v !== null && 'properties' in v;
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : isMf(v) ? str(v.properties?.name?.[0]) ?? str((v as { value?: unknown }).value) : typeof v === 'object' && v && 'value' in v ? str((v as { value: unknown }).value) : undefined;

const PROPS: [string, Field][] = [
  ['name', 'name'], ['org', 'org'], ['job-title', 'title'], ['role', 'title'], ['email', 'email'], ['tel', 'tel'], ['url', 'url'],
  ['street-address', 'street'], ['locality', 'city'], ['region', 'region'], ['postal-code', 'postalCode'], ['country-name', 'country'],
];

/** Facts of every h-card in an mf2 answer key (top level, children, nested property values). */
function hcardFacts(items: Mf[], out: Fact[] = []): Fact[] {
  for (const item of items) {
    if (item.type?.includes('h-card')) {
      for (const [prop, field] of PROPS) {
        const v = str(item.properties?.[prop]?.[0]);
        if (v?.trim()) out.push({ field, value: v });
      }
      const adr = item.properties?.adr?.find(isMf);
      if (adr) hcardFacts([{ ...adr, type: ['h-card'], properties: { ...adr.properties, name: [] } }], out);
    }
    hcardFacts(item.children ?? [], out);
    for (const [key, values] of Object.entries(item.properties ?? {})) if (key !== 'org' && key !== 'adr') hcardFacts(values.filter(isMf), out);
  }
  return out;
}

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
        tally.addFacts('', facts, candidates);
        tally.add('fixtures-with-a-card', candidates.length > 0);
      }
      rows.push(...tally.rows(suite));
    }
    expect(rows.length).toBeGreaterThan(0);
    checkFloors(rows);
  });
});
