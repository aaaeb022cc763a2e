import type { Candidate, ContactType, ExtractOptions, Provenance } from './candidate.ts';
import { properCaseTitle } from './case.ts';
import { addEmail, addPhone, addUrl, setAddress, setName, setText } from './draft.ts';
import { footerCompany, isFooterLine } from './footer.ts';
import { looksLikeName, nameKey, parseName } from './name.ts';
import { hasLegalForm, looksLikeOrganization, namesCompany } from './org-words.ts';
import { isTitleLine, signOff } from './signature.ts';

const STREET = /^\s*\d+[\w-]*\s+.*\b(street|st\.?|ave\.?|avenue|road|rd\.?|blvd\.?|boulevard|drive|dr\.?|lane|ln\.?|way|suite|floor|broadway|plaza|place|pl\.?|court|ct\.?|nw|ne|sw|se)\b/i;
const CITY_LINE = /^\s*([\p{L} .'-]+?),?\s+([A-Z]{2})\.?\s+(\d{5}(?:-\d{4})?)\s*$/u;
const PHONE_RUN = /(?:\+?\(?\d[\d\s().\/-]{6,}\d)/g;
// What may follow a number on its line as its extension.
const EXTENSION_AFTER = /^\s*,?\s*(?:ext(?:ension)?\.?|x|#|durchwahl|dw\.?|app\.?|poste|int\.?)\s*[:.]?\s*-?\s*(\d{1,8})\b/i;
const LABEL = /(mobile|cell|mob|m|home|h|fax|f|tel|phone|ph|t|office|work|direct|w|o|p)\s*[.:]?\s*$/i;
// Layout separators between the parts of one line: "Name | Company", "Title · Company".
const LAYOUT_SEPARATOR = /\s*[|•·]\s*/;
// A spaced dash separates parts too, but only around a name or a company ("Title - Department" stays whole).
const DASH_SEPARATOR = /\s+[–—-]\s+/;

/**
 * Reads a signature's lines into the sender's candidate: phones (typed by "Fax:", "cell" …,
 * extensions kept), emails, websites, a "Title, Company" pair, a US-style address; the first
 * name-like line names the sender when the header did not (or spelled it "Last, First").
 * A line's parts separated by "|", "·", "•" (or a spaced dash around a name or company) are
 * read one by one; a company line on top (a business card) is the company, not the name;
 * legal-footer lines are left out, their company used only when the block names none.
 */
export function applySignature(c: Candidate, lines: string[], p: Provenance, opts: ExtractOptions = {}, legalFooter: string[] = []): void {
  const text: string[] = [];
  const footer = [...legalFooter];
  for (const line of lines) {
    const trimmed = line.trim();
    if (signOff(trimmed) || /^(--|-{2,}|_{2,})$/.test(trimmed) || /^sent (from|via|with)/i.test(trimmed)) continue;
    if (isFooterLine(trimmed)) {
      footer.push(trimmed);
      continue;
    }
    const rest = contactsIn(c, trimmed, p, opts);
    if (rest) text.push(...layoutParts(rest));
  }
  readLines(c, text, p);
  const company = footerCompany(footer);
  if (!c.companyName && company) setText(c, 'companyName', company, { ...p, confidence: p.confidence - 0.2 });
}

function readLines(c: Candidate, text: string[], p: Provenance): void {
  let nameSeen = false;
  /** A company guessed without a legal form (a heading, "Acme Group"): a later "… Inc." line beats it. */
  let guess: { line: string; heading: boolean } | null = null;
  for (let i = 0; i < text.length; i++) {
    const line = text[i];
    const org = looksLikeOrganization(line);
    if (!nameSeen && !org && (looksLikeName(line) || (c.name && nameKey(parseName(line) ?? undefined) === nameKey(c.name)))) {
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
    if (!c.title && isTitleLine(line) && !namesCompany(line.split(/\s*,\s*|\s+(?:at|@)\s+/)[0])) {
      const at = line.match(/^(.+?)\s+(?:at|@)\s+(.+)$/);
      const comma = line.match(/^(.+?)\s*[,|–—-]\s+(.+)$/);
      if (at) {
        setText(c, 'title', properCaseTitle(at[1]), p);
        setText(c, 'companyName', at[2], p);
      } else if (comma && namesCompany(comma[2])) {
        setText(c, 'title', properCaseTitle(comma[1]), p);
        setText(c, 'companyName', comma[2], p);
      } else setText(c, 'title', properCaseTitle(line), p);
    } else if (companyOpen(c, p) && (org || (nameSeen && looksLikeHeading(line)) || (!nameSeen && i === 0 && looksLikeHeading(line) && nameFollows(text, i)))) {
      setText(c, 'companyName', line, { ...p, confidence: p.confidence - 0.1 });
      if (!hasLegalForm(line)) guess = { line, heading: !namesCompany(line) && !org };
    } else if (guess && c.companyName?.value === guess.line && (guess.heading ? namesCompany(line) : hasLegalForm(line)) && line.split(/\s+/).length <= 6) {
      // "Pat / Rear Admiral, Compilers / COBOL Systems Inc.": the line with a legal form is the
      // company; a heading-like line guessed before it is more likely the title.
      c.companyName = undefined;
      setText(c, 'companyName', line, { ...p, confidence: p.confidence - 0.1 });
      if (!c.title && guess.heading) setText(c, 'title', guess.line, { ...p, confidence: p.confidence - 0.2 });
      guess = null;
    }
  }
  // A block that names no one and opens with a heading: the heading is whose block it is
  // ("Fondue for Fun and Fantasy / Open daily … / Phone: …").
  if (!c.name && !c.companyName && text.length > 1 && looksLikeHeading(text[0]) && !isTitleLine(text[0])) {
    setText(c, 'companyName', text[0], { ...p, confidence: p.confidence - 0.2 });
  }
}

/** No company yet, or only a guess less sure than this block's (a team mailbox's display name). */
const companyOpen = (c: Candidate, p: Provenance) => !c.companyName || c.companyName.confidence < p.confidence - 0.1;

/** A business card's heading over a person's name line. */
const nameFollows = (text: string[], i: number) => !!text[i + 1] && looksLikeName(text[i + 1]) && !looksLikeOrganization(text[i + 1]);

/** "Name | Company", "Title · Company", "Name – Company Inc.": one line's parts, in order. */
function layoutParts(line: string): string[] {
  const parts = line.split(LAYOUT_SEPARATOR).map((s) => s.trim()).filter(Boolean);
  return parts.flatMap((part) => {
    const dashed = part.split(DASH_SEPARATOR);
    if (dashed.length !== 2) return [part];
    const [a, b] = dashed;
    const split = (looksLikeName(a) && !looksLikeOrganization(a) && !isTitleLine(a)) || looksLikeOrganization(b);
    return split ? [a, b] : [part];
  });
}

/**
 * Emails, URLs and phones on one line go into the candidate; returns what else the line says
 * (labels and separators trimmed), or '' when nothing is left worth reading.
 */
function contactsIn(c: Candidate, line: string, p: Provenance, opts: ExtractOptions): string {
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
  for (const m of [...rest.matchAll(PHONE_RUN)]) {
    const number = numberPart(m[0]);
    const digits = number.replace(/\D/g, '');
    if (digits.length < 7 || /^\d{5}(-\d{4})?$/.test(number.trim())) continue;
    const at = m.index + m[0].indexOf(number);
    const before = rest.slice(Math.max(0, at - 12), at);
    const tail = rest.slice(at + number.length);
    const ext = tail.match(EXTENSION_AFTER);
    const after = tail.slice(0, 8);
    addPhone(c, ext ? `${number.trim()} ext. ${ext[1]}` : number.trim(), p, { type: phoneType(before, after), country: opts.defaultCountry });
    rest = rest.replace(number + (ext?.[0] ?? ''), ' ');
  }
  const leftover = rest
    .replace(/\b(phone|tel|fax|mobile|cell|email|e-mail|web|office|direct|home|work|skype|[tfmwhpoe])\b\s*[.:]?/gi, ' ')
    .replace(/^[\s|•·,;:–—-]+|[\s|•·,;:–—-]+$/g, '')
    .trim();
  if (!/[\p{L}]{2,}/u.test(leftover)) return '';
  if (rest === line) return line;
  // The labels go; what the line said besides its numbers stays ("Barry Tycholiz - 713…").
  const said = rest.replace(/^[\s|•·,;:–—.-]+|[\s|•·,;:–—-]+$/g, '').replace(/\s{2,}/g, ' ');
  return leftover.replace(/[\W\d_]/g, '').length < 3 ? '' : said.replace(/\b(phone|tel|fax|mobile|cell|e-?mail|web|office|direct)\s*[.:]\s*$/i, '').trim();
}

/** "98052 (425) 123-4567": a run that glues a postal code to the number; the number starts at "(". */
function numberPart(run: string): string {
  const paren = run.indexOf('(');
  if (paren > 0 && !run.slice(0, paren).includes('+') && run.slice(0, paren).replace(/\D/g, '').length >= 4) return run.slice(paren);
  return run;
}

function phoneType(before: string, after: string): ContactType | undefined {
  const label = before.match(LABEL)?.[1] ?? after.trim().match(/^(cell|mobile|home|fax|work|office)\b/i)?.[1] ?? '';
  if (/^(mobile|cell|mob|m)$/i.test(label)) return 'mobile';
  if (/^(fax|f)$/i.test(label)) return 'fax';
  if (/^(home|h)$/i.test(label)) return 'home';
  if (label) return 'work';
  return undefined;
}

/** "Enron Net Works", "Watson Wyatt Worldwide": a few capitalised words, not a sentence, and not
 *  opening hours ("Mon-Sat 11am - 2:30pm"). */
const looksLikeHeading = (line: string) =>
  line.split(/\s+/).length <= 5 && !/[.:!?]$/.test(line) && !/\d\s?(am|pm)\b|\d:\d\d|^\W*\d/i.test(line) &&
  line.split(/\s+/).every((w) => /^[\p{Lu}\d&]/u.test(w) || w.length <= 3);
