import type { Candidate, Provenance } from './candidate.ts';
import { addEmail, emptyCandidate, finish, mergeInto, setName } from './draft.ts';
import { elementText } from './html-text.ts';
import { looksLikeName, namesNoOne } from './name.ts';
import { isRoleMailbox } from '../domain/identity/emails.ts';
import { extractFromText } from './selection.ts';
import { cleanEmail, cleanText } from './text.ts';

const EMAIL: Provenance = { source: 'link', confidence: 0.6 };
const NAME: Provenance = { source: 'link', confidence: 0.5 };
const MAILTO = 'a[href^="mailto:"], a[href^="MAILTO:"]';

/**
 * One candidate per `mailto:` address; the link text names the person when it looks like a name.
 * On a team page (several addresses) each address's card — the block around it holding no other
 * address — is read like a signature: "Dr. Thomas Weber / Rechtsanwalt, Partner / Tel. …".
 */
export function extractMailtoLinks(root: ParentNode): Candidate[] {
  const byEmail = new Map<string, Candidate>();
  const links = [...root.querySelectorAll(MAILTO)];
  const team = new Set(links.flatMap(addressesOf)).size >= 2;
  for (const a of links) {
    const href = a.getAttribute('href') ?? '';
    // mailto:a@x,b@y — each address is its own contact.
    for (const raw of href.slice(7).split(',')) {
      const c = emptyCandidate('person');
      const email = addEmail(c, raw, EMAIL);
      if (!email) continue;
      const text = cleanText(a.textContent, 80) || cleanText(a.getAttribute('title'), 80);
      if (namesPerson(text, email)) setName(c, text, NAME);
      else if (team) readCard(c, a, email);
      const prev = byEmail.get(email);
      if (!prev || (!prev.name && c.name)) byEmail.set(email, c);
      if (byEmail.size >= 200) break;
    }
  }
  return [...byEmail.values()].map(finish).filter((c): c is Candidate => !!c);
}

/** A link's text names its address's person: it reads as a name, but not as a site's word ("Privacy",
 *  "Contact Us") nor as one word over a role mailbox ("Press" for press@, "Sales" for sales@). */
const namesPerson = (text: string, email: string) =>
  looksLikeName(text) && !namesNoOne(text) && !(isRoleMailbox(email) && text.trim().split(/\s+/).length === 1);

const addressesOf = (a: Element) => (a.getAttribute('href') ?? '').slice(7).split(',').map((x) => cleanEmail(x.replace(/\?.*$/, ''))).filter(Boolean);

/** A card is short: a name, a role, a few contact lines. Beyond this it is a section of the page. */
const MAX_CARD_LINES = 8;
const MAX_CARD_CHARS = 400;

/** The card around a link: the largest ancestor (up to six levels) that holds no other address and stays short. */
function cardOf(a: Element, email: string): Element | null {
  let card: Element | null = null;
  for (let el = a.parentElement, depth = 0; el && depth < 6; el = el.parentElement, depth++) {
    if ([...el.querySelectorAll(MAILTO)].flatMap(addressesOf).some((x) => x !== email)) break;
    const text = el.textContent ?? '';
    if (text.length > MAX_CARD_CHARS || text.split(/\n/).filter((l) => l.trim()).length > MAX_CARD_LINES * 2) break;
    card = el;
  }
  return card;
}

/** The name, title and phones of the card around `a`, read as a signature; only when it names someone. */
function readCard(c: Candidate, a: Element, email: string): void {
  const card = cardOf(a, email);
  if (!card) return;
  const lines = elementText(card.cloneNode(true) as Element).split('\n').filter((l) => l.trim());
  if (lines.length > MAX_CARD_LINES) return;
  const [read] = extractFromText(lines.join('\n'), { source: 'link' });
  if (read?.name && read.emails.every((e) => e.value === email)) mergeInto(c, { ...read, emails: [] });
}
