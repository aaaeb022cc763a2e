import type { Candidate } from './candidate.ts';
import { MAX_CANDIDATES } from './limits.ts';
import { mergeInto } from './draft.ts';
import { nameKey } from './name.ts';
import { companyKey as identityCompanyKey } from '../domain/identity/companies.ts';

/** Identity's company key: "Fjordline Consulting AS" (the page's markup) = "Fjordline Consulting" (its og:site_name). */
const companyKey = (c: Candidate) => identityCompanyKey(c.companyName?.value) ?? '';

/**
 * One candidate per contact: the same person described twice on a page (JSON-LD and h-card,
 * a mailto link and a signature) shares an email, or the same name with no conflicting
 * company; an organization matches an organization of the same name.
 */
function samePerson(a: Candidate, b: Candidate): boolean {
  if (a.emails.some((e) => b.emails.some((f) => f.value === e.value))) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'organization') {
    const k = companyKey(a) || nameKey(a.name);
    return !!k && k === (companyKey(b) || nameKey(b.name));
  }
  const na = nameKey(a.name);
  if (!na || na !== nameKey(b.name)) return false;
  const [ca, cb] = [companyKey(a), companyKey(b)];
  return !ca || !cb || ca === cb;
}

/** Merges duplicates and orders the most confident, richest candidates first. */
export function mergeCandidates(list: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  // Candidates can only match through a shared email or name/company key: look those up
  // instead of comparing every pair (a concert listing yields hundreds of performers).
  const index = new Map<string, Candidate[]>();
  const keys = (c: Candidate) => {
    const k = c.emails.map((e) => `@${e.value}`);
    const name = nameKey(c.name);
    if (name) k.push(`${c.kind}:${name}`);
    if (c.kind === 'organization' && companyKey(c)) k.push(`org:${companyKey(c)}`);
    return k;
  };
  for (const c of list) {
    const twin = keys(c).flatMap((k) => index.get(k) ?? []).find((o) => samePerson(o, c));
    const target = twin ? mergeInto(twin, c) : out.length < MAX_CANDIDATES ? structuredClone(c) : null;
    if (!target) continue;
    if (!twin) out.push(target);
    for (const k of keys(target)) {
      const bucket = index.get(k);
      if (!bucket) index.set(k, [target]);
      else if (!bucket.includes(target)) bucket.push(target);
    }
  }
  return out.sort((a, b) => score(b) - score(a));
}

const score = (c: Candidate) =>
  c.confidence + 0.02 * (c.emails.length + c.phones.length + c.socials.length + (c.title ? 1 : 0) + (c.kind === 'person' ? 1 : 0));
