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
const person = (first: string, last: string) => ({ kind: 'person', name: { first, last, full: `${first} ${last}` }, socials: [] });
/** The candidates of a message file, as a reviewer sees them. */
const sendersOf = async (file: string) => (await extractFromEml(bytes(file), {}, file)).map((c) => drop(fields(c)));

describe('emails from Outlook, Apple Mail, Thunderbird and Gmail, HTML-only, replies in other languages', () => {
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
    // Session 15: HTML-only mail and replies in five languages.
    // HTML only (quoted-printable UTF-8): a two-cell table signature whose logo is an image with
    // alt text, "Cel:" a mobile, a Brazilian CEP no phone; Gmail's quote of the rep left out.
    ['html-only-table-signature.eml', {
      ...person('Lúcia', 'Ferreira'), company: 'Verdemar Exportadora Ltda.', title: 'Diretora Comercial', emails: ['lucia.ferreira@verdemar-exportadora.example'],
      phones: [['+551135550142', 'work'], ['+5511955550199', 'mobile']], websites: ['https://www.verdemar-exportadora.example/'],
      address: { street: 'Av. Paulista, 1578 - Bela Vista', city: 'São Paulo', region: 'SP', postalCode: '01310-200' },
    }],
    // German Outlook (ISO-8859-1, multipart/alternative): "Mobil:", the legal footer's managing
    // director no one's name, the "Von:/Gesendet:" block and the rep's signature under it cut.
    ['reply-german-outlook-html.eml', {
      ...person('Katrin', 'Schneider'), company: 'Rheinwerk Maschinenbau GmbH', title: 'Leiterin Einkauf', emails: ['k.schneider@rheinwerk-maschinenbau.example'],
      phones: [['+492215550143', 'work'], ['+491715550198', 'mobile']], websites: ['https://www.rheinwerk-maschinenbau.example/'],
      address: { street: 'Industriestraße 14', city: 'Köln', postalCode: '50735' },
    }],
    // French (format=flowed): "Port. :" a mobile; "Le … a écrit :" cuts the quote.
    ['reply-french.eml', {
      ...person('Amélie', 'Rousseau'), company: 'Atelier Lumière SAS', title: 'Responsable des achats', emails: ['amelie.rousseau@atelier-lumiere.example'],
      phones: [['+33155550142', 'work'], ['+33655550199', 'mobile']], websites: [], address: { street: '12 rue des Petites-Écuries', city: 'Paris', postalCode: '75010' },
    }],
    // Spanish: "Cargo | Empresa" on one line, a Colombian street ("Cra. 7 # 71-21") with city and country, "Cel." a mobile; "De:/Enviado:" cuts.
    ['reply-spanish.eml', {
      ...person('Javier', 'Morales'), company: 'Andes Logística S.A.S.', title: 'Gerente de Operaciones', emails: ['jmorales@andes-logistica.example'],
      phones: [['+576015550142', 'work'], ['+573105550199', 'mobile']], websites: [], address: { street: 'Cra. 7 # 71-21', city: 'Bogotá', country: 'Colombia' },
    }],
    // Dutch: a particle family name, "T"/"M" labels, a Dutch postcode; "Op … schreef …:" cuts.
    ['reply-dutch.eml', {
      ...person('Pieter', 'de Vries'), company: 'Polder Installaties B.V.', title: 'Inkoopmanager', emails: ['p.devries@polder-installaties.example'],
      phones: [['+31335550142', 'work'], ['+31655550199', 'mobile']], websites: [], address: { street: 'Stationsweg 21', city: 'Amersfoort', postalCode: '3811 MK' },
    }],
  ])('%s: the sender, every value in its field, and no one else (not the quoted rep)', async (file, expected) => {
    const found = await sendersOf(file);
    expect(found).toEqual([expected]);
    expect(JSON.stringify(found)).not.toMatch(/415.?555.?0100|Sam Carter|Peter Brandt/);
  });
});

describe('replies from Outlook, Gmail and Apple Mail in more scripts and layouts (session 16 material)', () => {
  const work = (...xs: string[]) => xs;
  it.each([
    // Outlook HTML whose signature is only a picture (alt text "Outlook-nn3f2kqa.png", a caption-like
    // alt, an inline part named "Helen Marsh - Buying Director.png"): nothing is read from the picture.
    ['image-only-signature.eml', { ...person('Helen', 'Marsh'), emails: work('helen.marsh@brightwater-retail.example'), phones: [], websites: [] }],
    // Gmail, "Taro YAMADA" (the capitals mark the family name), "Tel: … (ext. 204)", "Fax:",
    // and a title with its department after a comma ("…, Overseas Sales Dept.").
    ['gmail-reply-latin-caps-japanese.eml', {
      ...person('Taro', 'Yamada'), company: 'Sakura Trading Co., Ltd.', title: 'Deputy General Manager', emails: work('t.yamada@sakura-trading.example'),
      phones: [['+81355550123;ext=204', 'work'], ['+81355550124', 'fax'], ['+819055550198', 'mobile']], websites: [],
      address: { street: '2-4-1 Nihonbashi, Chuo-ku', city: 'Tokyo', postalCode: '103-0027', country: 'Japan' },
    }],
    // Outlook, "ZHANG Wei (张伟)", "T:/F:/M:", "Ext. 8012", and an "Add:" line longer than a
    // signature line (it ended the signature's search before: nothing was read).
    ['outlook-reply-chinese-caps.eml', {
      ...person('Wei', 'Zhang'), company: 'Shenzhen Hengda Electronics Co., Ltd.', title: 'Purchasing Manager', emails: work('zhang.wei@hengda-electronics.example'),
      phones: [['+8675555550142;ext=8012', 'work'], ['+8675555550143', 'fax'], ['+8613955550176', 'mobile']], websites: [],
      address: { street: "Room 1203, Block B, Tian'an Cyber Park, Futian District", city: 'Shenzhen', postalCode: '518040', country: 'China' },
    }],
    // iPhone: "Sent from my iPhone" and the rep's quoted signature under "> On … wrote:".
    ['apple-mail-iphone-reply.eml', { ...person('Marcus', 'Oyelaran'), emails: work('marcus@oyelaran-studio.example'), phones: [], websites: [] }],
    // Outlook, "Whitfield, Olivia": a direct line with its extension, a switchboard, a fax; the
    // partnership's legal footer is no one's field.
    ['outlook-reply-fax-extension.eml', {
      ...person('Olivia', 'Whitfield'), company: 'Kestrelbrook LLP', title: 'Senior Associate', emails: work('olivia.whitfield@kestrelbrook-law.example'),
      phones: [['+44 20 5555 0142 ext. 310', 'work'], ['+44 20 5555 0100', 'work'], ['+44 20 5555 0199', 'fax']], websites: ['https://www.kestrelbrook-law.example/'],
      address: { street: '2nd Floor, 40 Gracechurch Street', city: 'London', postalCode: 'EC3V 0BT' },
    }],
    // Gmail, "Name | Title | Company", "Suite 400, 1200 Market Street" (was read as postal code
    // 1200 in city "Market Street"), "o: … x 4410 | c: …".
    ['gmail-pipe-signature-suite.eml', {
      ...person('Dana', 'Kowalczyk'), company: 'Northwind Traders', title: 'VP, Revenue Operations', emails: work('dana@northwind-traders.example'),
      phones: [['(215) 555-0142 ext. 4410', 'work'], ['(267) 555-0188', 'mobile']], websites: [],
      address: { street: 'Suite 400, 1200 Market Street', city: 'Philadelphia', region: 'PA', postalCode: '19107' },
    }],
    // Italian, ISO-8859-1: "Tel. … - int. 23" keeps its extension, "Milano (MI)" its province.
    ['reply-italian.eml', {
      ...person('Marco', 'Bianchi'), company: 'Bianchi Arredamenti S.r.l.', title: 'Responsabile Commerciale', emails: work('m.bianchi@bianchi-arredamenti.example'),
      phones: [['+390255550142;ext=23', 'work'], ['+393335550199', 'mobile']], websites: [],
      address: { street: 'Via Roma 12', city: 'Milano', region: 'MI', postalCode: '20121' },
    }],
    // Korean: Gmail's "…님이 작성:" ends the message; "김민준 과장" is the name and the title,
    // "(주)" a legal form, "전화"/"휴대폰" a work number and a mobile.
    ['reply-korean.eml', {
      kind: 'person', name: { first: '민준', last: '김', full: '김민준' }, socials: [], company: '(주)한빛소프트', title: '과장', emails: work('minjun.kim@hanbit-soft.example'),
      phones: [['02-555-0142', 'work'], ['010-5555-0199', 'mobile']], websites: [],
    }],
    // Signed "Chris" over the full name; "One Embarcadero Center, Suite 1500" (a street with no number first).
    ['title-before-name-signature.eml', {
      ...person('Christopher', 'Allen'), company: 'Tessera Cloud, Inc.', title: 'Regional Director, Enterprise Sales', emails: work('callen@tesseracloud.example'),
      phones: [['+14155550142', 'work'], ['+14155550177', 'mobile']], websites: [],
      address: { street: 'One Embarcadero Center, Suite 1500', city: 'San Francisco', region: 'CA', postalCode: '94111' },
    }],
  ])('%s: the sender, every value in its field, nothing from a picture or a quote', async (file, expected) => {
    const found = await sendersOf(file);
    expect(found).toEqual([expected]);
    expect(JSON.stringify(found)).not.toMatch(/415.?555.?0100|Sam Carter|Buying Director|Head Office|Outlook-|image00/);
  });
});

describe('vCards from iCloud and Google Contacts (session 15 material)', () => {
  it('iCloud 3.0: grouped items typed by their X-ABLabel (an assistant\'s number is "other"), X-SOCIALPROFILE, a 3 KB folded PHOTO, a related name that is no one\'s field', () => {
    const [c, ...rest] = extractFromVcf(decodeBytes(bytes('icloud-3.0.vcf')));
    expect(rest).toEqual([]);
    expect(drop(fields(c))).toEqual({
      kind: 'person', name: { first: 'Adaeze', last: 'Okonjo-Iweala', full: 'Adaeze Okonjo-Iweala' }, company: 'Lagos Harbour Foods Ltd.', title: 'Head of Sourcing',
      emails: ['adaeze@lagosharbourfoods.example', 'adaeze.oi@mail.example'],
      phones: [['+234 1 555 0142', 'other'], ['+2348035550199', 'mobile'], ['+234 1 555 0100', 'work']],
      websites: ['https://lagosharbourfoods.example/'], socials: ['https://www.linkedin.com/in/adaeze-oi', 'http://twitter.com/adaezeoi'],
      address: { street: '14 Adeola Odeku Street, Victoria Island', city: 'Lagos', postalCode: '101241', country: 'Nigeria' },
    });
    expect(JSON.stringify(c)).not.toMatch(/Chinedu|SGVsbG|AAECAwQF/);
  });

  it('Google 3.0: the address labelled "Firma" (work) is the one kept, "Biuro" types a work phone, a card with only a company is the company\'s', () => {
    const [marta, hotel] = extractFromVcf(decodeBytes(bytes('google-3.0.vcf')));
    expect(drop(fields(marta))).toMatchObject({
      name: { first: 'Marta', last: 'Kowalczyk-Nowak' }, company: 'WisłaSoft sp. z o.o.', title: 'Kierownik projektu',
      phones: [['+48601555019', 'mobile'], ['+48125550142', 'work']], websites: ['https://wislasoft.example/'],
      address: { street: 'ul. Wielicka 250', city: 'Kraków', region: 'małopolskie', postalCode: '30-663', country: 'Polska' },
    });
    expect(drop(fields(hotel))).toEqual({ kind: 'organization', company: 'Hotel Zamek Sp. z o.o.', emails: ['recepcja@hotelzamek.example'], phones: [['+48335550100', 'work']], websites: [], socials: [] });
  });
});

describe('vCards from phones, scanners and CardDAV servers (session 16 material)', () => {
  const card = (file: string) => extractFromVcf(decodeBytes(bytes(file))).map((c) => drop(fields(c)));
  it('a pager, a textphone and Apple\'s "main" line are never the mobile; a fax stays a fax; extensions are kept', () => {
    // Android 2.1: QUOTED-PRINTABLE UTF-8 with a soft break inside the street, TEL;PAGER.
    expect(card('android-2.1-qp.vcf')).toEqual([{
      kind: 'person', name: { first: 'Ludmila', last: 'Šimková', full: 'Ing. Ludmila Šimková' }, company: 'Brněnské strojírny a.s.', title: 'Vedoucí nákupu',
      emails: ['simkova@brnenske-strojirny.example'], phones: [['+420603555019', 'mobile'], ['+420545550142', 'work'], ['+420545550143', 'fax'], ['+420545550144', 'other']],
      websites: [], socials: [], address: { street: 'Kotlářská 12', city: 'Brno', postalCode: '602 00', country: 'Česká republika' },
    }]);
    // iPhone 3.0: type=IPHONE a mobile, "ext. 22" kept, type=PAGER other, type=MAIN the company's line.
    expect(card('ios-3.0-pager-fax.vcf')[0].phones).toEqual([['+9613555019', 'mobile'], ['+9611555014;ext=22', 'work'], ['+9611555015', 'fax'], ['+9611555016', 'other'], ['+9611555010', 'work']]);
    // Nextcloud 4.0: tel: URIs with ";ext=", TYPE=textphone other, "text,cell" a mobile, "work,fax" a fax.
    expect(card('nextcloud-4.0-textphone.vcf')[0].phones).toEqual([['+6495550142;ext=310', 'work'], ['+6495550143', 'other'], ['+64215550199', 'mobile'], ['+6495550144', 'fax']]);
    // Outlook 2.1: "x204" after a "(0)" trunk, a QUOTED-PRINTABLE LABEL folded with "=".
    expect(card('outlook-2.1-extension.vcf')[0]).toMatchObject({ name: { first: 'Emeka', last: 'Okoro' }, phones: [['+234 (0)1 555 0142 x204', 'work'], ['+234 1 555 0177', 'home'], ['+2348035550199', 'mobile'], ['+234 1 555 0143', 'fax']], address: { city: 'Port Harcourt', region: 'Rivers', postalCode: '500272', country: 'Nigeria' } });
  });

  it('Outlook\'s X-MS-TEL;ASSISTANT (an assistant\'s line) is kept as "other", a car phone is a mobile (the assistant\'s number was dropped)', () => {
    const vcf = 'BEGIN:VCARD\r\nVERSION:2.1\r\nN:Kowalski;Jan\r\nFN:Jan Kowalski\r\nTEL;CAR;VOICE:+48 601 555 001\r\nX-MS-TEL;ASSISTANT:+48 22 555 0004\r\nEND:VCARD\r\n';
    expect(extractFromVcf(vcf)[0].phones.map((p) => [p.value, p.type])).toEqual([['+48601555001', 'mobile'], ['+48225550004', 'other']]);
  });

  it('a scanner\'s card with the whole name in N\'s given part is read from FN; Korean and CamCard cards keep every value in its field', () => {
    expect(card('scanner-latin-caps-names.vcf').map((c) => c.name)).toEqual([
      { first: 'Taro', last: 'Yamada', full: 'Taro Yamada' }, { first: 'Xiaoming', last: 'Wang', full: 'Xiaoming Wang' }, { first: 'Taro', last: 'Suzuki', full: 'Taro Suzuki' },
    ]);
    expect(card('samsung-3.0-korean.vcf')).toEqual([{
      kind: 'person', name: { first: '서연', last: '박', full: '박서연' }, company: '(주)누리디자인', title: '대리', emails: ['seoyeon.park@nuri-design.example'],
      phones: [['010-5555-0178', 'mobile'], ['02-555-0142', 'work'], ['02-555-0143', 'fax']], websites: [], socials: [],
    }]);
    expect(card('camcard-3.0.vcf')[0]).toMatchObject({ company: 'Norrsken Energi AB', title: 'Key Account Manager', phones: [['+46855501420', 'work'], ['+46855501400', 'work'], ['+46705550199', 'mobile'], ['+46855501499', 'fax']], address: { street: 'Kungsgatan 44', city: 'Stockholm', postalCode: '111 35' } });
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
    // iPhone 3.0: folded lines, grouped items, escaped "," and ";" read as written, a company card as a company
    // (its type=MAIN line a work number, as the import already read it).
    ['iphone-3.0.vcf', [{
      ...person('Siobhán', 'O’Connor', 'Siobhán Máire O’Connor'), company: 'Harbor & Finch, Ltd.', title: 'Head of Partnerships; EMEA',
      emails: ['siobhan.oconnor@harbor-finch.example', 'shiv.oc@mail.example'], phones: [['+353875550123', 'mobile'], ['+35315550145', 'work']],
      websites: ['https://harbor-finch.example/team/siobhan'], socials: ['https://www.linkedin.com/in/siobhan-oconnor-example'],
      address: { street: 'Unit 4, The Docklands Innovation Park, 128 East Wall Road', city: 'Dublin', postalCode: 'D03 X2N8', country: 'Ireland' },
    }, { kind: 'organization', company: 'Harbor & Finch, Ltd.', emails: ['hello@harbor-finch.example'], phones: [['+35315550100', 'work']], websites: [], socials: [] }]],
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

describe('team pages (session 15 material)', () => {
  const page = (file: string) => extractFromHtml(readFileSync(resolve(MATERIAL, file), 'utf8'), { baseUrl: 'https://example.test/team/' }).map((c) => drop(fields(c)));

  it('RDFa Lite: people as the organization\'s employees (name or given/family, a prefix), the company\'s address; a person\'s tel: link stays theirs, and og:site_name is the same company', () => {
    const at = 'Fjordline Consulting AS';
    expect(page('team-rdfa-lite.html')).toEqual([
      { kind: 'person', name: { first: 'Ingrid', last: 'Solberg', full: 'Ingrid Solberg' }, company: at, title: 'Managing Partner', emails: ['ingrid.solberg@fjordline.example'],
        phones: [['+4791555010', null]], websites: [], socials: ['https://www.linkedin.com/in/ingrid-solberg-example'] },
      { kind: 'person', name: { first: 'Lars', last: 'Haugen', full: 'Lars Haugen' }, company: at, title: 'Principal, Energy', emails: ['lars.haugen@fjordline.example'], phones: [], websites: [], socials: [] },
      { kind: 'person', name: { first: 'Amara', last: 'Nwosu', full: 'Dr. Amara Nwosu' }, company: at, title: 'Head of Research', emails: [], phones: [['+4755550177', null]], websites: [], socials: [] },
      { kind: 'organization', company: at, emails: [], phones: [['+4755550100', null]], websites: [], socials: [], address: { street: 'Bryggen 12', city: 'Bergen', postalCode: '5003', country: 'Norway' } },
    ]);
  });

  it('a plain HTML team grid (no markup): each mailto link\'s card gives the name, the role and the number beside it; a German profession is a title', () => {
    expect(page('team-plain-grid.html')).toEqual([
      { kind: 'person', name: { first: 'Thomas', last: 'Weber', full: 'Dr. Thomas Weber' }, title: 'Rechtsanwalt, Partner', emails: ['t.weber@kanzlei-weber.example'], phones: [['+498955501010', 'work']], websites: [], socials: [] },
      { kind: 'person', name: { first: 'Selin', last: 'Yılmaz', full: 'Selin Yılmaz' }, title: 'Steuerberaterin', emails: ['s.yilmaz@kanzlei-weber.example'], phones: [['+498955501022', 'work']], websites: [], socials: [] },
      { kind: 'person', name: { first: 'Piotr', last: 'Nowak', full: 'Piotr Nowak' }, title: 'Rechtsanwalt', emails: ['p.nowak@kanzlei-weber.example'], phones: [], websites: [], socials: [] },
    ]);
  });

  it('a card holding two addresses, or a long section, is no one\'s card: the links keep only their own text', () => {
    const html = '<div><p>Write to <a href="mailto:a@x.example">a@x.example</a> or <a href="mailto:b@x.example">b@x.example</a>.</p><h3>Ada Lovelace</h3></div>';
    expect(extractFromHtml(html).map((c) => [c.name?.full, c.emails.map((e) => e.value)])).toEqual([[undefined, ['a@x.example']], [undefined, ['b@x.example']]]);
  });
});

describe('team, about and contact pages never seen (session 16 material)', () => {
  const page = (file: string, url: string) => extractFromHtml(readFileSync(resolve(MATERIAL, file), 'utf8'), { baseUrl: url }).map((c) => drop(fields(c)));
  const none = { websites: [], socials: [] };

  it('a card grid under og:site_name: each person at the site\'s domain works for the site\'s organisation, not for a line of their card; a tel: link in a card is that person\'s', () => {
    const at = 'Bramblewood Architects';
    expect(page('team-grid-og-site.html', 'https://www.bramblewood-arch.example/team')).toEqual([
      { kind: 'person', name: { first: 'Hannah', last: 'Price', full: 'Hannah Price' }, company: at, title: 'Founding Director', emails: ['hannah@bramblewood-arch.example'], phones: [['0117 355 0142', null]], ...none },
      { kind: 'person', name: { first: 'Kwame', last: 'Asante', full: 'Kwame Asante' }, company: at, title: 'Associate Architect', emails: ['kwame@bramblewood-arch.example'], phones: [], ...none },
      // "Bristol Studio" (her office) was her company.
      { kind: 'person', name: { first: 'Lucy', last: 'Tran', full: 'Lucy Tran' }, company: at, title: 'Studio Manager', emails: ['lucy@bramblewood-arch.example'], phones: [], ...none },
      { kind: 'organization', company: at, emails: [], phones: [], ...none },
    ]);
    // The same grid on another site (a directory, a speakers' page): the site is not their employer.
    expect(page('team-grid-og-site.html', 'https://speakers.example/2026').filter((c) => c.kind === 'person').map((c) => c.company)).not.toContain(at);
  });

  it('JSON-LD: an organization\'s employee[] (name or given/family, mailto:), its founder, its fax; the organization\'s own address', () => {
    const at = 'Alpenglanz Reisen GmbH';
    expect(page('org-employees-jsonld.html', 'https://alpenglanz-reisen.example/kontakt')).toEqual([
      { kind: 'person', name: { first: 'Magdalena', last: 'Huber', full: 'Magdalena Huber' }, company: at, title: 'Geschäftsführerin', emails: ['m.huber@alpenglanz-reisen.example'], phones: [['+43512555011', null]], ...none },
      { kind: 'organization', company: at, emails: ['info@alpenglanz-reisen.example'], phones: [['+43512555010', null], ['+43512555019', 'fax']], websites: ['https://alpenglanz-reisen.example/'], socials: [],
        address: { street: 'Maria-Theresien-Straße 18', city: 'Innsbruck', postalCode: '6020', country: 'AT' } },
      { kind: 'person', name: { first: 'Florian', last: 'Gruber', full: 'Florian Gruber' }, company: at, title: 'Gruppenreisen', emails: ['f.gruber@alpenglanz-reisen.example'], phones: [], ...none },
      { kind: 'person', name: { first: 'Josef', last: 'Huber', full: 'Josef Huber' }, company: at, emails: [], phones: [], ...none },
    ]);
  });

  it('an Article\'s author in an @graph by @id: the author works for their own employer (worksFor), not for the publisher', () => {
    const [author, ...orgs] = page('article-author-jsonld.html', 'https://frostline.example/2026/cold-chain');
    expect(author).toEqual({ kind: 'person', name: { first: 'Priya', last: 'Nair', full: 'Priya Nair' }, company: 'Polar Cargo Solutions', title: 'Head of Operations', emails: [], phones: [], websites: [], socials: ['https://www.linkedin.com/in/priya-nair-example'] });
    expect(orgs.every((o) => o.kind === 'organization')).toBe(true);
  });

  it('microdata nested in an organization whose type the list does not name (Winery): the organization and its employees, a fax as a fax', () => {
    const at = 'Bodega Sierra Alta S.L.';
    expect(page('microdata-nested-org.html', 'https://sierra-alta.example/equipo')).toEqual([
      { kind: 'person', name: { first: 'Carmen', last: 'Vidal', full: 'Carmen Ortega Vidal' }, company: at, title: 'Enóloga jefa', emails: ['carmen@sierra-alta.example'], phones: [], ...none },
      { kind: 'person', name: { first: 'Andrés', last: 'Lozano', full: 'Andrés Lozano' }, company: at, title: 'Director de exportación', emails: [], phones: [['+34655555019', null]], ...none },
      { kind: 'organization', company: at, emails: [], phones: [['+34941555010', null], ['+34941555019', 'fax']], ...none, address: { street: 'Camino de la Vega, 3', city: 'Haro', region: 'La Rioja', postalCode: '26200' } },
    ]);
  });

  it('a contact page: the firm\'s shared mailbox ("kanzlei@") is the organisation\'s, not a nameless person; the fax is not its phone', () => {
    expect(page('contact-page-fax.html', 'https://www.havelblick-stb.example/kontakt')).toEqual([
      { kind: 'organization', company: 'Havelblick Steuerberatung', emails: ['kanzlei@havelblick-stb.example'], phones: [['+493315550100', null]], ...none },
    ]);
  });

  it('founders as an array and a member through an OrganizationRole are the organization\'s people; its contactPoint is its own', () => {
    const found = page('about-founder-jsonld.html', 'https://tidewater-coffee.example/about');
    expect(found.map((c) => [c.kind, c.name?.full, c.company, c.title])).toEqual([
      ['person', 'Amelia Cho', 'Tidewater Coffee Roasters', 'Co-founder & Head Roaster'],
      ['person', 'Daniel Osei', 'Tidewater Coffee Roasters', 'Co-founder & CEO'],
      ['person', 'Inés Ferraro', 'Tidewater Coffee Roasters', 'Green coffee buyer'],
      ['organization', undefined, 'Tidewater Coffee Roasters', undefined],
    ]);
    expect(found[3]).toMatchObject({ emails: ['wholesale@tidewater-coffee.example'], phones: [['+17575550142', 'work']] });
  });
});

describe('h-cards on a team page (session 16 material)', () => {
  it('an h-card at the page\'s domain with no p-org works for the page\'s organisation; its own p-org and a personal address are kept as they are', () => {
    const found = extractFromHtml(readFileSync(resolve(MATERIAL, 'team-hcard-no-org.html'), 'utf8'), { baseUrl: 'https://lumen-analytics.example/team' });
    expect(found.map((c) => [c.kind, c.name?.full, c.companyName?.value, c.title?.value])).toEqual([
      ['person', 'Priya Raman', 'Lumen Analytics', 'Head of Growth'],
      ['person', 'Tomás Rivera', 'Lumen Labs', 'Data Engineer'],
      ['person', 'Grace Kim', undefined, 'Designer'],
      ['organization', undefined, 'Lumen Analytics', undefined],
    ]);
  });
});

/** Session 17 material: replies in more languages and clients, vCards from more exporters, pages of other kinds. */
describe('replies in Vietnamese, Portuguese, Swedish, Turkish and Japanese, and from Fastmail (session 17 material)', () => {
  const named = (first: string, last: string, full: string) => ({ kind: 'person', name: { first, last, full }, socials: [] });
  it.each([
    // Gmail in Vietnamese (base64, encoded-word sender): the name family first ("Nguyễn Văn An": given An),
    // "ĐT:"/"DĐ:" a work and a mobile number, a Vietnamese title, "Công ty TNHH" the company, "Việt Nam" the country.
    ['reply-vietnamese-gmail.eml', {
      ...named('An', 'Nguyễn', 'Nguyễn Văn An'), company: 'Công ty TNHH Sông Hồng Logistics', title: 'Giám đốc Kinh doanh', emails: ['an.nguyen@songhong-logistics.example'],
      phones: [['+842455550142', 'work'], ['+84912555019', 'mobile']], websites: [], address: { street: 'Số 12 Phố Huế, Quận Hai Bà Trưng', city: 'Hà Nội', country: 'Việt Nam' },
    }],
    // Portuguese Outlook (windows-1252): "Enviada:" (feminine) ends the quote (the rep and their number were read),
    // "Telm." is a mobile, and the postal code "1100-053" is the address's, not a phone.
    ['reply-portuguese-outlook.eml', {
      ...named('Inês', 'Carvalho', 'Inês Carvalho'), company: 'Tejo Têxteis, Lda.', title: 'Diretora de Compras', emails: ['ines.carvalho@tejo-texteis.example'],
      phones: [['+351215550142', 'work'], ['+351912555019', 'mobile']], websites: ['https://www.tejo-texteis.example/'],
      address: { street: 'Rua Augusta 100', city: 'Lisboa', postalCode: '1100-053', country: 'Portugal' },
    }],
    // Swedish: "Vänliga hälsningar", "Växel:" (the switchboard) a work number, "Den … skrev …:" cuts.
    ['reply-swedish.eml', {
      ...named('Erik', 'Lindqvist', 'Erik Lindqvist'), company: 'Norrsken Byggvaror AB', title: 'Inköpschef', emails: ['erik.lindqvist@norrsken-bygg.example'],
      phones: [['+46705550199', 'mobile'], ['+46855501000', 'work']], websites: [], address: { street: 'Sveavägen 44', city: 'Stockholm', postalCode: '111 34' },
    }],
    // Turkish: "Saygılarımla", "Cep:" a mobile, "… tarihinde şunu yazdı:" cuts; "Şişli/İstanbul" the district (city) over its province (region).
    ['reply-turkish.eml', {
      ...named('Elif', 'Yıldız', 'Elif Yıldız'), company: 'Boğaziçi Ambalaj A.Ş.', title: 'Satın Alma Müdürü', emails: ['elif.yildiz@bogazici-ambalaj.example'],
      phones: [['+902125550142', 'work'], ['+905325550199', 'mobile']], websites: [], address: { street: 'Büyükdere Cad. No: 185', city: 'Şişli', region: 'İstanbul', postalCode: '34394' },
    }],
    // Japanese Outlook in ISO-2022-JP (7-bit with escapes: it was refused as binary data); the company, its unit
    // and the title on one line; "差出人:/送信日時:" cut; after 〒 the prefecture (region), the ward (city), then the street.
    ['reply-japanese-outlook.eml', {
      ...named('花子', '佐藤', '佐藤花子'), company: '株式会社ミナト精機', title: '営業部 課長', emails: ['h.sato@minato-seiki.example'],
      phones: [['03-5555-0142', 'work'], ['090-5555-0198', 'mobile']], websites: [], address: { street: '港南2-16-3', city: '港区', region: '東京都', postalCode: '108-0075' },
    }],
    // Fastmail: "Mob:"/"Office:" on one line, a LinkedIn profile; "On …, at …, Sam Carter wrote:" cuts.
    ['fastmail-reply-irish.eml', {
      ...named('Siobhán', "O'Sullivan", "Siobhán O'Sullivan"), company: 'Glasgreen Energy Ltd', title: 'Head of Partnerships', emails: ['siobhan@glasgreen-energy.example'],
      phones: [['+353875550199', 'mobile'], ['+35315550142', 'work']], websites: [], socials: ['https://www.linkedin.com/in/siobhan-osullivan-example'],
    }],
  ])('%s: the sender, every value in its field, and no one else (not the quoted rep)', async (file, expected) => {
    const found = await sendersOf(file);
    expect(found).toEqual([expected]);
    expect(JSON.stringify(found)).not.toMatch(/415.?555.?0100|Sam Carter|outpost-customer/);
  });
});

describe('vCards from Fastmail, Outlook for Mac, Android, Google and iCloud (session 17 material)', () => {
  const card = (file: string) => extractFromVcf(decodeBytes(bytes(file))).map((c) => drop(fields(c)));
  it('each value in its field: a Vietnamese N read family first, tel: URIs with their extension, an FN with the family name in capitals read as the parts read', () => {
    expect(card('fastmail-4.0.vcf')).toEqual([{
      kind: 'person', name: { first: 'Bích', last: 'Trần', full: 'Trần Thị Bích' }, company: 'Mekong Fresh Foods Co.', title: 'Trưởng phòng Xuất khẩu',
      emails: ['bich.tran@mekongfresh.example'], phones: [['+842855550142;ext=12', 'work'], ['+84903555019', 'mobile']], websites: ['https://mekongfresh.example/'], socials: [],
      address: { street: '45 Nguyễn Huệ', city: 'Hồ Chí Minh', postalCode: '700000', country: 'Việt Nam' },
    }]);
    // "FN:Mr. Lei WANG" beside "N:WANG;Lei": the full name was "Mr. Lei WANG".
    expect(card('outlook-mac-3.0.vcf')[0]).toMatchObject({
      name: { first: 'Lei', last: 'Wang', full: 'Mr. Lei Wang' }, emails: ['lei.wang@pearlriver-components.example', 'wanglei.home@mail.example'],
      phones: [['+862055550142', 'work'], ['+8613955550176', 'mobile'], ['+862055550143', 'fax']],
      address: { street: '88 Huangpu Avenue West, Tianhe District', city: 'Guangzhou', region: 'Guangdong', postalCode: '510630', country: 'China' },
    });
    expect(card('android-2.1-turkish.vcf')[0]).toMatchObject({ name: { first: 'Elif', last: 'Yıldız' }, company: 'Boğaziçi Ambalaj A.Ş.', address: { city: 'İstanbul', postalCode: '34394', country: 'Türkiye' } });
  });

  it('Google\'s company contact ("FN:Kiwi Orchard Supplies", ORG with its legal form, empty N) is the company\'s, not a person called Kiwi Orchard Supplies; a "Reception" label is a work line', () => {
    const [priya, kiwi] = card('google-3.0-export.vcf');
    expect(priya).toMatchObject({ name: { first: 'Priya', last: 'Raghunathan' }, title: 'Director, Data Partnerships', phones: [['+919845550199', 'mobile'], ['+918055550142', 'work']] });
    expect(kiwi).toEqual({ kind: 'organization', company: 'Kiwi Orchard Supplies Ltd', emails: ['orders@kiwi-orchard.example'], phones: [['+6475550142', 'work']], websites: [], socials: [] });
    expect(card('icloud-3.0-company.vcf')).toEqual([{
      kind: 'organization', company: 'Fjällräven Logistik AB', emails: ['info@fjallraven-logistik.example'], phones: [['+46315550100', 'work']], websites: ['https://fjallraven-logistik.example/'], socials: [],
      address: { street: 'Hamngatan 4', city: 'Göteborg', postalCode: '411 06', country: 'Sverige' },
    }]);
  });
});

describe('profiles, speakers, directories and contact pages never seen (session 17 material)', () => {
  const page = (file: string, url: string) => extractFromHtml(readFileSync(resolve(MATERIAL, file), 'utf8'), { baseUrl: url }).map((c) => drop(fields(c)));
  it('a profile page: one person at their company (the employer and the school are no second and third contact); a footer\'s "Privacy" link is nobody\'s name', () => {
    const found = page('profile-page-jsonld.html', 'https://pronet.example/in/dana-whitfield');
    expect(found[0]).toEqual({
      kind: 'person', name: { first: 'Dana', last: 'Whitfield', full: 'Dana Whitfield' }, company: 'Peachtree Outfitters', title: 'VP Operations', emails: [], phones: [],
      websites: ['https://pronet.example/in/dana-whitfield'], socials: ['https://x.com/danawhitfield'], address: { city: 'Atlanta', region: 'GA', country: 'US' },
    });
    expect(found.filter((c) => c.kind === 'organization')).toEqual([]);
    expect(found.slice(1).map((c) => [c.name, c.emails])).toEqual([[undefined, ['privacy@pronet.example']]]);
  });

  it('a speakers page of h-cards: each speaker keeps their own company; the organiser\'s mailbox is the site\'s', () => {
    expect(page('speakers-hcard.html', 'https://coldchain-summit.example/speakers').map((c) => [c.kind, c.name?.full, c.company, c.title, c.emails])).toEqual([
      ['person', 'Erik Lindqvist', 'Norrsken Byggvaror AB', 'Inköpschef', ['erik.lindqvist@norrsken-bygg.example']],
      ['person', 'Trần Thị Bích', 'Mekong Fresh Foods Co.', 'Head of Export', []],
      ['person', 'Kofi Mensah', 'Accra Cold Storage Ltd', 'Founder', []],
      ['organization', undefined, 'ColdChain Summit', undefined, ['hello@coldchain-summit.example']],
    ]);
  });

  it('a directory of businesses in microdata (a LocalBusiness type, Bakery): each one its own organization with its number and address', () => {
    expect(page('directory-microdata.html', 'https://branchen.example/stuttgart/baeckereien')).toEqual([
      { kind: 'organization', company: 'Bäckerei Groß GmbH', emails: [], phones: [['0711 5555 0142', null]], websites: ['https://baeckerei-gross.example/'], socials: [], address: { street: 'Hauptstraße 5', city: 'Stuttgart', postalCode: '70565' } },
      { kind: 'organization', company: 'Brotzeit am Markt', emails: [], phones: [['0711 5555 0199', null]], websites: [], socials: [], address: { street: 'Marktplatz 1', city: 'Stuttgart', postalCode: '70173' } },
    ]);
  });

  it('a Vietnamese team page: names family first, Vietnamese titles, each person at the site\'s organisation', () => {
    expect(page('team-vietnamese.html', 'https://songhong-logistics.example/doi-ngu').map((c) => [c.kind, c.name?.first, c.name?.last, c.name?.full, c.company, c.title])).toEqual([
      ['person', 'An', 'Nguyễn', 'Nguyễn Văn An', 'Sông Hồng Logistics', 'Giám đốc Kinh doanh'],
      ['person', 'Mai', 'Lê', 'Lê Thị Mai', 'Sông Hồng Logistics', 'Trưởng phòng Kế toán'],
      ['organization', undefined, undefined, undefined, 'Sông Hồng Logistics', undefined],
    ]);
  });

  it('a contact page with an Organization alone is offered: its contact points are its own numbers and mailbox', () => {
    expect(page('contact-org-only-jsonld.html', 'https://glasgreen-energy.example/contact')).toEqual([{
      kind: 'organization', company: 'Glasgreen Energy Ltd', emails: ['sales@glasgreen-energy.example'], phones: [['+35315550142', 'work'], ['+35315550150', 'work']],
      websites: ['https://glasgreen-energy.example/'], socials: ['https://www.linkedin.com/company/glasgreen-energy-example'],
      address: { street: 'Unit 4, Block B, Sandyford Business Park', city: 'Dublin', postalCode: 'D18 X5K7', country: 'IE' },
    }]);
  });
});

describe('replies from Apple Mail, Thunderbird, Outlook on the web and on a phone, in more languages (session 18 material)', () => {
  const named = (first: string, last: string, full: string) => ({ kind: 'person', name: { first, last, full }, socials: [] });
  it.each([
    // Apple Mail (quoted-printable UTF-8), Austrian: "Liebe Grüße", "Mobil", a Vienna postal code and "Österreich".
    ['apple-mail-reply-austrian.eml', {
      ...named('Magdalena', 'Grünwald', 'Magdalena Grünwald'), company: 'Donau Feinkost GmbH', title: 'Leiterin Einkauf', emails: ['m.gruenwald@donau-feinkost.example'],
      phones: [['+4315550142', 'work'], ['+436645550199', 'mobile']], websites: [], address: { street: 'Mariahilfer Straße 88', city: 'Wien', postalCode: '1070', country: 'Österreich' },
    }],
    // Thunderbird (ISO-8859-2, format=flowed), Czech: "Ing." a prefix, "Vedoucí nákupu" a title (was lost),
    // "110 00 Praha 1" the postal code and the city (the address was lost), "Dne … napsal(a):" cuts.
    ['thunderbird-reply-czech.eml', {
      ...named('Tomáš', 'Dvořák', 'Ing. Tomáš Dvořák'), company: 'Vltava Strojírny s.r.o.', title: 'Vedoucí nákupu', emails: ['tomas.dvorak@vltava-strojirny.example'],
      phones: [['+420222555014', 'work'], ['+420602555019', 'mobile']], websites: [], address: { street: 'Na Poříčí 15', city: 'Praha 1', postalCode: '110 00' },
    }],
    // Outlook on the web (multipart, Turkish): "Burak ÖZTÜRK" in capitals is Öztürk; the street, then
    // "34710 Kadıköy/İstanbul" (district, province); the "Kimden:" block cuts.
    ['outlook-web-reply-turkish.eml', {
      ...named('Burak', 'Öztürk', 'Burak Öztürk'), company: 'Marmara Tekstil San. ve Tic. A.Ş.', title: 'İhracat Müdürü', emails: ['burak.ozturk@marmara-tekstil.example'],
      phones: [['+902165550142', 'work'], ['+905335550199', 'mobile']], websites: ['https://www.marmara-tekstil.example/'],
      address: { street: 'Caferağa Mah. Moda Cad. No: 12 D: 4', city: 'Kadıköy', region: 'İstanbul', postalCode: '34710' },
    }],
    // Outlook for Android, Mexican: the address line ending in "N.L." read as a sentence hid the whole
    // signature; "N.L." (Nuevo León) is the state, not the Netherlands. The old "+52 1" mobile stays as typed.
    ['outlook-android-reply-spanish.eml', {
      ...named('Valeria', 'Ortiz', 'Valeria Ortiz'), company: 'Sierra Madre Foods S.A. de C.V.', title: 'Gerente de Compras', emails: ['vortiz@sierra-madre-foods.example'],
      phones: [['+52 1 81 5555 0199', 'mobile']], websites: [], address: { street: 'Av. Constitución 444 Pte., Centro', city: 'Monterrey', region: 'N.L.', postalCode: '64000' },
    }],
    // Gmail, Japanese: "〒530-0001" alone on its line (it was dropped), then prefecture, city and ward, street and building.
    ['gmail-reply-japanese-prefecture.eml', {
      ...named('健太', '鈴木', '鈴木健太'), company: '浪速機械株式会社', title: '海外営業部 部長', emails: ['k.suzuki@naniwa-kikai.example'],
      phones: [['06-5555-0142', 'work'], ['090-5555-0177', 'mobile']], websites: [], address: { street: '梅田3-1-1 梅田タワー12F', city: '大阪市北区', region: '大阪府', postalCode: '530-0001' },
    }],
    // Outlook, "McALLISTER, Ciaran": the family name in capitals after "Mc" is McAllister, in the header and the signature.
    // (A signature's national numbers stay as typed: a mail names no country the way a page does.)
    ['outlook-reply-caps-comma.eml', {
      ...named('Ciaran', 'McAllister', 'Ciaran McAllister'), company: 'Thistle Glen Distillers Ltd', title: 'Head of Procurement', emails: ['ciaran.mcallister@thistle-glen.example'],
      phones: [['0131 555 0142', 'work'], ['07700 900142', 'mobile']], websites: [], address: { street: '12 Rose Street', city: 'Edinburgh', postalCode: 'EH2 2PR' },
    }],
  ])('%s: the sender, every value in its field, and no one else (not the quoted rep)', async (file, expected) => {
    const found = await sendersOf(file);
    expect(found).toEqual([expected]);
    expect(JSON.stringify(found)).not.toMatch(/415.?555.?0100|Sam Carter|outpost-customer/);
  });
});

describe('vCards 2.1 quoted-printable, Apple groups, 4.0 with ALTID and PID, Thunderbird, Google (session 18 material)', () => {
  const card = (file: string) => extractFromVcf(decodeBytes(bytes(file))).map((c) => drop(fields(c)));
  it('a 2.1 card in quoted-printable with a soft line break inside ADR: every value in its field; the French numbers read as France\'s (the card\'s address names it)', () => {
    expect(card('nokia-2.1-qp-french.vcf')).toEqual([{
      kind: 'person', name: { first: 'Hélène', last: 'Lefèvre', full: 'Mme Hélène Lefèvre' }, company: 'Cafés Léon SARL', title: 'Responsable des achats',
      emails: ['helene.lefevre@cafes-leon.example'], phones: [['+33142550177', 'work'], ['+33612550188', 'mobile'], ['+33142550178', 'fax']],
      websites: ['http://www.cafes-leon.example/'], socials: [],
      address: { street: '12 rue des Petites-Écuries', city: 'Paris', region: 'Île-de-France', postalCode: '75010', country: 'France' },
    }]);
  });
  it('Apple\'s item groups: labels type the values, "McALLISTER" in N is McAllister, a related name is no one\'s field; the office line read as the UK\'s (a drama-range mobile is no valid number and stays as typed)', () => {
    expect(card('apple-groups-items.vcf')).toEqual([{
      kind: 'person', name: { first: 'Ciaran', last: 'McAllister', full: 'Ciaran McAllister' }, company: 'Thistle Glen Distillers Ltd', title: 'Head of Procurement',
      emails: ['ciaran.mcallister@thistle-glen.example'], phones: [['+441315550142', 'work'], ['07700 900142', 'mobile']], websites: ['https://thistle-glen.example/'], socials: [],
      address: { street: '12 Rose Street', city: 'Edinburgh', postalCode: 'EH2 2PR', country: 'United Kingdom' },
    }]);
  });
  it('4.0 with ALTID names in two scripts and PID values: one person, the first spelling; tel: URIs; the ADR\'s parts as given', () => {
    expect(card('rfc6350-4.0-altid-pid.vcf')).toEqual([{
      kind: 'person', name: { first: '花子', last: '佐藤', full: '佐藤 花子' }, company: '株式会社ミナト精機', title: '課長',
      emails: ['h.sato@minato-seiki.example', 'hanako.sato@mail.example'], phones: [['+81355550142', 'work'], ['+819055550198', 'mobile']], websites: [], socials: [],
      address: { street: '港南2-16-3', city: '港区', region: '東京都', postalCode: '108-0075', country: '日本' },
    }]);
  });
  it('Thunderbird 4.0 (VALUE=TEXT numbers) and Google 3.0 with the whole Japanese address in the street: national numbers read as the address\'s country, the street split into prefecture, city and street', () => {
    expect(card('thunderbird-4.0-turkish.vcf')[0]).toMatchObject({
      name: { first: 'Burak', last: 'Öztürk' }, phones: [['+902165550142', 'work'], ['+905335550199', 'mobile']],
      address: { street: 'Caferağa Mah. Moda Cad. No: 12 D: 4', city: 'Kadıköy', region: 'İstanbul', postalCode: '34710', country: 'Türkiye' },
    });
    expect(card('google-3.0-japanese-street.vcf')[0]).toMatchObject({
      name: { first: 'Kenta', last: 'Suzuki' }, phones: [['+81655550142', 'work'], ['+819055550177', 'mobile']],
      address: { street: '梅田3-1-1 梅田タワー12F', city: '大阪市北区', region: '大阪府', postalCode: '530-0001', country: '日本' },
    });
  });
});

describe('directories, team, speakers, partners and staff pages (session 18 material)', () => {
  const page = (file: string, url: string) => extractFromHtml(readFileSync(resolve(MATERIAL, file), 'utf8'), { baseUrl: url }).map((c) => drop(fields(c)));
  it('a German directory on a .de domain: its national numbers are Germany\'s; the same page on an .at domain keeps them as typed (the signals disagree)', () => {
    expect(page('directory-national-numbers-de.html', 'https://www.branchenbuch-muster.de/freiburg/steuerberater')).toEqual([
      { kind: 'organization', company: 'Kanzlei Albrecht & Söhne', emails: [], phones: [['+4976155550142', null], ['+4976155550143', 'fax']], websites: [], socials: [], address: { street: 'Kaiser-Joseph-Straße 210', city: 'Freiburg im Breisgau', postalCode: '79098' } },
      { kind: 'organization', company: 'Steuerbüro Winterhalter', emails: [], phones: [['+497615550199', null]], websites: [], socials: [], address: { street: 'Bertoldstraße 7', city: 'Freiburg im Breisgau', postalCode: '79098' } },
    ]);
    expect(page('directory-national-numbers-de.html', 'https://www.branchenbuch-muster.at/freiburg').map((c) => c.phones)).toEqual([
      [['076155550142', null], ['0761 5555 0143', 'fax']], [['(0761) 555 01 99', null]],
    ]);
  });
  it('a Turkish team page (JSON-LD employees, addressCountry "TR"): numbers read as Turkey\'s, "ÖZTÜRK" Öztürk, the address\'s district and province; og:site_name is the same company, not a second', () => {
    expect(page('team-page-turkish.html', 'https://www.marmara-tekstil.example/ekibimiz')).toEqual([
      { kind: 'person', name: { first: 'Burak', last: 'Öztürk', full: 'Burak Öztürk' }, company: 'Marmara Tekstil San. ve Tic. A.Ş.', title: 'İhracat Müdürü', emails: ['burak.ozturk@marmara-tekstil.example'], phones: [['+902165550142', null]], websites: [], socials: [] },
      { kind: 'person', name: { first: 'Zeynep', last: 'Arslan', full: 'Zeynep Arslan' }, company: 'Marmara Tekstil San. ve Tic. A.Ş.', title: 'Satış Uzmanı', emails: ['zeynep.arslan@marmara-tekstil.example'], phones: [['+905335550177', null]], websites: [], socials: [] },
      {
        kind: 'organization', company: 'Marmara Tekstil San. ve Tic. A.Ş.', emails: [], phones: [['+902165550100', null]], websites: ['https://www.marmara-tekstil.example/'], socials: [],
        address: { street: 'Caferağa Mah. Moda Cad. No: 12 D: 4', city: 'Kadıköy', region: 'İstanbul', postalCode: '34710', country: 'TR' },
      },
    ]);
  });
  it('a conference\'s speakers (an Event\'s performers): each at their own company; the organiser\'s mailbox is the organiser\'s, not a nameless person', () => {
    expect(page('conference-speakers-jsonld.html', 'https://harbour-forum.example/speakers').map((c) => [c.kind, c.name?.full, c.company, c.title, c.emails])).toEqual([
      ['person', 'Dr. Aoife Brennan', 'Liffey Freight DAC', 'Chief Operating Officer', []],
      ['person', 'Kwame Asante', 'Tema Gateway Terminals Ltd', 'Head of Port Operations', []],
      ['person', 'Sean McAllister', 'Thistle Glen Distillers Ltd', 'Founder', []],
      ['organization', undefined, 'Harbour Logistics Forum Ltd', undefined, ['speakers@harbour-forum.example']],
    ]);
  });
  it('a law firm\'s partners (en-GB on .co.uk): each partner\'s card, "KC" a suffix, national numbers read as the UK\'s; the firm\'s mailbox is the firm\'s', () => {
    expect(page('law-firm-partners.html', 'https://www.ashdown-pryce.co.uk/partners').map((c) => [c.kind, c.name?.full, c.company, c.title, c.emails, c.phones])).toEqual([
      ['person', 'Eleanor Ashdown KC', 'Ashdown Pryce LLP', 'Senior Partner, Commercial Litigation', ['e.ashdown@ashdown-pryce.co.uk'], [['+442075550142', 'work']]],
      ['person', 'Rhys Pryce', 'Ashdown Pryce LLP', 'Partner, Employment', ['r.pryce@ashdown-pryce.co.uk'], [['+442920555019', 'work']]],
      ['person', 'Priya Raghunathan', 'Ashdown Pryce LLP', 'Partner, Real Estate', ['p.raghunathan@ashdown-pryce.co.uk'], []],
      ['organization', undefined, 'Ashdown Pryce LLP', undefined, ['enquiries@ashdown-pryce.co.uk'], []],
    ]);
  });
  it('a university\'s staff table (Dutch, .nl): "prof. dr." in lower case before a name in capitals, Dutch academic titles; the function was the name', () => {
    expect(page('university-staff-directory.html', 'https://www.rug-muster.nl/medewerkers').map((c) => [c.name?.full, c.name?.last, c.title, c.emails, c.phones])).toEqual([
      ['prof. dr. Joris van der Berg', 'van der Berg', 'Hoogleraar Planologie', ['j.van.der.berg@rug-muster.nl'], [['+31505550142', null]]],
      ['dr. Anouk de Wit', 'de Wit', 'Universitair docent', ['a.de.wit@rug-muster.nl'], [['+31505550177', null]]],
      ['Sanne Bakker MSc', 'Bakker', 'Promovenda', ['s.bakker@rug-muster.nl'], []],
    ]);
  });
});

describe('replies in Polish, Russian, Danish and Indonesian (session 19 material), Arabic and Brazilian Portuguese (session 20)', () => {
  const named = (first: string, last: string, full: string) => ({ kind: 'person', name: { first, last, full }, socials: [] });
  it.each([
    // Polish: "Z poważaniem", "wew." keeps the extension with its number, "kom." a mobile, "W dniu … pisze:" cuts.
    ['reply-polish.eml', {
      ...named('Agnieszka', 'Wiśniewska', 'Agnieszka Wiśniewska'), company: 'Wisła Trans Sp. z o.o.', title: 'Kierownik ds. Zakupów', emails: ['a.wisniewska@wislatrans.example'],
      phones: [['+48225550142;ext=215', 'work'], ['+48601555019', 'mobile']], websites: [], address: { street: 'ul. Marszałkowska 84/92 lok. 109', city: 'Warszawa', postalCode: '00-514' },
    }],
    // Russian (encoded-word sender): "ООО «Севторг»" is the company (the legal form leads the quoted name), a Russian title,
    // "Тел." a work number whose "доб. 318" stays its extension, "Моб." a mobile; the address postal code first (address-shapes' readRussian).
    ['reply-russian.eml', {
      ...named('Дмитрий', 'Соколов', 'Дмитрий Соколов'), company: 'ООО «Севторг»', title: 'Руководитель отдела закупок', emails: ['d.sokolov@severtorg.example'],
      phones: [['+78125550142;ext=318', 'work'], ['+79215550199', 'mobile']], websites: [], address: { street: 'Невский пр., д. 28', city: 'Санкт-Петербург', postalCode: '191186' },
    }],
    // Danish: "Direkte:" (a direct line) is a work number, "Mobil:" a mobile; "Fra:/Sendt:" cuts the quoted rep.
    ['reply-danish.eml', {
      ...named('Mette', 'Holm', 'Mette Kjær Holm'), company: 'Fjord Mejeri A/S', title: 'Indkøbschef', emails: ['mkh@fjordmejeri.example'],
      phones: [['+4586555014', 'work'], ['+4520555019', 'mobile']], websites: ['https://www.fjordmejeri.example/'], address: { street: 'Havnegade 12', city: 'Aarhus C', postalCode: '8000' },
    }],
    // Indonesian: "Salam hormat", "… menulis:" cuts, "Telp:" a work number with its extension, "HP/WA:" a mobile,
    // "PT … Tbk" the company, a "Jl." (jalan) street with its city and postal code.
    ['reply-indonesian.eml', {
      ...named('Rina', 'Kusumawati', 'Rina Kusumawati'), company: 'PT Nusantara Kopi Sejahtera Tbk', title: 'Manajer Pengadaan', emails: ['rina.k@nusantara-kopi.example'],
      phones: [['+62215550142;ext=207', 'work'], ['+6281255501990', 'mobile']], websites: [], address: { street: 'Jl. Jend. Sudirman Kav. 52-53', city: 'Jakarta Selatan', postalCode: '12190' },
    }],
    // Session 20 material.
    // Arabic (right to left, an encoded-word sender): "مع خالص التحية" signs off, "… كتب …:" cuts the quote,
    // "مدير المشتريات" a title, "… ذ.م.م" (LLC) the company, "هاتف:" a work number, "جوال:" a mobile, and
    // an address parted by Arabic commas with its country by its Arabic name.
    ['reply-arabic.eml', {
      ...named('خالد', 'المنصوري', 'خالد المنصوري'), company: 'شركة نجم للخدمات اللوجستية ذ.م.م', title: 'مدير المشتريات', emails: ['khalid.almansouri@najm-logistics.example'],
      phones: [['+97145550142', 'work'], ['+971505550199', 'mobile']], websites: [], address: { street: 'ص.ب. 12345', city: 'دبي', country: 'الإمارات العربية المتحدة' },
    }],
    // Brazil: "Att.," signs off, "Cel./WhatsApp:" a mobile, "Rua …, 210 - Centro" (the neighbourhood after the number)
    // a street, and "Pouso Alegre - MG, 37550-000" one city line: the state "MG" was the city.
    ['reply-portuguese-gmail-br.eml', {
      ...named('Larissa', 'Nogueira', 'Larissa Nogueira'), company: 'Café Mantiqueira Ltda.', title: 'Gerente de Suprimentos', emails: ['larissa.nogueira@cafe-mantiqueira.example'],
      phones: [['+553535550142', 'work'], ['+5535995550199', 'mobile']], websites: [],
      address: { street: 'Rua Coronel Pedro Alves, 210 - Centro', city: 'Pouso Alegre', region: 'MG', postalCode: '37550-000' },
    }],
  ])('%s: the sender, every value in its field, and no one else (not the quoted rep)', async (file, expected) => {
    const found = await sendersOf(file);
    expect(found).toEqual([expected]);
    expect(JSON.stringify(found)).not.toMatch(/415.?555.?0100|Sam Carter|outpost-customer/);
  });
});
