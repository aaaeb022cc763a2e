import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { decodeBytes, extractFromVcf } from '../../../src/capture/index.ts';
import { jcardFacts } from './keys.ts';
import { CORPUS, checkFloors, Tally, walkFiles } from './scoring.ts';

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
