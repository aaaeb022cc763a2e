/**
 * Email addresses: the one normaliser, free-mail providers (whose domain says nothing about the
 * company) and role or team mailboxes (sales@, info@, "Example Sales"), which are not a person.
 */

const ADDRESS = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * The comparable form of an address: trimmed, lower-case, "mailto:", "<…>" and "?subject=…"
 * removed. Undefined when what is left is not an address. Gmail's dots and "+tags" are kept:
 * they are different mailboxes for every other provider, and a CRM must not merge on a guess.
 */
export function normalizeEmail(input: string | undefined | null): string | undefined {
  if (typeof input !== 'string') return undefined;
  let s = input.trim().replace(/^mailto:/i, '').split('?')[0];
  // Only "%XX" is decoded (a mailto: link's); most addresses have none, and the call is not free.
  if (s.includes('%')) {
    try {
      s = decodeURIComponent(s);
    } catch {
      /* keep as written */
    }
  }
  s = s.trim().replace(/^<|>$/g, '').trim().toLowerCase();
  return s.length <= 320 && ADDRESS.test(s) ? s : undefined;
}

export const isEmail = (input: string) => normalizeEmail(input) !== undefined;

/** Google's consumer mail: dots in the local part are ignored and googlemail.com is gmail.com. */
const GMAIL_DOMAINS: ReadonlySet<string> = new Set(['gmail.com', 'googlemail.com']);
/**
 * Providers whose help pages say "name+anything@" reaches "name@" (subaddressing): Outlook.com
 * (hotmail, live, msn and their country domains), iCloud (icloud.com, me.com, mac.com), Fastmail
 * and Proton. Elsewhere a "+" may be part of a real, different mailbox, so it is kept.
 */
const PLUS_TAG_DOMAINS: ReadonlySet<string> = new Set([
  'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'icloud.com', 'me.com', 'mac.com',
  'fastmail.com', 'fastmail.fm', 'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me',
]);
const PLUS_TAG_BRANDS = /^(?:outlook|hotmail|live)\.(?:[a-z]{2,3}\.)?[a-z]{2}$/;

/**
 * The mailbox an address delivers to, for deciding that two addresses are one person (the
 * duplicate matcher, import's duplicate check, the dedupe index): `normalizeEmail`, then
 * Gmail's dots and "+tag" dropped (googlemail.com ≡ gmail.com) and "+tag" dropped where the
 * provider documents subaddressing. Undefined when the input is no address.
 *
 * The local part of other domains is compared case-folded, not as written: RFC 5321 lets a
 * server treat "Jane" and "jane" as two mailboxes, but the mail servers people use do not,
 * users type either, and a match here is a duplicate shown to the user (or an import row
 * skipped with its reason), never a silent merge. Everything else is kept as written: dots,
 * "+", "-" and "_" can make another mailbox at an unknown domain. Stored addresses keep their
 * spelling; only comparison uses this key.
 */
export function mailboxKey(input: string | undefined | null): string | undefined {
  const n = normalizeEmail(input);
  if (!n) return undefined;
  const at = n.lastIndexOf('@');
  let local = n.slice(0, at);
  let domain = n.slice(at + 1);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.split('+')[0].replace(/\./g, '');
    domain = 'gmail.com';
  } else if (PLUS_TAG_DOMAINS.has(domain) || PLUS_TAG_BRANDS.test(domain)) local = local.split('+')[0];
  // "+news@gmail.com" or "...@gmail.com": nothing left to name a mailbox, so keep the address as is.
  return local ? `${local}@${domain}` : n;
}

/** "ada@Mail.Acme.io" → "mail.acme.io". */
export function emailDomain(email: string | undefined): string | undefined {
  const at = email?.lastIndexOf('@') ?? -1;
  return email && at > 0 ? email.slice(at + 1).trim().toLowerCase() || undefined : undefined;
}

export function emailLocalPart(email: string): string {
  const at = email.lastIndexOf('@');
  return (at > 0 ? email.slice(0, at) : email).trim().toLowerCase();
}

/** Mail providers whose domain says nothing about the company (never a company's domain). */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'ymail.com',
  'rocketmail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'aim.com', 'gmx.com', 'gmx.net', 'gmx.de',
  'gmx.at', 'gmx.ch', 'web.de', 't-online.de', 'freenet.de', 'proton.me', 'protonmail.com', 'protonmail.ch',
  'pm.me', 'tutanota.com', 'tuta.io', 'zoho.com', 'zohomail.com', 'mail.com', 'email.com', 'fastmail.com', 'fastmail.fm',
  'hey.com', 'mail.ru', 'bk.ru', 'inbox.ru', 'list.ru', 'yandex.ru', 'yandex.com', 'ya.ru', 'rambler.ru',
  'qq.com', 'foxmail.com', '163.com', '126.com', 'yeah.net', 'sina.com', 'sohu.com', 'aliyun.com',
  'naver.com', 'daum.net', 'hanmail.net', 'orange.fr', 'wanadoo.fr', 'free.fr', 'laposte.net', 'sfr.fr',
  'libero.it', 'virgilio.it', 'tiscali.it', 'seznam.cz', 'wp.pl', 'o2.pl', 'interia.pl', 'onet.pl',
  'btinternet.com', 'sky.com', 'virginmedia.com', 'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net',
  'cox.net', 'charter.net', 'bigpond.com', 'rediffmail.com', 'uol.com.br', 'bol.com.br', 'terra.com.br',
  'posteo.de', 'mailbox.org', 'hushmail.com', 'inbox.com', 'juno.com', 'earthlink.net', 'optonline.net', 'shaw.ca', 'rogers.com',
]);
/** Providers with a domain per country (yahoo.co.uk, hotmail.fr, gmx.ch, outlook.de…). */
const FREE_MAIL_BRANDS = ['yahoo', 'hotmail', 'outlook', 'live', 'gmx', 'aol', 'msn', 'yandex', 'windowslive'];

export function isFreeMailDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  if (FREE_MAIL_DOMAINS.has(d)) return true;
  const brand = d.split('.')[0];
  return FREE_MAIL_BRANDS.includes(brand) && /^[a-z]+\.(?:[a-z]{2,3}\.)?[a-z]{2,3}$/.test(d);
}

/** The company domain an email tells, or undefined for free mail (ada@gmail.com says nothing). */
export function companyDomainOfEmail(email: string | undefined): string | undefined {
  const d = emailDomain(email);
  return d && !isFreeMailDomain(d) ? d : undefined;
}

/**
 * An Exchange directory name (X.500), which Outlook exports in the e-mail column for contacts of
 * its own organisation ("/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=
 * Recipients/cn=…", type "EX"): it reaches no one outside, and is no email address.
 */
export const isExchangeAddress = (value: string) => /^\/o=[^/]+\/(?:ou|cn)=/i.test(value.trim());

/** Local parts of shared mailboxes: a department or a function, not a person. */
const ROLE_LOCAL_PARTS = new Set([
  'sales', 'info', 'information', 'contact', 'contacts', 'hello', 'hi', 'support', 'help', 'helpdesk', 'service', 'services', 'customerservice',
  'admin', 'administrator', 'office', 'team', 'billing', 'accounts', 'accounting', 'invoices', 'invoice', 'finance', 'marketing', 'press', 'media',
  'pr', 'jobs', 'careers', 'career', 'hr', 'recruiting', 'recruitment', 'talent', 'legal', 'privacy', 'security', 'abuse', 'postmaster',
  'webmaster', 'hostmaster', 'noreply', 'no-reply', 'donotreply', 'do-not-reply', 'notifications', 'notification', 'alerts', 'newsletter',
  'news', 'newsletters', 'enquiries', 'enquiry', 'inquiries', 'inquiry', 'orders', 'order', 'shop', 'store', 'partners', 'partnerships', 'feedback',
  'community', 'events', 'reception', 'booking', 'bookings', 'reservations', 'mail', 'email', 'all', 'staff', 'it', 'ops', 'operations',
  'kontakt', 'vertrieb', 'buero', 'büro', 'verkauf', 'anfrage', 'bestellung', 'rechnung', 'contacto', 'ventas', 'informacion', 'vendas',
  'commercial', 'contatti', 'vendite', 'verkoop', 'bureau', 'accueil', 'secretariat',
  // A law firm's, a practice's, a front desk's or a switchboard's shared mailbox (German, Spanish, Polish).
  'kanzlei', 'praxis', 'empfang', 'zentrale', 'recepcion', 'recepcja',
]);
/** Words that make a display name a team, not a person ("Example Sales", "Acme Support Team"). */
const TEAM_WORDS = new Set([
  'sales', 'support', 'team', 'service', 'services', 'help', 'helpdesk', 'desk', 'billing', 'marketing', 'info', 'customer', 'customers',
  'notifications', 'newsletter', 'noreply', 'no-reply', 'careers', 'recruiting', 'hr', 'accounts', 'accounting', 'office', 'press',
  'partnerships', 'operations', 'admin', 'crew', 'community', 'events', 'orders', 'reception', 'vertrieb', 'kundenservice', 'ventas',
  'all', 'everyone', 'staff', 'ops', 'list', 'updates',
]);

/** Words no person's name contains. */
const ALWAYS_TEAM = new Set([
  'team', 'noreply', 'no-reply', 'notifications', 'newsletter', 'newsletters', 'helpdesk', 'kundenservice', 'announcements', 'announce',
  'notices', 'bulletin', 'digest', 'mailer', 'daemon', 'postmaster', 'alerts', 'payroll', 'benefits', 'payable', 'receivable', 'dept', 'department',
  // A machine's own words: "Renovate Bot", "Build Robot", "Meeting Reminders".
  'bot', 'robot', 'scheduler', 'notifier', 'reminder', 'reminders', 'automation',
]);

/**
 * Products and services that send mail in their own name on a workspace's behalf: trackers, chat,
 * calendars and scheduling, e-signature, forms, CRMs and help desks, code hosts, payments ("Jira"
 * <jira@acme.atlassian.net>, "Calendly", "DocuSign"). A display name starting with one names the
 * service, not a person. Product names that are also people's names are left out on purpose
 * (Jenkins, Travis, Miro, Lever, Harvest, Gong, Monday, Apple, Box): there the mailbox decides.
 */
const SERVICE_NAMES = new Set([
  'jira', 'confluence', 'bitbucket', 'trello', 'atlassian', 'github', 'gitlab', 'circleci', 'sentry', 'pagerduty', 'opsgenie', 'datadog',
  'slack', 'zoom', 'webex', 'gotomeeting', 'skype', 'teams', 'calendly', 'doodle', 'docusign', 'hellosign', 'pandadoc', 'adobesign', 'dropbox',
  'typeform', 'surveymonkey', 'jotform', 'qualtrics', 'wufoo', 'eventbrite', 'meetup', 'hubspot', 'salesforce', 'pipedrive', 'zoho', 'zendesk',
  'freshdesk', 'freshworks', 'intercom', 'helpscout', 'mailchimp', 'sendgrid', 'mailgun', 'asana', 'clickup', 'airtable', 'smartsheet', 'wrike',
  'basecamp', 'notion', 'figma', 'canva', 'loom', 'vercel', 'netlify', 'heroku', 'okta', 'zapier', 'ifttt', 'shopify', 'squarespace', 'wordpress',
  'stripe', 'paypal', 'quickbooks', 'xero', 'expensify', 'gusto', 'workday', 'bamboohr', 'greenhouse', 'workable', 'servicenow', 'linkedin',
  'facebook', 'twitter', 'instagram', 'youtube', 'whatsapp', 'google', 'microsoft', 'outlook', 'gmail', 'trustpilot', 'upwork', 'fiverr', 'xing',
]);
/** Does a display name start with a product's or service's name ("Jira", "Google Calendar", "Slack Notifications")? */
export function namesService(display: string): boolean {
  const words = displayWords(display);
  return words.length > 0 && (SERVICE_NAMES.has(words[0]) || SERVICE_NAMES.has(words.join('')));
}
/**
 * "Ada Lovelace via Calendly", "Ada Lovelace (via Google Docs)", "Ada Lovelace (Jira)": a person's
 * name put on a service's or a list's mail. Returns the service; the mailbox is the service's, not
 * the person's. A bracket that names no service ("Kim Ward (Houston)") is the person's own.
 */
export function serviceActingFor(display: string): string | null {
  const via = display.match(/^.+?\s\(?via\s+([^()]+?)\)?\s*$/i);
  if (via) return via[1].trim();
  const bracket = display.match(/^[^([]+[([]\s*([^()[\]]+?)\s*[)\]]\s*$/);
  return bracket && namesService(bracket[1]) ? bracket[1] : null;
}

/**
 * Pieces of a local part that only machines send from ("messages-noreply", "calendar-notification",
 * "mailer-daemon", "bounces+123"): whatever display name goes with it, no person reads that mailbox.
 */
const AUTOMATED_PIECES = new Set([
  'noreply', 'donotreply', 'notification', 'notifications', 'notify', 'alerts', 'mailer', 'daemon', 'bounce', 'bounces', 'postmaster',
  'newsletter', 'newsletters', 'announce', 'announcements', 'digest', 'automated', 'autoreply',
]);

/** no-reply@, messages-noreply@, do_not_reply@, calendar-notification@: a machine's mailbox, never a person's. */
export function isAutomatedMailbox(email: string): boolean {
  const pieces = emailLocalPart(email).split(/[._+-]+/);
  const joined = pieces.join(' ');
  return pieces.some((p) => AUTOMATED_PIECES.has(p)) || /\b(?:no|do not) reply\b/.test(joined);
}

/** sales@, info@, support+eu@, no-reply@: a shared mailbox, not a person's. */
export function isRoleMailbox(email: string): boolean {
  const local = emailLocalPart(email).split('+')[0];
  if (ROLE_LOCAL_PARTS.has(local) || isAutomatedMailbox(email)) return true;
  // "sales.emea", "support-de", "info_uk": a role with a region or team tag.
  const head = local.split(/[._-]/)[0];
  return ROLE_LOCAL_PARTS.has(head) && local.length <= head.length + 6;
}

/**
 * A display name's words for the team rules, lower-cased: joined words written in one
 * ("CustomerNotices", "Mailer-Daemon") are split, so their parts are seen.
 */
export const displayWords = (display: string): string[] =>
  display.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean);

/**
 * Is a display name a team rather than a person? "Example Sales", "The Acme Team", "Customer
 * Support", "Stripe" (alone, naming the mail's domain), "CustomerNotices, WGPHOU" (a list's
 * directory entry), "Do Not Reply", "python-dev" (a mailing list's name), anything sent from a
 * machine's mailbox (`isAutomatedMailbox`). Context decides where a word could be a surname
 * ("Jennifer Sales"): such a name counts as a team only when its mailbox is a role mailbox or
 * the name's other words name the mailbox's domain.
 */
export function isTeamName(display: string, email?: string): boolean {
  const words = displayWords(display);
  if (!words.length) return false;
  if (email && isAutomatedMailbox(email)) return true;
  if (namesService(display) || serviceActingFor(display)) return true;
  // A list's own name: "python-dev", "dl-engineering", "sales_emea" (lower-case, joined, no space).
  if (/^[\p{Ll}\d]+(?:[-_][\p{Ll}\d]+)+$/u.test(display.trim()) || /^dl[-_]/i.test(display.trim())) return true;
  if (/\b(?:no|do not) reply\b/.test(words.join(' '))) return true;
  // A brand as written ("PayPal", "The Economist") is one word naming the mail's domain.
  const written = display.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter((w) => w && w !== 'the');
  const domainLabel = email ? (emailDomain(email) ?? '').split('.').slice(-2, -1)[0] ?? '' : '';
  const namesDomain = !!domainLabel && [...words, ...written].some((w) => w === domainLabel);
  const role = email ? isRoleMailbox(email) : false;
  if (words.some((w) => ALWAYS_TEAM.has(w))) return true;
  const teamWords = words.filter((w) => TEAM_WORDS.has(w));
  if (!teamWords.length) return written.length === 1 && namesDomain && role;
  // Two or more team words ("Customer Support") or one next to nothing personal.
  if (teamWords.length >= 2 || words.length === 1) return true;
  // One team word beside other words: "Example Sales" or "Jennifer Sales"? The mailbox decides.
  if (!email) return words[0] === 'the';
  return role || namesDomain;
}

/**
 * Words under which search and lookups find an address: the whole address, the part before @
 * ("first.last"), each of its pieces ("first", "last"), everything from a piece on
 * ("last@company.com") and the domain ("company.com", "company").
 */
export function emailSearchTerms(email: string): string[] {
  const e = email.trim().toLowerCase();
  const at = e.lastIndexOf('@');
  if (at <= 0) return [e];
  const local = e.slice(0, at);
  const domain = e.slice(at + 1);
  const out = new Set<string>([e, local, domain]);
  const pieces = local.split(/[._+-]+/).filter(Boolean);
  for (const p of pieces) out.add(p);
  for (let i = 1; i < e.length; i++) if (/[._+-]/.test(e[i - 1]) && i < at) out.add(e.slice(i));
  const labels = domain.split('.');
  for (let i = 0; i < labels.length; i++) out.add(labels.slice(i).join('.'));
  for (const l of labels) out.add(l);
  out.delete('');
  return [...out];
}
