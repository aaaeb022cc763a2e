import { describe, expect, it } from 'vitest';
import { undecorated } from './decorations.ts';
import { draftFromRow } from './row.ts';
import { guessMapping } from './targets.ts';

describe('undecorated: a header without what a template added around the field\'s name', () => {
  it.each([
    ['Last Name (Required)', 'Last Name'], ['First Name (optional)', 'First Name'], ['Last name [required]', 'Last name'], ['Last Name*', 'Last Name'],
    ['* Email', 'Email'], ['Email Address (*)', 'Email Address'], ['\uFEFF"First Name"', 'First Name'], ["'Company'", 'Company'], ['“Job Title”', 'Job Title'],
    ['Birthday [date]', 'Birthday'], ['Notes [text]', 'Notes'], ['Deal Value (USD)', 'Deal Value'], ['Amount (€)', 'Amount'], ['Discount (%)', 'Discount'],
    ['Date of Birth (YYYY-MM-DD)', 'Date of Birth'], ['Zip Code (5 digits)', 'Zip Code'], ['Tags (comma separated)', 'Tags'], ['Phone (e.g. +1 555 0100)', 'Phone'],
    ['Nachname (Pflichtfeld)', 'Nachname'], ['Nom (obligatoire)', 'Nom'], ['Apellido - obligatorio', 'Apellido'], ['氏名（必須）'.replace('（', '(').replace('）', ')'), '氏名'],
    ['1. First Name', 'First Name'], ['02 - Last Name', 'Last Name'], ['#3 Email', 'Email'], ['(4) Company', 'Company'], ['Q5: Job Title', 'Job Title'],
    ['Contact: Last Name', 'Last Name'], ['contact.first_name', 'first_name'], ['Customer - Email', 'Email'], ['Contact: Owner', 'Owner'],
  ])('%s → %s', (header, name) => expect(undecorated(header)).toBe(name));

  it.each([
    // A bracket that says something about the field stays: it is part of the header.
    'Company Name (for billing)', 'Email (Owner)', 'Street Address (Line 2)', 'Phone (country code)', 'Email (2)', 'Phone [Mobile]', 'Address (Home)',
    // Names of their own: Pipedrive's "Person - …", Google's numbered groups, a header that is all numbering.
    'Person - Email - Work', 'Address 1 - City', 'E-mail 2 - Value', 'Contact Name', 'Contact Owner', '2nd Phone', '123',
  ])('%s stays as it is', (header) => expect(undecorated(header)).toBe(header));
});

describe('decorated headers map to their field, and never to another one', () => {
  const target = (headers: string[], as: 'leads' | 'people' | 'companies' = 'people') => guessMapping(headers, as).map((m) => [m.header, m.target, m.category ?? m.group ?? null]);

  it('a template with required marks, numbering, a BOM and quotes', () => {
    expect(target(['\uFEFF"1. First Name (Required)"', '2. Last Name (Required)', '3. Email Address *', '4. Phone (optional)', '5. Company [text]', '6. Job Title', '7. Salutation (optional)', '8. Tags (comma separated)', '9. Deal Value (USD)'], 'leads'))
      .toEqual([
        ['\uFEFF"1. First Name (Required)"', 'firstName', null], ['2. Last Name (Required)', 'lastName', null], ['3. Email Address *', 'email', 'work'],
        ['4. Phone (optional)', 'phone', 'work'], ['5. Company [text]', 'companyName', null], ['6. Job Title', 'title', null], ['7. Salutation (optional)', 'prefix', null],
        ['8. Tags (comma separated)', 'tags', null], ['9. Deal Value (USD)', 'monetaryValue', 'USD'],
      ]);
  });

  it('"Contact: …" columns of an event platform\'s export, the family name included', () => {
    expect(target(['Contact: First Name', 'Contact: Last Name', 'Contact: Email', 'Contact: Company', 'Contact: Owner']).map((x) => x[1])).toEqual(['firstName', 'lastName', 'email', 'companyName', 'owner']);
  });

  it('never the wrong field: billing company, the owner\'s email, someone else\'s email, a fact about the company', () => {
    expect(target(['Company Name (for billing)', 'Owner Email', 'Lead Owner (Email)', 'Manager Email', "Assistant's Email", 'Referrer Email', 'Company Size (employees)', 'Company Industry', 'Account ID', 'Annual Revenue (USD)', 'Phone (country code)', 'Email (2)']))
      .toEqual([
        ['Company Name (for billing)', 'companyName', null], ['Owner Email', 'owner', null], ['Lead Owner (Email)', 'owner', null], ['Manager Email', null, null],
        ["Assistant's Email", null, null], ['Referrer Email', null, null], ['Company Size (employees)', null, null], ['Company Industry', null, null], ['Account ID', null, null],
        ['Annual Revenue (USD)', null, null], ['Phone (country code)', null, null], ['Email (2)', 'email', 'other'],
      ]);
  });

  it('the passes after the first guess read the names too: a bare "Title (optional)" beside a job title is the prefix, an extension joins its phone', () => {
    const m = guessMapping(['Title (optional)', 'Job Title *', 'Work Phone (required)', 'Work Phone Extension (optional)']);
    expect(m.map((x) => [x.target, x.category ?? null])).toEqual([['prefix', null], ['title', null], ['phone', 'work'], ['phone', 'extension']]);
    expect(m[3].group).toBe('Work Phone (required)');
  });
});

describe('a value column\'s currency named by its header', () => {
  it('"Deal Value (EUR)", "Amount (€)", "Value [in GBP]": the rows\' currency unless a currency column says another', () => {
    const row = (headers: string[], cells: string[]) => draftFromRow(cells, guessMapping(headers, 'leads'), 'leads').input;
    expect(row(['Name', 'Deal Value (EUR)'], ['Ada Lovelace', '12000'])).toMatchObject({ monetaryValue: 12000, currency: 'EUR' });
    expect(row(['Name', 'Amount (€)'], ['Ada Lovelace', '1.200,50'])).toMatchObject({ monetaryValue: 1200.5, currency: 'EUR' });
    expect(row(['Name', 'Value [in GBP]'], ['Ada Lovelace', '900'])).toMatchObject({ monetaryValue: 900, currency: 'GBP' });
    expect(row(['Name', 'Deal Value (EUR)', 'Currency'], ['Ada Lovelace', '12000', 'chf'])).toMatchObject({ monetaryValue: 12000, currency: 'CHF' });
    expect(row(['Name', 'Value (MAX)'], ['Ada Lovelace', '500'])).not.toHaveProperty('currency');
    expect(row(['Name', 'Deal Value (EUR)'], ['Ada Lovelace', ''])).not.toHaveProperty('currency');
  });
  it('"$" and "¥" name the workspace\'s currency when it is one of theirs, else the US dollar and the yen (the yuan in a Chinese file)', () => {
    const currency = (headers: string[], defaultCurrency?: string) => guessMapping(headers, 'leads', [], { defaultCurrency }).find((m) => m.target === 'monetaryValue')?.category;
    expect(['Amount ($)', 'Deal Value $', 'Amount in $', 'Value (US$)', 'Amount (¥)', 'Valor (R$)', 'Wartość (zł)'].map((h) => currency(['Name', h]))).toEqual(['USD', 'USD', 'USD', 'USD', 'JPY', 'BRL', 'PLN']);
    expect([currency(['Name', 'Amount ($)'], 'CAD'), currency(['Name', 'Amount ($)'], 'EUR'), currency(['Name', 'Amount (¥)'], 'CNY'), currency(['Name', 'Amount (US$)'], 'CAD')]).toEqual(['CAD', 'USD', 'CNY', 'USD']);
    expect(currency(['姓名', '公司', '金额 (¥)'])).toBe('CNY');
    expect(currency(['氏名', 'フリガナ', '金額 (¥)'])).toBe('JPY');
  });
  it('a value column in another language named by its currency or by what it is the value of; "Wert", "Valor" alone are no value', () => {
    const m = guessMapping(['Wert (€)', 'Montant (€)', 'Wert in €', '€ Betrag', 'Importe $', 'Amount USD', 'Valor del lead', 'Lead-Wert', 'Valeur de l\'affaire', 'Valor estimado del negocio', 'Wert', 'Valor', 'Importe', 'Revenue ($)', 'Price $'], 'leads');
    expect(m.map((x) => [x.target, x.category ?? null])).toEqual([
      ['monetaryValue', 'EUR'], ['monetaryValue', 'EUR'], ['monetaryValue', 'EUR'], ['monetaryValue', 'EUR'], ['monetaryValue', 'USD'], ['monetaryValue', 'USD'],
      ['monetaryValue', null], ['monetaryValue', null], ['monetaryValue', null], ['monetaryValue', null], [null, null], [null, null], [null, null], [null, null], [null, null],
    ]);
    // Importing companies, a value column is none of theirs.
    expect(guessMapping(['Name', 'Montant (€)'], 'companies')[1].target).toBeNull();
  });
});
