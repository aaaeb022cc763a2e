import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { decodeBytes, extractFromVcf } from '../../../src/capture/index.ts';
import { CORPUS, checkFloors, Tally, walkFiles, type Fact } from './scoring.ts';

type JProp = [string, Record<string, unknown>, string, ...unknown[]];
const flat = (v: unknown): string => (Array.isArray(v) ? v.map(flat).filter(Boolean).join(' ') : v == null ? '' : String(v));

/** Facts of a jCard answer key (RFC 7095): FN (or N), EMAIL, TEL per card. */
function jcardFacts(json: unknown): Fact[][] {
  const cards = Array.isArray(json) && json[0] === 'vcard' ? [json] : (json as unknown[]);
  return cards.map((card) => {
    const props = (card as [string, JProp[]])[1];
    const facts: Fact[] = [];
    const fn = props.find((p) => p[0] === 'fn');
    if (fn && flat(fn[3]).trim()) facts.push({ field: 'name', value: flat(fn[3]) });
    for (const p of props) {
      if (p[0] === 'email') facts.push({ field: 'email', value: flat(p[3]) });
      if (p[0] === 'tel' && flat(p[3]).replace(/\D/g, '').length >= 5) facts.push({ field: 'tel', value: flat(p[3]) });
    }
    return facts;
  });
}

describe('vCard corpus (icaljs-vcards, ez-vcard-samples)', () => {
  it('parses every card and matches names, emails and phones of the jCard answer keys', () => {
    const rows = [];
    for (const suite of ['icaljs-vcards', 'ez-vcard-samples', 'roundcube-contacts']) {
      const tally = new Tally();
      for (const vcf of walkFiles(CORPUS + suite, /\.vcf$/)) {
        const text = decodeBytes(readFileSync(vcf));
        const declared = (text.match(/^begin:vcard/gim) ?? []).length;
        const candidates = extractFromVcf(text);
        for (let i = 0; i < declared; i++) tally.add('cards-parsed', i < candidates.length);
        let key: unknown;
        try {
          key = JSON.parse(readFileSync(vcf.replace(/\.vcf$/, '.json'), 'utf8'));
        } catch {
          continue; // no answer key beside this card
        }
        jcardFacts(key).forEach((facts) => tally.addFacts('', facts, candidates));
      }
      rows.push(...tally.rows(suite));
    }
    checkFloors(rows);
  });
});
