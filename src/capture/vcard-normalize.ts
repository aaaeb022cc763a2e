import { companyKey } from '../domain/identity/companies.ts';
/**
 * Whether a card's N holds the name's parts. A business-card scanner or a hand-made card that puts
 * the whole formatted name in the given-name part ("N:;YAMADA Taro;;;" beside "FN:YAMADA Taro")
 * gives no parts: the formatted name is read instead (identity's name rule). One rule for capture
 * and import.
 */
export function structuredName(n: unknown, fn: string): boolean {
  const [family, given] = [vcardPart(n, 0), vcardPart(n, 1)];
  if (!family && !given) return false;
  return !(!family && [2, 3, 4].every((i) => !vcardPart(n, i)) && /\s/.test(given.trim()) && given.trim() === fn.trim());
}

/**
 * A company's card rather than a person's, one rule for capture and import: vCard 4.0's KIND:org,
 * Apple's X-ABShowAs:COMPANY, or a card whose FN is missing or names its ORG, legal form aside, when
 * its N holds no name (Google's company contacts: "FN:Kiwi Orchard Supplies", "ORG:Kiwi Orchard
 * Supplies Ltd" was a person called Kiwi Orchard Supplies).
 */
export function isCompanyCard(card: { n: unknown; fn: string; org: string; kind?: string; showAs?: string }): boolean {
  // A person's name in N is never dropped: such a card stays a person's, at the company.
  if ([0, 1, 2].some((i) => vcardPart(card.n, i))) return false;
  if (/^org/i.test(card.kind ?? '') || /company/i.test(card.showAs ?? '')) return true;
  return !!card.org && (!card.fn || card.fn === card.org || companyKey(card.fn) === companyKey(card.org));
}

/**
 * The kind of a TEL by its TYPE values (RFC 2426 and 6350, Apple's "iPhone"), one rule for capture
 * and import: a fax is a fax even when it is also "work"; a pager, a textphone (a TTY line) or an
 * assistant's line (Outlook's X-MS-TEL;ASSISTANT) is some other line, never the main mobile or the
 * work number; "text,cell" and a car phone are mobiles.
 */
export function telKind(types: string): 'mobile' | 'fax' | 'home' | 'work' | 'other' | undefined {
  const t = types.toLowerCase();
  if (/fax/.test(t)) return 'fax';
  if (/pager|textphone|assistant/.test(t)) return 'other';
  if (/cell|mobile|iphone|\bcar\b/.test(t)) return 'mobile';
  if (/home/.test(t)) return 'home';
  if (/work|main/.test(t)) return 'work'; // Apple's "main": the company's switchboard
  return /other/.test(t) ? 'other' : undefined; // pref, voice, text say nothing of the kind
}

/**
 * Rewrites vCard 2.1 (and sloppy 3.0) into the 3.0 syntax ical.js reads: quoted-printable
 * soft breaks joined and decoded with their CHARSET, bare parameters ("TEL;WORK;VOICE:") turned
 * into TYPE=, binary properties (PHOTO, LOGO, SOUND, KEY) dropped because a lead never needs them
 * and they are most of a card's size. Returns one string per card.
 */
export function normalizeVcards(input: string): string[] {
  const cards: string[] = [];
  let current: string[] | null = null;
  // A card cut short (no END:VCARD before the next BEGIN or the end of the file: a truncated
  // download, a hand-edited file) keeps what it has: losing a contact is worse than a short card.
  const close = () => {
    if (current?.length) cards.push(['BEGIN:VCARD', 'VERSION:3.0', ...current, 'END:VCARD'].join('\r\n'));
    current = null;
  };
  for (const line of logicalLines(input)) {
    const prop = parseLine(line);
    if (!prop) continue;
    if (prop.name === 'BEGIN' && /^vcard$/i.test(prop.value)) {
      close();
      current = [];
    } else if (prop.name === 'END' && current) close();
    else if (current && prop.name !== 'VERSION' && !BINARY.has(prop.name)) current.push(render(prop));
  }
  close();
  return cards;
}

const BINARY = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY', 'AGENT']);
const ENCODINGS = /^(QUOTED-PRINTABLE|BASE64|B|8BIT|7BIT)$/i;

type Prop = { group: string; name: string; params: [string, string][]; value: string };

/** Unfolds continuation lines, and quoted-printable lines that end in a soft break "=". */
function* logicalLines(input: string): Generator<string> {
  const lines = input.replace(/\r\n?/g, '\n').split('\n');
  let cur: string | null = null;
  for (const line of lines) {
    if (cur !== null && /QUOTED-PRINTABLE/i.test(cur.split(':')[0]) && cur.endsWith('=')) {
      cur = cur.slice(0, -1) + line.replace(/^[ \t]/, '');
    } else if (cur !== null && /^[ \t]/.test(line)) cur += line.slice(1);
    else {
      if (cur !== null) yield cur;
      cur = line;
    }
  }
  if (cur !== null) yield cur;
}

function parseLine(line: string): Prop | null {
  const colon = findColon(line);
  if (colon < 0) return null;
  const [head, ...rawParams] = line.slice(0, colon).split(';');
  const dot = head.lastIndexOf('.');
  const params: [string, string][] = rawParams.filter(Boolean).map((p) => {
    const eq = p.indexOf('=');
    if (eq > 0) return [p.slice(0, eq).trim().toUpperCase(), p.slice(eq + 1).trim()];
    return ENCODINGS.test(p.trim()) ? ['ENCODING', p.trim()] : ['TYPE', p.trim()];
  });
  return { group: dot > 0 ? head.slice(0, dot) : '', name: head.slice(dot + 1).trim().toUpperCase(), params, value: line.slice(colon + 1) };
}

/** The first ":" outside a quoted parameter value. */
function findColon(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) return i;
  }
  return -1;
}

function render(prop: Prop): string {
  const encoding = prop.params.find(([k]) => k === 'ENCODING')?.[1] ?? '';
  const charset = prop.params.find(([k]) => k === 'CHARSET')?.[1] ?? 'utf-8';
  let value = prop.value;
  if (/^quoted-printable$/i.test(encoding)) value = decodeQp(value, charset).replace(/\r?\n/g, '\\n');
  const types = prop.params.filter(([k]) => k === 'TYPE').flatMap(([, v]) => v.replace(/"/g, '').split(',')).filter(Boolean);
  const rest = prop.params.filter(([k]) => !['TYPE', 'ENCODING', 'CHARSET'].includes(k) && /^[A-Z0-9-]+$/.test(k));
  const params = [...(types.length ? [`TYPE=${types.join(',')}`] : []), ...rest.map(([k, v]) => `${k}=${v}`)];
  return `${prop.group ? prop.group + '.' : ''}${prop.name}${params.map((p) => ';' + p).join('')}:${value}`;
}

function decodeQp(s: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const hex = s[i] === '=' ? s.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(s.charCodeAt(i) & 0xff);
  }
  try {
    return new TextDecoder(charset).decode(new Uint8Array(bytes));
  } catch {
    return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
  }
}

/** A value ical.js gives back (a string, or a list of them) as one string. */
export const vcardString = (v: unknown): string => (Array.isArray(v) ? v.map(vcardString).filter(Boolean).join(' ') : v == null ? '' : String(v).trim());
/** A text value as written: "Head of Partnerships\\; EMEA" (vCard 3.0 clients escape ";", ","
 *  and "\\" in every text value, and ical.js leaves some of them escaped) is "…; EMEA". */
export const vcardText = (v: unknown): string => vcardString(v).replace(/\\([\\;,:])/g, '$1');
/** Component `i` of a structured value (N, ADR, ORG), itself maybe a list: its values joined by
 *  `sep` (a street's several values are its lines: "Calle de Alcalá 42, 3º"). */
export function vcardPart(v: unknown, i: number, sep = ' '): string {
  const x = Array.isArray(v) ? v[i] : i === 0 ? v : '';
  return vcardText(Array.isArray(x) ? x.map(vcardString).filter(Boolean).join(sep) : x);
}
