import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { INDEXED_SELECTORS, scannedRoot } from './scan.ts';

const HTML = `<!doctype html><html><head><meta property="og:title" content="T"><meta name="x"><link rel="me author" href="https://x.example/me">
<script type="application/ld+json">{}</script><script>var a</script></head><body>
<div itemscope itemtype="https://schema.org/Person"><span itemprop="name">A</span></div>
<div vocab="https://schema.org/" typeof="Person"><span property="name">B</span></div>
<div class="h-card x"><a class="p-name u-email" href="mailto:a@x.example">A</a></div><p class="vcard-like">no</p><p class="vcard">legacy</p>
<a href="MAILTO:B@X.EXAMPLE">B</a><a href=" mailto:c@x.example">c</a><a href="tel:+1">t</a><a href="TEL:+2">T</a><a rel="nofollow me" href="/p">me</a>
<link rel="meh"><span data-x="1">u</span></body></html>`;

describe('scannedRoot', () => {
  it('answers every indexed selector with the elements querySelectorAll gives, in document order', () => {
    const { document } = parseHTML(HTML);
    const scanned = scannedRoot(document);
    for (const selector of INDEXED_SELECTORS) {
      expect([...scanned.querySelectorAll(selector)], selector).toEqual([...document.querySelectorAll(selector)]);
    }
  });
  it('scans a subtree the same way, without the root element itself', () => {
    const { document } = parseHTML(HTML);
    for (const root of [...document.querySelectorAll('div')]) {
      const scanned = scannedRoot(root);
      for (const selector of INDEXED_SELECTORS) {
        expect([...scanned.querySelectorAll(selector)], selector).toEqual([...root.querySelectorAll(selector)]);
      }
    }
  });
  it('reads attribute names and class/rel words as CSS does (case-insensitive names, whole words)', () => {
    const { document } = parseHTML(`<body><div ITEMSCOPE><b CLASS="x\tvcard"></b><i class="h-cardx"></i><a REL="me\nx" href="/a"></a><a rel="mee"></a></div></body>`);
    // A browser's parser lowercases attribute names; linkedom keeps them, so its own selectors
    // miss these: the scan reads them as a browser would.
    const scanned = scannedRoot(document);
    expect([...scanned.querySelectorAll('[itemscope]')].map((e) => e.tagName)).toEqual(['DIV']);
    expect([...scanned.querySelectorAll('.h-card, .vcard')].map((e) => e.tagName)).toEqual(['B']);
    expect([...scanned.querySelectorAll('a[href^="tel:"], a[href^="TEL:"], a[rel~="me"], link[rel~="me"]')].map((e) => e.getAttribute('href'))).toEqual(['/a']);
  });
  it('passes other selectors to the real root', () => {
    const { document } = parseHTML(HTML);
    expect([...scannedRoot(document).querySelectorAll('p')]).toHaveLength(2);
  });
});
