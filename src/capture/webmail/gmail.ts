import { WEBMAIL_SITES } from './hosts.ts';
import { elementText } from '../html-text.ts';
import { cleanText } from '../text.ts';
import type { WebmailAdapter } from './types.ts';

// Gmail's stable-ish class names (2020–2026): .adn = one expanded message of a thread,
// .gD[email] = its sender, .g3[title] = its date, .a3s = its body, h2.hP = the thread subject.
const MESSAGE = '.adn';
const SENDER = '.gD[email]';
const DATE = '.g3';
const BODY = '.a3s';
const SUBJECT = 'h2.hP';

/** Reads the last expanded message of the open Gmail thread. */
export const gmail: WebmailAdapter = {
  name: 'gmail',
  hosts: WEBMAIL_SITES.gmail.hosts,
  readOpenMessage(doc) {
    const messages = doc.querySelectorAll(MESSAGE);
    const msg = messages[messages.length - 1];
    const sender = msg?.querySelector(SENDER);
    if (!msg || !sender) return null;
    const date = msg.querySelector(DATE);
    return {
      from: { name: cleanText(sender.getAttribute('name') ?? sender.textContent), address: cleanText(sender.getAttribute('email')) },
      subject: cleanText(doc.querySelector(SUBJECT)?.textContent),
      date: cleanText(date?.getAttribute('title') ?? date?.textContent) || undefined,
      // Gmail's own quoted-text wrapper: dropping it beats guessing a "wrote:" line.
      text: elementText(withoutQuotes(msg.querySelector(BODY))),
    };
  },
};

function withoutQuotes(body: Element | null): Element | null {
  const copy = body?.cloneNode(true) as Element | null;
  for (const q of copy?.querySelectorAll('.gmail_quote, .gmail_extra, blockquote') ?? []) q.remove();
  return copy;
}
