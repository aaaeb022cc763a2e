import type { Candidate, Provenance } from './candidate.ts';
import { addEmail, emptyCandidate, finish, setName } from './draft.ts';
import { looksLikeName } from './name.ts';
import { cleanText } from './text.ts';

const EMAIL: Provenance = { source: 'link', confidence: 0.6 };
const NAME: Provenance = { source: 'link', confidence: 0.5 };

/** One candidate per `mailto:` address; the link text names the person when it looks like a name. */
export function extractMailtoLinks(root: ParentNode): Candidate[] {
  const byEmail = new Map<string, Candidate>();
  for (const a of root.querySelectorAll('a[href^="mailto:"], a[href^="MAILTO:"]')) {
    const href = a.getAttribute('href') ?? '';
    // mailto:a@x,b@y — each address is its own contact.
    for (const raw of href.slice(7).split(',')) {
      const c = emptyCandidate('person');
      const email = addEmail(c, raw, EMAIL);
      if (!email) continue;
      const text = cleanText(a.textContent, 80) || cleanText(a.getAttribute('title'), 80);
      if (looksLikeName(text)) setName(c, text, NAME);
      const prev = byEmail.get(email);
      if (!prev || (!prev.name && c.name)) byEmail.set(email, c);
      if (byEmail.size >= 200) break;
    }
  }
  return [...byEmail.values()].map(finish).filter((c): c is Candidate => !!c);
}
