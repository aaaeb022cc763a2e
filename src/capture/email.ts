import type { Candidate, ExtractOptions, Source } from './candidate.ts';
import { addEmail, emptyCandidate, finish, readNationalNumbers, setName, setText, withOrigin } from './draft.ts';
import { agreedCountry } from '../domain/identity/country-signals.ts';
import { formSubmission } from './form-fields.ts';
import { mergeCandidates } from './merge.ts';
import { stripQuotedReply } from './quotes.ts';
import { personAndCompany, senderName, teamMailbox } from './sender.ts';
import { signatureParts } from './signature.ts';
import { applySignature } from './signature-fields.ts';
import { registrableDomain } from './social.ts';

export type Mailbox = { name?: string; address?: string };

/** An email as both .eml parsing and webmail adapters see it: plain data, no DOM. */
export type EmailMessage = {
  from?: Mailbox;
  replyTo?: Mailbox[];
  to?: Mailbox[];
  subject?: string;
  date?: string;
  messageId?: string;
  /** Plain-text body, quoted replies included (they are stripped here). */
  text: string;
};

/** Bodies beyond this are newsletters or logs; the signature sits in the first part anyway… */
const MAX_BODY = 200_000;

/**
 * The sender of a message as a candidate: display name ("Last, First" forms too) and address
 * from the header, Reply-To when it is the same person, and the signature block found after
 * removing quoted replies, parsed into title, company, phones, website and address.
 */
export function extractFromMessage(msg: EmailMessage, opts: ExtractOptions & { headerSource?: Source } = {}): Candidate[] {
  const header = { source: opts.headerSource ?? 'email-header', confidence: 0.9 } as const;
  const c = emptyCandidate('person');
  const address = addEmail(c, msg.from?.address, header, 'work');
  // A team mailbox ("Acme Sales <sales@acme.com>") names the company; the person, if any,
  // is whoever signs the message.
  // "Jane Doe | Acme", "Doe, Jane (Acme Corp)": the person's part is the name, the rest their company.
  const split = personAndCompany(msg.from?.name, address);
  const displayName = split?.person ?? msg.from?.name;
  const team = teamMailbox(displayName, address);
  const parsed = team ? null : senderName(displayName, address);
  if (parsed) setName(c, parsed.parts, { ...header, confidence: parsed.fromAddress ? 0.4 : 0.8 });
  const company = team?.company ?? split?.company;
  if (company) setText(c, 'companyName', company, { ...header, confidence: 0.4 });
  const others: Candidate[] = [];
  for (const r of msg.replyTo ?? []) {
    const same = !r.name || r.name === msg.from?.name || registrableDomain(r.address ?? '') === registrableDomain(address);
    if (same) addEmail(c, r.address, { ...header, confidence: 0.6 });
    else others.push(mailboxCandidate(r, header.source));
  }
  const body = stripQuotedReply(msg.text.slice(0, MAX_BODY));
  const { signature, footer } = signatureParts(body, c.name);
  // A shared signature's other people are candidates of their own, after the sender.
  if (signature.length || footer.length) others.push(...applySignature(c, signature, { source: 'signature', confidence: 0.6 }, opts, footer));
  // The sender's national numbers ("0711 5555 0142") read as one country's when their address's
  // country-code domain and their signature's address agree on it (identity's agreedCountry).
  const country = agreedCountry({ host: address?.split('@')[1], addressCountries: [c.address?.country] });
  if (country) readNationalNumbers(c, country);
  if (team && !c.name) c.kind = 'organization';
  // A form or booking notification ("Name: … / Email: …") names the person it is about: the
  // message is about them (a site's form mailer, a scheduling tool, a colleague passing a lead
  // on), so they come first; the sender stays a candidate after them.
  const form = formSubmission(body, { source: 'email-form', confidence: 0.6 }, opts, address);
  const all = mergeCandidates([finish(c), ...others, form].filter((x): x is Candidate => !!x));
  const lead = form ? all.findIndex((x) => x.emails.some((e) => form.emails[0]?.value === e.value) || x.name?.full === form.name?.full) : -1;
  if (lead > 0) all.unshift(...all.splice(lead, 1));
  return all.map((x) => withOrigin(x, { messageId: msg.messageId }));
}

function mailboxCandidate(m: Mailbox, source: Source): Candidate {
  const c = emptyCandidate('person');
  addEmail(c, m.address, { source, confidence: 0.7 });
  const parsed = senderName(m.name, m.address);
  if (parsed) setName(c, parsed.parts, { source, confidence: parsed.fromAddress ? 0.3 : 0.6 });
  return finish(c) ?? c;
}
