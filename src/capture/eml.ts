import PostalMime from 'postal-mime';
import type { Candidate, ExtractOptions } from './candidate.ts';
import { extractFromMessage, type EmailMessage, type Mailbox } from './email.ts';
import { parseHTML } from 'linkedom';
import { elementText } from './html-text.ts';

/** Reads an RFC 822 message (.eml) with postal-mime; attachments are not decoded. */
export async function parseEml(raw: string | ArrayBuffer | Uint8Array): Promise<EmailMessage> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
  const mailbox = (a: { name?: string; address?: string } | undefined): Mailbox | undefined =>
    a && { name: a.name || undefined, address: a.address || undefined };
  const list = (as: { name?: string; address?: string; group?: unknown[] }[] | undefined) =>
    (as ?? []).filter((a) => !('group' in a && a.group)).map((a) => mailbox(a)!).slice(0, 50);
  return {
    from: mailbox(email.from as Mailbox | undefined),
    replyTo: list(email.replyTo as Mailbox[] | undefined),
    to: list(email.to as Mailbox[] | undefined),
    subject: email.subject,
    date: email.date,
    messageId: email.messageId,
    text: email.text ?? (email.html ? htmlToText(email.html) : ''),
  };
}

/** .eml → the sender (header + signature) and a distinct Reply-To person, as candidates. */
export async function extractFromEml(raw: string | ArrayBuffer | Uint8Array, opts: ExtractOptions = {}): Promise<Candidate[]> {
  return extractFromMessage(await parseEml(raw), opts);
}

// Quoted messages in HTML mail: cite blockquotes and the quote containers of Gmail, Yahoo,
// Thunderbird and Outlook. Their text (and their signatures) belong to someone else.
const QUOTED = 'blockquote, .gmail_quote, .yahoo_quoted, .moz-cite-prefix, #divRplyFwdMsg, #appendonsend';

/** Plain text of an HTML-only body with its line structure kept (one line per block, table
 *  cell or list item) and quoted messages left out. */
function htmlToText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  for (const el of document.body.querySelectorAll(QUOTED)) {
    // Outlook's reply header starts the quoted part: everything after it goes too.
    if (/^(divRplyFwdMsg|appendonsend)$/.test(el.id)) while (el.nextSibling) el.nextSibling.remove();
    el.remove();
  }
  return elementText(document.body);
}
