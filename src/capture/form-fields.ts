import type { Candidate, ExtractOptions, Provenance } from './candidate.ts';
import { guessMapping } from '../domain/csv/targets.ts';
import { addEmail, addPhone, addUrl, emptyCandidate, finish, setName, setText } from './draft.ts';

/** A "Label: value" line of a form or booking notification ("Full Name: Maria Gonzalez"). */
// Not a link ("https://…", "mailto:…"): its scheme's colon is no label's.
export const PAIR = /^\s*\*{0,2}(?!(?:https?|mailto|tel|ftp)[:：])([\p{L}][\p{L}\d '’/()#.-]{0,40}?)\*{0,2}\s*[:：](?!\/\/)\s*(\S.{0,300}?)\s*$/u;
/** How far into a body such lines are read: a notification lists its fields on top. */
const MAX_LINES = 120;

/**
 * The person a form submission or a booking notification names, from its "Label: value" lines
 * ("Name: …", "Email Address: …", "Phone: …", "Company: …"): the labels are read by the import's
 * column rule (`guessMapping`, every language it knows), so a web form's notification and a CSV
 * export agree on what "Telefonnummer" or "Société" is. Null unless the lines give a name and an
 * email or a phone, and the email is not `notFrom` (the sender's own signature block).
 */
export function formSubmission(text: string, p: Provenance, opts: ExtractOptions = {}, notFrom?: string): Candidate | null {
  const pairs = text.split('\n').slice(0, MAX_LINES).map((l) => l.match(PAIR)).filter((m): m is RegExpMatchArray => !!m);
  if (pairs.length < 2) return null;
  const mapping = guessMapping(pairs.map((m) => m[1]), 'people');
  const c = emptyCandidate('person');
  const parts: Record<string, string> = {};
  pairs.forEach(([, , value], i) => {
    const { target, category } = mapping[i];
    if (target === 'email') addEmail(c, value, p);
    else if (target === 'phone') addPhone(c, value, p, { type: category === 'mobile' || category === 'fax' || category === 'home' ? category : undefined, country: opts.defaultCountry });
    else if (target === 'website' || target === 'social') addUrl(c, value, p);
    else if (target === 'companyName' || target === 'title') setText(c, target, value, p);
    else if (target === 'name' || target === 'firstName' || target === 'lastName' || target === 'prefix') parts[target] ??= value;
  });
  const name = parts.name ?? [parts.firstName, parts.lastName].filter(Boolean).join(' ');
  if (!name || (!c.emails.length && !c.phones.length) || c.emails.some((e) => e.value === notFrom)) return null;
  setName(c, parts.firstName || parts.lastName ? { prefix: parts.prefix, first: parts.firstName, last: parts.lastName, full: parts.name } : name, p);
  return c.name ? finish(c) : null;
}
