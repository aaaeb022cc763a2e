import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { runImport, planImport } from '../../../src/io/import.ts';
import { CORPUS, corpusFile, newRepo } from './helpers.ts';
import { phoneInputProblem, webUrlProblem } from '../../../src/domain/identity/index.ts';

type JProp = [string, Record<string, unknown>, string, ...unknown[]];

/** The answer key: the vCard roundcube expects for each CSV, as plain values. */
function answerKey(vcfPath: string) {
  const parsed = ICAL.parse(readFileSync(vcfPath, 'utf8')) as unknown;
  const cards = (Array.isArray((parsed as unknown[])[0]) ? parsed : [parsed]) as [string, JProp[]][];
  return cards.map(([, props]) => {
    const all = (n: string) => props.filter((p) => p[0] === n);
    const one = (n: string) => all(n)[0]?.[3];
    const n = (one('n') as string[] | undefined) ?? [];
    return {
      name: Object.fromEntries(Object.entries({ last: n[0], first: n[1], middle: n[2], prefix: n[3], suffix: n[4] }).filter(([, v]) => v)),
      emails: all('email').map((p) => String(p[3])),
      phones: all('tel').map((p) => String(p[3])),
      urls: all('url').map((p) => String(p[3])),
      org: one('org') as string | undefined,
      title: one('title') as string | undefined,
      note: one('note') as string | undefined,
      categories: all('categories').flatMap((p) => p.slice(3).map(String)),
      adrs: all('adr').map((p) => (p[3] as string[]).map(String)),
    };
  });
}

const roundcube = resolve(CORPUS, 'roundcube-contacts/tests/src/Csv2vcard');
const pairs = readdirSync(roundcube).filter((f) => f.endsWith('.csv'));

describe('roundcube Csv2vcard: every CSV imports with the fields of its answer key', () => {
  it.each(pairs)('%s as people', async (file) => {
    const repo = newRepo();
    const result = await runImport(repo, corpusFile(`roundcube-contacts/tests/src/Csv2vcard/${file}`), { as: 'people' });
    const keys = answerKey(resolve(roundcube, file.replace('.csv', '.vcf')));
    expect(result.created).toBe(keys.length);
    const people = repo.list('people');
    expect(people).toHaveLength(keys.length);
    keys.forEach((key, i) => {
      const p = people.find((x) => x.emails[0]?.email === key.emails[0]) ?? people[i];
      expect(p.name).toEqual(key.name);
      expect(p.emails.map((e) => e.email)).toEqual(key.emails);
      // Placeholders that are not phones or web addresses ("homephone", "https://blog") are kept in the details.
      expect(p.phones.map((x) => x.number).sort()).toEqual(key.phones.filter((v) => !phoneInputProblem(v)).sort());
      expect(p.websites.map((x) => x.url).sort()).toEqual(key.urls.filter((v) => !webUrlProblem(v)).sort());
      for (const v of [...key.phones.filter((x) => phoneInputProblem(x)), ...key.urls.filter((x) => webUrlProblem(x))]) expect(p.details).toContain(v);
      if (key.title) expect(p.title).toBe(key.title);
      if (key.note) expect(p.details?.startsWith(key.note)).toBe(true);
      expect(p.tags).toEqual(key.categories);
      if (key.org) expect(repo.get('companies', p.companyId!)?.name).toBe(key.org);
      if (key.adrs.length) {
        const a = p.address!;
        // One address per record: it must be one of the key's, part for part (PO box joins the street).
        const match = key.adrs.find((adr) => adr[3] === (a.city ?? '') && adr[5] === (a.postalCode ?? '') && adr[6] === (a.country ?? ''));
        expect(match, JSON.stringify(a)).toBeDefined();
        expect(a.street?.startsWith(match![2])).toBe(true);
        expect(a.state ?? '').toBe(match![4]);
      } else expect(p.address).toBeUndefined();
    });
  });

  it.each(pairs)('%s as leads keeps the first email and the name', async (file) => {
    const repo = newRepo();
    await runImport(repo, corpusFile(`roundcube-contacts/tests/src/Csv2vcard/${file}`), { as: 'leads' });
    const keys = answerKey(resolve(roundcube, file.replace('.csv', '.vcf')));
    // Records live in shards: a list has no file order, so compare as sorted tuples.
    // Records live in shards: a list has no file order, so both sides are put in email order.
    const byEmail = <T>(xs: T[], email: (x: T) => unknown) => [...xs].sort((a, b) => String(email(a)).localeCompare(String(email(b))));
    const leads = byEmail(repo.list('leads'), (l) => l.email);
    const sortedKeys = byEmail(keys, (k) => k.emails[0]);
    expect(leads.map((l) => l.email)).toEqual(sortedKeys.map((k) => k.emails[0]));
    expect(leads.map((l) => l.name)).toEqual(sortedKeys.map((k) => k.name));
    expect(leads.map((l) => l.companyName)).toEqual(sortedKeys.map((k) => k.org));
    expect(leads.every((l) => l.statusId === 'new')).toBe(true);
  });
});

describe('thunderbird-import: CSVs import with the fields of addressbook.json', () => {
  const key = JSON.parse(readFileSync(resolve(CORPUS, 'thunderbird-import/addressbook.csv_import.excerpt.json'), 'utf8')).csv_import as Record<string, string>[];
  it.each(['basic_csv_addressbook.csv', 'csv_semicolon.csv'])('%s', async (file) => {
    const repo = newRepo();
    const plan = await planImport(repo, corpusFile(`thunderbird-import/${file}`), { as: 'people' });
    expect(plan.delimiter).toBe(file.includes('semicolon') ? ';' : ',');
    await runImport(repo, corpusFile(`thunderbird-import/${file}`), { as: 'people' });
    const people = repo.list('people'); // no file order across shards: compared in email order
    const inOrder = <T extends { PrimaryEmail: unknown }>(xs: T[]) => [...xs].sort((a, b) => String(a.PrimaryEmail).localeCompare(String(b.PrimaryEmail)));
    expect(inOrder(people.map((p) => ({ FirstName: p.name.first, LastName: p.name.last, PrimaryEmail: p.emails[0].email })))).toEqual(
      inOrder(key.map((k) => ({ FirstName: k.FirstName, LastName: k.LastName, PrimaryEmail: k.PrimaryEmail }))),
    );
  });
});

describe('crm-csv-headers/atomic-crm: the malformed row is reported, not imported silently', () => {
  const file = 'crm-csv-headers/atomic-crm/contacts_export.csv';
  it('reports line 3 and imports nothing until the valid part is confirmed', async () => {
    const repo = newRepo();
    const plan = await planImport(repo, corpusFile(file), { as: 'people' });
    expect(plan.invalid).toEqual([{ line: 3, reason: expect.stringMatching(/has 18 values but the header has 21 columns/) }]);
    await expect(runImport(repo, corpusFile(file), { as: 'people' })).rejects.toMatchObject({ code: 'invalid-rows', message: expect.stringMatching(/line 3/) });
    expect(repo.list('people')).toHaveLength(0);
    const result = await runImport(repo, corpusFile(file), { as: 'people', confirmInvalid: true });
    expect(result.created).toBe(1);
    const [john] = repo.list('people');
    expect(john).toMatchObject({
      name: { first: 'John', last: 'Doe' }, title: 'Sales Executive', tags: ['influencer', 'developer'],
      emails: [{ email: 'john@doe.example', category: 'work' }, { email: 'john.doe@gmail.com', category: 'home' }, { email: 'jdoe@caramail.com', category: 'other' }],
      socials: [{ url: 'https://www.linkedin.com/in/johndoe', category: 'linkedin' }],
    });
    expect(john.phones.map((p) => p.number)).toEqual(['659-980-2015', '740.645.3807', '(446) 758-2122']);
    expect(repo.get('companies', john.companyId!)?.name).toBe('Acme');
  });
});
