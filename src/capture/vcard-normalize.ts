import { companyKey } from '../domain/identity/companies.ts';
import { labelCategory } from '../domain/csv/targets.ts';
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
 * The kind of a card's phone, email or address: its TYPE values' (`telKind`), else its group's label
 * (Apple's and Google's "item2.X-ABLabel:_$!<Home>!$_", "Biuro"). A TYPE that names no kind
 * (INTERNET, PREF, VOICE) leaves the label to say it: "item2.EMAIL;type=INTERNET" labelled Home was a
 * work address in the import while the capture read it as home. One rule for capture and import.
 */
export function vcardKind(types: string, label: string | undefined): 'mobile' | 'fax' | 'home' | 'work' | 'other' | undefined {
  const byLabel = labelCategory(label);
  const kind = telKind(types) ?? (byLabel === 'personal' ? 'home' : (byLabel as ReturnType<typeof telKind>));
  // A kind of its own ("TYPE=school", "customtype", "video") is some other line, not the main one.
  return kind ?? (types.toLowerCase().split(/[^a-z0-9-]+/).some((t) => t && !SAYS_NO_KIND.has(t)) ? 'other' : undefined);
}
/** TYPE values that say how a value is used or preferred, not whose line it is (Outlook's X-MS-TEL;CALLBACK). */
const SAYS_NO_KIND = new Set(['pref', 'internet', 'x400', 'voice', 'text', 'msg', 'uri', 'dom', 'intl', 'postal', 'parcel', 'callback']);

/**
 * Rewrites vCard 2.1 (and sloppy 3.0) into the 3.0 syntax ical.js reads: quoted-printable
 * soft breaks joined and decoded with their CHARSET, bare parameters ("TEL;WORK;VOICE:") turned
 * into TYPE=, binary properties (PHOTO, LOGO, SOUND, KEY) dropped because a lead never needs them
 * and they are most of a card's size. An address written on one line, or only as a label, is
 * given as an ADR whose street holds it (`cardAddresses`). Returns one string per card.
 */
export function normalizeVcards(input: string): string[] {
  const cards: string[] = [];
  let current: Prop[] | null = null;
  // A card cut short (no END:VCARD before the next BEGIN or the end of the file: a truncated
  // download, a hand-edited file) keeps what it has: losing a contact is worse than a short card.
  const close = () => {
    if (current?.length) cards.push(['BEGIN:VCARD', 'VERSION:3.0', ...cardAddresses(current).map(render), 'END:VCARD'].join('\r\n'));
    current = null;
  };
  for (const line of logicalLines(input)) {
    const prop = parseLine(line);
    if (!prop) continue;
    if (prop.name === 'BEGIN' && /^vcard$/i.test(prop.value)) {
      close();
      current = [];
    } else if (prop.name === 'END' && current) close();
    else if (current && prop.name !== 'VERSION' && !BINARY.has(prop.name)) current.push(decoded(prop));
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
  const [head, ...rawParams] = splitUnquoted(line.slice(0, colon), ';');
  const dot = head.lastIndexOf('.');
  const params: [string, string][] = rawParams.filter((p) => p.trim()).map((p) => {
    const eq = p.indexOf('=');
    if (eq > 0) return [p.slice(0, eq).trim().toUpperCase(), p.slice(eq + 1).trim()];
    return ENCODINGS.test(p.trim()) ? ['ENCODING', p.trim()] : ['TYPE', p.trim()];
  });
  return { group: dot > 0 ? head.slice(0, dot) : '', name: head.slice(dot + 1).trim().toUpperCase(), params, value: line.slice(colon + 1) };
}

/** `s` split at each `sep` outside a quoted parameter value (4.0's LABEL="Flat 2; 10 High St"). */
function splitUnquoted(s: string, sep: string): string[] {
  const out = [''];
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) out.push('');
    else out[out.length - 1] += ch;
  }
  return out;
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

/**
 * The TYPE values of a property, in every form the versions write: "TYPE=HOME", "type=home,work",
 * 'TYPE="home,work"', repeated "TYPE=INTERNET;TYPE=HOME", and 2.1's bare ";HOME;PREF" (which
 * `parseLine` reads as TYPE). Lower case, unquoted, one value each: never a parameter in a value.
 */
function vcardTypes(params: [string, string][]): string[] {
  return params.filter(([k]) => k === 'TYPE').flatMap(([, v]) => v.replace(/"/g, '').split(',')).map((t) => t.trim().toLowerCase()).filter(Boolean);
}

/** A property with its quoted-printable value decoded (in its CHARSET) and its encoding gone. */
function decoded(prop: Prop): Prop {
  const encoding = prop.params.find(([k]) => k === 'ENCODING')?.[1] ?? '';
  const charset = prop.params.find(([k]) => k === 'CHARSET')?.[1] ?? 'utf-8';
  const value = /^quoted-printable$/i.test(encoding) ? decodeQp(prop.value, charset).replace(/\r?\n/g, '\\n') : prop.value;
  return { ...prop, params: prop.params.filter(([k]) => k !== 'ENCODING' && k !== 'CHARSET'), value };
}

/** ";" and "," not yet escaped are escaped: text that becomes one component of a structured value. */
const asComponent = (text: string) => text.replace(/\\.|[;,]/g, (m) => (m.length === 1 ? `\\${m}` : m));
/** A value split at its unescaped ";": a structured value's components. */
const components = (value: string) => value.split(/(?<!\\);/);
/** 4.0's LABEL parameter as text: quotes off, RFC 6868's ^n a line break, ^' a quote, ^^ a caret. */
const labelParam = (v: string) => v.replace(/^"|"$/g, '').replace(/\^(n|N|'|\^)/g, (_, c: string) => (c === "'" ? '"' : c === '^' ? '^' : '\\n'));

/**
 * A card's addresses as ADR properties ical.js reads by component. An ADR written on one line,
 * with no ";" ("ADR;TYPE=HOME:10 Downing Street, London SW1A 2AA, UK", as Google and hand-made
 * cards write an address typed in one box), had its comma parts read as the PO box, the extended
 * address and the street: it is the street component, which identity's address rule then splits.
 * A card with no ADR that says anything, only a LABEL (2.1's and 3.0's formatted address, "LABEL;
 * HOME;ENCODING=QUOTED-PRINTABLE:…") or 4.0's LABEL parameter on an empty ADR, gets that text as
 * its address in the same way, typed as the label is. One rule for capture and import.
 */
function cardAddresses(props: Prop[]): Prop[] {
  const out = props.map((p) => (p.name === 'ADR' && components(p.value).length === 1 && p.value.trim() ? { ...p, value: `;;${asComponent(p.value.trim())};;;;` } : p));
  const said = (p: Prop) => p.name === 'ADR' && components(p.value).some((c) => c.replace(/\\n/gi, '').trim());
  if (out.some(said)) return out;
  const labels: Prop[] = [];
  for (const p of out) {
    const param = p.name === 'ADR' ? p.params.find(([k]) => k === 'LABEL')?.[1] : undefined;
    const text = p.name === 'LABEL' ? p.value : param ? labelParam(param) : '';
    if (!text.replace(/\\n/gi, '').trim()) continue;
    labels.push({ group: p.group, name: 'ADR', params: p.params.filter(([k]) => k === 'TYPE'), value: `;;${asComponent(text.trim())};;;;` });
  }
  return [...out.filter((p) => p.name !== 'ADR'), ...labels];
}

function render(prop: Prop): string {
  const types = vcardTypes(prop.params);
  const rest = prop.params.filter(([k]) => k !== 'TYPE' && /^[A-Z0-9-]+$/.test(k));
  const params = [...(types.length ? [`TYPE=${types.join(',')}`] : []), ...rest.map(([k, v]) => `${k}=${v}`)];
  return `${prop.group ? prop.group + '.' : ''}${prop.name}${params.map((p) => ';' + p).join('')}:${prop.value}`;
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
