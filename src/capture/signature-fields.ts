import type { Candidate, ContactType, ExtractOptions, Provenance } from './candidate.ts';
import { addEmail, addPhone, addUrl, setAddress, setName, setText } from './draft.ts';
import { looksLikeName, nameKey, parseName } from './name.ts';
import { isTitleLine, signOff } from './signature.ts';

const COMPANY = /\b(inc|llc|l\.l\.c|ltd|gmbh|corp|corporation|company|co\.|group|plc|s\.a\.|ag|bv|llp|limited|partners|technologies|solutions|systems|networks|worldwide|international|bank|university)\b/i;
const STREET = /^\s*\d+[\w-]*\s+.*\b(street|st\.?|ave\.?|avenue|road|rd\.?|blvd\.?|boulevard|drive|dr\.?|lane|ln\.?|way|suite|floor|broadway|plaza|place|pl\.?|court|ct\.?|nw|ne|sw|se)\b/i;
const CITY_LINE = /^\s*([\p{L} .'-]+?),?\s+([A-Z]{2})\.?\s+(\d{5}(?:-\d{4})?)\s*$/u;
const PHONE_RUN = /(?:\+?\(?\d[\d\s().\/-]{6,}\d)/g;
const LABEL = /(mobile|cell|mob|m|home|h|fax|f|tel|phone|ph|t|office|work|direct|w|o|p)\s*[.:]?\s*$/i;

/**
 * Reads a signature's lines into the sender's candidate: phones (typed by "Fax:", "cell" …),
 * emails, websites, a "Title, Company" pair, a US-style address; the first name-like line
 * names the sender when the header did not (or spelled it "Last, First").
 */
export function applySignature(c: Candidate, lines: string[], p: Provenance, opts: ExtractOptions = {}): void {
  const text: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (signOff(trimmed) || /^(--|-{2,}|_{2,})$/.test(trimmed) || /^sent (from|via|with)/i.test(trimmed)) continue;
    const found = contactsIn(c, trimmed, p, opts);
    if (!found) text.push(trimmed);
  }
  let nameSeen = false;
  /** A company guessed only because a line looked like a heading: a later "… Inc." line beats it. */
  let headingGuess: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const line = text[i];
    if (!nameSeen && (looksLikeName(line) || (c.name && nameKey(parseName(line) ?? undefined) === nameKey(c.name)))) {
      nameSeen = true;
      if (!c.name || c.name.confidence < p.confidence) setName(c, line, p);
      continue;
    }
    const street = STREET.test(line);
    const city = line.match(CITY_LINE);
    if (street || city) {
      const next = !city ? text[i + 1]?.match(CITY_LINE) : null;
      const cityMatch = city ?? next;
      setAddress(c, { street: street ? line.split(/\s*[*|•·]\s*/)[0] : undefined, city: cityMatch?.[1], region: cityMatch?.[2], postalCode: cityMatch?.[3] }, p);
      if (next) i++;
      continue;
    }
    if (!c.title && isTitleLine(line)) {
      const at = line.match(/^(.+?)\s+(?:at|@)\s+(.+)$/);
      const comma = line.match(/^(.+?)\s*[,|–—-]\s+(.+)$/);
      if (at) {
        setText(c, 'title', at[1], p);
        setText(c, 'companyName', at[2], p);
      } else if (comma && COMPANY.test(comma[2])) {
        setText(c, 'title', comma[1], p);
        setText(c, 'companyName', comma[2], p);
      } else setText(c, 'title', line, p);
    } else if (!c.companyName && (COMPANY.test(line) || (nameSeen && looksLikeHeading(line)))) {
      setText(c, 'companyName', line, { ...p, confidence: p.confidence - 0.1 });
      if (!COMPANY.test(line)) headingGuess = line;
    } else if (headingGuess && COMPANY.test(line) && c.companyName?.value === headingGuess) {
      // "Pat / Rear Admiral, Compilers / COBOL Systems Inc.": the line with a legal form is the
      // company; the heading-like line guessed before it is more likely the title.
      c.companyName = undefined;
      setText(c, 'companyName', line, { ...p, confidence: p.confidence - 0.1 });
      if (!c.title) setText(c, 'title', headingGuess, { ...p, confidence: p.confidence - 0.2 });
      headingGuess = null;
    }
  }
}

/** Emails, URLs and phones on one line; true when the line held nothing else worth reading. */
function contactsIn(c: Candidate, line: string, p: Provenance, opts: ExtractOptions): boolean {
  let rest = line;
  for (const m of line.match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g) ?? []) {
    addEmail(c, m, p);
    rest = rest.replace(m, ' ');
  }
  for (const m of rest.match(/\b(?:https?:\/\/|www\.)[^\s<>"]+/gi) ?? []) {
    addUrl(c, m.replace(/[.,;)]+$/, ''), p);
    rest = rest.replace(m, ' ');
  }
  rest = rest.replace(/<mailto:[^>]*>/gi, ' ');
  for (const m of rest.matchAll(PHONE_RUN)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 7 || /^\d{5}(-\d{4})?$/.test(m[0].trim())) continue;
    const before = rest.slice(Math.max(0, m.index - 12), m.index);
    const after = rest.slice(m.index + m[0].length, m.index + m[0].length + 8);
    addPhone(c, m[0].trim(), p, { type: phoneType(before, after), country: opts.defaultCountry });
    rest = rest.replace(m[0], ' ');
  }
  const leftover = rest.replace(/\b(phone|tel|fax|mobile|cell|email|e-mail|web|office|direct|home|work|skype|[tfmwhpoe])\b\s*[.:]?/gi, ' ');
  return !/[\p{L}]{2,}/u.test(leftover) || rest !== line && leftover.replace(/[\W\d_]/g, '').length < 3;
}

function phoneType(before: string, after: string): ContactType | undefined {
  const label = before.match(LABEL)?.[1] ?? after.trim().match(/^(cell|mobile|home|fax|work|office)\b/i)?.[1] ?? '';
  if (/^(mobile|cell|mob|m)$/i.test(label)) return 'mobile';
  if (/^(fax|f)$/i.test(label)) return 'fax';
  if (/^(home|h)$/i.test(label)) return 'home';
  if (label) return 'work';
  return undefined;
}

/** "Enron Net Works", "Watson Wyatt Worldwide": a few capitalised words, not a sentence. */
const looksLikeHeading = (line: string) =>
  line.split(/\s+/).length <= 5 && !/[.:!?]$/.test(line) && line.split(/\s+/).every((w) => /^[\p{Lu}\d&]/u.test(w) || w.length <= 3);
