import { describe, expect, it } from 'vitest';
import { extractFromMessage } from './email.ts';
import { senderName } from './sender.ts';
import { extractFromText } from './selection.ts';
import { stripQuotedReply } from './quotes.ts';
import { captureProvenance } from './to-record.ts';
import { describeOrigin, WriteProvenance } from '../domain/provenance.ts';

describe('senderName', () => {
  it.each([
    ['"Cook  Diane H."', 'Diane H. Cook'],
    ['Vickers, Frank', 'Frank Vickers'],
    ['"Ward  Kim S (Houston)"', 'Kim S Ward'],
    ['Rosendahl, Thomas G. [mailto:t@ubs.com]', 'Thomas G. Rosendahl'],
    ['Ada Lovelace', 'Ada Lovelace'],
  ])('%s', (raw, full) => expect(senderName(raw)?.parts.full).toBe(full));
  it('falls back to a first.last address', () => expect(senderName('', 'diane.cook@enron.com')).toMatchObject({ parts: { full: 'Diane Cook' }, fromAddress: true }));
});

describe('extractFromMessage', () => {
  it('reads the sender and the signature, not the quoted reply', () => {
    const text = 'Pls confirm.\n\nCarolyn Graham\nEnron NetWorks LLC\n713-345-8008\n\nOn Mon, Bob <bob@x.com> wrote:\n> Bob Smith\n> CEO, Other Inc\n> 555-123-4567';
    const [c] = extractFromMessage({ from: { name: 'Graham  Carolyn', address: 'Carolyn.Graham@ENRON.com' }, text }, { defaultCountry: 'US' });
    expect(c).toMatchObject({ name: { full: 'Carolyn Graham' }, companyName: { value: 'Enron NetWorks LLC', source: 'signature' } });
    expect(c.emails.map((e) => e.value)).toEqual(['carolyn.graham@enron.com']);
    expect(c.phones.map((p) => p.value)).toEqual(['+17133458008']);
  });
});

describe('signature company and title', () => {
  it('takes the line with a legal form as the company, and the heading-like line before it as the title', () => {
    const [c] = extractFromMessage({ from: { name: 'Hopper, Grace', address: 'grace@cobol.example' }, text: 'Pricing please.\n\n--\nGrace Hopper\nRear Admiral, Compilers\nCOBOL Systems Inc.\nPhone: +1 202 555 0147\n' });
    expect(c.companyName?.value).toBe('COBOL Systems Inc.');
    expect(c.title?.value).toBe('Rear Admiral, Compilers');
  });
});

describe('extractFromText', () => {
  it('gives one candidate per "Name <email>" in a list', () => {
    const all = extractFromText('Pat Lee <pat@acme.com>, "Smith, Jo" <jo@acme.com>');
    expect(all.map((c) => [c.name?.full, c.emails[0].value])).toEqual([['Pat Lee', 'pat@acme.com'], ['Jo Smith', 'jo@acme.com']]);
  });
  it('reads a pasted signature block', () => {
    const [c] = extractFromText('Jim Griffin\nManager, Gas Transmission Marketing\nMontana Power Company\n40 East Broadway\nButte, MT  59701\nFax: 406-497-2054\nEmail: jgriffin@mtpower.com', { defaultCountry: 'US' });
    expect(c).toMatchObject({ name: { full: 'Jim Griffin' }, title: { value: 'Manager, Gas Transmission Marketing' }, companyName: { value: 'Montana Power Company' }, address: { street: '40 East Broadway', city: 'Butte', region: 'MT', postalCode: '59701' } });
    expect(c.phones[0]).toMatchObject({ value: '+14064972054', type: 'fax' });
  });
});

describe('signature rules that generalise (session 12)', () => {
  const read = (from: { name?: string; address?: string }, text: string) => extractFromMessage({ from, text }, { defaultCountry: 'US' })[0];

  it('a header that gave one name word takes the signature\'s full name; a signed short form never replaces a fuller name', () => {
    expect(read({ name: 'Meyers' }, 'Please confirm.\n\nRegards,\nBert Meyers\n503-880-5315').name?.full).toBe('Bert Meyers');
    expect(read({ address: 'Kim.S.Theriot@example.com' }, 'Done.\n\nKim').name?.full).toBe('Kim S. Theriot');
    expect(read({ name: 'McMichael Jr.  Ed', address: 'ed@example.com' }, 'ok\n\nEd').name).toMatchObject({ first: 'Ed', last: 'McMichael', suffix: 'Jr.' });
  });

  it('leaves out inline-picture placeholders: no email is made of a Content-ID, no company of a logo name', () => {
    const c = read({ name: 'Mia Chen', address: 'mia@brightline.example' }, 'Thanks!\n\nMia Chen\nVP of Sales\n[cid:image001.png@01D9A1B2.3C4D5E60]\n[image: Brightline logo]\nBRIGHT_LOGO_SMALL\np. (415) 555-0100');
    expect(c.emails.map((e) => e.value)).toEqual(['mia@brightline.example']);
    expect(c.companyName).toBeUndefined();
    expect(c.title?.value).toBe('VP of Sales');
  });

  it('reads a two-column plain-text signature column by column: phones typed, the street not glued to a phone label', () => {
    const c = read({ name: 'Oh  John', address: 'John.Oh@example.com' }, 'Thanks\n\nJohn Oh\nNorthwest Power Co.\t\t503.464.5066\n121 SW Salmon Street\t\t503.701.1160 (cell)\nPortland, OR 97204\t\t503.464.3740 (fax)');
    expect(c.phones.map((p) => [p.value, p.type])).toEqual([['+15034645066', undefined], ['+15037011160', 'mobile'], ['+15034643740', 'fax']]);
    expect(c.companyName?.value).toBe('Northwest Power Co.');
    expect(c.address).toMatchObject({ street: '121 SW Salmon Street', city: 'Portland', region: 'OR', postalCode: '97204' });
  });

  it('keeps a label and its number in one cell ("Fax:      406…")', () => {
    const c = read({ name: 'Jim Griffin' }, 'ok\n\nJim Griffin\nPhone:  406-497-2806\nFax:      406-497-2054');
    expect(c.phones.map((p) => p.type)).toEqual(['work', 'fax']);
  });

  it('splits "Title, Company" when the company is the one the work address names', () => {
    const c = read({ name: 'Ana Silva', address: 'ana.silva@lusotech.example' }, 'Obrigada.\n\nAna Silva\nProduct Manager, LusoTech\nTel: +351 21 123 4567');
    expect([c.title?.value, c.companyName?.value]).toEqual(['Product Manager', 'LusoTech']);
    // A department after the comma is not a company, and free mail names none.
    const d = read({ name: 'Kim Ward', address: 'kim.ward@gmail.com' }, 'Thanks,\nKim Ward\nManager, West Gas Origination');
    expect([d.title?.value, d.companyName]).toEqual(['Manager, West Gas Origination', undefined]);
  });

  it('the part after a title is a company by a legal form, the work address, or a regional arm with no work address; else it is the title\'s', () => {
    const at = (address: string | undefined, line: string) => {
      const c = read({ name: 'Stella Yu', ...(address && { address }) }, `Notice.\n\nStella Yu\n${line}\n(713) 215-3381`);
      return [c.title?.value, c.companyName?.value];
    };
    // From a company's address, an unnamed part is a unit of that company.
    expect(at('syu@williams.example', 'Manager - Rate Systems')).toEqual(['Manager - Rate Systems', undefined]);
    expect(at('syu@williams.example', 'Manager, Rate Systems')).toEqual(['Manager, Rate Systems', undefined]);
    expect(at('syu@williams.example', 'Manager - Williams Systems')).toEqual(['Manager', 'Williams Systems']);
    expect(at('syu@williams.example', 'Manager - Rate Systems Inc.')).toEqual(['Manager', 'Rate Systems Inc.']);
    // No address, or free mail: a company word or a name and a region says company; a region alone does not.
    expect(at(undefined, 'Vice President, Enron North America')).toEqual(['Vice President', 'Enron North America']);
    expect(at('barry@gmail.com', 'Director - Acme Europe')).toEqual(['Director', 'Acme Europe']);
    expect(at(undefined, 'Vice President, North America')).toEqual(['Vice President, North America', undefined]);
    expect(at(undefined, 'Sales Director, EMEA')).toEqual(['Sales Director, EMEA', undefined]);
    expect(at(undefined, 'Manager - Acme Systems')).toEqual(['Manager', 'Acme Systems']);
  });

  it('a second person in a shared signature is not the company; a company line after the name still is', () => {
    const shared = read({ name: 'Kearney  Julie', address: 'Julie.Kearney@example.com' }, 'Please let us know!\n\nENA Human Resources\nJulie Kearney\n503) 464-7404\n\nGrace Rodriguez\n503) 464-8321');
    expect([shared.name?.full, shared.companyName?.value]).toEqual(['Julie Kearney', undefined]);
    const company = read({ name: 'Frank  Carole', address: 'Carole.Frank@example.com' }, 'Thanks.\n\nCarole Frank\nEnron Net Works\n713-345-1234');
    expect([company.name?.full, company.companyName?.value]).toEqual(['Carole Frank', 'Enron Net Works']);
    const after = read({ name: 'Kim Ward', address: 'kim.ward@example.com' }, 'Thanks.\n\nKim Ward\n503-464-7404\nNorthwest Power Co.\n503-464-3740 (fax)');
    expect(after.companyName?.value).toBe('Northwest Power Co.');
  });

  it('a department or a desk is not the company', () => {
    for (const dept of ['Human Resources', 'Sales & Marketing', 'Portland Real Time Desk', 'Customer Service Department']) {
      expect(read({ name: 'Stella Yu', address: 'syu@example.com' }, `Notice.\n\nStella Yu\nManager\n${dept}\n(713) 215-3381`).companyName, dept).toBeUndefined();
    }
    expect(read({ name: 'Stella Yu', address: 'syu@example.com' }, 'Notice.\n\nStella Yu\nManager\nWilliams Gas Pipeline Company\n(713) 215-3381').companyName?.value).toBe('Williams Gas Pipeline Company');
  });

  it('an announcements mailbox is not a person', () => {
    expect(read({ name: 'Acme General Announcements', address: 'mbx_ann@acme.example' }, 'Parking update.').name).toBeUndefined();
  });
});

describe('signature rules that generalise (session 14)', () => {
  const all = (from: { name?: string; address?: string }, text: string) => extractFromMessage({ from, text }, { defaultCountry: 'US' });
  const read = (from: { name?: string; address?: string }, text: string) => all(from, text)[0];
  const body = (signed: string) => `Tom:\n\nThe schedules are in the sheet again; let me know if anything is missing.\n\n${signed}`;

  it('a given name signed under a header that gave only the family name names the person in full', () => {
    expect(read({ name: 'Meyers' }, body('Bert')).name).toMatchObject({ first: 'Bert', last: 'Meyers', full: 'Bert Meyers' });
    expect(read({ name: 'Meyers' }, body('Regards,\nBert')).name?.full).toBe('Bert Meyers');
    expect(read({ name: 'Williams III' }, body('Thanks,\nBill')).name).toMatchObject({ first: 'Bill', last: 'Williams', suffix: 'III' });
    // The address, when there is one, must spell the two words together.
    for (const address of ['bmeyers@example.com', 'bert.meyers@example.com', 'meyersb@example.com']) {
      expect(read({ name: 'Meyers', address }, body('Bert')).name?.full, address).toBe('Bert Meyers');
    }
  });

  it('…and leaves a nickname, a short form, a company word or an address that disagrees alone', () => {
    expect(read({ name: 'Robert', address: 'robert@example.com' }, body('Bob')).name?.full).toBe('Robert');
    expect(read({ name: 'Christopher' }, body('Chris')).name?.full).toBe('Christopher');
    expect(read({ name: 'Meyers', address: 'bert.meyers@enron.example' }, body('Enron')).name?.full).toBe('Meyers');
    expect(read({ name: 'Meyers', address: 'jmeyers@example.com' }, body('Bert')).name?.full).toBe('Meyers');
    // A lone word at the end from a sender with a full name is not a signature.
    expect(read({ name: 'Ada Lovelace', address: 'ada@example.com' }, body('Tomorrow')).name?.full).toBe('Ada Lovelace');
  });

  it('a shared signature gives the second person a candidate of their own, with their number, not the sender\'s', () => {
    const [sender, other, ...rest] = all(
      { name: 'Kearney  Julie', address: 'Julie.Kearney@example.com' },
      'Please let us know!\n\nJulie Kearney\n(503) 464-7404\n\nGrace Rodriguez\n(503) 464-8321\ngrace.rodriguez@example.com\nNorthwest Power Co.',
    );
    expect(rest).toEqual([]);
    expect(sender.name?.full).toBe('Julie Kearney');
    expect(sender.phones.map((p) => p.value)).toEqual(['+15034647404']);
    expect(sender.emails.map((e) => e.value)).toEqual(['julie.kearney@example.com']);
    expect(other.name?.full).toBe('Grace Rodriguez');
    expect(other.phones.map((p) => p.value)).toEqual(['+15034648321']);
    expect(other.emails.map((e) => e.value)).toEqual(['grace.rodriguez@example.com']);
    // The line after their contacts is the block's again: the shared company, on both.
    expect([sender.companyName?.value, other.companyName?.value]).toEqual(['Northwest Power Co.', 'Northwest Power Co.']);
  });

  it('a pasted shared signature gives both people too', () => {
    const people = extractFromText('Julie Kearney\n503-464-7404\nGrace Rodriguez\n503-464-8321', { defaultCountry: 'US' });
    expect(people.map((c) => [c.name?.full, c.phones.map((p) => p.value)])).toEqual([['Julie Kearney', ['+15034647404']], ['Grace Rodriguez', ['+15034648321']]]);
  });

  it('"Owner, Baker & Co. Landscaping" from tom@bakerco: the part after the title starts with the domain\'s name, so it is the company', () => {
    const c = read({ name: 'Tom Baker', address: 'tom@bakerco.example' }, 'Sure.\n\nTom Baker\nOwner, Baker & Co. Landscaping\nCell 555-867-5309');
    expect([c.title?.value, c.companyName?.value]).toEqual(['Owner', 'Baker & Co. Landscaping']);
  });

  it('the fuller spelling of the sender\'s name in a signature is the name line, not the company', () => {
    const c = read({ name: 'Sam Lee', address: 'sam@globex.example' }, 'Talk Thursday.\n\nBest,\nSam\n\nSamantha Lee | Head of Growth | Globex\nglobex.example');
    expect([c.name?.full, c.title?.value, c.companyName?.value]).toEqual(['Samantha Lee', 'Head of Growth', 'Globex']);
  });

  it('a site or a line of business in a signature is no person: a site is no company either', () => {
    const site = read({ name: 'Stella Yu', address: 'syu@example.com' }, 'Notice.\n\nStella Yu\nManager\nHouston Office\n(713) 215-3381');
    expect([site.name?.full, site.title?.value, site.companyName]).toEqual(['Stella Yu', 'Manager', undefined]);
    const trade = read({ name: 'Stella Yu', address: 'syu@example.com' }, 'Notice.\n\nStella Yu\nManager\nWilliams Gas Pipeline\n(713) 215-3381');
    expect(trade.companyName?.value).toBe('Williams Gas Pipeline');
  });
});

describe('quoted replies and forwards in their users\' languages', () => {
  it.each([
    'W dniu 30.11.2026 o 14:05, Anna Wiśniewska pisze:',
    'Den 30 nov. 2026 kl. 14:05 skrev Anna Berg <anna@example.se>:',
    'Anna Virtanen kirjoitti 30.11.2026 klo 14.05:',
    'Dne 30. 11. 2026 v 14:05 Jana Nováková napsal(a):',
    '30.11.2026, 14:05, Анна Иванова написал(а):',
    'Begin forwarded message:',
    'Début du message réexpédié :',
    '-----Oorspronkelijk bericht-----',
    '-------- Wiadomość oryginalna --------',
  ])('"%s" starts someone else\'s text', (header) => {
    expect(stripQuotedReply(`Thanks, see below.\n\nJan\n\n${header}\nFrom someone else\n+48 22 555 01 99`)).toBe('Thanks, see below.\n\nJan');
  });

  it('a localized Outlook header block ("Od:" then "Wysłano:") starts it too; a sentence ending in "wrote:" with no date does not', () => {
    expect(stripQuotedReply('Ok.\n\nOd: Anna <anna@example.pl>\nWysłano: poniedziałek\nTemat: Oferta\n\nTreść')).toBe('Ok.');
    expect(stripQuotedReply('As the poet wrote:\nRoses are red.')).toBe('As the poet wrote:\nRoses are red.');
    expect(stripQuotedReply('In 2019 he wrote the following:\nRoses are red.')).toBe('In 2019 he wrote the following:\nRoses are red.');
  });

  it.each([
    ['Korean Gmail', '2026년 12월 2일 (수) 오후 5:12, Sam Carter <sam@x.example>님이 작성:'],
    ['Chinese Gmail', 'Sam Carter <sam@x.example> 于2026年12月2日周三 17:12写道：'],
    ['Japanese Gmail (no verb: the date and the address say it)', '2026年12月2日(水) 17:12 Sam Carter <sam@x.example>:'],
  ])('%s attribution ends the message', (_what, line) => {
    expect(stripQuotedReply(`Ok.\n\n${line}\n> Hi\n> Sam Carter`)).toBe('Ok.');
  });

  it('Japanese, Chinese and Korean Outlook header blocks start the quote; a line with an address and no date does not', () => {
    expect(stripQuotedReply('了解です。\n\n差出人: Sam Carter <sam@x.example>\n送信日時: 2026年12月2日 17:12\n件名: 見積\n\n本文')).toBe('了解です。');
    expect(stripQuotedReply('好的。\n\n发件人: Sam Carter <sam@x.example>\n发送时间: 2026年12月2日 17:12\n主题: 报价\n\n正文')).toBe('好的。');
    expect(stripQuotedReply('네.\n\n보낸 사람: Sam Carter <sam@x.example>\n보낸 날짜: 2026년 12월 2일\n제목: 견적\n\n본문')).toBe('네.');
    expect(stripQuotedReply('Write to Sam Carter <sam@x.example>:\nhe knows.')).toBe('Write to Sam Carter <sam@x.example>:\nhe knows.');
  });
});

describe('a person and their company in one display name (session 16)', () => {
  const from = (name: string, address: string) => extractFromMessage({ from: { name, address }, text: 'Thanks.' }).map((c) => [c.kind, c.name?.first, c.name?.last, c.companyName?.value]);
  it.each([
    // "Acme" was Jane's family name; the two others were companies named after the whole line.
    ['Jane Doe | Acme', 'jane@acme.example', ['person', 'Jane', 'Doe', 'Acme']],
    ['Jane Doe - Acme Corp', 'jane@acme.example', ['person', 'Jane', 'Doe', 'Acme Corp']],
    ['Doe, Jane (Acme Corp)', 'jane.doe@acme.example', ['person', 'Jane', 'Doe', 'Acme Corp']],
    // Outlook's delegate: the person sent it from a team's mailbox, whose company is Acme.
    ['Jane Doe on behalf of Acme Sales', 'sales@acme.example', ['person', 'Jane', 'Doe', 'Acme']],
    // A department is no company; a place or a service in brackets is no company either.
    ['Jane Doe - Sales', 'jane@acme.example', ['person', 'Jane', 'Doe', undefined]],
    ['Ward  Kim S (Houston)', 'kim.ward@enron.example', ['person', 'Kim', 'Ward', undefined]],
    ['Mary-Jane Smith', 'mj@smith.example', ['person', 'Mary-Jane', 'Smith', undefined]],
  ])('%s', (name, address, expected) => expect(from(name, address)).toEqual([expected]));
});

describe('signature lines that ended or misread a signature (session 16)', () => {
  const sig = (lines: string[]) => extractFromMessage({ from: { name: 'Dana Kowalczyk', address: 'dana@northwind.example' }, text: `Thanks.\n\n${lines.join('\n')}` })[0];
  it('a labelled address line longer than a signature line ("Add: …") is still the signature\'s, and read', () => {
    const c = sig(['Dana Kowalczyk', 'Purchasing Manager', 'Northwind Electronics Co., Ltd.', 'Add: Room 1203, Block B, Tian\'an Cyber Park, Futian District, Shenzhen 518040, China']);
    expect([c.title?.value, c.companyName?.value, c.address?.city, c.address?.postalCode]).toEqual(['Purchasing Manager', 'Northwind Electronics Co., Ltd.', 'Shenzhen', '518040']);
  });
  it('"o:"/"c:" label an office number and a cell; "Switchboard:" a work number', () => {
    const c = sig(['Dana Kowalczyk', 'o: (215) 555-0142 | c: (267) 555-0188', 'Switchboard: (215) 555-0100']);
    expect(c.phones.map((p) => p.type)).toEqual(['work', 'mobile', 'work']);
  });
  it('a title with its department after a comma keeps the title, and the department is no company', () => {
    const c = sig(['Dana Kowalczyk', 'Head of Sourcing, Procurement Dept.', '+1 215 555 0142']);
    expect([c.title?.value, c.companyName]).toEqual(['Head of Sourcing', undefined]);
  });
  it('a signature that is only a picture gives nothing from its alt text or file name (Gmail\'s "[image: …]", Outlook\'s "[cid:…]", a logo\'s file-like name)', () => {
    for (const tail of ['[image: Helen Marsh | Buying Director | Brightwater Retail Group]', '[cid:image001.png@01DB44A2.5C1E7F30]\n[cid:image002.jpg@01DB44A2.5C1E7F30]', 'Brightwater_Logo_RGB']) {
      const [c, ...rest] = extractFromMessage({ from: { address: 'helen.marsh@brightwater-retail.example' }, text: `Hi Sam,\n\nThanks.\n\nKind regards\n\n${tail}\n` });
      expect([c.name?.full, c.companyName, c.title, c.phones, rest]).toEqual(['Helen Marsh', undefined, undefined, [], []]);
    }
  });
  it('a street line whose house number has four digits, or that starts with its name, joins the city under it', () => {
    expect(sig(['Dana Kowalczyk', '1200 Market Street', 'Philadelphia, PA 19107']).address).toMatchObject({ street: '1200 Market Street', city: 'Philadelphia', region: 'PA', postalCode: '19107' });
    expect(sig(['Dana Kowalczyk', 'One Liberty Place, Suite 1500', 'Philadelphia, PA 19103']).address).toMatchObject({ street: 'One Liberty Place, Suite 1500', city: 'Philadelphia' });
    // A street over two lines: "200 Main Street" was the city.
    expect(sig(['Dana Kowalczyk', 'Acme Tower, 5th Floor', '200 Main Street', 'Boston, MA 02110']).address).toMatchObject({ street: 'Acme Tower, 5th Floor, 200 Main Street', city: 'Boston', region: 'MA', postalCode: '02110' });
  });
  it('an Italian partnership ("… & C. s.n.c.") is the company and "Titolare" the title (the signature was not found; then "Titolare" was the company); "Corso …, 45" a street, "10121 Torino TO" its province', () => {
    const [c] = extractFromMessage({ from: { name: 'Luca Romano', address: 'luca@vinoteca-romano.example' }, text: 'Grazie.\n\nCordiali saluti,\nLuca Romano\nTitolare\nVinoteca Romano di Luca Romano & C. s.n.c.\nCorso Vittorio Emanuele II, 45\n10121 Torino TO\nTel. 011 555 0142 | Cell. 333 555 0199' });
    expect([c.title?.value, c.companyName?.value, c.phones.map((p) => p.type)]).toEqual(['Titolare', 'Vinoteca Romano di Luca Romano & C. s.n.c.', ['work', 'mobile']]);
    expect(c.address).toMatchObject({ street: 'Corso Vittorio Emanuele II, 45', city: 'Torino', region: 'TO', postalCode: '10121' });
  });
  it('Polish "wew." keeps its extension and "Specjalista ds. zakupów" is a title; a Swedish "…vägen 44" is a street', () => {
    const [pl] = extractFromMessage({ from: { name: 'Agnieszka Nowak', address: 'a.nowak@wislasoft.example' }, text: 'Dziękuję.\n\nPozdrawiam serdecznie\nAgnieszka Nowak\nSpecjalista ds. zakupów\nWisłaSoft sp. z o.o.\nul. Wielicka 250, 30-663 Kraków\ntel. +48 12 555 01 42 wew. 31\nkom. +48 601 555 019' });
    expect([pl.title?.value, pl.phones.map((p) => [p.value, p.type])]).toEqual(['Specjalista ds. zakupów', [['+48125550142;ext=31', 'work'], ['+48601555019', 'mobile']]]);
    const [se] = extractFromMessage({ from: { name: 'Johan Lindberg', address: 'johan@fjallvind.example' }, text: 'Tack.\n\nMed vänliga hälsningar\nJohan Lindberg\nInköpschef\nFjällvind AB\nSveavägen 44, 111 34 Stockholm\nTel: 08-555 014 20' });
    expect(se.address).toMatchObject({ street: 'Sveavägen 44', city: 'Stockholm', postalCode: '111 34' });
  });
  it('French titles by their word: "Chargée d\'affaires", "Gérant", "Conseillère clientèle"', () => {
    for (const title of ['Chargée d\'affaires', 'Gérant', 'Conseillère clientèle']) expect(sig(['Dana Kowalczyk', title, 'Atelier Boréal', '+33 1 42 55 01 23']).title?.value).toBe(title);
  });
});

describe('Chinese and Japanese signatures', () => {
  it('a Chinese signature after 此致/敬礼: the name line, the title by its role word, the company by its legal form, labelled phones and address', () => {
    const [c, ...others] = extractFromMessage({ from: { address: 'liwei@dragonsoft.example' }, text: '您好，\n\n附件是报价单。\n\n此致\n敬礼\n\n李伟\n销售总监\n龙软科技有限公司\n电话：+86 10 5555 0123\n手机：+86 138 0000 1234\n地址：北京市海淀区中关村大街1号' });
    expect(others).toEqual([]);
    expect([c.name?.last, c.name?.first, c.name?.full, c.title?.value, c.companyName?.value, c.address?.street]).toEqual(['李', '伟', '李伟', '销售总监', '龙软科技有限公司', '北京市海淀区中关村大街1号']);
    expect(c.phones.map((p) => [p.value, p.type])).toEqual([['+861055550123', 'work'], ['+8613800001234', 'mobile']]);
  });

  it('a Japanese signature after よろしくお願いいたします: 株式会社 before the name is the company, 携帯 a mobile, 〒 the postal code', () => {
    const [c] = extractFromMessage({ from: { name: '山田 太郎', address: 't.yamada@sakura.example' }, text: 'お世話になっております。\n\n資料を添付いたします。\n\nよろしくお願いいたします。\n\n山田 太郎\n株式会社さくら商事\n営業部 部長\nTEL：03-5555-0123\n携帯：090-5555-0198\n〒100-0005 東京都千代田区丸の内1-1-1' }, { defaultCountry: 'JP' });
    // Family name first, as written in Japanese (identity's rule), shown without the optional space.
    expect([c.name?.last, c.name?.first, c.name?.full, c.title?.value, c.companyName?.value, c.address?.postalCode]).toEqual(['山田', '太郎', '山田太郎', '営業部 部長', '株式会社さくら商事', '100-0005']);
    expect(c.phones.map((p) => [p.value, p.type])).toEqual([['+81355550123', 'work'], ['+819055550198', 'mobile']]);
  });

  it('a labelled address line in any language is the address ("Address:", "Adresse :", "住所：")', () => {
    const [c] = extractFromText('Ada Lovelace\nAdresse : 12 rue de la Paix, 75002 Paris');
    expect(c.address).toMatchObject({ street: '12 rue de la Paix', city: 'Paris', postalCode: '75002' });
  });
});

describe('form and booking notifications', () => {
  it('a notification from a machine\'s mailbox names the person it is about, first', () => {
    const [lead, sender] = extractFromMessage({ from: { name: 'Calendly', address: 'notifications@calendly.example' }, text: 'A new event has been scheduled.\n\nInvitee: Maria Gonzalez\nInvitee Email: maria@gonzalez-design.example\nEvent Date/Time: 10:00am - Thursday, December 3, 2026' });
    expect([lead.name?.full, lead.emails.map((e) => e.value)]).toEqual(['Maria Gonzalez', ['maria@gonzalez-design.example']]);
    expect(sender.emails.map((e) => e.value)).toEqual(['notifications@calendly.example']);
  });

  it('a web form\'s fields are read by the import\'s column rule, in any language it knows', () => {
    const [lead] = extractFromMessage({ from: { name: 'WordPress', address: 'wordpress@acme.example' }, text: 'Neue Anfrage über das Kontaktformular:\n\nVorname: Jürgen\nNachname: Müller\nE-Mail-Adresse: j.mueller@firma.example\nTelefon: +49 711 555 0134\nFirma: Bäckerei Groß GmbH\nNachricht: Bitte um Rückruf.' });
    expect([lead.name?.full, lead.companyName?.value, lead.emails[0]?.value, lead.phones[0]?.value]).toEqual(['Jürgen Müller', 'Bäckerei Groß GmbH', 'j.mueller@firma.example', '+497115550134']);
  });

  it('a form person\'s values say they came from the form fields in the email, not a signature, down to the record\'s provenance', () => {
    const [lead, sender] = extractFromMessage({ messageId: '<f1@acme.example>', from: { name: 'WordPress', address: 'wordpress@acme.example' }, text: 'New message from the contact form:\n\nName: Priya Raman\nEmail: priya@raman.example\nPhone: +44 20 7946 0321\nCompany: Raman Analytics Ltd\n\n-- \nThis e-mail was sent from a contact form on Acme' });
    expect(lead.sources).toEqual(['email-form']);
    expect([lead.name?.source, lead.companyName?.source, lead.emails[0]?.source, lead.phones[0]?.source]).toEqual(['email-form', 'email-form', 'email-form', 'email-form']);
    expect(sender.sources).not.toContain('email-form');
    const input = { name: { first: 'Priya', last: 'Raman' }, email: 'priya@raman.example', companyName: 'Raman Analytics Ltd', phones: [{ number: '+44 20 7946 0321' }] };
    const p = captureProvenance(lead, input);
    expect([p.fields?.name?.method, p.fields?.email?.method, p.fields?.companyName?.method, p.fields?.name?.messageId]).toEqual(['email-form', 'email-form', 'email-form', '<f1@acme.example>']);
    expect(WriteProvenance.parse(p)).toEqual(p);
    expect(describeOrigin(p.fields!.email!)).toBe('Found in email <f1@acme.example> via the form fields in the email');
    // A method this version does not know (written by a newer teammate's) reads as its name.
    expect(describeOrigin({ method: 'future-kind' as never, messageId: '<f1@acme.example>' })).toBe('Found in email <f1@acme.example> via future-kind');
  });

  it('no name, or only the sender\'s own contact lines: no form person', () => {
    expect(extractFromMessage({ from: { name: 'Ada Lovelace', address: 'ada@engines.example' }, text: 'See you.\n\nAda Lovelace\nEmail: ada@engines.example\nPhone: +44 20 7946 0018' })).toHaveLength(1);
    expect(extractFromMessage({ from: { address: 'forms@acme.example' }, text: 'Email: x@y.example\nPhone: +44 20 7946 0018' }).some((c) => c.name)).toBe(false);
  });

  it('copied form fields in a selection: each value in the field its label names, the other lines read as usual', () => {
    const [c, ...others] = extractFromText('Name: Bob Smith\nEmail: bob@smith.example\nPhone: +1 415 555 0100\nCompany: Smith & Sons\nhttps://smith.example');
    expect(others).toEqual([]);
    expect([c.name?.full, c.companyName?.value, c.emails[0]?.value, c.phones[0]?.value, c.websites[0]?.value]).toEqual(['Bob Smith', 'Smith & Sons', 'bob@smith.example', '+14155550100', 'https://smith.example/']);
  });
});

describe('a sender\'s national numbers', () => {
  const signed = (from: string, lines: string[]) => extractFromMessage({ from: { name: 'Jonas Keller', address: from }, text: ['Hallo Sam,', '', 'passt.', '', 'Viele Grüße', 'Jonas Keller', ...lines].join('\n') })[0];
  it('read as the country the address\'s country-code domain and the signature\'s address agree on', () => {
    const c = signed('j.keller@keller-bau-muster.de', ['Keller Bau GmbH', 'Tel. 0711 5555 0142', 'Hauptstraße 5, 70565 Stuttgart, Deutschland']);
    expect(c.phones.map((p) => p.value)).toEqual(['+4971155550142']);
  });
  it('kept as typed when they disagree, or when nothing names a country', () => {
    expect(signed('j.keller@keller-bau-muster.de', ['Keller Bau GmbH', 'Tel. 01 555 0142', 'Mariahilfer Straße 88, 1070 Wien, Österreich']).phones.map((p) => p.value)).toEqual(['01 555 0142']);
    expect(signed('jonas.keller@mail.example', ['Keller Bau GmbH', 'Tel. 0711 5555 0142']).phones.map((p) => p.value)).toEqual(['0711 5555 0142']);
  });
});
