import type { Candidate, ExtractOptions, Provenance, Source } from './candidate.ts';
import { addEmail, emptyCandidate, finish, mergeInto, setName, setText } from './draft.ts';
import { formSubmission, PAIR } from './form-fields.ts';
import { mergeCandidates } from './merge.ts';
import { prosePerson } from './prose.ts';
import { applySignature } from './signature-fields.ts';

/** Text beyond this is an article, not a selection of contact lines. */
const MAX_TEXT = 20_000;
// "Pat Lee <pat@x.com>", "\"Lee, Pat\" <pat@x.com>"; not "Email: pat@x.com <mailto:pat@x.com>".
const NAMED_ADDRESS = /(?:"([^"\n]{1,80})"|([^"<>,;:@\n]{2,80}?))?\s*<(?:mailto:)?([^<>\s@:]+@[^<>\s]+)>/g;

/**
 * Plain text — the user's selection, a pasted signature, a block of contact lines — to
 * candidates. Several "Name <email>" entries (an attendee list) give one candidate each;
 * otherwise the text is read like a signature: name line, title, company, phones, links, and
 * when that names no one, a sentence introducing one person with their role (prose.ts).
 */
export function extractFromText(text: string, opts: ExtractOptions & { source?: Source } = {}): Candidate[] {
  const p: Provenance = { source: opts.source ?? 'selection', confidence: 0.7 };
  const input = text.slice(0, MAX_TEXT).replace(/\r\n?/g, '\n');
  const named = [...input.matchAll(NAMED_ADDRESS)];
  if (named.length >= 2) {
    return mergeCandidates(named.map(([, quoted, plain, email]) => {
      const name = quoted ?? plain;
      const c = emptyCandidate('person');
      addEmail(c, email, p);
      if (name?.trim()) setName(c, name.trim(), p);
      return finish(c);
    }).filter((c): c is Candidate => !!c));
  }
  const c = emptyCandidate('person');
  const firstName = named[0]?.[1] ?? named[0]?.[2];
  if (firstName?.trim()) setName(c, firstName.trim(), p);
  // Copied form fields ("Name: … / Email: … / Company: …"): the labels say what each value is; the
  // other lines are read as a signature's, and add what the labels did not give.
  const form = formSubmission(input, p, opts);
  const lines = input.replace(NAMED_ADDRESS, (_m, _q, _n, email: string) => email).split('\n').filter((l) => l.trim() && !(form && PAIR.test(l))).slice(0, 40);
  const cosigners = applySignature(c, lines, p, opts);
  if (form) return [mergeInto(form, c), ...cosigners];
  // Prose that introduces someone ("Jane Doe, VP of Sales at Acme, said…"): read only when the
  // lines named no one, and only what the prose rule is sure of.
  const prose = c.name ? null : prosePerson(input);
  if (prose) {
    const said = { ...p, confidence: 0.5 };
    setName(c, prose.name, said);
    setText(c, 'title', prose.title, said);
    if (prose.company) setText(c, 'companyName', prose.company, { ...said, confidence: 0.6 });
  }
  // A card that names a company and no person (a shop's card, a company's contact block).
  if (!c.name && c.companyName) c.kind = 'organization';
  const done = finish(c);
  return done ? [done, ...cosigners] : cosigners;
}
