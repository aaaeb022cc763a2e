import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes, extractFromHtml, extractFromVcf, type Candidate } from '../../../src/capture/index.ts';
import { extractFromEml } from '../../../src/capture/eml.ts';

/**
 * Material written for this suite (test/fixtures/material, not from the corpus): what mail
 * clients, phones, CardDAV servers and CMSs write, each quirk named in the file that holds it.
 * Every value must land in its own field: the sender's, not a quoted or forwarded person's; a
 * postal code is no phone; a date is no phone.
 */
const MATERIAL = resolve(process.cwd(), 'test/fixtures/material');
const bytes = (name: string) => new Uint8Array(readFileSync(resolve(MATERIAL, name)));

/** What a person reviewing the capture sees, field by field. */
const fields = (c: Candidate) => ({
  kind: c.kind,
  name: c.name && { first: c.name.first, last: c.name.last, full: c.name.full },
  company: c.companyName?.value,
  title: c.title?.value,
  emails: c.emails.map((e) => e.value),
  phones: c.phones.map((p) => [p.value, p.type ?? null]),
  websites: c.websites.map((w) => w.value),
  socials: c.socials.map((s) => s.url),
  address: c.address && { street: c.address.street, city: c.address.city, region: c.address.region, postalCode: c.address.postalCode, country: c.address.country },
});
const drop = <T extends object>(o: T) => JSON.parse(JSON.stringify(o)) as T;

describe('emails from Outlook, Apple Mail and Thunderbird', () => {
  const person = (first: string, last: string) => ({ kind: 'person', name: { first, last, full: `${first} ${last}` }, socials: [] });
  it.each([
    // Outlook reply (windows-1252 quoted-printable): the sender's signature, not the quoted German
    // one under "-----Original Message-----"; a Tokyo postal code is the address's, not a phone.
    ['outlook-reply.eml', {
      ...person('Keiko', 'Nakamura'), company: 'Tsubame Logistics K.K.', title: 'Senior Account Manager', emails: ['keiko.nakamura@tsubame-logistics.co.jp'],
      phones: [['+81355550142', 'work'], ['+819055550198', 'mobile']], websites: ['https://www.tsubame-logistics.co.jp/'],
      address: { street: '3-1-1 Marunouchi, Chiyoda-ku', city: 'Tokyo', postalCode: '100-0005' },
    }],
    // Apple Mail forward (encoded-word sender, base64 text part): the forwarded sender is left out.
    ['apple-mail-forward.eml', {
      ...person('Léa', 'Dubois'), company: 'Atelier Dubois SARL', title: 'Directrice commerciale', emails: ['lea@atelier-dubois.fr'],
      phones: [['+33142550123', 'work']], websites: [], address: { street: '12 rue de la Paix', city: 'Paris', postalCode: '75002' },
    }],
    // Thunderbird reply (ISO-8859-2, format=flowed, "-- " signature): the Polish attribution line
    // ends the message and its date is no phone; "kom." is a mobile.
    ['thunderbird-reply.eml', {
      ...person('Jan', 'Kowalski'), company: 'Baltic Timber Sp. z o.o.', title: 'Kierownik ds. Zakupów', emails: ['j.kowalski@baltic-timber.pl'],
      phones: [['+48585550177', 'work'], ['+48601555019', 'mobile']], websites: [], address: { street: 'ul. Długa 5', city: 'Gdańsk', postalCode: '80-827' },
    }],
  ])('%s: the sender, every value in its field, and no one else', async (file, expected) => {
    const found = await extractFromEml(bytes(file), {}, file);
    expect(found.map((c) => drop(fields(c)))).toEqual([expected]);
  });
});

describe('vCards 2.1, 3.0 and 4.0 as clients write them', () => {
  const person = (first: string, last: string, full = `${first} ${last}`) => ({ kind: 'person', name: { first, last, full } });
  it.each([
    // Outlook 2.1: windows-1252 quoted-printable, a soft break inside the country, an encoded line break inside the street.
    ['outlook-2.1.vcf', [{
      ...person('Jürgen', 'Müller-Lüdenscheidt', 'Dr. Jürgen Müller-Lüdenscheidt'), company: 'Bäckerei Groß GmbH', title: 'Leiter Einkäufe',
      emails: ['j.mueller@baeckerei-gross.example', 'juergen.ml@mail.example'], phones: [['+497115550134', 'work'], ['+491715550187', 'mobile'], ['+497115550135', 'fax']],
      websites: ['http://www.baeckerei-gross.example/'], socials: [], address: { street: 'Industriestraße 12, Gebäude B', city: 'Stuttgart', postalCode: '70565', country: 'Deutschland' },
    }]],
    // iPhone 3.0: folded lines, grouped items, escaped "," and ";" read as written, a company card as a company.
    ['iphone-3.0.vcf', [{
      ...person('Siobhán', 'O’Connor', 'Siobhán Máire O’Connor'), company: 'Harbor & Finch, Ltd.', title: 'Head of Partnerships; EMEA',
      emails: ['siobhan.oconnor@harbor-finch.example', 'shiv.oc@mail.example'], phones: [['+353875550123', 'mobile'], ['+35315550145', 'work']],
      websites: ['https://harbor-finch.example/team/siobhan'], socials: ['https://www.linkedin.com/in/siobhan-oconnor-example'],
      address: { street: 'Unit 4, The Docklands Innovation Park, 128 East Wall Road', city: 'Dublin', postalCode: 'D03 X2N8', country: 'Ireland' },
    }, { kind: 'organization', company: 'Harbor & Finch, Ltd.', emails: ['hello@harbor-finch.example'], phones: [['+35315550100', null]], websites: [], socials: [] }]],
    // CardDAV 4.0: tel: URIs, a quoted LABEL parameter, a street of two values kept apart by a comma.
    ['carddav-4.0.vcf', [{
      ...person('María José', 'García-Pérez'), company: 'Clínica Dental Sonrisa S.L.', title: 'Directora médica', emails: ['mj.garcia@clinica-sonrisa.example'],
      phones: [['+34915550172', 'work'], ['+34612555019', 'mobile']], websites: ['https://clinica-sonrisa.example/'], socials: [],
      address: { street: 'Calle de Alcalá 42, 3º', city: 'Madrid', postalCode: '28014', country: 'España' },
    }]],
  ])('%s: one candidate per card, every value in its field', (file, expected) => {
    expect(extractFromVcf(decodeBytes(bytes(file))).map((c) => drop(fields(c)))).toEqual(expected);
  });
});

describe('a page with schema.org in odd shapes', () => {
  it('an @graph whose people point at their employer by @id, arrays, objects for text, mailto:/tel: values, a trailing comma, and microdata beside it', () => {
    const found = extractFromHtml(readFileSync(resolve(MATERIAL, 'team-graph-jsonld.html'), 'utf8'), { baseUrl: 'https://kestrel-analytics.example/team/' }).map((c) => drop(fields(c)));
    const at = 'Kestrel Analytics GmbH';
    expect(found).toEqual([
      { kind: 'person', name: { first: 'Inés', last: 'Castillo Ruiz', full: 'Inés Castillo Ruiz' }, company: at, title: 'Chief Technology Officer',
        emails: ['ines.castillo@kestrel-analytics.example'], phones: [['+493055501234', null]], websites: [],
        socials: ['https://github.com/ines-example', 'https://www.linkedin.com/in/ines-castillo-example'] },
      { kind: 'organization', company: at, emails: [], phones: [['+493055501200', null], ['+493055501299', null]], websites: ['https://kestrel-analytics.example/'],
        socials: ['https://www.linkedin.com/company/kestrel-analytics-example'], address: { street: 'Torstraße 140', city: 'Berlin', postalCode: '10119', country: 'DE' } },
      { kind: 'person', name: { first: 'Oluwaseun', last: 'Bankole', full: 'Dr. Oluwaseun Bankole' }, company: at, title: 'Head of Data Science',
        emails: ['o.bankole@kestrel-analytics.example'], phones: [['+493055501240', null]], websites: [], socials: ['https://www.linkedin.com/in/seun-bankole-example'] },
    ]);
  });
});
