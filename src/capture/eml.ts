import PostalMime from 'postal-mime';
import type { Candidate, ExtractOptions } from './candidate.ts';
import { extractFromMessage, type EmailMessage, type Mailbox } from './email.ts';
import { parseHTML } from 'linkedom';
import { elementText } from './html-text.ts';
import { readText } from './bytes.ts';
import { textWithoutTags, tooDeep } from './html-depth.ts';

/**
 * Reads an RFC 822 message (.eml) with postal-mime; attachments are not decoded. A binary file
 * is refused (CaptureFileError, naming `name`); a message in 8-bit text that declares no charset
 * and is not UTF-8 (old Windows mailers) is read as windows-1252, as mail clients do.
 */
export async function parseEml(raw: string | ArrayBuffer | Uint8Array, name = 'This file'): Promise<EmailMessage> {
  const email = await PostalMime.parse(undeclared8bit(raw, name), { attachmentEncoding: 'arraybuffer' });
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

function undeclared8bit(raw: string | ArrayBuffer | Uint8Array, name: string): string | ArrayBuffer | Uint8Array {
  if (typeof raw === 'string') return raw;
  const bytes = raw instanceof Uint8Array ? raw : new Uint8Array(raw);
  const text = readText(name, bytes);
  if (bytes.every((b) => b < 0x80)) return raw;
  // Read as windows-1252 (not UTF-8) and no part says its charset: give postal-mime the text.
  return new TextDecoder('utf-8').decode(bytes) !== text && !/charset\s*=/i.test(text) ? text : raw;
}

/** .eml → the sender (header + signature) and a distinct Reply-To person, as candidates. */
export async function extractFromEml(raw: string | ArrayBuffer | Uint8Array, opts: ExtractOptions = {}, name?: string): Promise<Candidate[]> {
  return extractFromMessage(await parseEml(raw, name), opts);
}

// Quoted messages in HTML mail: cite blockquotes and the quote containers of Gmail, Yahoo,
// Thunderbird and Outlook. Their text (and their signatures) belong to someone else.
const QUOTED = 'blockquote, .gmail_quote, .yahoo_quoted, .moz-cite-prefix, #divRplyFwdMsg, #appendonsend';

/** Plain text of an HTML-only body with its line structure kept (one line per block, table
 *  cell or list item) and quoted messages left out. */
function htmlToText(html: string): string {
  // A body nested deeper than a browser builds (html-depth.ts) is read as its text without tags:
  // the sender and the signature still come, without linkedom's seconds on it.
  if (tooDeep(html)) return textWithoutTags(html);
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  for (const el of document.body.querySelectorAll(QUOTED)) {
    // Outlook's reply header starts the quoted part: everything after it goes too.
    if (/^(divRplyFwdMsg|appendonsend)$/.test(el.id)) while (el.nextSibling) el.nextSibling.remove();
    el.remove();
  }
  return elementText(document.body);
}
