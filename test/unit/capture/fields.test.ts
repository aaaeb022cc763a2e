import { readFileSync, readdirSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { decodeBytes, extractFromHtml, extractFromMessage, extractFromText, extractFromVcf, type Candidate } from '../../../src/capture/index.ts';
import { contactFacts, hcardFacts, isContactNode, jcardFacts, jsonLdKey, signatureLineFacts } from './keys.ts';
import { CORPUS, checkFloors, found, norm, offered, walkFiles, type Fact, type Field, type Row } from './scoring.ts';

/**
 * Field-level precision, recall and F1 of capture on outside material, by kind of input
 * (email, pasted text, vCard, page) and by field. A fact of the answer key that a candidate
 * offers is a hit; a value a candidate offers for a field the key covers, matching no fact of
 * that field, is a false positive.
 */
const FIELDS: Field[] = ['name', 'first', 'last', 'title', 'org', 'email', 'tel', 'url'];
type Kind = 'email' | 'text' | 'vcard' | 'page';
type Counts = { tp: number; fp: number; fn: number };

/** What a candidate puts in a field, one entry per value the user would see. */
function predicted(c: Candidate, field: Field): string[] {
  switch (field) {
    case 'name': return c.kind === 'person' && c.name ? [c.name.full] : [];
    case 'org': return offered(c, 'org').length ? [c.companyName?.value ?? c.name?.full ?? ''] : [];
    case 'email': return c.emails.map((e) => e.value);
    case 'tel': return c.phones.map((p) => p.value);
    case 'url': return [...c.websites.map((w) => w.value), ...c.socials.map((s) => s.url)];
    default: return offered(c, field).length ? [offered(c, field)[0]] : [];
  }
}

class F1Tally {
  counts = new Map<string, Counts>();
  private bump(key: string, k: keyof Counts) {
    const t = this.counts.get(key) ?? { tp: 0, fp: 0, fn: 0 };
    t[k]++;
    this.counts.set(key, t);
  }
  /** Scores one document: `keyed` are the fields its answer key covers. */
  add(kind: Kind, facts: Fact[], candidates: Candidate[], keyed: readonly Field[]) {
    for (const f of facts) {
      if (!FIELDS.includes(f.field)) continue;
      const hit = found(f, candidates) ? 'tp' : 'fn';
      for (const key of [`${kind}:${f.field}`, `${kind}:all`, `all:${f.field}`, 'all:all']) this.bump(key, hit);
    }
    for (const field of keyed) {
      const truth = facts.filter((f) => f.field === field);
      for (const c of candidates) {
        for (const v of predicted(c, field)) {
          const one = { ...c, ...single(c, field, v) } as Candidate;
          if (truth.some((f) => found(f, [one]))) continue;
          for (const key of [`${kind}:${field}`, `${kind}:all`, `all:${field}`, 'all:all']) this.bump(key, 'fp');
        }
      }
    }
  }
  rows(): Row[] {
    const rows: Row[] = [];
    for (const [key, { tp, fp, fn }] of [...this.counts].sort()) {
      const precision = tp + fp ? tp / (tp + fp) : 1;
      const recall = tp + fn ? tp / (tp + fn) : 1;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      rows.push({ suite: 'fields', score: `${key}:f1`, found: tp, total: tp + (fp + fn) / 2, value: f1 });
    }
    return rows;
  }
}

/** A copy of the candidate holding only value `v` in `field`, to ask whether that value is true. */
function single(c: Candidate, field: Field, v: string): Partial<Candidate> {
  if (field === 'email') return { emails: c.emails.filter((e) => e.value === v) };
  if (field === 'tel') return { phones: c.phones.filter((p) => p.value === v) };
  if (field === 'url') return { websites: c.websites.filter((w) => w.value === v), socials: c.socials.filter((s) => s.url === v) };
  return {};
}

const keyedBy = (facts: Fact[], base: readonly Field[]) => base.filter((f) => facts.some((x) => x.field === f) || ['email', 'tel'].includes(f));
const PAGE_FIELDS: Field[] = ['name', 'first', 'last', 'title', 'org', 'email', 'tel', 'url'];

function pages(t: F1Tally) {
  type Example = { jsonld: string; microdata: string | null; rdfa: string | null };
  const markup = { jsonld: /ld\+json/, microdata: /itemscope/, rdfa: /typeof=|property=/ };
  for (const line of readFileSync(CORPUS + 'schemaorg-examples/contact-relevant-examples.jsonl', 'utf8').split('\n').filter(Boolean)) {
    const ex = JSON.parse(line) as Example;
    const facts = contactFacts(jsonLdKey(ex.jsonld), { detailed: true });
    if (!facts.length) continue;
    for (const syntax of ['jsonld', 'microdata', 'rdfa'] as const) {
      const html = ex[syntax];
      if (html && markup[syntax].test(html)) t.add('page', facts, extractFromHtml(html, { baseUrl: 'https://example.com/' }), keyedBy(facts, PAGE_FIELDS));
    }
  }
  for (const json of walkFiles(CORPUS + 'microformats-tests', /\.json$/)) {
    const facts = hcardFacts((JSON.parse(readFileSync(json, 'utf8')) as { items?: [] }).items ?? [], [], { allValues: true });
    if (!facts.some((f) => FIELDS.includes(f.field))) continue;
    const html = readFileSync(json.replace(/\.json$/, '.html'), 'utf8');
    t.add('page', facts, extractFromHtml(html, { baseUrl: 'http://example.com/' }), keyedBy(facts, PAGE_FIELDS));
  }
}

/** Pasted text: the plain version of schema.org examples whose subject is one contact. */
function texts(t: F1Tally) {
  type Example = { jsonld: string; pre_markup: string; strong: boolean };
  for (const line of readFileSync(CORPUS + 'schemaorg-examples/contact-relevant-examples.jsonl', 'utf8').split('\n').filter(Boolean)) {
    const ex = JSON.parse(line) as Example;
    const top = jsonLdKey(ex.jsonld).flat();
    if (!ex.strong || top.length !== 1 || !isContactNode(top[0])) continue;
    // Tags out, line breaks kept: what a user selecting the rendered example would copy.
    const { document } = parseHTML(`<!doctype html><html><body>${ex.pre_markup.replace(/<br\s*\/?>/gi, '\n')}</body></html>`);
    const text = document.body.textContent ?? '';
    // Only what the text says can be found in it ("See JSON example" holds no facts).
    const facts = contactFacts(top[0], { detailed: true, nested: false }).filter((f) => saidIn(text, f));
    if (!facts.length) continue;
    t.add('text', facts, extractFromText(text), keyedBy(facts, ['name', 'title', 'org', 'email', 'tel', 'url']));
  }
  // Pasted signatures: the labelled signature lines of mailgun-forge and talon's expected signatures.
  const signatures: string[][] = [];
  const forge = `${CORPUS}mailgun-forge/dataset/P/`;
  for (const f of readdirSync(forge).filter((n) => n.endsWith('_body'))) {
    signatures.push(readFileSync(forge + f, 'utf8').replace(/\r\n?/g, '\n').split('\n').filter((l) => l.startsWith('#sig#')).map((l) => l.slice(5)));
  }
  const stripped = `${CORPUS}mailgun-talon/tests/fixtures/signature/emails/stripped/`;
  for (const f of readdirSync(stripped).filter((n) => n.endsWith('_signature'))) signatures.push(readFileSync(stripped + f, 'utf8').split('\n'));
  for (const lines of signatures) {
    const facts = signatureLineFacts(lines);
    if (facts.length) t.add('text', facts, extractFromText(lines.join('\n')), ['email', 'tel', 'url']);
  }
}

const saidIn = (text: string, f: Fact) =>
  f.field === 'tel' ? text.replace(/\D/g, '').includes(f.value.replace(/\D/g, '').slice(-7)) : norm(text).includes(norm(f.value.replace(/^https?:\/\/(www\.)?|^mailto:/, '')));

function vcards(t: F1Tally) {
  for (const vcf of walkFiles(CORPUS + 'icaljs-vcards', /\.vcf$/)) {
    let key: unknown;
    try {
      key = JSON.parse(readFileSync(vcf.replace(/\.vcf$/, '.json'), 'utf8'));
    } catch {
      continue;
    }
    const facts = jcardFacts(key).flat();
    t.add('vcard', facts, extractFromVcf(decodeBytes(readFileSync(vcf))), keyedBy(facts, PAGE_FIELDS));
  }
}

/** A sender as the fixtures write it: "Name <a@x>", "Last, First [mailto:a@x]", a bare address or a bare name. */
function mailbox(raw: string): { name?: string; address?: string } {
  const address = raw.match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/)?.[0];
  const name = raw.replace(/[<[](?:mailto:)?[^>\]]*[>\]]/g, '').replace(address ?? '\0', '').replace(/^[\s"]+|[\s"]+$/g, '');
  return { ...(name && { name }), ...(address && { address }) };
}

/** Emails: the sender's address, and the emails, phones and links on the labelled signature lines. */
function emails(t: F1Tally) {
  const sets: { dir: string; marker: RegExp }[] = [
    { dir: `${CORPUS}mailgun-forge/dataset/P/`, marker: /^#sig#/ },
    { dir: `${CORPUS}mailgun-forge/dataset/N/`, marker: /^#sig#/ },
    { dir: `${CORPUS}mailgun-talon/tests/fixtures/signature/emails/P/`, marker: /^#sig#/ },
  ];
  for (const { dir, marker } of sets) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('_body'))) {
      const raw = readFileSync(dir + f, 'utf8').replace(/\r\n?/g, '\n').split('\n');
      const from = mailbox(readFileSync(dir + f.replace('_body', '_sender'), 'utf8'));
      const facts: Fact[] = from.address ? [{ field: 'email', value: from.address }] : [];
      facts.push(...signatureLineFacts(raw.filter((l) => marker.test(l)).map((l) => l.replace(marker, ''))));
      const text = raw.map((l) => l.replace(marker, '')).join('\n');
      t.add('email', facts, extractFromMessage({ from, text }), ['email', 'tel', 'url']);
    }
  }
  const stripped = `${CORPUS}mailgun-talon/tests/fixtures/signature/emails/stripped/`;
  for (const f of readdirSync(stripped).filter((n) => n.endsWith('_body'))) {
    const from = mailbox(readFileSync(stripped + f.replace('_body', '_sender'), 'utf8'));
    const facts: Fact[] = [...(from.address ? [{ field: 'email' as const, value: from.address }] : []), ...signatureLineFacts(readFileSync(stripped + f.replace('_body', '_signature'), 'utf8').split('\n'))];
    t.add('email', facts, extractFromMessage({ from, text: readFileSync(stripped + f, 'utf8') }), ['email', 'tel', 'url']);
  }
}

describe('field-level F1 by kind of input (email, pasted text, vCard, page)', () => {
  it('scores every field the answer keys cover and stays at or above the floors', () => {
    const t = new F1Tally();
    pages(t);
    texts(t);
    vcards(t);
    emails(t);
    const rows = t.rows();
    expect(rows.find((r) => r.score === 'all:all:f1')).toBeDefined();
    checkFloors(rows);
  });
});
