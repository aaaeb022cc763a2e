import { describe, expect, it } from 'vitest';
import { CandidateList, MAX_FIELD, extractFromEml, extractFromHtml, extractFromMessage, extractFromText, extractFromVcf, extractFromFile } from '../../../src/capture/index.ts';
import { parseLenientJson } from '../../../src/capture/lenient-json.ts';

/** Hand-written examples of the kinds of input capture used to get wrong (issue 11). */

const phones = (c: { phones: { value: string }[] }) => c.phones.map((p) => p.value);

describe('legal footers are not the sender\'s signature', () => {
  it('keeps the sender\'s block and ignores register numbers, VAT ids, directors and disclaimers', () => {
    const text = [
      'Hallo Herr Weber,', '', 'anbei das Angebot wie besprochen.', '', 'Viele Grüße', 'Jana Keller',
      'Vertriebsleiterin', 'Tel. +49 89 4521 3300', '',
      'Nordlicht Software GmbH · Sendlinger Str. 7 · 80331 München',
      'Registergericht: Amtsgericht München, HRB 245871 · USt-IdNr.: DE 298765432',
      'Geschäftsführer: Thomas Brandt, Miriam Vogt',
      'Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte sofort den Absender.',
    ].join('\n');
    const [c] = extractFromMessage({ from: { name: 'Jana Keller', address: 'j.keller@nordlicht.example' }, text }, { defaultCountry: 'DE' });
    expect(c.name?.full).toBe('Jana Keller');
    expect(c.title?.value).toBe('Vertriebsleiterin');
    expect(phones(c)).toEqual(['+498945213300']);
    expect(c.companyName?.value).toBe('Nordlicht Software GmbH');
  });

  it('an English footer (company number, directors, confidentiality notice) gives no phone and no name', () => {
    const text = [
      'Please find the contract attached.', '', 'Best regards,', 'Tom Ellis', 'Account Manager', 'M: +44 7911 123456', '',
      'Brightwater Analytics Ltd. Registered in England and Wales, company number 08123456. Registered office: 1 Dock Road, Leeds LS1 4AB. VAT No. GB 123 4567 89.',
      'Directors: Helen Ward, Simon Price',
      'This message is confidential and intended only for the addressee. If you have received it in error, please delete it.',
    ].join('\n');
    const [c] = extractFromMessage({ from: { name: 'Tom Ellis', address: 'tom@brightwater.example' }, text }, { defaultCountry: 'GB' });
    expect(c.name?.full).toBe('Tom Ellis');
    expect(c.title?.value).toBe('Account Manager');
    expect(phones(c)).toEqual(['+447911123456']);
  });
});

describe('"A | B" lines are split', () => {
  it.each([
    ['Priya Natarajan | Lumen Freight', 'Priya Natarajan', undefined, 'Lumen Freight'],
    ['Priya Natarajan · Head of Partnerships · Lumen Freight', 'Priya Natarajan', 'Head of Partnerships', 'Lumen Freight'],
    ['Priya Natarajan – Lumen Freight Inc.', 'Priya Natarajan', undefined, 'Lumen Freight Inc.'],
  ])('%s', (line, name, title, company) => {
    const [c] = extractFromText(`${line}\n+1 415 555 0134`, { defaultCountry: 'US' });
    expect(c.name?.full).toBe(name);
    expect(c.title?.value).toBe(title);
    expect(c.companyName?.value).toBe(company);
  });
  it('"Title | Company" under the name, with the phone on the same line', () => {
    const [c] = extractFromText('Marco Rossi\nSenior Buyer | Verde Foods S.p.A. | +39 02 1234 5678', { defaultCountry: 'IT' });
    expect(c).toMatchObject({ name: { full: 'Marco Rossi' }, title: { value: 'Senior Buyer' }, companyName: { value: 'Verde Foods S.p.A.' } });
    expect(phones(c)).toEqual(['+390212345678']);
  });
  it('"Title, Company"', () => {
    const [c] = extractFromText('Ana Lima\nProduct Manager, Solar Grid Ltd\nana@solargrid.example');
    expect(c).toMatchObject({ title: { value: 'Product Manager' }, companyName: { value: 'Solar Grid Ltd' } });
  });
});

describe('HTML-only mail is read by its layout', () => {
  const eml = (html: string) => [
    'From: Lena Fischer <lena@kontor.example>', 'To: buyer@example.com', 'Subject: Offer', 'Message-ID: <offer-1@kontor.example>',
    'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', '', html,
  ].join('\r\n');
  it('a signature in table cells', async () => {
    const [c] = await extractFromEml(eml('<p>Here is the offer.</p><p>Best regards,</p><table><tr><td><b>Lena Fischer</b></td></tr><tr><td>Head of Procurement</td><td>Kontor Logistik AG</td></tr><tr><td>+41 44 555 12 34</td></tr></table>'), { defaultCountry: 'CH' });
    expect(c).toMatchObject({ name: { full: 'Lena Fischer' }, title: { value: 'Head of Procurement' }, companyName: { value: 'Kontor Logistik AG' } });
    expect(phones(c)).toEqual(['+41445551234']);
  });
  it('a signature in <p> and <li> blocks, quoted reply left out', async () => {
    const [c] = await extractFromEml(eml('<div>Thanks for the call.</div><div>Lena</div><ul><li>Lena Fischer</li><li>Head of Procurement</li><li>Tel. +41 44 555 12 34</li></ul><blockquote type="cite"><p>Bob Other</p><p>CEO, Other Corp</p><p>+1 212 555 0100</p></blockquote>'), { defaultCountry: 'CH' });
    expect(c.title?.value).toBe('Head of Procurement');
    expect(phones(c)).toEqual(['+41445551234']);
  });
});

describe('business cards whose first line is the company', () => {
  it('takes the company line as the company and the name line as the person', () => {
    const [c] = extractFromText('Harbor & Finch Consulting\nDaniel Osei\nSenior Consultant\n+1 617 555 0199\ndaniel@harborfinch.example', { defaultCountry: 'US' });
    expect(c).toMatchObject({ kind: 'person', name: { full: 'Daniel Osei' }, title: { value: 'Senior Consultant' }, companyName: { value: 'Harbor & Finch Consulting' } });
  });
  it('a card with a company only is an organization', () => {
    const [c] = extractFromText("Rosa's Bakery\n12 Mill Lane\nPhone: 555-0100-4455");
    expect(c.kind).toBe('organization');
    expect(c.companyName?.value).toBe("Rosa's Bakery");
    expect(c.name).toBeUndefined();
  });
});

describe('signatures in capitals', () => {
  it('proper-cases the name and keeps the title readable', () => {
    const [c] = extractFromText('JEAN-LUC MCALLISTER\nREGIONAL SALES MANAGER\nNORTHWIND TRADERS INC.\n+1 206 555 0142', { defaultCountry: 'US' });
    expect(c.name).toMatchObject({ first: 'Jean-Luc', last: 'McAllister' });
    expect(c.title?.value).toBe('Regional Sales Manager');
    expect(c.companyName?.value).toBe('NORTHWIND TRADERS INC.');
  });
});

describe('phone extensions are kept', () => {
  it.each([
    ['Phone: +1 212 555 0100 ext. 204', '204'],
    ['T +1 212 555 0100 x204', '204'],
    ['Tel. +49 30 1234 5670, Durchwahl 204', '204'],
  ])('%s', (line, ext) => {
    const [c] = extractFromText(`Sam Reed\n${line}`, { defaultCountry: 'US' });
    expect(c.phones).toHaveLength(1);
    expect(c.phones[0].extension).toBe(ext);
    expect(c.phones[0].original).toContain(ext);
  });
});

describe('a team mailbox is not a person', () => {
  it('"Example Sales <sales@…>" gives the company and the signer, not a person named "Example Sales"', () => {
    const text = 'Thanks for your interest.\n\nBest,\nMaya Chen\nAccount Executive\n+1 312 555 0177';
    const [c] = extractFromMessage({ from: { name: 'Quarry Labs Sales', address: 'sales@quarrylabs.example' }, text }, { defaultCountry: 'US' });
    expect(c.kind).toBe('person');
    expect(c.name?.full).toBe('Maya Chen');
    expect(c.companyName?.value).toBe('Quarry Labs');
    expect(c.emails.map((e) => e.value)).toEqual(['sales@quarrylabs.example']);
  });
  it('without a signer it is the organization', () => {
    const [c] = extractFromMessage({ from: { name: 'Quarry Labs Support', address: 'support@quarrylabs.example' }, text: 'Your ticket was updated.' });
    expect(c.kind).toBe('organization');
    expect(c.name).toBeUndefined();
    expect(c.companyName?.value).toBe('Quarry Labs');
  });
});

describe('one candidate per person per page', () => {
  it('tel: links repeating the person\'s phone do not make a phone-only candidate', () => {
    const html = '<html><body><div class="h-card"><span class="p-name">Ines Duarte</span> <span class="p-tel">+351 21 555 0123</span></div>' +
      '<footer><a href="tel:+351215550123">Call us</a></footer></body></html>';
    const all = extractFromHtml(html);
    expect(all).toHaveLength(1);
    expect(all[0].name?.full).toBe('Ines Duarte');
  });
  it('a page\'s only person gets the page\'s other tel: link', () => {
    const html = '<html><body><script type="application/ld+json">{"@type":"Person","name":"Ines Duarte","email":"ines@duarte.example"}</script>' +
      '<a href="tel:+351215550199">Call</a></body></html>';
    const all = extractFromHtml(html);
    expect(all).toHaveLength(1);
    expect(phones(all[0])).toEqual(['+351215550199']);
  });
});

describe('vCard values with escaped characters', () => {
  it('unescapes \\: \\, \\; and \\n', () => {
    const vcf = ['BEGIN:VCARD', 'VERSION:3.0', 'N:O\\,Neil;Kim;;;', 'FN:Kim O\\,Neil', 'ORG:Fox\\, Hound \\; Co.', 'TITLE:Partner\\, Tax',
      'URL:http\\://www.foxhound.example/team', 'ADR;TYPE=WORK:;;12 Elm St\\nSuite 4;Austin;TX;78701;USA', 'END:VCARD'].join('\r\n');
    const [c] = extractFromVcf(vcf);
    expect(c.companyName?.value).toBe('Fox, Hound ; Co.');
    expect(c.title?.value).toBe('Partner, Tax');
    expect(c.websites.map((w) => w.value)).toEqual(['http://www.foxhound.example/team']);
    expect(c.address?.street).toBe('12 Elm St, Suite 4');
  });
});

describe('JSON-LD cut short by </script> inside a string', () => {
  it('recovers the properties that parsed', () => {
    const html = '<html><head><script type="application/ld+json">{"@type":"Person","name":"Ada Byron","email":"ada@engines.example","description":"write </script> tags","jobTitle":"Analyst"}</script></head><body></body></html>';
    const [c] = extractFromHtml(html);
    expect(c).toMatchObject({ name: { full: 'Ada Byron' }, title: { value: 'Analyst' } });
    expect(c.emails[0].value).toBe('ada@engines.example');
  });
  it('a truncated value keeps its complete properties and drops the cut one', () => {
    expect(parseLenientJson('{"@type":"Person","name":"Ada Byron","address":{"streetAddress":"1 Lo')).toEqual([{ '@type': 'Person', name: 'Ada Byron', address: {} }]);
  });
});

describe('where each value came from', () => {
  it('a page candidate names the page', () => {
    const [c] = extractFromHtml('<html><body><div class="h-card"><span class="p-name">Ines Duarte</span></div></body></html>', { baseUrl: 'https://duarte.example/about' });
    expect(c.origin).toEqual({ page: 'https://duarte.example/about' });
    expect(c.name?.source).toBe('h-card');
  });
  it('a page URL or file name of any length is kept capped, never making the candidate invalid', async () => {
    const long = `https://duarte.example/about?utm=${'x'.repeat(3000)}`;
    const [c] = extractFromHtml('<html><body><div class="h-card"><span class="p-name">Ines Duarte</span></div></body></html>', { baseUrl: long });
    expect(CandidateList.parse([c])[0].origin?.page).toBe(long.slice(0, MAX_FIELD));
    const [d] = await extractFromFile(`/tmp/${'n'.repeat(900)}.txt`, new TextEncoder().encode('Ines Duarte\nines@duarte.example'));
    expect(CandidateList.parse([d])[0].origin?.file).toHaveLength(MAX_FIELD);
  });
  it('an .eml names the file and the message-id', async () => {
    const eml = 'From: Lena Fischer <lena@kontor.example>\r\nMessage-ID: <offer-1@kontor.example>\r\nSubject: x\r\n\r\nHi\r\n';
    const [c] = await extractFromFile('offer.eml', new TextEncoder().encode(eml));
    expect(c.origin).toEqual({ file: 'offer.eml', messageId: '<offer-1@kontor.example>' });
  });
});

describe('a rule of underscores', () => {
  it('over a signature is its border, not a quoted reply', () => {
    const text = 'Happy to help.\n\n________________________________\nNadia Rahman\nData Steward\nPolaris Maps Ltd\n+44 20 7946 0321';
    const [c] = extractFromMessage({ from: { name: 'Nadia Rahman', address: 'nadia@polaris.example' }, text }, { defaultCountry: 'GB' });
    expect(c).toMatchObject({ title: { value: 'Data Steward' }, companyName: { value: 'Polaris Maps Ltd' } });
  });
  it('over an Outlook "From:/Sent:" header starts the quoted reply', () => {
    const text = 'Agreed.\n\nNadia\n\n________________________________\nFrom: Bob Other <bob@other.example>\nSent: Monday\nTo: Nadia\n\nBob Other\nCEO, Other Corp\n+1 212 555 0100';
    const [c] = extractFromMessage({ from: { name: 'Nadia Rahman', address: 'nadia@polaris.example' }, text }, { defaultCountry: 'US' });
    expect(c.phones).toEqual([]);
    expect(c.companyName).toBeUndefined();
  });
});

describe('several weak kinds in one message', () => {
  it('a team mailbox, a name in capitals, "Title | Company Inc." and an extension', async () => {
    const eml = ['From: "Quarry Labs Sales" <sales@quarrylabs.example>', 'Message-ID: <q1@quarrylabs.example>', 'Subject: Hi', 'Content-Type: text/plain', '',
      'Thanks for your interest.', '', 'Best,', 'MAYA CHEN', 'Account Executive | Quarry Labs Inc.', '+1 312 555 0177 ext. 12', ''].join('\r\n');
    const [c] = await extractFromFile('hi.eml', new TextEncoder().encode(eml));
    expect(c).toMatchObject({
      kind: 'person', name: { first: 'Maya', last: 'Chen' }, title: { value: 'Account Executive' }, companyName: { value: 'Quarry Labs Inc.', source: 'signature' },
      origin: { file: 'hi.eml', messageId: '<q1@quarrylabs.example>' },
    });
    expect(c.phones[0]).toMatchObject({ extension: '12', source: 'signature' });
  });
});

describe('signatures beyond the US layout', () => {
  it('German: sign-off, labels, address by its postal format', () => {
    const text = 'anbei unser Angebot.\n\nMit freundlichen Grüßen\n\nDr. Klaus Meier\nLeiter Einkauf\nMüller Maschinenbau GmbH\nIndustriestraße 12, 70565 Stuttgart\nTelefon: +49 711 123456-20\nMobil: +49 171 2345678\nwww.mueller-maschinenbau.de';
    const [c] = extractFromMessage({ from: { name: 'Klaus Meier', address: 'k.meier@mueller-mb.de' }, text }, { defaultCountry: 'DE' });
    expect(c).toMatchObject({ title: { value: 'Leiter Einkauf' }, companyName: { value: 'Müller Maschinenbau GmbH' }, address: { street: 'Industriestraße 12', postalCode: '70565', city: 'Stuttgart' } });
    expect(c.phones.map((p) => p.type)).toEqual(['work', 'mobile']);
  });
  it('the first name over the full name, bare domains as websites', () => {
    const text = "Sounds good.\n\nCheers,\nSarah\n\nSarah O'Connell\nHead of Growth | Brightline\n+1 (646) 555-0182 | sarah@brightline.io\nbrightline.io | linkedin.com/in/sarahoc";
    const [c] = extractFromMessage({ from: { name: 'Sarah O\'Connell', address: 'sarah@brightline.io' }, text }, { defaultCountry: 'US' });
    expect(c).toMatchObject({ name: { full: "Sarah O'Connell" }, title: { value: 'Head of Growth' }, companyName: { value: 'Brightline' } });
    expect(c.websites.map((w) => w.value)).toEqual(['https://brightline.io/']);
    expect(c.socials.map((s) => s.network)).toEqual(['linkedin']);
  });
  it('"T: … | F: …" types each number by its own label; a US address on one line is split', () => {
    const [c] = extractFromText('John Smith\nSenior Tax Manager\nAcme Accounting LLP\nT: 212.555.0134 | F: 212.555.0199\n1250 Broadway, Suite 400, New York, NY 10001', { defaultCountry: 'US' });
    expect(c.phones.map((p) => p.type)).toEqual(['work', 'fax']);
    expect(c.address).toMatchObject({ street: '1250 Broadway, Suite 400', city: 'New York', region: 'NY', postalCode: '10001' });
  });
  it('words with a dot are not websites ("S.p.A", "Acme.Inc", "e.g.")', () => {
    const [c] = extractFromText('Marco Rossi\nVerde Foods S.p.A\nSee e.g. Acme.Inc');
    expect(c.websites).toEqual([]);
  });
});
