import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Candidate } from '../../../src/capture/index.ts';

/** The shared corpus (test/corpus.ts finds it): read in place, never copied in. */
import { CORPUS } from '../../corpus.ts';
export { CORPUS };

export function walkFiles(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walkFiles(p, ext));
    else if (ext.test(name)) out.push(p);
  }
  return out.sort();
}

export type Field = 'name' | 'first' | 'last' | 'org' | 'title' | 'email' | 'tel' | 'url' | 'street' | 'city' | 'region' | 'postalCode' | 'country';
/** A fact of an answer key; `also`: other spellings the source supports equally ("Jim" for "James"). */
export type Fact = { field: Field; value: string; also?: string[] };

export const norm = (s: string) =>
  s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/^mailto:|^tel:/, '').replace(/[^\p{L}\p{N}@]+/gu, '');
const digits = (s: string) => s.replace(/\D/g, '');
/** "http://www.x.com/" and "www.x.com" are one website. */
const normUrl = (s: string) => norm(s.trim().replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/\/$/, ''));

/** The values a candidate offers for a field, normalised for comparison. */
export function offered(c: Candidate, field: Field): string[] {
  switch (field) {
    case 'name': return [c.name?.full, [c.name?.first, c.name?.last].filter(Boolean).join(' '), c.companyName?.value].filter(Boolean).map((s) => norm(s!));
    case 'first': return c.name?.first ? [norm(c.name.first)] : [];
    case 'last': return c.name?.last ? [norm(c.name.last)] : [];
    case 'org': return [c.companyName?.value, c.kind === 'organization' ? c.name?.full : undefined].filter(Boolean).map((s) => norm(s!));
    case 'title': return c.title ? [norm(c.title.value)] : [];
    case 'email': return c.emails.map((e) => norm(e.value));
    // The main number (an extension, kept apart since identity's phone rule, is not in the keys).
    case 'tel': return c.phones.flatMap((p) => [digits(p.value.split(';ext=')[0]), p.extension ? digits(p.original).slice(0, -p.extension.length) : digits(p.original)]);
    case 'url': return [...c.websites.map((w) => w.value), ...c.socials.map((s) => s.url)].map(normUrl);
    default: return c.address?.[field] ? [norm(c.address[field]!)] : [];
  }
}

export function found(fact: Fact, candidates: Candidate[]): boolean {
  if (fact.also?.length) return [fact.value, ...fact.also].some((value) => found({ field: fact.field, value }, candidates));
  if (fact.field === 'tel') {
    const d = digits(fact.value.split(/;ext=/i)[0]);
    return candidates.some((c) => offered(c, 'tel').some((o) => o.length >= 5 && (o.endsWith(d) || d.endsWith(o))));
  }
  // mf2 keys keep an email's raw href: "mailto:a@x?subject=…", or resolved as "http://x/a@x".
  const v = fact.field === 'url' ? normUrl(fact.value) : fact.field === 'email' ? norm(fact.value.replace(/^.*[/:]/, '').replace(/\?.*$/, '')) : norm(fact.value);
  return candidates.some((c) => offered(c, fact.field).includes(v));
}

export type Row = { suite: string; score: string; found: number; total: number; value: number; floor?: number };

/** What a score missed or made up, per document: written into the folder `CAPTURE_MISSES` names
 *  (a tool for reading the misses, not part of any score). */
export type Miss = { doc: string; key: string; kind: 'missed' | 'made up'; value: string; offered?: string[] };
export const MISSES: Miss[] = [];
export const noteMiss = (miss: Miss) => {
  if (process.env.CAPTURE_MISSES) MISSES.push(miss);
};

/** Tallies found/total per field under a suite name, e.g. "microformats-tests". */
export class Tally {
  counts = new Map<string, { found: number; total: number }>();
  add(key: string, ok: boolean) {
    const t = this.counts.get(key) ?? { found: 0, total: 0 };
    t.total++;
    if (ok) t.found++;
    this.counts.set(key, t);
  }
  addFacts(prefix: string, facts: Fact[], candidates: Candidate[], doc = '') {
    for (const f of facts) {
      const ok = found(f, candidates);
      if (!ok) noteMiss({ doc, key: `${prefix}${f.field}`, kind: 'missed', value: f.value, offered: candidates.flatMap((c) => offered(c, f.field)) });
      this.add(`${prefix}${f.field}`, ok);
      this.add(`${prefix}all`, ok);
    }
  }
  rows(suite: string): Row[] {
    return [...this.counts].sort().map(([score, t]) => ({ suite, score, found: t.found, total: t.total, value: t.total ? t.found / t.total : 1 }));
  }
}

const FLOORS_FILE = fileURLToPath(new URL('./floors.json', import.meta.url));

/**
 * Prints the score table and fails on any score below its recorded floor. With
 * CAPTURE_WRITE_FLOORS=1 it records floors just below today's scores instead.
 */
export function checkFloors(rows: Row[]): void {
  const floors: Record<string, number> = existsSync(FLOORS_FILE) ? JSON.parse(readFileSync(FLOORS_FILE, 'utf8')) : {};
  for (const r of rows) r.floor = floors[`${r.suite}/${r.score}`];
  console.table(rows.map((r) => ({ suite: r.suite, score: r.score, found: `${r.found}/${r.total}`, value: r.value.toFixed(3), floor: r.floor ?? '-' })));
  // One file per test file (each runs in its own worker), named by its first suite.
  if (process.env.CAPTURE_MISSES) writeFileSync(join(process.env.CAPTURE_MISSES, `${rows[0]?.suite ?? 'scores'}.json`), JSON.stringify(MISSES, null, 1));
  if (process.env.CAPTURE_WRITE_FLOORS === '1') {
    for (const r of rows) floors[`${r.suite}/${r.score}`] = Math.max(0, Math.floor((r.value - 0.005) * 100) / 100);
    writeFileSync(FLOORS_FILE, JSON.stringify(Object.fromEntries(Object.entries(floors).sort()), null, 2) + '\n');
    return;
  }
  for (const r of rows) {
    expect(r.floor, `no floor recorded for ${r.suite}/${r.score}`).toBeTypeOf('number');
    expect(r.value, `${r.suite}/${r.score} fell below its floor`).toBeGreaterThanOrEqual(r.floor!);
  }
}
