import { describe, expect, it } from 'vitest';
import { guessMapping, mapsNothing, type ColumnMapping } from './targets.ts';

const targetOf = (mapping: ColumnMapping[], header: string) => {
  const m = mapping.find((x) => x.header === header);
  return m ? [m.target, m.category ?? m.group ?? null] : undefined;
};

// Header strings exactly as in ../shared/corpus/crm-csv-headers/HEADERS.md.
describe('guessMapping', () => {
  it('reads "first" as the first name only alone or beside "name": a column of when something happened first is not a name', () => {
    const headers = ['first_seen', 'First Contact', 'First Touch Source', 'first seen date', 'First', 'First Name', 'Contact First Name', 'first_name', 'FirstName'];
    const m = guessMapping(headers);
    for (const h of ['first_seen', 'First Contact', 'First Touch Source', 'first seen date']) expect(targetOf(m, h)?.[0], h).toBeNull();
    for (const h of ['First', 'First Name', 'Contact First Name', 'first_name', 'FirstName']) expect(targetOf(m, h)?.[0], h).toBe('firstName');
  });
  it('maps Google Contacts (current export) numbered label/value groups', () => {
    const headers = 'First Name,Middle Name,Last Name,Name Prefix,Name Suffix,Organization Name,Organization Title,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Address 1 - Label,Address 1 - Street,Address 1 - City,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Website 1 - Label,Website 1 - Value'.split(',');
    const m = guessMapping(headers);
    expect(targetOf(m, 'First Name')).toEqual(['firstName', null]);
    expect(targetOf(m, 'Organization Name')).toEqual(['companyName', null]);
    expect(targetOf(m, 'Organization Title')).toEqual(['title', null]);
    expect(targetOf(m, 'Labels')).toEqual(['tags', null]);
    expect(targetOf(m, 'E-mail 1 - Label')).toEqual(['label', 'e-mail 1']);
    expect(targetOf(m, 'E-mail 1 - Value')).toEqual(['email', 'e-mail 1']);
    expect(targetOf(m, 'Phone 1 - Value')).toEqual(['phone', 'phone 1']);
    expect(targetOf(m, 'Address 1 - Region')).toEqual(['state', 'address 1']);
    expect(targetOf(m, 'Website 1 - Value')).toEqual(['website', 'website 1']);
  });

  it('maps Google Contacts\' numbered groups written in the account\'s language (French, Spanish, German)', () => {
    const fr = guessMapping(['Adresse e-mail 1 - Libellé', 'Adresse e-mail 1 - Valeur', 'Téléphone 1 - Libellé', 'Téléphone 1 - Valeur', 'Adresse 1 - Formatée', 'Adresse 1 - Rue', 'Adresse 1 - Code postal', 'Organisation 1 - Nom', 'Organisation 1 - Titre']);
    expect(fr.map((m) => [m.target, m.group ?? null])).toEqual([
      ['label', 'e-mail 1'], ['email', 'e-mail 1'], ['label', 'phone 1'], ['phone', 'phone 1'], ['addressFormatted', 'address 1'], ['street', 'address 1'], ['postalCode', 'address 1'], ['companyName', null], ['title', null],
    ]);
    const es = guessMapping(['Correo electrónico 1 - Etiqueta', 'Correo electrónico 1 - Valor', 'Teléfono 2 - Valor', 'Dirección 1 - Ciudad', 'Dirección 1 - País', 'Sitio web 1 - Valor']);
    expect(es.map((m) => [m.target, m.group ?? null])).toEqual([['label', 'e-mail 1'], ['email', 'e-mail 1'], ['phone', 'phone 2'], ['city', 'address 1'], ['country', 'address 1'], ['website', 'website 1']]);
    // A part no group has is ignored, as Google's English "Organization 1 - Symbol" is.
    expect(guessMapping(['Organisation 1 - Abteilung', 'Telefon 1 - Unbekannt']).map((m) => m.target)).toEqual([null, null]);
  });

  it('maps Google legacy ("Given Name", "E-mail 1 - Type", "Organization 1 - Name")', () => {
    const m = guessMapping(['Name', 'Given Name', 'Additional Name', 'Family Name', 'Group Membership', 'E-mail 1 - Type', 'E-mail 1 - Value', 'Organization 1 - Name', 'Organization 1 - Title', 'Organization 2 - Name']);
    expect(m.map((x) => x.target)).toEqual(['name', 'firstName', 'middleName', 'lastName', 'tags', 'label', 'email', 'companyName', 'title', null]);
  });

  it("maps other CRMs' exports (Salesforce, HubSpot, Pipedrive, Zoho, Copper, LinkedIn): the right value in the right field", () => {
    const sf = guessMapping(['Lead ID', 'First Name', 'Last Name', 'Title', 'Company', 'Email', 'Phone', 'Mobile Phone', 'Lead Source', 'Lead Status', 'Street', 'City', 'State/Province', 'Zip/Postal Code', 'Country', 'Website', 'Description', 'Lead Owner', 'Created Date']);
    expect(['Lead ID', 'Title', 'Company', 'Mobile Phone', 'Lead Source', 'Lead Status', 'Zip/Postal Code', 'Lead Owner', 'Created Date'].map((h) => targetOf(sf, h)))
      .toEqual([[null, null], ['title', null], ['companyName', null], ['phone', 'mobile'], ['source', null], ['status', null], ['postalCode', 'main'], ['owner', null], [null, null]]);
    const sfContacts = guessMapping(['Salutation', 'First Name', 'Last Name', 'Account Name', 'Title', 'Mailing Street', 'Mailing City', 'Mailing Zip/Postal Code', 'Contact Owner']);
    expect(['Salutation', 'Account Name', 'Title', 'Mailing Street', 'Mailing Zip/Postal Code', 'Contact Owner'].map((h) => targetOf(sfContacts, h)))
      .toEqual([['prefix', null], ['companyName', null], ['title', null], ['street', 'mailing'], ['postalCode', 'mailing'], ['owner', null]]);
    const hubspot = guessMapping(['Record ID', 'First Name', 'Email', 'Phone Number', 'Mobile Phone Number', 'Company Name', 'Job Title', 'Lifecycle Stage', 'Contact owner', 'Original Source', 'Postal Code', 'Website URL']);
    expect(['Record ID', 'Phone Number', 'Mobile Phone Number', 'Company Name', 'Job Title', 'Lifecycle Stage', 'Contact owner', 'Original Source', 'Postal Code', 'Website URL'].map((h) => targetOf(hubspot, h)))
      .toEqual([[null, null], ['phone', 'work'], ['phone', 'mobile'], ['companyName', null], ['title', null], [null, null], ['owner', null], ['source', null], ['postalCode', 'main'], ['website', 'other']]);
    // Pipedrive's "Postal address" is the whole address, not a postcode.
    const pipedrive = guessMapping(['Person - Name', 'Person - Organization', 'Person - Email - Work', 'Person - Phone - Mobile', 'Person - Job title', 'Person - Owner', 'Person - Postal address']);
    expect(pipedrive.map((m) => m.target)).toEqual(['name', 'companyName', 'email', 'phone', 'title', 'owner', 'addressFormatted']);
    const zoho = guessMapping(['Salutation', 'First Name', 'Last Name', 'Company', 'Designation', 'Secondary Email', 'Fax', 'Lead Source', 'Lead Status', 'Zip Code', 'Description']);
    expect(zoho.map((m) => m.target)).toEqual(['prefix', 'firstName', 'lastName', 'companyName', 'title', 'email', 'phone', 'source', 'status', 'postalCode', 'details']);
    const copper = guessMapping(['Name', 'Title', 'Company', 'Status', 'Source', 'Value', 'Owned By', 'Work Email', 'Personal Email', 'Tags', 'Details']);
    expect(copper.map((m) => m.target)).toEqual(['name', 'title', 'companyName', 'status', 'source', 'monetaryValue', 'owner', 'email', 'email', 'tags', 'details']);
    const linkedin = guessMapping(['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On']);
    expect(linkedin.map((m) => m.target)).toEqual(['firstName', 'lastName', 'website', 'email', 'companyName', 'title', null]);
  });

  it('reads a whole address from "Postal/Mailing address" and a PO box as the second street line, a code as a postcode', () => {
    const m = guessMapping(['Postal Address', 'Postal Address (Work)', 'Adresse postale', 'Postanschrift', 'PO Box', 'P.O. Box (Home)', 'Boîte postale', 'Postfach', 'Postal Code', 'CAP Postale Altro', 'Code postal (bureau)', 'Address']);
    expect(m.map((x) => [x.target, x.group ?? null])).toEqual([
      ['addressFormatted', 'main'], ['addressFormatted', 'work'], ['addressFormatted', 'main'], ['addressFormatted', 'main'],
      ['street2', 'main'], ['street2', 'home'], ['street2', 'main'], ['street2', 'main'],
      ['postalCode', 'main'], ['postalCode', 'other'], ['postalCode', 'work'], ['street', 'main'],
    ]);
  });

  it('maps Outlook: "Title" is the name prefix when "Job Title" is there', () => {
    const m = guessMapping(['Title', 'First Name', 'Last Name', 'Company', 'Job Title', 'Business Street', 'Business City', 'Business Country/Region', 'Home Phone', 'Mobile Phone', 'Business Fax', 'E-mail Address', 'E-mail 2 Address', 'Web Page', 'Categories']);
    expect(targetOf(m, 'Title')).toEqual(['prefix', null]);
    expect(targetOf(m, 'Job Title')).toEqual(['title', null]);
    expect(targetOf(m, 'Business City')).toEqual(['city', 'work']);
    expect(targetOf(m, 'Business Country/Region')).toEqual(['country', 'work']);
    expect(targetOf(m, 'Mobile Phone')).toEqual(['phone', 'mobile']);
    expect(targetOf(m, 'Business Fax')).toEqual(['phone', 'fax']);
    expect(targetOf(m, 'E-mail 2 Address')?.[0]).toBe('email');
    expect(targetOf(m, 'Categories')).toEqual(['tags', null]);
  });

  it('maps Thunderbird, Salesforce, HubSpot, Zoho and atomic-crm snake_case', () => {
    const tb = guessMapping(['First Name', 'Last Name', 'Display Name', 'Primary Email', 'Secondary Email', 'Work Phone', 'Home Address', 'Home Address 2', 'Home ZipCode', 'Organization', 'Web Page 1']);
    expect(tb.map((x) => x.target)).toEqual(['firstName', 'lastName', 'name', 'email', 'email', 'phone', 'street', 'street2', 'postalCode', 'companyName', 'website']);
    const sf = guessMapping(['Salutation', 'First Name', 'Last Name', 'Title', 'Lead Source', 'Mailing Street', 'Mailing Zip/Postal Code', 'Account Name', 'Description', 'Lead Status', 'Company']);
    expect(sf.map((x) => x.target)).toEqual(['prefix', 'firstName', 'lastName', 'title', 'source', 'street', 'postalCode', 'companyName', 'details', 'status', 'companyName']);
    const hs = guessMapping(['Record ID', 'First Name', 'Email', 'Phone Number', 'Mobile Phone Number', 'Company Name', 'Contact owner', 'Lead Status', 'Street Address', 'State/Region', 'Country/Region', 'Website URL', 'Original Source']);
    expect(hs.map((x) => x.target)).toEqual([null, 'firstName', 'email', 'phone', 'phone', 'companyName', 'owner', 'status', 'street', 'state', 'country', 'website', 'source']);
    const zoho = guessMapping(['Contact Owner', 'Designation', 'Skype Id', 'Secondary Email', 'Mailing City']);
    expect(zoho.map((x) => x.target)).toEqual(['owner', 'title', null, 'email', 'city']);
    const atomic = guessMapping(['first_name', 'last_name', 'email_work', 'email_home', 'phone_work', 'linkedin_url', 'company', 'title', 'background', 'tags']);
    expect(atomic.map((x) => x.target)).toEqual(['firstName', 'lastName', 'email', 'email', 'phone', 'social', 'companyName', 'title', 'details', 'tags']);
    expect(atomic[3].category).toBe('home');
  });

  it('maps Pipedrive "Entity - Field - Subtype" columns', () => {
    const m = guessMapping(['Person - Name', 'Person - Organization', 'Person - Email - Work', 'Person - Phone - Mobile', 'Person - Label', 'Person - Owner', 'Person - LinkedIn Page', 'Organization - Name', 'Person - Marketing status']);
    expect(m.map((x) => [x.target, x.category ?? null])).toEqual([
      ['name', null], ['companyName', null], ['email', 'work'], ['phone', 'mobile'], ['tags', null], ['owner', null], ['social', 'social'], ['companyName', null], [null, null],
    ]);
  });

  it('maps company exports to company fields', () => {
    const m = guessMapping(['Account Name', 'Website', 'Phone', 'Billing City', 'First Name', 'Description', 'Domain'], 'companies');
    expect(m.map((x) => x.target)).toEqual(['name', 'website', 'phone', 'city', null, 'details', 'emailDomain']);
  });

  it('maps a column named like a custom field to it, and says when nothing maps', () => {
    const defs = [{ id: 'cf1', name: 'Budget', availableOn: ['leads' as const], retired: false }];
    expect(guessMapping(['budget', 'Email'], 'leads', defs)[0]).toMatchObject({ target: 'custom', customId: 'cf1' });
    expect(guessMapping(['budget'], 'people', defs)[0].target).toBeNull();
    expect(mapsNothing(guessMapping(['foo', 'bar']))).toBe(true);
    expect(mapsNothing(guessMapping(['\uFEFFEmail']))).toBe(false);
  });
});

describe('guessMapping in the languages Outlook exports in', () => {
  const targets = (headers: string[]) => guessMapping(headers, 'people').map((m) => [m.target, m.category ?? m.group ?? null]);
  it('German, French, Spanish, Italian, Portuguese, Finnish: names, company, title, phones and address parts by group', () => {
    expect(targets(['Vorname', 'Nachname', 'Firma', 'Position', 'Telefon geschäftlich', 'Mobiltelefon', 'Ort geschäftlich', 'Postleitzahl privat', 'Straße privat'])).toEqual([
      ['firstName', null], ['lastName', null], ['companyName', null], ['title', null], ['phone', 'work'], ['phone', 'mobile'], ['city', 'work'], ['postalCode', 'home'], ['street', 'home'],
    ]);
    expect(targets(['Prénom', 'Deuxième prénom', 'Nom', 'Code postal (bureau)', 'Ville (domicile)', 'Télécopie (bureau)', 'Adresse de messagerie'])).toEqual([
      ['firstName', null], ['middleName', null], ['lastName', null], ['postalCode', 'work'], ['city', 'home'], ['phone', 'fax'], ['email', 'work'],
    ]);
    expect(targets(['Nombre', 'Segundo nombre', 'Apellidos', 'Puesto', 'Teléfono móvil', 'Nombre en pantalla'])).toEqual([
      ['firstName', null], ['middleName', null], ['lastName', null], ['title', null], ['phone', 'mobile'], ['name', null],
    ]);
    expect(targets(['Nome', 'Cognome', 'Società', 'Cellulare di lavoro', 'CAP di casa'])).toEqual([
      ['firstName', null], ['lastName', null], ['companyName', null], ['phone', 'mobile'], ['postalCode', 'home'],
    ]);
    expect(targets(['Último nome', 'Nome do meio', 'Fone do carro', 'Mostrar nome'])).toEqual([['lastName', null], ['middleName', null], ['phone', 'work'], ['name', null]]);
    expect(targets(['Etunimi', 'Sukunimi', 'Kotipuhelin', 'Työpaikan postinumero', 'Kotiosoite'])).toEqual([
      ['firstName', null], ['lastName', null], ['phone', 'home'], ['postalCode', 'work'], ['street', 'home'],
    ]);
  });
  it('someone else\'s name is no name of the contact; a bare title word is the prefix beside a job title', () => {
    expect(targets(["Assistant's Name", "Manager's Name", 'Maiden Name', 'Name Assistent', 'Nombre del director']).map(([t]) => t)).toEqual([null, null, null, null, null]);
    expect(targets(['Titre', 'Profession']).map(([t]) => t)).toEqual(['prefix', 'title']);
    expect(targets(['Titolo', 'Qualifica']).map(([t]) => t)).toEqual(['prefix', 'title']);
    expect(targets(['Titolo']).map(([t]) => t)).toEqual(['title']);
  });
  it('"Do Not Call" is still about a value; "do" in Portuguese is not', () => {
    expect(targets(['Phone Do Not Call', 'Telefone do trabalho']).map(([t]) => t)).toEqual([null, 'phone']);
  });

  it('French, Dutch, German and Italian job-title and civility headers', () => {
    expect(targets(['Civilité', 'Prénom', 'Nom', 'Fonction', 'Poste']).map(([t]) => t)).toEqual(['prefix', 'firstName', 'lastName', 'title', 'title']);
    expect(targets(['Aanhef', 'Functie', 'Funktion', 'Berufsbezeichnung', 'Posizione']).map(([t]) => t)).toEqual(['prefix', 'title', 'title', 'title', 'title']);
  });
});

describe('headers of exports read in session 15', () => {
  const targets = (headers: string[]) => guessMapping(headers, 'people').map((m) => m.target);
  it('Outlook: "E-mail Display Name" is how an address is shown, not an address; a PO box of the business address is its box, not a company', () => {
    expect(targets(['E-mail Address', 'E-mail Display Name', 'E-mail 2 Display Name', 'Business Address PO Box', 'Home Address PO Box', 'Company'])).toEqual(['email', null, null, 'street2', 'street2', 'companyName']);
  });
  it('Zoho\'s "Tag" is the tags', () => expect(targets(['Tag'])).toEqual(['tags']));
  // Session 16.
  it('a phonetic reading is not the name and a department is not the company; "MailingCountry" is the country, "Country Code" is not', () => {
    expect(targets(['Phonetic First Name', 'Yomi Name', 'Organization Department', 'Abteilung', 'MailingCountry', 'OtherCountry', 'Country Code'])).toEqual([null, null, null, null, 'country', 'country', null]);
  });
  it('someone else\'s phone ("AssistantPhone", "Manager Phone") is "other", never the contact\'s work number', () => {
    expect(guessMapping(['AssistantPhone', 'Manager Phone', 'Phone']).map((m) => [m.target, m.category])).toEqual([['phone', 'other'], ['phone', 'other'], ['phone', 'work']]);
  });
  it('a textphone is "other", a direct dial or a switchboard is a phone, a "Job Function" is no job title', () => {
    expect(guessMapping(['TTY/TDD Phone', 'Direct Dial', 'Switchboard', 'Job Function', 'Dial Code']).map((m) => [m.target, m.category ?? null])).toEqual([['phone', 'other'], ['phone', 'work'], ['phone', 'work'], [null, null], [null, null]]);
  });
  it('a company\'s columns are not the person\'s: its name for emails is no email, its LinkedIn page no profile, its address parts another address', () => {
    expect(guessMapping(['Company Name for Emails', 'Company Email', 'Company Linkedin Url', 'Twitter Account', 'Company Address', 'Company City', 'Company State', 'Company Phone']).map((m) => [m.target, m.category ?? m.group ?? null]))
      .toEqual([[null, null], ['email', 'work'], [null, null], ['social', 'social'], ['street', 'other'], ['city', 'other'], ['state', 'other'], ['phone', 'work']]);
  });
  it('importing companies, the company\'s address columns are the record\'s own address (they were its name)', () => {
    expect(guessMapping(['Company Name', 'Company Address', 'Company City', 'Company Country', 'Company Phone'], 'companies').map((m) => [m.target, m.group ?? null]))
      .toEqual([['name', null], ['street', 'main'], ['city', 'main'], ['country', 'main'], ['phone', null]]);
  });
  it('Copper\'s type columns label the value column of their kind; a type of anything else stays ignored', () => {
    const m = guessMapping(['Email', 'Email Type', 'Phone Number', 'Phone Type', 'Work Phone', 'Contact Type']);
    expect(m.map((c) => c.target)).toEqual(['email', 'label', 'phone', 'label', 'phone', null]);
    expect([m[0].group === m[1].group, m[2].group === m[3].group, m[4].group, !!m[0].group]).toEqual([true, true, undefined, true]);
  });
});

describe('Mailchimp\'s geolocation columns', () => {
  it('"CC" and "REGION" beside Mailchimp\'s own columns are the subscriber\'s IP location, nobody\'s field; a "Region" elsewhere is the state', () => {
    const mc = guessMapping(['Email Address', 'Address', 'MEMBER_RATING', 'OPTIN_TIME', 'LATITUDE', 'LONGITUDE', 'CC', 'REGION']);
    expect(['Address', 'CC', 'REGION', 'LATITUDE'].map((h) => targetOf(mc, h)?.[0])).toEqual(['street', null, null, null]);
    // One system column is not enough to call a file Mailchimp's.
    const other = guessMapping(['Email', 'City', 'Region', 'Last Changed']);
    expect(targetOf(other, 'Region')).toEqual(['state', 'main']);
  });
});

describe('headers of exports read in session 18', () => {
  it('"Phone Number Type" labels "Phone Number" (Copper); "Work number", "Mobile number" are phones (Freshsales)', () => {
    const m = guessMapping(['Phone Number', 'Phone Number Type', 'Email', 'Work number', 'Mobile number']);
    expect(m.find((x) => x.header === 'Phone Number Type')?.target).toBe('label');
    expect(m.find((x) => x.header === 'Phone Number')?.group).toBe(m.find((x) => x.header === 'Phone Number Type')?.group);
    expect(targetOf(m, 'Work number')).toEqual(['phone', 'work']);
    expect(targetOf(m, 'Mobile number')).toEqual(['phone', 'mobile']);
  });
  it('a street\'s second line beside its first is that address\'s line; Roundcube\'s "Indirizzo di casa 2" is still a second address', () => {
    const close = guessMapping(['address_1_address_1', 'address_1_address_2', 'address_1_city']);
    expect(targetOf(close, 'address_1_address_2')).toEqual(['street2', 'main']);
    expect(targetOf(guessMapping(['Street', 'Street 2', 'City']), 'Street 2')).toEqual(['street2', 'main']);
    expect(targetOf(guessMapping(['Indirizzo di casa', 'Indirizzo di casa 2']), 'Indirizzo di casa 2')?.[0]).toBe('street');
  });
  it('"Lead Name" beside "Contact Name" is the company (Close); alone it is the person\'s name (Salesforce)', () => {
    expect(targetOf(guessMapping(['lead_name', 'contact_name'], 'people'), 'lead_name')).toEqual(['companyName', null]);
    expect(targetOf(guessMapping(['Lead Name', 'Email'], 'leads'), 'Lead Name')).toEqual(['name', null]);
  });
});

describe('headers of exports read in session 20', () => {
  it('a lead\'s source and status in the languages CRMs export in; "Estado" beside a lead word is its status, never an address\'s state', () => {
    const source = ['Fuente de Posible cliente', 'Origen del cliente potencial', 'Lead-Quelle', 'Leadquelle', 'Quelle', 'Origine du prospect', 'Source du lead', 'Fonte do lead', 'Fonte lead', 'Bron van lead', 'Leadbron', 'Fuente'];
    const status = ['Estado de Posible cliente', 'Estado del cliente potencial', 'Lead-Status', 'Leadstatus', 'Statut du prospect', 'Statut', 'Status do lead', 'Stato lead', 'Kontaktstatus'];
    const m = guessMapping([...source, ...status], 'leads');
    for (const h of source) expect(targetOf(m, h), h).toEqual(['source', null]);
    for (const h of status) expect(targetOf(m, h), h).toEqual(['status', null]);
    // Alone, "Estado", "State" are the region; "Stato", "Origine", "Herkunft" (a country, a person's origin) nothing.
    const alone = guessMapping(['Estado', 'State', 'Stato', 'Origine', 'Herkunft', 'Email Status', 'Lifecycle Status']);
    expect(alone.map((x) => x.target)).toEqual(['state', 'state', null, null, null, null, null]);
    // Importing companies, a lead's source or status is no company's field.
    expect(targetOf(guessMapping(['Fuente de Posible cliente'], 'companies'), 'Fuente de Posible cliente')).toEqual([null, null]);
  });
  it('Pipedrive in German, French, Spanish, Portuguese and Dutch: the person\'s "Name"/"Nom"/"Nombre" is the whole name, subtypes are categories', () => {
    const m = guessMapping([
      'Person - Name', 'Personne - Nom', 'Persona - Nombre', 'Pessoa - Nome', 'Persoon - Naam', 'Organisation - Name', 'Organisation - Nom', 'Organización - Nombre',
      'Organização - Nome', 'Person - E-Mail - Arbeit', 'Person - E-Mail - Privat', 'Person - Telefon - Mobil', 'Personne - Téléphone - Portable',
      'Personne - E-mail - Travail', 'Persona - Correo electrónico - Trabajo', 'Pessoa - Telefone - Celular', 'Persoon - Telefoon - Mobiel', 'Personne - Libellé',
      'Pessoa - Etiqueta', 'Person - Besitzer', 'Person - Jobtitel', 'Personne - Fonction', 'Personne - Prénom', 'Personne - Nom de famille', 'Lead - Titel', 'Lead - Title', 'Deal - Wert', 'Geschäft - Titel',
    ], 'people');
    const expected: [string, string | null, string | null][] = [
      ['Person - Name', 'name', null], ['Personne - Nom', 'name', null], ['Persona - Nombre', 'name', null], ['Pessoa - Nome', 'name', null], ['Persoon - Naam', 'name', null],
      ['Organisation - Name', 'companyName', null], ['Organisation - Nom', 'companyName', null], ['Organización - Nombre', 'companyName', null], ['Organização - Nome', 'companyName', null],
      ['Person - E-Mail - Arbeit', 'email', 'work'], ['Person - E-Mail - Privat', 'email', 'home'], ['Person - Telefon - Mobil', 'phone', 'mobile'],
      ['Personne - Téléphone - Portable', 'phone', 'mobile'], ['Personne - E-mail - Travail', 'email', 'work'], ['Persona - Correo electrónico - Trabajo', 'email', 'work'],
      ['Pessoa - Telefone - Celular', 'phone', 'mobile'], ['Persoon - Telefoon - Mobiel', 'phone', 'mobile'], ['Personne - Libellé', 'tags', null], ['Pessoa - Etiqueta', 'tags', null],
      ['Person - Besitzer', 'owner', null], ['Person - Jobtitel', 'title', null], ['Personne - Fonction', 'title', null], ['Personne - Prénom', 'firstName', null],
      ['Personne - Nom de famille', 'lastName', null], ['Lead - Titel', null, null], ['Lead - Title', null, null], ['Deal - Wert', null, null], ['Geschäft - Titel', null, null],
    ];
    expect(expected.map(([h]) => [h, ...(targetOf(m, h) ?? [])])).toEqual(expected);
    // Importing companies, the organisation's name is the record's own.
    expect(targetOf(guessMapping(['Organisation - Nom', 'Organisation - Adresse'], 'companies'), 'Organisation - Adresse')).toEqual(['addressFormatted', 'main']);
  });
});

describe('a country column decided by its header and its values together', () => {
  const rows = (...columns: string[][]) => columns[0].map((_, i) => columns.map((c) => c[i]));
  it('"Country Code", "Country (ISO code)", "Ländercode", "country_iso2" holding ISO codes are the country; holding calling codes, nobody\'s field', () => {
    const headers = ['Country Code', 'Country (ISO code)', 'Ländercode', 'country_iso2', 'Billing Country Code'];
    const codes = guessMapping(headers, 'people', [], { rows: rows(['DE', 'us', ''], ['GBR', 'fra', 'DE'], ['AT', 'CH', 'DE'], ['mx', 'BR', 'AR'], ['', 'NL', 'BE']) });
    expect(headers.map((h) => targetOf(codes, h))).toEqual([['country', 'main'], ['country', 'main'], ['country', 'main'], ['country', 'main'], ['country', 'billing']]);
    const prefixes = guessMapping(headers, 'people', [], { rows: rows(['+49', '1', ''], ['44', '+33', '49'], ['0049', '41', '49'], ['52', '55', '+1-876'], ['', '31', '32']) });
    expect(prefixes.map((m) => m.target)).toEqual([null, null, null, null, null]);
    // One value that is no code (a name, a typo) leaves the column to the header's reading: nothing.
    expect(guessMapping(['Country Code'], 'people', [], { rows: [['DE'], ['Deutschland']] })[0].target).toBeNull();
    // Without values the header alone decides, as before.
    expect(guessMapping(['Country Code'], 'people')[0].target).toBeNull();
  });
  it('a "Country" or "Código de país" column holding only calling codes is no country; a phone\'s "Country Code" never is one', () => {
    const m = guessMapping(['Country', 'Código de país', 'Phone Country Code', 'Land'], 'people', [], { rows: rows(['+49', '+1'], ['34', '52'], ['DE', 'US'], ['DE', 'Österreich']) });
    expect(m.map((x) => x.target)).toEqual([null, null, null, 'country']);
  });
});
