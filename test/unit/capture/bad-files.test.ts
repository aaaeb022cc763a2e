import { describe, expect, it } from 'vitest';
import { CaptureFileError, extractFromFile } from '../../../src/capture/file.ts';
import { extractFromEml } from '../../../src/capture/eml.ts';
import { htmlDepth, MAX_HTML_DEPTH, textWithoutTags } from '../../../src/capture/html-depth.ts';
import { readFileSync } from 'node:fs';
import { CORPUS, walkFiles } from './scoring.ts';

/**
 * Every capture entry (a dropped .eml, .vcf, .html or text file) given a broken, huge, binary
 * or wrongly encoded file: a clear error naming the file and what to do, or every contact the
 * file holds — never garbage made into a contact.
 */
const enc = (s: string) => new TextEncoder().encode(s);
const cp1252 = (s: string) => Uint8Array.from([...s].map((ch) => ch.charCodeAt(0))); // Latin-1 letters only
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 600 }, (_, i) => (i * 37) % 256)]);
const refusal = (name: string, bytes: Uint8Array) => extractFromFile(name, bytes).then(() => null, (e: Error) => e);

describe('capture from a bad file', () => {
  it.each(['photo.png', 'card.vcf', 'mail.eml', 'page.html', 'notes.txt', 'no-extension'])('a PNG named %s is refused by name, nothing made of its bytes', async (name) => {
    const e = await refusal(name, png);
    expect(e).toBeInstanceOf(CaptureFileError);
    expect(e!.message).toBe(`${name} is a PNG image, not a contact card (.vcf), an email (.eml), a web page (.html) or text. Drop one of those, or paste the text.`);
  });

  it('names a PDF, a workbook, an Outlook .msg and unknown binary data', async () => {
    expect((await refusal('cv.pdf', enc('%PDF-1.7\n1 0 obj\n')))!.message).toMatch(/^cv\.pdf is a PDF document, not a contact card/);
    expect((await refusal('contacts.vcf', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])))!.message).toMatch(/^contacts\.vcf is a ZIP archive or an Excel.*workbook/);
    expect((await refusal('Re meeting.msg', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))!.message).toMatch(/Outlook \.msg file \(save .*a message as \.eml/);
    expect((await refusal('blob.eml', Uint8Array.from([0x41, 0, 1, 2, 3, 0, 0x42, 5, 6, 7, 8, 14, 15, 16, 17, 0, 0, 18])))!.message).toMatch(/^blob\.eml is binary data, not a contact card/);
  });

  it('an .eml given to the email reader directly is refused the same way', async () => {
    await expect(extractFromEml(png, {}, 'scan.eml')).rejects.toThrow(/^scan\.eml is a PNG image/);
  });

  it('a vCard cut short (no END:VCARD) keeps its contact, and the card after a missing END too', async () => {
    const cut = await extractFromFile('cut.vcf', enc('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@engines.example\r\n'));
    expect(cut.map((c) => [c.name?.full, c.emails[0]?.value])).toEqual([['Ada Lovelace', 'ada@engines.example']]);
    const two = await extractFromFile('two.vcf', enc('BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nBEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nEND:VCARD\n'));
    expect(two.map((c) => c.name?.full)).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });

  it('files in windows-1252 (no charset said) read right: vCard, email and text', async () => {
    const vcf = await extractFromFile('old.vcf', cp1252('BEGIN:VCARD\r\nVERSION:2.1\r\nN:Müller;José\r\nFN:José Müller\r\nEND:VCARD\r\n'));
    expect(vcf[0].name?.full).toBe('José Müller');
    const eml = await extractFromFile('old.eml', cp1252('From: José Müller <jose@kontor.example>\r\nSubject: Angebot\r\n\r\nHallo,\r\n\r\nJosé Müller\r\nGeschäftsführer\r\nTel. +49 711 123456\r\n'));
    expect([eml[0].name?.full, eml[0].title?.value]).toEqual(['José Müller', 'Geschäftsführer']);
    const txt = await extractFromFile('sig.txt', cp1252('José Müller\nGeschäftsführer\nTel. +49 711 123456'));
    expect(txt[0].name?.full).toBe('José Müller');
  });

  it('a message that declares its charset is read by it, not second-guessed', async () => {
    const raw = cp1252('From: =?iso-8859-1?Q?Jos=E9_M=FCller?= <jose@kontor.example>\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nGrüße\r\n\r\nJosé Müller\r\n');
    expect((await extractFromFile('declared.eml', raw))[0].name?.full).toBe('José Müller');
  });

  it('broken or empty files give no contact and no error; a huge text file is read within its caps', async () => {
    expect(await extractFromFile('broken.vcf', enc('BEGIN:VCARD\r\nVERSION:4.0\r\nFN;;;=:\r\nN:\r\nEND:VCARD\r\n'))).toEqual([]);
    expect(await extractFromFile('empty.txt', new Uint8Array())).toEqual([]);
    expect(await extractFromFile('not-mail.eml', enc('hello world, this is not an email'))).toEqual([]);
    expect(await extractFromFile('broken.html', enc('<html><body><div itemscope itemtype="https://schema.org/Person"><span itemprop="name">Ada Lovelace</span><script type="application/ld+json">{"@type":"Person","name":'))).toMatchObject([{ name: { full: 'Ada Lovelace' } }]);
    expect(await extractFromFile('huge.txt', enc(`Ada Lovelace\nada@engines.example\n${'x'.repeat(3_000_000)}`))).toMatchObject([{ name: { full: 'Ada Lovelace' }, emails: [{ value: 'ada@engines.example' }] }]);
  });

  it('a page nested deeper than a browser builds one is refused by name before parsing; an email with such a body keeps its sender', async () => {
    const deep = `<html><body>${'<div>'.repeat(100_000)}Ada Lovelace${'</div>'.repeat(100_000)}</body></html>`; // 1.1 MB
    const t0 = performance.now();
    const e = await refusal('deep.html', enc(deep));
    const ms = performance.now() - t0;
    expect(e).toBeInstanceOf(CaptureFileError);
    expect(e!.message).toBe(`deep.html nests its elements more than ${MAX_HTML_DEPTH} deep, deeper than a browser builds a page: it is not a page Outpost can read. Open it in the browser and capture it from there, or paste its text.`);
    expect(ms).toBeLessThan(3_000); // linkedom took 6–19 s on it; the tag scan takes milliseconds (a loose bound on a shared machine)
    const mail = `From: Ada Lovelace <ada@engines.example>\r\nSubject: hi\r\nContent-Type: text/html\r\n\r\n${'<div>'.repeat(20_000)}Thanks<br>Ada Lovelace<br>CTO, Analytical Engines Ltd<br>+44 20 7946 0018${'</div>'.repeat(20_000)}`;
    const [c] = await extractFromEml(enc(mail), {}, 'deep.eml');
    expect([c.name?.full, c.emails[0]?.value, c.companyName?.value, c.phones[0]?.value]).toEqual(['Ada Lovelace', 'ada@engines.example', 'Analytical Engines Ltd', '+442079460018']);
    // Its character references are read as the text they stand for, as a parser would.
    const coded = `From: Ada Lovelace <ada@engines.example>\r\nSubject: hi\r\nContent-Type: text/html\r\n\r\n${'<div>'.repeat(20_000)}Thanks<br>Ada Lovelace<br>CTO, Engines &amp; Looms Ltd<br>&#43;44&nbsp;20 7946 0018<br>&copy; &unknown; &#x41;${'</div>'.repeat(20_000)}`;
    const [d] = await extractFromEml(enc(coded), {}, 'deep.eml');
    expect([d.companyName?.value, d.phones[0]?.value]).toEqual(['Engines & Looms Ltd', '+442079460018']);
    expect(textWithoutTags('<p>AT&amp;T&nbsp;&#x41;&#65;&unknown;&#0;</p>').trim()).toBe('AT&T AA&unknown;&#0;');
  });

  it('counts nesting as a browser builds it: unclosed paragraphs and list items, void elements, comments and scripts add no depth', () => {
    expect(htmlDepth('<ul>' + '<li>item'.repeat(5_000) + '</ul>')).toBe(1);
    expect(htmlDepth('<div>' + '<p>para'.repeat(5_000) + '<br><img src=x><input></div>')).toBe(1);
    expect(htmlDepth(`<div><!-- ${'<div>'.repeat(1_000)} --><script>${'"<div>"+'.repeat(1_000)}""</script><span title="a > b">x</span></div>`)).toBe(2);
    expect(htmlDepth('<div>'.repeat(MAX_HTML_DEPTH))).toBe(MAX_HTML_DEPTH);
    expect(htmlDepth('<div>'.repeat(10 * MAX_HTML_DEPTH))).toBe(MAX_HTML_DEPTH + 1); // stops reading past the limit
    // Tags never closed, quotes never closed: still one pass (a loose bound on a shared machine).
    const t0 = performance.now();
    expect(htmlDepth('<a '.repeat(300_000))).toBe(0);
    expect(htmlDepth('<a title="'.repeat(100_000))).toBe(0);
    expect(htmlDepth(`<!--${'<div>'.repeat(50_000)}`)).toBe(0);
    expect(performance.now() - t0).toBeLessThan(3_000);
  });

  it('no page of the corpus is anywhere near the limit (none refused)', () => {
    const pages = ['microformats-tests', 'microformats-parser-suites', 'extruct-samples', 'schemaorg-examples'].flatMap((d) => walkFiles(CORPUS + d, /\.html?$/));
    expect(pages.length).toBeGreaterThan(100);
    const deepest = Math.max(...pages.map((f) => htmlDepth(readFileSync(f, 'utf8'))));
    expect(deepest).toBeLessThan(MAX_HTML_DEPTH / 4);
  });
});
