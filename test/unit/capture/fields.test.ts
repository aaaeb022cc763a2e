import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { decodeBytes, extractFromHtml, extractFromMessage, extractFromText, extractFromVcf, type Candidate } from '../../../src/capture/index.ts';
import { contactFacts, hcardFacts, isContactNode, jcardFacts, jsonLdKey, signatureLineFacts } from './keys.ts';
import { CORPUS, checkFloors, found, noteMiss, norm, offered, walkFiles, type Fact, type Field, type Row } from './scoring.ts';

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
  constructor(private suite = 'fields') {}
  private bump(key: string, k: keyof Counts) {
    const t = this.counts.get(key) ?? { tp: 0, fp: 0, fn: 0 };
    t[k]++;
    this.counts.set(key, t);
  }
  /** Scores one document: `keyed` are the fields its answer key covers. */
  add(kind: Kind, facts: Fact[], candidates: Candidate[], keyed: readonly Field[], doc = '') {
    for (const f of facts) {
      if (!FIELDS.includes(f.field)) continue;
      const hit = found(f, candidates) ? 'tp' : 'fn';
      if (hit === 'fn') noteMiss({ doc, key: `${this.suite}/${kind}:${f.field}`, kind: 'missed', value: f.value, offered: candidates.flatMap((c) => predicted(c, f.field)) });
      for (const key of [`${kind}:${f.field}`, `${kind}:all`, `all:${f.field}`, 'all:all']) this.bump(key, hit);
    }
    for (const field of keyed) {
      const truth = facts.filter((f) => f.field === field);
      for (const c of candidates) {
        for (const v of predicted(c, field)) {
          const one = { ...c, ...single(c, field, v) } as Candidate;
          if (truth.some((f) => found(f, [one]))) continue;
          noteMiss({ doc, key: `${this.suite}/${kind}:${field}`, kind: 'made up', value: v, offered: truth.map((f) => f.value) });
          for (const key of [`${kind}:${field}`, `${kind}:all`, `all:${field}`, 'all:all']) this.bump(key, 'fp');
        }
      }
    }
  }
  rows(): Row[] {
    // Precision and recall beside the F1 the floors hold (printed: where a change moved the F1).
    console.table([...this.counts].sort().map(([key, { tp, fp, fn }]) => ({ key, tp, fp, fn, precision: (tp + fp ? tp / (tp + fp) : 1).toFixed(3), recall: (tp + fn ? tp / (tp + fn) : 1).toFixed(3) })));
    const rows: Row[] = [];
    for (const [key, { tp, fp, fn }] of [...this.counts].sort()) {
      const precision = tp + fp ? tp / (tp + fp) : 1;
      const recall = tp + fn ? tp / (tp + fn) : 1;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      rows.push({ suite: this.suite, score: `${key}:f1`, found: tp, total: tp + (fp + fn) / 2, value: f1 });
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
      if (html && markup[syntax].test(html)) t.add('page', facts, extractFromHtml(html, { baseUrl: 'https://example.com/' }), keyedBy(facts, PAGE_FIELDS), `schemaorg ${syntax} ${ex.jsonld.slice(0, 60)}`);
    }
  }
  for (const json of walkFiles(CORPUS + 'microformats-tests', /\.json$/)) {
    const facts = hcardFacts((JSON.parse(readFileSync(json, 'utf8')) as { items?: [] }).items ?? [], [], { allValues: true });
    if (!facts.some((f) => FIELDS.includes(f.field))) continue;
    const html = readFileSync(json.replace(/\.json$/, '.html'), 'utf8');
    t.add('page', facts, extractFromHtml(html, { baseUrl: 'http://example.com/' }), keyedBy(facts, PAGE_FIELDS), json.slice(CORPUS.length));
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
    t.add('text', facts, extractFromText(text), keyedBy(facts, ['name', 'title', 'org', 'email', 'tel', 'url']), text.slice(0, 200));
  }
  // Pasted signatures: the labelled signature lines of mailgun-forge and talon's expected signatures.
  const signatures: string[][] = [];
  const forge = `${CORPUS}mailgun-forge/dataset/P/`;
  for (const f of readdirSync(forge).filter((n) => n.endsWith('_body'))) {
    signatures.push(readFileSync(forge + f, 'utf8').replace(/\r\n?/g, '\n').split('\n').filter((l) => l.startsWith('#sig#')).map((l) => l.slice(5)));
  }
  const stripped = `${CORPUS}mailgun-talon/tests/fixtures/signature/emails/stripped/`;
  // One of talon's files keeps mailgun's "#sig#" line labels: they are the key's, not the text's.
  for (const f of readdirSync(stripped).filter((n) => n.endsWith('_signature'))) signatures.push(readFileSync(stripped + f, 'utf8').replace(/^#sig#/gm, '').split('\n'));
  for (const lines of signatures) {
    const facts = signatureLineFacts(lines);
    if (facts.length) t.add('text', facts, extractFromText(lines.join('\n')), ['email', 'tel', 'url'], lines.join('\n'));
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
    t.add('vcard', facts, extractFromVcf(decodeBytes(readFileSync(vcf))), keyedBy(facts, PAGE_FIELDS), vcf.slice(CORPUS.length));
  }
}

/** A sender as the fixtures write it: "Name <a@x>", "Last, First [mailto:a@x]", a bare address or a bare name. */
function mailbox(raw: string): { name?: string; address?: string } {
  const address = raw.match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/)?.[0];
  const name = raw.replace(/[<[](?:mailto:)?[^>\]]*[>\]]/g, '').replace(address ?? '\0', '').replace(/^[\s"]+|[\s"]+$/g, '');
  return { ...(name && { name }), ...(address && { address }) };
}

/**
 * Who signs each labelled email (signers.json: labels added on top of the corpus, read by a
 * person from the whole message): the signer's name, and the title and company the signature
 * states. A labelled email is scored on those three fields too, so an invented title or a
 * department offered as the company counts against.
 */
type Signer = { name?: string[]; title?: string; org?: string };
const SIGNERS = JSON.parse(readFileSync(new URL('./signers.json', import.meta.url), 'utf8')) as Record<string, Record<string, Signer> | string>;
function signer(dir: string, file: string): { facts: Fact[]; keyed: Field[] } {
  const set = SIGNERS[dir.slice(CORPUS.length)];
  const s = typeof set === 'object' ? set[file.replace(/_body$/, '')] : undefined;
  if (!s) return { facts: [], keyed: [] };
  const facts: Fact[] = [];
  if (s.name?.length) facts.push({ field: 'name', value: s.name[0], also: s.name.slice(1) });
  if (s.title) facts.push({ field: 'title', value: s.title });
  if (s.org) facts.push({ field: 'org', value: s.org });
  return { facts, keyed: ['name', 'title', 'org'] };
}

/** Emails: the sender's address, the emails, phones and links on the labelled signature lines, and the labelled signer. */
function emails(t: F1Tally, signers: F1Tally) {
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
      const candidates = extractFromMessage({ from, text });
      t.add('email', facts, candidates, ['email', 'tel', 'url'], (dir + f).slice(CORPUS.length));
      const who = signer(dir, f);
      if (who.keyed.length) signers.add('email', who.facts, candidates, who.keyed, (dir + f).slice(CORPUS.length));
    }
  }
  const stripped = `${CORPUS}mailgun-talon/tests/fixtures/signature/emails/stripped/`;
  for (const f of readdirSync(stripped).filter((n) => n.endsWith('_body'))) {
    const from = mailbox(readFileSync(stripped + f.replace('_body', '_sender'), 'utf8'));
    const facts: Fact[] = [...(from.address ? [{ field: 'email' as const, value: from.address }] : []), ...signatureLineFacts(readFileSync(stripped + f.replace('_body', '_signature'), 'utf8').replace(/^#sig#/gm, '').split('\n'))];
    const candidates = extractFromMessage({ from, text: readFileSync(stripped + f, 'utf8').replace(/^#sig#/gm, '') });
    t.add('email', facts, candidates, ['email', 'tel', 'url'], (stripped + f).slice(CORPUS.length));
    const who = signer(stripped, f);
    if (who.keyed.length) signers.add('email', who.facts, candidates, who.keyed, (stripped + f).slice(CORPUS.length));
  }
}

describe('field-level F1 by kind of input (email, pasted text, vCard, page)', () => {
  it('scores every field the answer keys cover and stays at or above the floors', () => {
    const t = new F1Tally();
    const signers = new F1Tally('signers');
    pages(t);
    texts(t);
    vcards(t);
    emails(t, signers);
    for (const [dir, set] of Object.entries(SIGNERS)) if (typeof set === 'object') for (const f of Object.keys(set)) expect(existsSync(`${CORPUS}${dir}${f}_body`), `signers.json names ${dir}${f}`).toBe(true);
    const rows = [...t.rows(), ...signers.rows()];
    expect(rows.find((r) => r.score === 'all:all:f1')).toBeDefined();
    checkFloors(rows);
  });
});
