import type { ConfigEntity } from '../config.ts';
import { isoCountry } from '../identity/country-codes.ts';
import { cjkLabel } from './cjk-labels.ts';
import { headerCurrency, undecorated } from './decorations.ts';

/** What an import can create. */
export type ImportAs = 'leads' | 'people' | 'companies';
export const IMPORT_AS: readonly ImportAs[] = ['leads', 'people', 'companies'];

/**
 * Where a CSV column's values go. Name parts, contact lists and address parts are assembled per
 * row (see row.ts); `label` columns carry the category of the value columns of their group
 * (Google's "E-mail 1 - Label" for "E-mail 1 - Value"); `source`, `status` and `owner` (and a person's
 * `companyName`) hold names that are resolved against the workspace's config at import time.
 */
export const TARGETS = [
  'name', 'prefix', 'firstName', 'middleName', 'lastName', 'suffix',
  'title', 'companyName', 'email', 'phone', 'website', 'social',
  'street', 'street2', 'city', 'state', 'postalCode', 'country', 'addressFormatted',
  'tags', 'details', 'source', 'status', 'owner', 'monetaryValue', 'currency', 'emailDomain',
  'label', 'custom',
] as const;
export type Target = (typeof TARGETS)[number];

export type ColumnMapping = {
  index: number;
  header: string;
  /** null: the column is ignored. */
  target: Target | null;
  /** Contact category for email/phone/website values (work, home, mobile, fax, other…); for a
   *  value column, the currency its header names ("Deal Value (EUR)"). */
  category?: string;
  /** Ties label columns, value columns and address parts together ("E-mail 1", "home"). */
  group?: string;
  /** For target 'custom': the custom field definition's id. */
  customId?: string;
};

type Spec = { target: Target; category?: string; group?: string };

/** Normalised header: no BOM, lower case, `_` and runs of spaces as one space. */
export function normHeader(header: string): string {
  return header.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[_\s]+/g, ' ');
}

const table = new Map<string, Spec>();
function add(target: Target, headers: string[], extra: Omit<Spec, 'target'> = {}) {
  for (const h of headers) table.set(normHeader(h), { target, ...extra });
}

// Names (Google current+legacy, Outlook, Thunderbird, Salesforce, HubSpot, Pipedrive, Zoho, atomic-crm).
// "Invitee", "Attendee": who booked, in scheduling tools' exports and notifications.
add('name', ['Name', 'Full Name', 'Display Name', 'Contact Name', 'Lead Name', 'Contact', 'Anzeigename', 'Nom complet', 'Invitee', 'Attendee']);
// "Civilité" (French exports: "M.", "Mme"), "Aanhef" (Dutch), "Tratamiento" (Spanish): the prefix.
add('prefix', ['Name Prefix', 'Prefix', 'Salutation', 'Anrede', 'Namenspräfix', 'Civilité', 'Civilite', 'Aanhef', 'Tratamiento']);
add('firstName', ['First Name', 'Given Name', 'Firstname', 'First', 'Vorname', 'Prénom', 'Nombre']);
add('middleName', ['Middle Name', 'Additional Name', 'Middlename', 'Weitere Vornamen']);
add('lastName', ['Last Name', 'Family Name', 'Surname', 'Lastname', 'Last', 'Nachname', 'Nom', 'Apellidos']);
add('suffix', ['Name Suffix', 'Suffix', 'Namenssuffix']);
add('title', ['Job Title', 'Title', 'Organization Title', 'Designation', 'Position', 'Work Title', 'Role']);
add('companyName', ['Company', 'Company Name', 'Organization', 'Organisation', 'Organization Name', 'Account Name', 'Associated Company', 'Work Company', 'Firma', 'Société', 'Empresa']);
// Emails
add('email', ['Email', 'E-mail', 'Email Address', 'E-mail Address', 'E-mail 2 Address', 'E-mail 3 Address', 'E-Mail-Adresse', 'Mail'], { category: 'work' });
add('email', ['Email Work', 'Work Email', 'Business Email'], { category: 'work' });
add('email', ['Primary Email'], { category: 'work' });
add('email', ['Email Home', 'Home Email', 'Personal Email'], { category: 'home' });
add('email', ['Email Other', 'Other Email', 'Secondary Email', 'Email 2', 'Email 3'], { category: 'other' });
// Phones
add('phone', ['Phone', 'Phone Number', 'Telephone', 'Primary Phone', 'Company Main Phone', 'Callback', 'ISDN', 'Radio Phone', 'Telex', 'Telefon'], { category: 'work' });
add('phone', ['Business Phone', 'Business Phone 2', 'Work Phone', 'Phone Work', 'Telefon geschäftlich'], { category: 'work' });
add('phone', ['Mobile', 'Mobile Phone', 'Mobile Number', 'Mobile Phone Number', 'Cell', 'Cell Phone', 'Home Mobile', 'Work Mobile', 'Phone Mobile', 'Car Phone', 'Mobiltelefon'], { category: 'mobile' });
add('phone', ['Home Phone', 'Home Phone 2', 'Phone Home', 'Telefon privat'], { category: 'home' });
add('phone', ['Fax', 'Fax Number', 'Business Fax', 'Home Fax', 'Other Fax', 'Work Fax', 'Phone Fax'], { category: 'fax' });
// A textphone (Outlook's "TTY/TDD Phone") is some other line, as a vCard's TYPE=textphone (telKind).
add('phone', ['Other Phone', 'Phone Other', 'Pager', 'Pager Number', "Assistant's Phone", 'Asst. Phone', 'Asst Phone', 'Phone Video', 'TTY/TDD Phone'], { category: 'other' });
// Web
add('website', ['Website', 'Web Site', 'Web Page', 'Website URL', 'Web Page 1', 'Web Page 2', 'URL', 'Webseite', 'Website Home Page', 'Website Work', 'Website Blog', 'Website Other', 'Website Profile'], { category: 'other' });
add('social', ['Social Profiles', 'Social Profile', 'LinkedIn', 'LinkedIn URL', 'LinkedIn Page', 'LinkedIn Profile', 'Twitter', 'Twitter Handle', 'Facebook', 'Instagram', 'X'], { category: 'social' });
// Addresses: the group keeps the parts of one address together.
for (const [group, prefixes] of [
  ['home', ['Home', 'Privat:']],
  ['work', ['Business', 'Work', 'Dienstlich:']],
  ['other', ['Other']],
  ['mailing', ['Mailing']],
  ['billing', ['Billing']],
  ['shipping', ['Shipping']],
] as const) {
  for (const p of prefixes) {
    add('street', [`${p} Street`, `${p} Address`, `${p} Address Line1`, `${p} Address Line 1`, `${p} Adresse`], { group });
    add('street2', [`${p} Street 2`, `${p} Street 3`, `${p} Address 2`, `${p} Address Line2`, `${p} Address Line 2`, `${p} Address Line3`, `${p} Address Line 3`], { group });
    add('city', [`${p} City`], { group });
    add('state', [`${p} State`, `${p} State/Province`, `${p} Region`], { group });
    add('postalCode', [`${p} Postal Code`, `${p} ZipCode`, `${p} Zip`, `${p} Zip/Postal Code`, `${p} Zip Code`, `${p} PLZ`], { group });
    add('country', [`${p} Country`, `${p} Country/Region`, `${p} Land`], { group });
  }
}
add('street', ['Street', 'Street Address', 'Address', 'Address Line 1', 'Straße'], { group: 'main' });
add('street2', ['Address Line 2', 'Address 2'], { group: 'main' });
add('city', ['City', 'Town', 'Ort'], { group: 'main' });
add('state', ['State', 'State/Region', 'Region', 'Province', 'State/Province', 'County'], { group: 'main' });
add('postalCode', ['Postal Code', 'Zip', 'Zip Code', 'ZipCode', 'Postcode', 'PLZ'], { group: 'main' });
add('country', ['Country', 'Country/Region', 'Land', 'Pays'], { group: 'main' });
// The rest
add('tags', ['Tags', 'Tag', 'Labels', 'Label', 'Group Membership', 'Groups', 'Group', 'Categories', 'Kategorien']);
add('details', ['Notes', 'Note', 'Description', 'Background', 'Comments', 'Info', 'Details', 'Notizen']);
add('source', ['Lead Source', 'Source', 'Original Source']);
add('status', ['Lead Status', 'Status']);
add('owner', ['Owner', 'Contact Owner', 'Lead Owner', 'Account Owner', 'Record Owner', 'Assigned To', 'Owned By', 'Owner Name', 'Assigned User', 'Sales Rep', 'Sales Owner']);
add('monetaryValue', ['Value', 'Monetary Value', 'Deal Value', 'Lead Value', 'Amount']);
add('currency', ['Currency']);
add('emailDomain', ['Email Domain', 'Domain', 'Company Domain Name', 'Company Domain']);

/** Google's numbered groups: "E-mail 2 - Value", "Address 1 - City", "Organization 1 - Name". */
const NUMBERED = /^(e-mail|email|phone|address|website|organization|relation|event|custom field|im) (\d+) - (.+)$/;
const NUMBERED_PARTS: Record<string, Record<string, Target>> = {
  'e-mail': { label: 'label', type: 'label', value: 'email' },
  email: { label: 'label', type: 'label', value: 'email' },
  phone: { label: 'label', type: 'label', value: 'phone' },
  website: { label: 'label', type: 'label', value: 'website' },
  address: {
    label: 'label', type: 'label', formatted: 'addressFormatted', street: 'street', city: 'city', 'po box': 'street2',
    region: 'state', 'postal code': 'postalCode', country: 'country', 'extended address': 'street2',
  },
};
/**
 * Google Contacts writes its numbered groups in the account's language ("E-Mail 1 - Wert", "Telefon 2
 * - Label", "Adresse 1 - Formatiert", "Organisation 1 - Titel"; "Adresse e-mail 1 - Valeur"): the kind
 * and the part are read as their English names, so a label still types its value and a formatted
 * address is not a second street.
 */
const NUMBERED_ANY = /^(.+?) (\d+) - (.+)$/;
const NUMBERED_KINDS: [string, RegExp][] = [
  ['e-mail', /^(email|email adresse|adresse email|correo( electronico)?|indirizzo email|endereco de email|emailadres|adres email|sahkoposti)$/],
  ['phone', /^(telefon|telephone|telefono|telefone|telefoonnummer|telefoon|puhelin|numero de telephone)$/],
  ['address', /^(adresse|direccion|indirizzo|endereco|adres|osoite|adresa)$/],
  ['website', /^(site web|sitio web|sito web|webseite|website|site|strona internetowa)$/],
  ['organization', /^(organisation|organizacion|organizzazione|organizacao|organisatie|organizacja|organisaatio)$/],
];
const NUMBERED_PART_NAMES: [string, RegExp][] = [
  ['value', /^(wert|valeur|valor|valore|waarde|wartosc|arvo)$/],
  ['label', /^(typ|libelle|etiqueta|etichetta|etiket|etykieta|tipo|tunniste)$/],
  ['formatted', /^(formatiert|formatee|formateada|formattato|formatado|opgemaakt|sformatowany)$/],
  ['street', /^(strasse|rue|calle|via|rua|straat|ulica|katuosoite)$/],
  ['city', /^(ort|stadt|ville|ciudad|citta|cidade|plaats|miasto|kaupunki)$/],
  ['po box', /^(postfach|boite postale|apartado postal|casella postale|caixa postal|postbus|skrytka pocztowa)$/],
  ['region', /^(bundesland|etat|estado|provincia|regione|provincie|wojewodztwo)$/],
  ['postal code', /^(postleitzahl|code postal|codigo postal|cap|cep|postcode|kod pocztowy|postinumero)$/],
  ['country', /^(land|pays|pais|paese|kraj|maa)$/],
  ['extended address', /^(adresszusatz|complement d adresse|direccion ampliada|indirizzo esteso)$/],
  ['name', /^(nom|nombre|nome|naam|nazwa|nimi)$/],
  ['title', /^(titel|titre|titulo|titolo|tytul|titteli)$/],
];
const english = (text: string, names: [string, RegExp][]) => names.find(([, re]) => re.test(text))?.[0];

function numbered(h: string): Spec | null | undefined {
  let m = NUMBERED.exec(h);
  if (!m) {
    const any = NUMBERED_ANY.exec(h);
    const folded = (t: string) => headerWords(t).join(' ');
    const kind = any && english(folded(any[1]), NUMBERED_KINDS);
    if (!any || !kind) return undefined;
    const part = folded(any[3]);
    m = [h, kind, any[2], part] as unknown as RegExpExecArray;
  }
  const [, kind, n, written] = m;
  const part = english(written, NUMBERED_PART_NAMES) ?? written;
  const group = `${kind === 'email' ? 'e-mail' : kind} ${n}`;
  if (kind === 'organization') {
    if (n !== '1') return null;
    if (part === 'name') return { target: 'companyName' };
    if (part === 'title') return { target: 'title' };
    return null;
  }
  const target = NUMBERED_PARTS[kind]?.[part];
  return target ? { target, group } : null;
}

/**
 * Pipedrive's entities as its exports name them in the user's language ("Person - Name", "Personne -
 * Nom", "Persona - Nombre", "Pessoa - Nome", "Persoon - Naam"; "Organisation - Name", "Organización -
 * Nombre"; "Deal"/"Geschäft"/"Affaire"/"Negocio"; "Lead").
 */
const PIPEDRIVE_ENTITIES: [string, RegExp][] = [
  ['person', /^(person|personne|persona|pessoa|persoon|osoba)$/],
  ['organization', /^(organization|organisation|organizacion|organizacao|organisatie|organizzazione|organizacja)$/],
  ['lead', /^(lead|leads)$/],
  ['deal', /^(deal|geschaft|affaire|negocio|trattativa|affare|transakcja|oportunidad)$/],
];
/** An entity's own name: the whole name, never a first or family name ("Nom" alone is the family name). */
const PIPEDRIVE_NAME = /^(name|nom|nombre|nome|naam|nazwa|navn|namn)$/;
/** "Person - Label" (its tag), "Personne - Libellé", "Persona - Etiqueta". */
const PIPEDRIVE_LABEL = /^(label|labels|libelle|etiqueta|etichetta|etiket|etykieta)$/;

/** Pipedrive's "Person - Email - Work", "Organization - Name", in any language it exports in: entity, field, subtype. */
function pipedrive(h: string, as: ImportAs): Spec | null | undefined {
  const parts = h.split(' - ');
  if (parts.length < 2 || parts.length > 3) return undefined;
  const folded = (t: string) => headerWords(t).join(' ');
  const entity = english(folded(parts[0]), PIPEDRIVE_ENTITIES);
  if (!entity) return undefined;
  const field = folded(parts[1]);
  const rest = parts.slice(1).join(' - ');
  if (entity === 'organization') {
    if (parts.length > 2) return null;
    if (PIPEDRIVE_NAME.test(field)) return { target: as === 'companies' ? 'name' : 'companyName' };
    if (ADDRESS_WORDS.includes(field)) return as === 'companies' ? { target: 'addressFormatted', group: 'main' } : null;
    return as === 'companies' ? specFor(rest, as) ?? null : null;
  }
  // A deal's fields, and a lead's title (the name of the lead, "Acme rollout"), are nobody's own field.
  if (entity === 'deal' || (entity === 'lead' && BARE_TITLE.test(field))) return null;
  if (PIPEDRIVE_NAME.test(field) && parts.length === 2) return { target: 'name' };
  if (PIPEDRIVE_LABEL.test(field) && parts.length === 2) return { target: 'tags' };
  if (parts.length === 3) {
    // "Email - Work", "E-Mail - Arbeit", "Téléphone - Portable": the subtype is the category.
    const kind = specFor(parts[1], as);
    if (kind?.target !== 'email' && kind?.target !== 'phone') return null;
    return { target: kind.target, category: categoryIn(headerWords(parts[2]), parts[2]) };
  }
  return specFor(rest, as) ?? null;
}

/** Header words: camelCase, "_", "-", "." and digits apart ("EmailID" → email id, "Phone2" → phone 2). */
function headerWords(header: string): string[] {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/linkedin|youtube|github|tiktok|whatsapp|gitlab/gi, (m) => m.toLowerCase()) // brands are one word
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .toLowerCase()
    .replace(/\be-mail\b/g, 'email')
    .replace(/\be mail\b/g, 'email')
    // Accents off ("Téléphone", "Città", "Työpuhelin"): the word lists below are written without them.
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/ł/g, 'l')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Words that make a column about a value rather than the value ("Email Opt Out", "Phone Type", "Last Email Date"). */
const NOT_THE_VALUE = new Set([
  'opt', 'optout', 'optin', 'out', 'bounced', 'bounce', 'status', 'date', 'sent', 'count', 'opened', 'clicked', 'clicks', 'subscribed',
  'unsubscribed', 'consent', 'verified', 'valid', 'type', 'label', 'domain', 'do', 'not', 'last', 'template', 'campaign', 'format',
  'preference', 'preferred', 'country', 'code', 'ext', 'extension', 'exclusion', 'exclusao', 'esclusione', 'abmeldung', 'desinscription', 'allowed', 'permission', 'owner', 'sequence', 'activity',
  // German, Polish, Swedish "Typ" and Spanish, Italian, Portuguese "Tipo" (Outlook's "E-Mail-Typ": "SMTP").
  'typ', 'tipo',
]);
// Outlook's labels in other languages too ("Telefon geschäftlich", "Ville (domicile)", "Cellulare di lavoro",
// "Kotipuhelin"): Finnish compounds by their first part (koti- home, työ- work, matka- mobile).
const CATEGORY_WORDS: [RegExp, string][] = [
  [/^(mobile|cell|cellular|handy|mobil|mobiel|mobiltelefon|gsm|whatsapp|sms|movil|celular|cellulare|portable|komorkowy|komorka|matka\p{L}*|сотового)$/u, 'mobile'],
  [/^(fax|faks|faksin|telecopie|telefax|\p{L}*fax|факс\p{L}*)$/u, 'fax'],
  [/^(home|private|privat|personal|residence|domicile|casa|prive|thuis|residenza|particular|residencial|dom|domov|domowy|koti\p{L}*|домашнии)$/u, 'home'],
  [/^(work|business|office|company|corporate|firma|empresa|azienda|entreprise|bedrijf|direct|main|primary|reception|switchboard|zentrale|centralino|vaxel|dienstlich|geschaftlich|bureau|arbeit|professionnel|professionnelle|trabajo|lavoro|trabalho|travail|werk|comercial|sluzbowy|biuro|praca|prace|tyo\p{L}*|раб|рабочии)$/u, 'work'],
  [/^(other|alternate|alternative|secondary|secundario|secundaria|secondaire|secondario|sekundar|additional|autre|otro|otra|altro|outro|andere|anders|overig|sonstige|sonstiges|weitere|weiterer|weiteres|inny|muu|ine|альтернативныи|2|3|4|5)$/u, 'other'],
];
const categoryIn = (words: string[], fallback: string) => CATEGORY_WORDS.find(([re]) => words.some((w) => re.test(w)))?.[1] ?? fallback;
/**
 * The category a free label names, by the same words as headers ("Biuro", "Privat", "Handy",
 * Apple's "_$!<Mobile>!$_"): vCards' X-ABLabel and CSV label columns agree. Undefined when it names none.
 */
export function labelCategory(label: string | undefined): string | undefined {
  const words = headerWords((label ?? '').replace(/^_\$!<|>!\$_$/g, ''));
  const c = categoryIn(words, '');
  return c || (words.some((w) => /^(pager|assistant|main|iphone)$/.test(w)) ? (words.includes('iphone') ? 'mobile' : words.includes('main') ? 'work' : 'other') : undefined);
}
const SOCIAL_WORDS = new Set(['linkedin', 'twitter', 'facebook', 'instagram', 'xing', 'github', 'youtube', 'tiktok', 'mastodon', 'bluesky', 'social']);

/**
 * The family a header belongs to when its exact name is unknown: any "email", "e-mail", "mail",
 * "EmailID", "Contact Email" column is an email; "mobile", "cell", "MobilePhone", "phone 2",
 * "Tel." a phone; "web", "url", "homepage" a website; "LinkedIn Profile" a social profile; and
 * so on for names, company, title and address parts. Columns about a value (opt-outs, types,
 * dates, counts) are not the value.
 */
const PHONE_WORD = /^(phone|phones|telephone|tel|telefon|telefone|telefono|telefoon|telefoonnummer|telefonnummer|fone|mobile|mobil|cell|cellphone|mobilephone|handy|fax|faks|faksin|telecopie|pager|whatsapp|gsm|mob|ph|dial|switchboard|movil|celular|cellulare|portable|buscapersonas|cercapersone|radiomessagerie|\p{L}+telefon|\p{L}*puhelin\p{L}*|hakulait\p{L}*|телефон\p{L}*|факс\p{L}*|пеиджер\p{L}*)$/u;
/** "Assistant's Name", "Manager's Name", "Maiden Name", "Name Assistent": someone else's name, or a former one. */
const OTHERS_NAME = ['assistant', 'assistent', 'assistente', 'asistente', 'manager', 'spouse', 'partner', 'maiden', 'child', 'children', 'ehepartner', 'vorgesetzter', 'conjoint', 'conyuge', 'director', 'responsabile', 'responsable', 'jefe', 'gerente', 'asistenta', 'manazera'];
// Words of a display name ("Nom à afficher", "Nombre en pantalla", "Nome visualizzato", "Näyttönimi").
const DISPLAY = ['display', 'anzeigename', 'angezeigter', 'angezeigt', 'afficher', 'pantalla', 'visualizzato', 'exibicao', 'mostrar', 'wyswietlana', 'nayttonimi', 'naytettava', 'zobrazovane', 'отображаемое'];
const SECOND = ['second', 'segundo', 'segunda', 'deuxieme', 'secondo', 'drugie', 'weitere', 'zweiter', 'zweite', 'tweede', 'andra', 'toinen', 'meio', 'dalsie'];
/** Things a row names beside its person (a ticket, an event, a product): "… Name" of one is no person's name. */
const THING_WORDS = ['ticket', 'location', 'event', 'product', 'plan', 'package', 'session', 'webinar', 'meeting', 'form', 'page', 'template', 'tier', 'coupon', 'deal', 'pipeline', 'stage', 'task', 'project', 'brand', 'app', 'workflow', 'course', 'venue', 'booth', 'track'];
/** Someone else on the row: who bought an event's tickets ("Buyer Email", Eventbrite), who referred or sent it. */
const SOMEONE_ELSE = ['buyer', 'purchaser', 'booker', 'payer', 'orderer', 'referrer', 'referred', 'sender', 'emergency', 'comprador', 'acheteur', 'kaufer', 'besteller'];
/** "Owner" in the languages CRMs export in (Zoho's "Propietario de Contacto"). */
const OWNER_WORDS = ['owner', 'propietario', 'proprietaire', 'proprietario', 'besitzer', 'inhaber', 'eigenaar', 'wlasciciel'];
/** "Location" in the languages exports use. */
const LOCATION_WORDS = ['location', 'standort', 'ubicacion', 'localizacao', 'localisation', 'locatie', 'lokalizacja', 'sijainti'];
/** Beside "Location", words that make it no person's place: an event's or a venue's, an IP address's, a coordinate, its name or id. */
const NOT_A_PERSONS_PLACE = ['event', 'venue', 'session', 'meeting', 'webinar', 'booth', 'store', 'shop', 'branch', 'ip', 'geo', 'gps', 'timezone', 'time', 'zone', 'lat', 'latitude', 'longitude', 'coordinates', 'name', 'id', 'code'];
/** Words of an address's parts (a street, a city, a region, a code, a country) in the languages exports use. */
const PLACE_WORDS = ['street', 'calle', 'rue', 'strasse', 'via', 'rua', 'city', 'ciudad', 'ville', 'citta', 'cidade', 'state', 'estado', 'province', 'provincia', 'region', 'zip', 'postal', 'codigo', 'code', 'codice', 'country', 'pais', 'pays', 'paese'];

/** Words naming the company ("Business" is a category too: "Business Address" is the work address). */
// French "Nom de l'entreprise" (HubSpot), German "Name des Unternehmens", Italian "Nome azienda", Dutch "Bedrijfsnaam".
const COMPANY_WORDS = ['company', 'organization', 'organisation', 'employer', 'firm', 'firma', 'account', 'cuenta', 'compte', 'conta', 'org', 'societe', 'empresa', 'entreprise', 'unternehmen', 'unternehmens', 'azienda', 'bedrijf', 'bedrijfsnaam', 'firmenname', 'organizacion', 'organizzazione', 'organizacao', 'societa', 'jarjesto', 'yritys', 'spolocnost', 'organizacia', 'организация'];
/** Words beside a company word that name a fact about the company rather than its name. */
const COMPANY_FACTS = new Set([
  'size', 'employees', 'employee', 'headcount', 'revenue', 'turnover', 'industry', 'sector', 'vertical', 'segment', 'tier', 'rating',
  'id', 'number', 'no', 'nr', 'vat', 'tax', 'registration', 'duns', 'ticker', 'founded', 'year', 'age', 'stage', 'category', 'logo',
  'description', 'about', 'keywords', 'technologies', 'funding', 'raised', 'valuation', 'currency', 'rank', 'score', 'created',
  'updated', 'modified', 'source', 'lifecycle', 'annual', 'employes', 'effectif', 'branche', 'mitarbeiter', 'umsatz', 'tamano', 'sector',
  'taille', 'grosse', 'groesse', 'dimensione', 'grootte', 'secteur', 'settore', 'industrie', 'chiffre', 'fatturato', 'ingresos', 'receita', 'omzet',
]);
/** Words beside "owner" that say how the owner is named ("Owner Email", "Contact Owner Name", "Owner ID"). */
const OWNER_OF = new Set(['contact', 'lead', 'account', 'record', 'deal', 'company', 'name', 'full', 'email', 'id', 'user', 'username', 'login', 'de', 'del', 'du', 'des', 'contacto', 'contatto', 'kontakt', 'cuenta', 'compte']);
const ADDRESS_WORDS = ['address', 'adresse', 'indirizzo', 'direccion', 'endereco', 'adres', 'adresa', 'anschrift', 'postanschrift', 'адрес'];
const POSTCODE_WORDS = ['code', 'zip', 'zipcode', 'postcode', 'plz', 'postleitzahl', 'cap', 'cep', 'codigo', 'codice', 'kod', 'psc', 'индекс'];

/** Words of a lead's source in the languages CRMs export in; the first ones name it alone, the others
 *  ("Origine", "Herkunft": also where a person comes from) only beside a lead word. */
const SOURCE_ALONE = ['source', 'quelle', 'fuente', 'fonte', 'bron', 'zrodlo', 'lahde'];
const SOURCE_BESIDE_LEAD = ['origine', 'origen', 'origem', 'origin', 'herkunft', 'kanal', 'canal', 'herkomst', 'provenienza', 'procedencia'];
/** Words of a status; "Estado", "Stato", "State" are also an address's region, so only beside a lead word. */
const STATUS_ALONE = ['status', 'statut', 'estatus', 'situacao', 'stav'];
const STATUS_BESIDE_LEAD = ['estado', 'stato', 'state', 'toestand', 'zustand'];
/** A lead or contact, as CRMs name it in their own columns ("Posible cliente", "Cliente potencial", "Interessent"). */
const LEAD_WORDS = [
  'lead', 'leads', 'prospect', 'prospecto', 'prospekt', 'interessent', 'piste', 'posible', 'potencial', 'potenziale', 'potentiele', 'potentieel',
  'cliente', 'client', 'klant', 'kunde', 'contact', 'contacto', 'contatto', 'contato', 'kontakt', 'customer', 'record', 'original',
];
/** Articles and "of" between a field's words ("Fuente de Posible cliente", "Statut du prospect", "Bron van lead"). */
const PARTICLES = ['de', 'del', 'du', 'des', 'da', 'do', 'dos', 'della', 'di', 'van', 'het', 'der', 'von', 'the', 'of', 'la', 'le', 'el', 'il', 'lo', 'l', 'd'];

/**
 * "source" or "status" when the header names only a lead's source or status, in any of those
 * languages; compounds as German and Dutch write them ("Leadquelle", "Leadstatus", "Leadbron").
 */
function leadSourceOrStatus(words: string[]): 'source' | 'status' | undefined {
  const w = words.flatMap((x) => /^(lead|kontakt|interessenten?)(\p{L}{4,})$/u.exec(x)?.slice(1) ?? [x]);
  const lead = w.some((x) => LEAD_WORDS.includes(x));
  if (!w.every((x) => LEAD_WORDS.includes(x) || PARTICLES.includes(x) || SOURCE_ALONE.includes(x) || SOURCE_BESIDE_LEAD.includes(x) || STATUS_ALONE.includes(x) || STATUS_BESIDE_LEAD.includes(x))) return undefined;
  const source = w.some((x) => SOURCE_ALONE.includes(x) || (lead && SOURCE_BESIDE_LEAD.includes(x)));
  const status = w.some((x) => STATUS_ALONE.includes(x) || (lead && STATUS_BESIDE_LEAD.includes(x)));
  return source === status ? undefined : source ? 'source' : 'status';
}

/**
 * The family a header belongs to when its exact name is unknown: any "email", "e-mail", "mail",
 * "EmailID", "Contact Email" column is an email; "mobile", "cell", "MobilePhone", "phone 2",
 * "Tel." a phone; "web", "url", "homepage" a website; "LinkedIn Profile" a social profile; and
 * so on for names, company, title and address parts — in the languages Outlook and Thunderbird
 * export in ("Ort geschäftlich", "Code postal (domicile)", "Segundo nombre", "Työpuhelin"), an
 * address part grouped by its home/work/other word. Columns about a value (opt-outs, types,
 * dates, counts) and someone else's name ("Assistant's Name") are not the value.
 */
function family(header: string): Spec | undefined {
  const w = headerWords(header);
  if (!w.length || w.length > 5) return undefined;
  const has = (...xs: string[]) => xs.some((x) => w.includes(x));
  // "do" counts only in "Do Not …" (Portuguese "Fone do carro"), "code" not in "Code postal", "last"
  // not in "Last Name" ("Contact: Last Name", "Last Name of Contact": the family name, as "Last Email Date" is not).
  const about = w.some((x) => NOT_THE_VALUE.has(x) && !(x === 'do' && !has('not')) && !(x === 'code' && has('postal')) && !(x === 'last' && has('name', 'names')));
  // "Owner Email", "Lead Owner (Email)", "Owner ID": the owner, named by their email, name or id (the import
  // resolves each against the members), never the contact's own email.
  // Zoho's Spanish "Propietario de Contacto", French "Propriétaire", German "Besitzer" likewise.
  // Zoho's "Propietario de Posible cliente" (a lead's owner) too.
  if (has(...OWNER_WORDS) && w.every((x) => OWNER_WORDS.includes(x) || OWNER_OF.has(x) || LEAD_WORDS.includes(x) || PARTICLES.includes(x))) return { target: 'owner' };
  // Zoho's "Fuente de Posible cliente", "Estado de Posible cliente"; "Lead-Quelle", "Statut du prospect",
  // "Fonte do lead", "Leadbron": the lead's source or status (the status was read as an address's state).
  const sourceOrStatus = leadSourceOrStatus(w);
  if (sourceOrStatus) return { target: sourceOrStatus };
  // "Calle de correo", "Ciudad de correo", "Código de correo" (Zoho's Spanish "Mailing Street", "Mailing
  // City", "Mailing Code"): a part of the mailing address, never an email (the row was refused).
  const mailing = has('correo', 'mail', 'courrier', 'posta') && !has('electronico', 'electronique', 'elettronica', 'email');
  if (mailing && has(...PLACE_WORDS)) {
    const part = has('codigo', 'code', 'codice') ? { target: 'postalCode' as const } : family(w.filter((x) => !['correo', 'mail', 'courrier', 'posta', 'de', 'del', 'di', 'du'].includes(x)).join(' '));
    return part && ['street', 'city', 'state', 'postalCode', 'country'].includes(part.target) ? { target: part.target, group: 'mailing' } : undefined;
  }
  if (has('email', 'mail', 'emails', 'mailadresse', 'courriel', 'correo', 'messagerie', 'electronique', 'electronico', 'eletronico', 'elettronica', 'sahkoposti', 'emailova', 'mailova', 'почты') || w.some((x) => /^e?mail(id|address|adresse)?$/.test(x))) {
    // Outlook's "E-mail Display Name" ("Ada Lovelace (ada@x.example)") is how the address is shown, not one;
    // Apollo's "Company Name for Emails" is a company's name written for mail merges.
    if (has('name') && has(...COMPANY_WORDS)) return undefined;
    // "Manager Email", "Assistant's Email", "Referrer Email": someone else's address, which would match
    // everyone sharing that person as one duplicate.
    return about || has(...DISPLAY, ...OTHERS_NAME, ...SOMEONE_ELSE) ? undefined : { target: 'email', category: categoryIn(w, 'work') === 'mobile' ? 'work' : categoryIn(w, 'work') };
  }
  // Freshsales' "Work number", "Mobile number": a number named by a line's kind is a phone.
  const lineNumber = w.length === 2 && w[1] === 'number' && ['work', 'office', 'direct', 'mobile', 'home', 'business'].includes(w[0]);
  if (w.some((x) => PHONE_WORD.test(x)) || lineNumber) {
    // Salesforce's "AssistantPhone", "Manager Phone": someone else's line, never the contact's work number.
    const other = has('pager', 'buscapersonas', 'cercapersone', 'radiomessagerie', ...OTHERS_NAME) || w.some((x) => x.startsWith('hakulaite'));
    return about || has(...SOMEONE_ELSE) ? undefined : { target: 'phone', category: other ? 'other' : categoryIn(w, 'work') };
  }
  // "Company Linkedin Url" is the company's page, not the person's profile.
  if (w.some((x) => SOCIAL_WORDS.has(x))) return about || has('company', 'organization', 'organisation', 'employer', 'firm', 'org') ? undefined : { target: 'social', category: 'social' };
  // "Company Address", "Company City", "Account Country": the company's address, kept as another
  // address of the contact (in the details when the contact has one of their own), never its name.
  // In the languages exports use too ("Ville de l'entreprise", "Adresse entreprise").
  const placeWord = has('address', 'street', 'city', 'town', 'state', 'province', 'region', 'country', 'zip', 'postcode', 'postal', ...ADDRESS_WORDS, 'rue', 'calle', 'strasse', 'ville', 'ciudad', 'citta', 'cidade', 'stadt', 'ort', 'plaats', 'pays', 'pais', 'paese', 'provincia', 'postale');
  if (placeWord && has(...COMPANY_WORDS)) {
    const part = family(w.filter((x) => !COMPANY_WORDS.includes(x)).join(' '));
    return part && ['street', 'street2', 'city', 'state', 'postalCode', 'country', 'addressFormatted'].includes(part.target) ? { ...part, group: 'other' } : undefined;
  }
  if (has('website', 'web', 'url', 'homepage', 'site', 'www', 'webpage', 'webseite', 'sitio', 'pagina', 'sito', 'strona', 'verkkosivu', 'kotisivu', 'webova', 'веб')) return about ? undefined : { target: 'website', category: 'other' };
  // Salesforce's "MailingCountry", "OtherCountry" (the exact names are in the table with spaces);
  // "Country Code" is about a phone's prefix, not a country.
  // German, Dutch and Scandinavian "Land" (Outlook's "Land/Region geschäftlich" was the state).
  if (has('country', 'pays', 'pais', 'paese', 'land') && w.every((x) => x === 'country' || !NOT_THE_VALUE.has(x))) return { target: 'country', group: categoryIn(w, 'main') };
  if (about) return undefined;
  if (has(...OTHERS_NAME, ...SOMEONE_ELSE)) return undefined;
  // A reading of the name (Google's "Phonetic First Name", Apple's "Pronunciation"), a department
  // (Google's "Organization Department", "Abteilung"): neither the name nor the company.
  if (has('phonetic', 'pronunciation', 'yomi', 'department', 'dept', 'abteilung', 'departement', 'departamento', 'reparto', 'afdeling', 'dzial')) return undefined;
  const group = categoryIn(w, 'main');
  // "PO Box", "Post Office Box", "Boîte postale", "Casella postale", "Apartado postal", "Postfach": the box line,
  // before the company words ("Business Address PO Box" is the work address's box, not a company).
  if ((has('box', 'boite', 'casella', 'apartado', 'caixa') && has('po', 'p', 'o', 'post', 'postal', 'postale', 'office')) || has('pobox', 'postfach')) return { target: 'street2', group };
  // "Company Size", "Company Industry", "Account ID": a fact about the company, not its name.
  // "Organisation 1 - Titel", "Company Title": the person's title at the company.
  if (has(...COMPANY_WORDS) && has('title', 'titel', 'titre', 'titulo', 'titolo', 'cargo', 'position')) return { target: 'title' };
  if (has(...COMPANY_WORDS, 'business')) return w.some((x) => COMPANY_FACTS.has(x)) ? undefined : { target: 'companyName' };
  // "Job Function" (a sales-data vendor's "Sales", "Engineering") is a department, as English "Function" is.
  if (has('function') && has('job')) return undefined;
  // A job title in the languages exports use: French "Fonction"/"Poste", Dutch "Functie", German
  // "Funktion"/"Berufsbezeichnung", Italian "Posizione" (English "Function" is a department, not here).
  if (has('job', 'position', 'designation', 'title', 'occupation', 'puesto', 'cargo', 'profession', 'qualifica', 'stanowisko', 'ammattinimike', 'ammattinimi', 'titolo', 'titulo', 'titre', 'titel', 'jobtitel', 'tytul', 'titul', 'funkcia', 'fonction', 'poste', 'functie', 'funktion', 'berufsbezeichnung', 'posizione')) return { target: 'title' };
  if (has(...DISPLAY)) return { target: 'name' };
  // English "first" names the first name only alone or beside "name": "first_seen" (atomic-crm),
  // "First Contact", "First Touch Source" say when or how something happened first.
  const firstWord = has('given', 'forename', 'fname', 'firstname', 'vorname', 'vornamen', 'prenom', 'nombre', 'nome', 'imie', 'etunimi', 'meno', 'krstne', 'имя')
    || (has('first') && (w.length === 1 || has('name', 'names')));
  if (firstWord && has(...SECOND)) return { target: 'middleName' };
  // Before the first name: "Último nome" is the family name.
  if (has('last', 'surname', 'family', 'lname', 'lastname', 'nachname', 'apellido', 'apellidos', 'cognome', 'sobrenome', 'ultimo', 'nazwisko', 'sukunimi', 'nom', 'priezvisko', 'фамилия')) return { target: 'lastName' };
  if (firstWord) return { target: 'firstName' };
  if (has('middle')) return { target: 'middleName' };
  if (has('suffixe', 'suffisso', 'sufijo', 'sufixo', 'pripona')) return { target: 'suffix' };
  // "Postal address", "Adresse postale", "Postanschrift", "Person - Postal address" (Pipedrive): the
  // whole address in one cell, not its postcode (which names a code: "Postal Code", "CAP Postale").
  if (((has('postal', 'postale', 'post') && has(...ADDRESS_WORDS)) || has('postanschrift')) && !has(...POSTCODE_WORDS)) return { target: 'addressFormatted', group };
  // Italian "CAP" only beside a home/work/other word ("CAP di casa"): alone it could be anything.
  if (has('zip', 'postal', 'postale', 'postcode', 'zipcode', 'plz', 'postleitzahl', 'cep', 'pocztowy', 'postinumero', 'psc', 'индекс') || w.some((x) => x.endsWith('postinumero')) || (has('cap') && group !== 'main')) return { target: 'postalCode', group };
  if (has('city', 'town', 'locality', 'ort', 'stadt', 'ville', 'ciudad', 'citta', 'cidade', 'miasto', 'localidad', 'kaupunki', 'mesto', 'город') || w.some((x) => x.endsWith('kaupunki'))) return { target: 'city', group };
  if (has('state', 'province', 'region', 'county', 'estado', 'provincia', 'bundesland', 'regione', 'provincie')) return { target: 'state', group };
  if (has('street', 'address', 'strasse', 'rue', 'calle', 'indirizzo', 'direccion', 'adresse', 'endereco', 'rua', 'ulica', 'osoite', 'adresa', 'адрес') || w.some((x) => x.endsWith('osoite'))) return { target: 'street', group };
  // "Location" (Meetup's members, LinkedIn's and Apollo's people: "Almaty, Kazakhstan") is where the person is:
  // the address as written, read into city and country. An event's, a venue's or an IP's location is none.
  if (has(...LOCATION_WORDS) && w.length <= 3 && !has(...NOT_A_PERSONS_PLACE)) return { target: 'addressFormatted', group };
  if (has('notes', 'note', 'comment', 'comments', 'remarks', 'description', 'descripcion', 'beschreibung', 'descrizione', 'descricao', 'omschrijving', 'notizen', 'notas', 'notatki', 'muistiinpanot', 'remarques', 'commentaires', 'informacoes', 'poznamky', 'заметки')) return { target: 'details' };
  // "ticket_name", "Event Name", "Product Name" (event platforms', shops' exports): the name of a thing, not the person's.
  if (has('name') && !has('user', 'file', 'list', 'group', 'campaign', 'nick', 'nickname', ...THING_WORDS)) return { target: 'name' };
  return undefined;
}

function specFor(h: string, as: ImportAs, raw = h): Spec | null | undefined {
  // null from a known format means "ignore this column" (Google's "Organization 1 - Symbol"): no guessing then.
  const known = [() => table.get(h), () => numbered(h), () => pipedrive(h, as)].reduce<Spec | null | undefined>((found, next) => (found === undefined ? next() : found), undefined);
  // Importing companies, a company's column is the record's own: "Company Linkedin Url" its profile, "Company City" its city.
  const own = as === 'companies' ? headerWords(raw).filter((w) => !COMPANY_WORDS.includes(w)).join(' ') || raw : raw;
  const spec = known === undefined ? cjkLabel(raw) ?? family(own) : known;
  if (!spec || as !== 'companies') return spec;
  // For companies, "Company"/"Account Name" is the record's own name and people's name parts mean nothing.
  if (spec.target === 'companyName' || (spec.target === 'name' && h !== 'contact name')) return { target: 'name' };
  if (['prefix', 'firstName', 'middleName', 'lastName', 'suffix', 'title', 'email', 'source', 'status', 'monetaryValue', 'currency', 'social'].includes(spec.target)) return null;
  return spec;
}

const BARE_TITLE = /^(title|titre|titolo|titulo|tytul|titel|titul)$/;

type CustomDef = Pick<ConfigEntity<'customFields'>, 'id' | 'name' | 'availableOn' | 'retired'>;

/**
 * The mapping guessed from a header row. Unknown columns map to null (ignored); the user can
 * change any entry before importing. A custom field whose name matches a header gets it.
 */
export function guessMapping(headers: string[], as: ImportAs = 'leads', customFields: CustomDef[] = [], opts: GuessOptions = {}): ColumnMapping[] {
  const custom = new Map(customFields.filter((d) => !d.retired && d.availableOn.includes(as)).map((d) => [normHeader(d.name), d.id]));
  // Each header as the field it names, without what a template added ("Last Name (Required)", "Email *").
  const names = headers.map(undecorated);
  const money = { defaultCurrency: opts.defaultCurrency, chinese: headers.some((x) => /\p{Script=Han}/u.test(x)) && !headers.some((x) => /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(x)) };
  const out: ColumnMapping[] = headers.map((header, index) => {
    const h = normHeader(names[index]);
    const customId = custom.get(normHeader(header)) ?? custom.get(h);
    if (customId) return { index, header, target: 'custom', customId };
    const named = headerCurrency(header, money);
    const known = h ? specFor(h, as, names[index]) : null;
    const spec = known === undefined ? valueInCurrency(names[index], named, as) : known;
    // "Deal Value (EUR)": the column's values are in the currency its header names (the row's own currency column wins).
    const currency = spec?.target === 'monetaryValue' ? named : undefined;
    return spec ? { index, header, ...spec, ...(currency ? { category: currency } : {}) } : { index, header, target: null };
  });
  const words = (m: ColumnMapping) => headerWords(names[m.index] ?? m.header);
  // Outlook's "Title" ("Titre", "Titolo", "Tytuł"…) is the name prefix ("Dr.") when a "Job Title" column is also there.
  const bare = (m: ColumnMapping) => BARE_TITLE.test(words(m).join(' '));
  const jobTitle = out.some((m) => m.target === 'title' && !bare(m));
  for (const m of out) if (jobTitle && m.target === 'title' && bare(m)) m.target = as === 'companies' ? null : 'prefix';
  labelTypeColumns(out, words);
  extensionColumns(out, words);
  streetLines(out, words);
  leadWithContact(out, as, words);
  mailchimpGeolocation(out, words);
  if (opts.rows) countryColumnsByValue(out, as, words, opts.rows);
  return out;
}

export type GuessOptions = {
  /** Some of the file's rows (cells by column): what a column holds decides what its header leaves open ("Country Code": "DE" or "+49"). */
  rows?: string[][];
  /** The workspace's currency: what "$" or "¥" in a value column's header means when it is one of theirs. */
  defaultCurrency?: string;
};

/** "Value", "Amount" in the languages exports use; alone, in English only ("Valor", "Wert" could be any value). */
const VALUE_WORDS = ['value', 'amount', 'wert', 'betrag', 'montant', 'valeur', 'importe', 'valor', 'monto', 'importo', 'valore', 'montante', 'waarde', 'bedrag', 'kwota', 'wartosc', 'arvo', 'belopp', 'summe'];
/** What a value column is the value of: a deal or lead ("Valor del negocio", "Lead-Wert", "Valeur de l'affaire"). */
const DEAL_WORDS = ['deal', 'deals', 'geschaft', 'geschafts', 'affaire', 'negocio', 'trattativa', 'opportunity', 'oportunidad', 'opportunite', 'opportunita', 'oportunidade', 'kans', 'expected', 'estimated', 'potential', 'estimado', 'estimee', 'erwarteter', 'geschatzter', 'previsto'];

/**
 * A value column in another language, named by its currency ("Montant (€)", "Wert in €", "Importe
 * $") or by what it is the value of ("Valor del lead", "Lead-Wert"): the monetary value. Importing
 * companies it is no field (as "Amount" is not).
 */
function valueInCurrency(header: string, currency: string | undefined, as: ImportAs): Spec | undefined {
  const w = headerWords(header).flatMap((x) => /^(lead|deal)(wert|waarde|value)$/.exec(x)?.slice(1) ?? [x]);
  if (as === 'companies' || !w.some((x) => VALUE_WORDS.includes(x))) return undefined;
  const of = w.some((x) => LEAD_WORDS.includes(x) || DEAL_WORDS.includes(x));
  if (!w.every((x) => VALUE_WORDS.includes(x) || LEAD_WORDS.includes(x) || DEAL_WORDS.includes(x) || PARTICLES.includes(x))) return undefined;
  return currency || of ? { target: 'monetaryValue' } : undefined;
}

/** Words that say a country column holds codes: "Country Code", "Country (ISO code)", "country_iso2", "Código de país". */
const CODE_WORDS = new Set(['code', 'codes', 'iso', 'alpha', '2', '3', '3166', 'kod', 'codigo', 'codice', 'cod', 'kode', 'de', 'del', 'du', 'da', 'do', 'des']);
/** A country's calling code as typed in its own column: "+49", "49", "001", "+1-876". */
const CALLING_CODE = /^(?:\+|00)?\d{1,3}(?:[-\s]\d{1,4})?$/;

/**
 * A country column decided by its header and its values together. "Country Code", "Country (ISO
 * code)", "Ländercode" holding ISO codes ("DE", "us", "GBR") are the address's country; the same
 * headers holding calling codes ("+49", "44") are a phone's prefix and stay nobody's field, as a
 * "Country" or "Código de país" column holding only calling codes does (a prefix is no country).
 * A column with no value to go by keeps the header's reading.
 */
function countryColumnsByValue(out: ColumnMapping[], as: ImportAs, words: Words, rows: string[][]): void {
  for (const m of out) {
    if (m.target !== null && m.target !== 'country') continue;
    const values = rows.map((r) => r[m.index]?.trim()).filter((v): v is string => !!v);
    if (!values.length) continue;
    if (m.target === 'country' && values.every((v) => CALLING_CODE.test(v))) {
      Object.assign(m, { target: null, group: undefined });
      continue;
    }
    // "Ländercode", "CountryCode" as one word; "country_iso2" (its "2" is no second address).
    const w = words(m).flatMap((x) => /^(lander|laender|country|land)(code|kode|kod)$/.exec(x)?.slice(1).map((y) => (y.startsWith('la') ? 'land' : y)) ?? [x]);
    const rest = w.filter((x) => !CODE_WORDS.has(x));
    if (rest.length === w.length || !rest.length) continue;
    const base = specFor(normHeader(rest.join(' ')), as);
    if (base?.target === 'country' && values.every((v) => isoCountry(v))) Object.assign(m, { target: 'country', group: base.group ?? 'main' });
  }
}

/** A column's header words, as the passes after the first guess read them (decorations off). */
type Words = (m: ColumnMapping) => string[];

/** Columns only Mailchimp's audience export writes: the subscription's, not the contact's. */
const MAILCHIMP_SYSTEM = new Set(['member rating', 'optin time', 'optin ip', 'confirm time', 'confirm ip', 'gmtoff', 'dstoff', 'leid', 'euid', 'last changed']);
/** Mailchimp's geolocation of the subscriber's IP address: a country code and a region code ("84"). */
const MAILCHIMP_GEO = new Set(['cc', 'region', 'latitude', 'longitude', 'timezone']);
/**
 * Mailchimp's "CC" and "REGION" are where the subscriber's IP address was located (REGION "84" is
 * a region code), not the postal address, which its "Address" column holds. In a file with
 * Mailchimp's own columns (two or more of them) they are nobody's field; elsewhere a "Region"
 * column is the state, as other CRMs write it.
 */
function mailchimpGeolocation(out: ColumnMapping[], words: Words): void {
  const named = (m: ColumnMapping) => words(m).join(' ');
  if (out.filter((m) => MAILCHIMP_SYSTEM.has(named(m))).length < 2) return;
  out.forEach((m, i) => { if (MAILCHIMP_GEO.has(named(m))) out[i] = { index: m.index, header: m.header, target: null }; });
}

/** The category an extension column carries: its digits belong to the number in the column its group names. */
export const EXTENSION_CATEGORY = 'extension';
const EXTENSION_WORDS = ['ext', 'extension', 'durchwahl', 'poste', 'interno', 'anexo', 'toestel', 'wewn'];
/**
 * "Work Phone Extension", "Phone Ext", "Extension": the extension of a phone column, joined to its
 * number ("… ext. 204") instead of being ignored (the extension was lost). The phone column is the
 * one named the same without the extension word, else the nearest one to its left.
 */
function extensionColumns(out: ColumnMapping[], words: Words): void {
  for (const m of out) {
    const w = words(m);
    if (m.target !== null || w.length > 4 || !w.some((x) => EXTENSION_WORDS.includes(x))) continue;
    const rest = w.filter((x) => !EXTENSION_WORDS.includes(x) && x !== 'number').join(' ');
    const phones = out.filter((p) => p.target === 'phone' && p.category !== EXTENSION_CATEGORY);
    const named = rest ? phones.find((p) => words(p).filter((x) => x !== 'number').join(' ') === rest) : undefined;
    const phone = named ?? (rest && !['phone', 'tel', 'telephone'].includes(rest) ? undefined : phones.filter((p) => p.index < m.index).at(-1));
    if (phone) Object.assign(m, { target: 'phone', category: EXTENSION_CATEGORY, group: phone.header });
  }
}

/**
 * Copper's "Email" + "Email Type", "Phone Number" + "Phone Type" ("work", "mobile", "personal"):
 * a type column labels the one value column of its kind whose header starts with the same word,
 * as Google's numbered "Label" columns do, so a mobile is not imported as a work number.
 */
function labelTypeColumns(out: ColumnMapping[], words: Words): void {
  for (const m of out) {
    const w = words(m);
    // "Phone Type", and "Phone Number Type" beside "Phone Number" (Copper's newer export).
    if (m.target !== null || w.length < 2 || w.length > 3 || !['type', 'kind', 'label'].includes(w[w.length - 1])) continue;
    const kind = w[0] === 'email' ? 'email' : PHONE_WORD.test(w[0]) ? 'phone' : null;
    if (!kind) continue;
    const head = w.slice(0, -1).join(' ');
    const values = out.filter((v) => v.target === kind && !v.group && (w.length === 2 ? words(v)[0] === w[0] : words(v).join(' ') === head));
    if (values.length !== 1) continue;
    const group = `${w[0]} ${m.index}`;
    Object.assign(m, { target: 'label', group });
    values[0].group = group;
  }
}

/**
 * "Street 2" beside "Street", "address_1_address_2" beside "address_1_address_1" (Close): the
 * street's second line, in the same address as the first (it was read as another address). An
 * address numbered without a street word or a group number ("Home Address 2", Roundcube's
 * "Indirizzo di casa 2") is a second address, as before.
 */
function streetLines(out: ColumnMapping[], words: Words): void {
  for (const m of out) {
    const w = words(m);
    if (m.target !== 'street' || !['2', '3'].includes(w[w.length - 1])) continue;
    if (!w.includes('street') && !w.slice(0, -1).some((x) => /^\d+$/.test(x))) continue;
    const stem = w.slice(0, -1).join(' ');
    const first = out.find((o) => o !== m && o.target === 'street' && [stem, `${stem} 1`].includes(words(o).join(' ')));
    if (first) Object.assign(m, { target: 'street2', group: first.group });
  }
}

/**
 * A "Lead Name" beside a "Contact Name" (Close, where a lead is the company and its contacts the
 * people at it): the lead's name is the company, the contact's the person. A "Lead Name" alone
 * (Salesforce's leads) is still the person's.
 */
function leadWithContact(out: ColumnMapping[], as: ImportAs, words: Words): void {
  if (as === 'companies') return;
  const named = (text: string) => out.find((m) => m.target === 'name' && words(m).join(' ') === text);
  const lead = named('lead name');
  if (lead && named('contact name')) lead.target = 'companyName';
}

/** True when no column would bring anything in: the file probably isn't a contact list. */
export function mapsNothing(mapping: ColumnMapping[]): boolean {
  return mapping.every((m) => m.target === null || m.target === 'label');
}
