import { describe, expect, it } from 'vitest';
import { MAX_FIELD, type Candidate } from '../capture/candidate.ts';
import { capturePort, MAX_CAPTURE_FILE, scanned } from './capture.ts';

const person = (full: string, email?: string): Candidate => ({
  kind: 'person', name: { full, source: 'json-ld', confidence: 0.9 },
  emails: email ? [{ value: email, source: 'json-ld', confidence: 0.9 }] : [], phones: [], websites: [], socials: [], confidence: 0.9, sources: ['json-ld'],
});
const page = { url: 'https://acme.example/team', title: 'Team' };

describe('scanned: what an extraction answered, as the capture form may show it (one rule for pages and files)', () => {
  it('drops only the candidate the schema refuses: the others, their values and their order are kept', () => {
    const bad = { ...person('Eve'), emails: [{ value: 'eve@acme.example', source: 'not-a-source', confidence: 2 }] };
    const res = scanned({ ...page, answer: [person('Ada Lovelace', 'ada@acme.example'), bad, person('x'.repeat(MAX_FIELD + 1)), person('Grace Hopper')] });
    expect(res.error).toBeUndefined();
    expect(res).toMatchObject(page);
    expect(res.candidates.map((c) => c.name?.full)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(res.candidates[0]).toEqual(person('Ada Lovelace', 'ada@acme.example'));
  });

  it('says so when a page answers with something that is not a list of contacts', () => {
    for (const answer of [{ candidates: [] }, 'Ada', 42]) {
      expect(scanned({ ...page, answer })).toEqual({ ...page, candidates: [], error: 'This page answered with something that is not a contact.' });
    }
  });

  it('a page that answered nothing has no candidate and no error (the form says "no contact found")', () => {
    expect(scanned({ ...page, answer: null })).toEqual({ ...page, candidates: [] });
    expect(scanned({ ...page })).toEqual({ ...page, candidates: [] });
  });

  it('keeps a failed scan\'s message and the webmail permission it asks for, and shows nothing it answered', () => {
    const permission = { site: 'Gmail', origins: ['https://mail.google.com/*'] };
    const res = scanned({ url: 'https://mail.google.com/mail/u/0', title: 'Inbox', permission, error: 'Allow Outpost to read Gmail messages to capture their senders.', answer: [person('Ada')] });
    expect(res).toEqual({ url: 'https://mail.google.com/mail/u/0', title: 'Inbox', permission, error: 'Allow Outpost to read Gmail messages to capture their senders.', candidates: [] });
  });
});

describe('capturePort.fromFile', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('gives every contact of a card file, checked by the same rule', async () => {
    const vcf = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Ada Lovelace', 'EMAIL:ada@engines.example', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:Grace Hopper', 'EMAIL:grace@navy.example', 'END:VCARD'].join('\r\n');
    const res = await capturePort.fromFile('team.vcf', bytes(vcf));
    expect(res.error).toBeUndefined();
    expect(res.title).toBe('team.vcf');
    expect(res.candidates.map((c) => [c.name?.full, c.emails[0]?.value])).toEqual([['Ada Lovelace', 'ada@engines.example'], ['Grace Hopper', 'grace@navy.example']]);
  });
  it('refuses an empty or an oversized file with a reason', async () => {
    expect(await capturePort.fromFile('empty.vcf', new Uint8Array())).toMatchObject({ candidates: [], error: 'empty.vcf is empty.' });
    const big = await capturePort.fromFile('huge.eml', new Uint8Array(MAX_CAPTURE_FILE + 1));
    expect(big.candidates).toEqual([]);
    expect(big.error).toMatch(/^huge\.eml is 10 MB: .*Import in the dashboard/);
  });
  it('refuses a binary file named .eml by its real kind, naming the file, and loses nothing else', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(64).fill(7)]);
    const res = await capturePort.fromFile('photo.eml', png);
    expect(res).toMatchObject({ title: 'photo.eml', candidates: [] });
    expect(res.error).toMatch(/^photo\.eml is a PNG image, not a contact card \(\.vcf\), an email \(\.eml\)/);
    // Text headers first, binary further in (past the kind sniff): the message parser names it too.
    const head = bytes(`From: Ada <ada@engines.example>\r\nSubject: hi\r\n\r\n${'x'.repeat(2500)}`);
    const mixed = new Uint8Array(head.length + 64);
    mixed.set(head);
    const res2 = await capturePort.fromFile('mixed.eml', mixed);
    expect(res2.candidates).toEqual([]);
    expect(res2.error).toMatch(/^mixed\.eml is binary data, not a contact card/);
    expect(res2.error).not.toMatch(/This file/);
  });
  it('reads a real .eml: its sender as a candidate and its message to log', async () => {
    const eml = 'From: Ada Lovelace <ada@engines.example>\r\nTo: bob@example.com\r\nSubject: Engines\r\n\r\nHello.\r\n';
    const res = await capturePort.fromFile('mail.eml', bytes(eml));
    expect(res.error).toBeUndefined();
    expect(res.title).toBe('Engines');
    expect(res.candidates[0]?.name?.full).toBe('Ada Lovelace');
    expect(res.message?.email).toMatchObject({ subject: 'Engines', from: 'Ada Lovelace <ada@engines.example>', to: ['bob@example.com'] });
  });
});
