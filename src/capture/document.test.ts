import { describe, expect, it } from 'vitest';
import { CandidateList, MAX_FIELD, MAX_VALUES } from './candidate.ts';
import { extractFromHtml } from './html.ts';

const page = (body: string) => `<!doctype html><html><head></head><body>${body}</body></html>`;
const jsonld = (o: unknown) => `<script type="application/ld+json">${JSON.stringify(o)}</script>`;

describe('extractFromHtml', () => {
  it('merges the same person from JSON-LD and h-card into one candidate', () => {
    const html = page(
      jsonld({ '@context': 'https://schema.org', '@type': 'Person', name: 'Pat Doe', email: 'pat@acme.com', jobTitle: 'CTO', worksFor: { '@type': 'Organization', name: 'Acme' } }) +
        '<div class="h-card"><a class="p-name u-email" href="mailto:pat@acme.com">Pat Doe</a><span class="p-tel">+1 212 555 0100</span></div>',
    );
    const people = extractFromHtml(html).filter((c) => c.kind === 'person');
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ name: { first: 'Pat', last: 'Doe', source: 'json-ld' }, title: { value: 'CTO' }, companyName: { value: 'Acme' } });
    expect(people[0].phones[0]).toMatchObject({ value: '+12125550100', original: '+1 212 555 0100', source: 'h-card' });
    expect(people[0].sources.sort()).toEqual(['h-card', 'json-ld']);
  });

  it('gives one candidate per person on a team page, and the organization alone', () => {
    const html = page(jsonld({ '@type': 'Organization', name: 'Acme', employee: [{ '@type': 'Person', name: 'A One' }, { '@type': 'Person', name: 'B Two' }] }));
    const all = extractFromHtml(html);
    expect(all.filter((c) => c.kind === 'person').map((c) => [c.name?.full, c.companyName?.value])).toEqual([['A One', 'Acme'], ['B Two', 'Acme']]);
    expect(all.some((c) => c.kind === 'organization' && c.companyName?.value === 'Acme')).toBe(true);
  });

  it('keeps hostile values as capped plain text and drops script URLs', () => {
    const xss = '<img src=x onerror=alert(1)>';
    const html = page(jsonld({ '@type': 'Person', name: xss, url: 'javascript:alert(1)', jobTitle: 'x'.repeat(10_000), telephone: Array.from({ length: 500 }, (_, i) => `+1 212 555 ${1000 + i}`) }));
    const [c] = extractFromHtml(html);
    expect(c.name?.full).toBe(xss);
    expect(c.websites).toEqual([]);
    expect(c.title?.value.length).toBe(MAX_FIELD);
    expect(c.phones.length).toBe(MAX_VALUES);
    expect(CandidateList.safeParse(extractFromHtml(html)).success).toBe(true);
  });

  it('never throws on broken JSON-LD and still reads the rest of the page', () => {
    const html = page('<script type="application/ld+json">{ "@type": "Person", "name": "Broken\n Line", // comment\n }}}</script><a href="mailto:jo@x.org">Jo Bloggs</a>');
    const all = extractFromHtml(html);
    expect(all.map((c) => c.name?.full).sort()).toEqual(['Broken Line', 'Jo Bloggs']);
  });

  it('reads an Open Graph profile, tel: links and rel=me', () => {
    const html = `<html><head><meta property="og:type" content="profile"><meta property="og:title" content="Ada Lovelace - CTO - Engines Ltd | LinkedIn"></head>
      <body><a href="tel:+44 20 7946 0000">call</a><a rel="me" href="https://github.com/ada">gh</a></body></html>`;
    const [c] = extractFromHtml(html);
    expect(c).toMatchObject({ kind: 'person', name: { full: 'Ada Lovelace' }, title: { value: 'CTO' }, companyName: { value: 'Engines Ltd' } });
    expect(c.phones[0].value).toBe('+442079460000');
    expect(c.socials).toMatchObject([{ network: 'github', url: 'https://github.com/ada' }]);
  });
});
