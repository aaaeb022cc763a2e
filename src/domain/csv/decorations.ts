/**
 * What exports and hand-made templates add around a field's name in a CSV header, and nothing
 * else: "Last Name (Required)", "Email *", "Birthday [date]", "Deal Value (USD)", "1. First Name",
 * '"Company"', "Contact: Phone", "Phone (e.g. +1 555 0100)". Taken off before the header is
 * matched, so "Last Name (Required)" is the family name as "Last Name" is.
 *
 * A bracket goes only when every word in it is a decoration (whether the field is required, a
 * data type, a unit or currency, a format, an example): what it says otherwise stays part of the
 * header ("Company Name (for billing)", "Email (Owner)", "Street Address (Line 2)", "Phone
 * (country code)"), so no column is moved to another field by a word taken off.
 */
export function undecorated(header: string): string {
  let h = header.replace(/^\uFEFF/, '').trim();
  let before: string;
  do {
    before = h;
    h = h.replace(/^(["'“”‘’«»])(.*)\1$/, '$2').replace(/^["“«‘](.*)["”»’]$/, '$1').trim();
    h = h.replace(/^\*+\s*|\s*\(?\*+\)?$/g, '').trim();
    h = h.replace(NUMBERING, '').trim();
    h = h.replace(ENTITY_PREFIX, '').trim();
    h = h.replace(/\s*([([{<])([^()[\]{}<>]*)[)\]}>]\s*/g, (all, _open: string, inner: string) => (isDecoration(inner) ? ' ' : all)).trim();
    h = withoutCurrency(h);
    // A trailing requiredness after a dash or comma: "Last Name - required", "Email, optional".
    h = h.replace(/\s*[-–,:]\s*([\p{L}]+)$/u, (all, word: string) => (REQUIREDNESS.has(fold(word)) ? '' : all)).trim();
  } while (h !== before && h);
  return h || header.replace(/^\uFEFF/, '').trim();
}

/** "1. ", "02 - ", "(3) ", "#4 ", "Q5: " before the name: a template's numbering of its columns. */
const NUMBERING = /^(?:#\s*\d{1,3}\.?\s+|\(\d{1,3}\)\s*|[A-Za-z]?\d{1,3}\s*[.):–-]\s+|\d{1,3}[.)]\s*(?=\p{L}))/u;
/** "Contact: ", "contact.", "Customer - " before a field's name: the record the column belongs to.
 *  ("Person - …" and "Lead - …" with a dash are Pipedrive's own names, read by its rule.) */
const ENTITY_PREFIX = /^(?:(?:contact|customer|client|kontakt|contacto|contatto|person|lead|attendee|subscriber|member)\s*[:.]\s*|(?:contact|customer|client|kontakt|contacto|contatto)\s+[-–]\s+)(?=\p{L})/iu;

const fold = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** Whether a field must be filled, in the languages templates are written in. */
const REQUIREDNESS = new Set([
  'required', 'req', 'reqd', 'mandatory', 'optional', 'obligatoire', 'facultatif', 'facultative', 'pflicht', 'pflichtfeld',
  'erforderlich', 'obligatorio', 'obligatoria', 'opcional', 'obbligatorio', 'obbligatoria', 'facoltativo', 'verplicht',
  'optioneel', 'wymagane', 'wymagany', 'opcjonalne', 'obrigatorio', 'obrigatoria', 'zorunlu', 'istege', 'bagli', 'valfri', 'obligatorisk',
  'pakollinen', 'vapaaehtoinen', 'povinne', 'volitelne', 'обязательно', 'обязательное', 'необязательно', '必須', '任意', '必填', '选填', '可选', '필수', '선택',
]);
/** Data types, units, currencies' words and format hints: what a column holds, not which field it is. */
const HINTS = new Set([
  'text', 'string', 'number', 'numeric', 'integer', 'int', 'decimal', 'float', 'date', 'datetime', 'time', 'timestamp', 'boolean', 'bool',
  'checkbox', 'picklist', 'dropdown', 'select', 'multiselect', 'multi', 'single', 'textarea', 'free', 'field', 'only',
  'yyyy', 'mm', 'dd', 'yy', 'hh', 'ss', 'format', 'digits', 'digit', 'characters', 'chars', 'char', 'max', 'min', 'maximum', 'minimum',
  'comma', 'commas', 'semicolon', 'semicolons', 'separated', 'delimited', 'by', 'multiple', 'list', 'allowed',
  'yes', 'no', 'y', 'n', 'true', 'false', 'x', 'percent', 'pct', 'kg', 'lbs', 'lb', 'km', 'mi', 'cm', 'in', 'of', 'or', 'and', 'a', 'the',
  'years', 'year', 'months', 'month', 'days', 'day', 'hours', 'hrs', 'minutes', 'mins', 'local', 'utc', 'gmt', 'currency', 'amount',
  'dollars', 'euros', 'pounds',
  'texte', 'numero', 'fecha', 'datum', 'zahl', 'texto', 'testo', 'data', 'tekst', 'liczba',
]);
/** ISO 4217 codes of the currencies exports are written in. */
const CURRENCY_CODES = [
  'usd', 'eur', 'gbp', 'chf', 'jpy', 'cny', 'inr', 'cad', 'aud', 'nzd', 'sek', 'nok', 'dkk', 'pln', 'czk', 'huf', 'try', 'brl', 'mxn',
  'zar', 'sgd', 'hkd', 'krw', 'aed', 'sar', 'rub', 'ngn', 'kes', 'egp', 'ils', 'thb', 'idr', 'myr', 'php', 'vnd', 'cop', 'clp', 'ars', 'pen',
];
for (const c of CURRENCY_CODES) HINTS.add(c);
/** A bracket that opens with an example: "(e.g. +1 555 0100)", "[ex: Acme]", "(z.B. Müller)". */
const EXAMPLE = /^\s*(?:e\.?\s?g\b\.?|eg\b|ex\b\.?|example\b|i\.?\s?e\b\.?|z\.\s?b\b\.?|p\.\s?ex\b\.?|ej\b\.?|es\b\.?|bijv\b\.?|np\b\.?|例)/i;

function isDecoration(inner: string): boolean {
  if (!inner.trim() || /^\s*\*+\s*$/.test(inner)) return true;
  // A currency's sign with its letters ("(R$)", "(zł)", "(in US$)").
  const sign = inner.trim().replace(/^in\s+/i, '');
  if (CURRENCY_SIGNS[sign] || SHARED_SIGNS[sign]) return true;
  if (EXAMPLE.test(inner)) return true;
  const words = fold(inner).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  // A unit or currency written as its sign: "(€)", "($)", "(%)", "(R$)", "(in £)".
  const signs = /^[\s$€£¥₹₩₽₺₪₫₱฿%#/.+-]*$/u.test(inner.replace(/[\p{L}\p{N}]+/gu, (w) => (HINTS.has(fold(w)) || /^\d+$/.test(w) ? '' : w)));
  if (!words.length) return signs && /\S/.test(inner);
  // A number alone ("Email (2)") numbers a second column of its field: not a decoration.
  if (words.every((w) => /^\d+$/.test(w))) return false;
  return words.every((w) => REQUIREDNESS.has(w) || HINTS.has(w) || /^\d+$/.test(w)) || (words.some((w) => REQUIREDNESS.has(w)) && signs);
}

/** Signs that name one currency each. */
const CURRENCY_SIGNS: Record<string, string> = { '€': 'EUR', '£': 'GBP', '₹': 'INR', '₩': 'KRW', '₽': 'RUB', '₺': 'TRY', '₪': 'ILS', '₫': 'VND', '₱': 'PHP', '฿': 'THB', 'R$': 'BRL', 'US$': 'USD', 'CA$': 'CAD', 'A$': 'AUD', 'C$': 'CAD', 'NZ$': 'NZD', 'HK$': 'HKD', 'S$': 'SGD', 'MX$': 'MXN', 'zł': 'PLN', 'Kč': 'CZK' };
/**
 * Signs that several currencies write, the one most exports mean first: "$" is the US dollar and
 * "¥" the yen unless the workspace counts in another currency of that sign (a Canadian team's "$" is
 * CAD), and "¥" in a file whose headers are Chinese is the yuan.
 */
const SHARED_SIGNS: Record<string, string[]> = {
  '$': ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN', 'ARS', 'CLP', 'COP', 'TWD'],
  '¥': ['JPY', 'CNY'], '￥': ['JPY', 'CNY'], '円': ['JPY'], '元': ['CNY'],
};
const SIGN = Object.keys(CURRENCY_SIGNS).concat(Object.keys(SHARED_SIGNS)).sort((a, b) => b.length - a.length).map((x) => x.replace(/[$]/g, '\\$')).join('|');
/** A sign standing alone among a header's words ("Deal Value $", "€ Amount", "Wert in €"), or "in EUR" at its end. */
const FREE_SIGN = new RegExp(`(?:^|\\s)(?:in\\s+)?(${SIGN})(?=\\s|$)`, 'u');
const IN_CODE = /\s(?:in\s+)?([A-Z]{3})$/;

export type CurrencyContext = {
  /** The workspace's own currency: what a shared sign means when it is one of that sign's currencies. */
  defaultCurrency?: string;
  /** The file's other headers are Chinese: "¥" is the yuan. */
  chinese?: boolean;
};

/**
 * The currency a header names ("Deal Value (EUR)", "Amount (€)", "Annual Value [in USD]", "Deal Value $",
 * "Wert in €", "Amount USD"): an ISO 4217 code or a sign, alone in its bracket but for "in", or
 * standing alone among the header's words; else undefined. The values of that column are in it.
 */
export function headerCurrency(header: string, context: CurrencyContext = {}): string | undefined {
  const said = [...header.matchAll(/[([{]([^()[\]{}]*)[)\]}]/g)].map(([, inner]) => inner.trim().replace(/^in\s+/i, ''));
  const free = FREE_SIGN.exec(header)?.[1] ?? IN_CODE.exec(header.trim())?.[1];
  for (const x of free ? [...said, free] : said) {
    if (/^[A-Z]{3}$/.test(x) && CURRENCY_CODES.includes(x.toLowerCase())) return x;
    if (CURRENCY_SIGNS[x]) return CURRENCY_SIGNS[x];
    const shared = SHARED_SIGNS[x];
    if (shared) return shared.find((c) => c === context.defaultCurrency?.toUpperCase()) ?? (context.chinese && shared.includes('CNY') ? 'CNY' : shared[0]);
  }
  return undefined;
}

/** A header without the currency it names outside a bracket ("Deal Value $" → "Deal Value", "Amount in EUR" → "Amount"). */
export function withoutCurrency(header: string): string {
  const sign = FREE_SIGN.exec(header);
  if (sign) return `${header.slice(0, sign.index)} ${header.slice(sign.index + sign[0].length)}`.replace(/\s+/g, ' ').trim() || header;
  const code = IN_CODE.exec(header.trim());
  return code && CURRENCY_CODES.includes(code[1].toLowerCase()) && header.trim().length > code[0].length ? header.trim().slice(0, -code[0].length).trim() : header;
}
