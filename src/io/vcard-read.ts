import ICAL from 'ical.js';
import { isCompanyCard, normalizeVcards, structuredName, vcardKind, vcardPart, vcardString, vcardText } from '../capture/vcard-normalize.ts';
import type { RowProblem } from './errors.ts';
import type { Table, TableRow } from './table.ts';

type JProp = [string, Record<string, string | string[]>, string, ...unknown[]];

const [str, text, part] = [vcardString, vcardText, vcardPart];
/** The CSV header a TEL's kind reads as (the mapping's words). */
const TEL_HEADER = { fax: 'Fax', mobile: 'Mobile', home: 'Home Phone', work: 'Work Phone', other: 'Other Phone', none: 'Phone' } as const;
const types = (p: JProp) => [p[1].type ?? []].flat().join(',').toLowerCase();

/**
 * A vCard file (2.1, 3.0 or 4.0; one card or thousands) as a table whose headers the CSV
 * mapping knows ("First Name", "Email Home", "Work City"…), so vCards get the same preview,
 * validation, duplicate handling and undo as a CSV. 2.1 and quoted-printable cards are
 * rewritten by the capture module's normaliser; each card is then parsed with ical.js.
 */
export function vcardTable(text: string, encoding: string): Table {
  const starts = cardLines(text);
  const cards = normalizeVcards(text);
  const records: { line: number; values: Map<string, string[]> }[] = [];
  const problems: RowProblem[] = [];
  cards.forEach((card, i) => {
    const line = starts[i] ?? 1;
    let jcard: unknown;
    try {
      jcard = ICAL.parse(card);
    } catch (error) {
      problems.push({ line, reason: `this vCard can't be read (${error instanceof Error ? error.message : 'syntax error'})` });
      return;
    }
    const props = (Array.isArray(jcard) && jcard[0] === 'vcard' ? jcard[1] : []) as JProp[];
    records.push({ line, values: cardValues(props) });
  });
  const headers: string[] = [];
  const index = new Map<string, number>();
  for (const r of records) for (const h of r.values.keys()) if (!index.has(h)) { index.set(h, headers.length); headers.push(h); }
  const rows: TableRow[] = records.map((r) => {
    const cells = headers.map(() => '');
    for (const [h, v] of r.values) cells[index.get(h)!] = v.join(' ::: ');
    return { line: r.line, cells };
  });
  return { format: 'vcard', encoding, headers, rows, problems };
}

function cardLines(text: string): number[] {
  const out: number[] = [];
  text.split(/\r\n|\n|\r/).forEach((l, i) => { if (/^\s*begin:vcard\s*$/i.test(l)) out.push(i + 1); });
  return out;
}

function cardValues(props: JProp[]): Map<string, string[]> {
  const values = new Map<string, string[]>();
  const put = (h: string, v: string) => { if (v) values.set(h, [...(values.get(h) ?? []), v]); };
  const addresses = new Set<string>();
  // A company card (empty N, and FN = ORG, Apple's "show as company" or vCard 4.0's KIND:org)
  // has no person's name to split.
  const one = (name: string) => props.find((p) => p[0] === name)?.[3];
  const n = one('n');
  const fn = text(one('fn'));
  const isCompany = isCompanyCard({ n, fn, org: part(one('org'), 0), kind: str(one('kind')), showAs: str(one('x-abshowas')) });
  // A card with only a nickname ("NICKNAME:Bobby", no FN or N) is still someone: the nickname names it.
  const named = !!fn || [0, 1, 2, 3, 4].some((i) => part(n, i));
  // Apple's and Google's grouped labels ("item1.X-ABLabel:_$!<Assistant>!$_", "Biuro") type their group's property.
  const labels = new Map(props.filter((p) => p[0] === 'x-ablabel').map((p) => [str(p[1].group), str(p[3])]));
  for (const p of props) {
    const v = p[3];
    if (isCompany && (p[0] === 'fn' || p[0] === 'n')) continue;
    const kind = vcardKind(types(p), p[1].group ? labels.get(str(p[1].group)) : undefined);
    switch (p[0]) {
      case 'fn': put('Name', text(v)); break;
      case 'n':
        if (!structuredName(v, fn)) break;
        put('Last Name', part(v, 0)); put('First Name', part(v, 1)); put('Middle Name', part(v, 2));
        put('Name Prefix', part(v, 3)); put('Name Suffix', part(v, 4));
        break;
      case 'nickname': if (!named && !values.has('Name')) put('Name', str(v).split(',')[0].trim()); break;
      case 'org': put('Company', part(v, 0)); break;
      case 'title': put('Job Title', text(v)); break;
      case 'email': put(kind === 'home' ? 'Email Home' : kind === 'other' ? 'Email Other' : 'Email', str(v)); break;
      case 'tel': case 'x-ms-tel': put(TEL_HEADER[kind ?? 'none'], str(v).replace(/^tel:/i, '')); break;
      case 'url': put('Website', str(v).replace(/\\:/g, ':')); break; // Apple writes http\://
      case 'x-socialprofile': case 'x-linkedin': case 'x-twitter': put('LinkedIn', str(v)); break;
      case 'note': put('Notes', text(v)); break;
      case 'categories': put('Categories', p.slice(3).map(str).filter(Boolean).join(' ::: ')); break;
      case 'adr': {
        const group = kind === 'work' ? 'Work' : kind === 'home' ? 'Home' : 'Other';
        if (addresses.has(group)) break; // one address per kind: the record keeps one anyway
        addresses.add(group);
        put(`${group} Street`, [part(v, 2, ', '), part(v, 1), part(v, 0)].filter(Boolean).join(', '));
        put(`${group} City`, part(v, 3)); put(`${group} State`, part(v, 4));
        put(`${group} Postal Code`, part(v, 5)); put(`${group} Country`, part(v, 6));
        break;
      }
    }
  }
  return values;
}
