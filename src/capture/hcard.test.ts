import { describe, expect, it } from 'vitest';
import { extractFromHtml } from './index.ts';

describe('h-card include pattern (microformats v1)', () => {
  const read = (html: string) => extractFromHtml(html, { baseUrl: 'https://example.com/' }).map((c) => [c.name?.full, c.companyName?.value, c.address?.city]);

  it('a card borrows what it points at by id: itemref, an include link or object, a table cell\'s headers', () => {
    const shared = '<p id="org" class="org">Mozilla</p><p id="adr" class="adr"><span class="locality">San Francisco</span></p>';
    expect(read(`<div class="vcard" itemref="org adr"><span class="fn">Brendan Eich</span></div>${shared}`)).toEqual([['Brendan Eich', 'Mozilla', 'San Francisco']]);
    expect(read(`<div class="vcard"><span class="fn">Ben Ward</span><a class="include" href="#t">Twitter</a></div><div id="t"><p class="org">Twitter</p></div>`)).toEqual([['Ben Ward', 'Twitter', undefined]]);
    expect(read('<table><tr><th id="o"><span class="org">Opera</span></th></tr><tr><td class="vcard" headers="o"><span class="fn">Chris Mills</span></td></tr></table>')).toEqual([['Chris Mills', 'Opera', undefined]]);
  });

  it('an include pointing at the card\'s own ancestor, or at nothing, adds nothing; a card borrows at most ten elements', () => {
    expect(read('<div id="outer"><div class="vcard" itemref="outer missing"><span class="fn">Ada Lovelace</span></div></div>')).toEqual([['Ada Lovelace', undefined, undefined]]);
    const many = Array.from({ length: 50 }, (_, i) => `<p id="x${i}" class="org">Org ${i}</p>`).join('');
    const [c] = extractFromHtml(`<div class="vcard" itemref="${Array.from({ length: 50 }, (_, i) => `x${i}`).join(' ')}"><span class="fn">Ada Lovelace</span></div>${many}`);
    expect(c.companyName?.value).toBe('Org 0');
  });
});
