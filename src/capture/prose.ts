import { looksLikeName, namesNoOne } from './name.ts';
import { looksLikeOrganization, namesDepartment } from './org-words.ts';
import { isTitleLine } from './signature.ts';

/** Who a sentence introduces: "Jane Doe, VP of Sales at Acme" → name, title and company. */
export type ProsePerson = { name: string; title: string; company?: string };

/** Text beyond this is an article; a selection that introduces someone is short. */
const MAX_PROSE = 4_000;

// A name as prose writes it: 2–4 capitalised words, initials and particles allowed.
const NAME = String.raw`((?:\p{Lu}[\p{L}'’-]*\.?)(?:[ \t]+(?:(?:van|von|der|den|de|del|della|di|da|du|la|le|bin|al)[ \t]+){0,2}\p{Lu}[\p{L}'’-]*\.?){1,3})`;
// What comes between the name and the role: ", the", " is the", " was our", " (", " – ".
const LINK = String.raw`(?:\s*[,(–—-]\s*|\s+(?:is|was|serves as|works as|has been)\s+)(?:(?:the|our|a|an)\s+)?`;
// The role, up to where the company or the sentence begins.
const ROLE = String.raw`([^,.;:()!?\n]{2,60}?)`;
const COMPANY = String.raw`(?:\s*(?:,|\s(?:at|with|@))\s+((?:\p{Lu}|\d)[^,.;:()!?\n]{0,50}?))?`;
const END = String.raw`\s*(?:[,.;:)!?\n]|$)`;
const INTRO = new RegExp(`(?<![\\p{L}\\p{N}'’.-])${NAME}${LINK}${ROLE}${COMPANY}${END}`, 'gu');


/**
 * The one person a piece of prose introduces with their role — "Jane Doe, VP of Sales at
 * Acme", "Jane Doe is the Head of Growth at Globex", "Raj Patel (CTO, Initech)" — or null.
 * Confident only: the name must read as a person's (no heading or instruction word, not an
 * organisation), the role must hold a job-title word, and the text must introduce exactly one
 * person so. "Contact us", "Christopher Froome was sponsored by Sky" or a page listing a team
 * give nothing.
 */
export function prosePerson(text: string): ProsePerson | null {
  const found = new Map<string, ProsePerson>();
  for (const m of text.slice(0, MAX_PROSE).matchAll(INTRO)) {
    const [, name, role, company] = m;
    // "Acme Sales, Director of Marketing": a function word makes it a team, not a person, here.
    if (!looksLikeName(name) || looksLikeOrganization(name) || namesNoOne(name) || name.split(/\s+/).some(namesDepartment)) continue;
    const title = role.trim();
    if (!isTitleLine(title) || title.split(/\s+/).length > 8 || /^\p{Ll}+(?:\s|$)/u.test(title) && !/^(?:vice|head|chief|senior|junior|lead|co-?founder|founder|managing|general|executive|deputy|associate|assistant)\b/i.test(title)) continue;
    const org = company?.trim();
    const person: ProsePerson = { name, title, ...(org && !namesDepartment(org) && { company: org }) };
    found.set(name.toLowerCase(), found.get(name.toLowerCase()) ?? person);
  }
  return found.size === 1 ? [...found.values()][0] : null;
}
