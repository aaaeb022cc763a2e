import { WEBMAIL_SITES } from './hosts.ts';
import { elementText } from '../html-text.ts';
import { cleanText } from '../text.ts';
import type { WebmailAdapter } from './types.ts';

// Outlook on the web (outlook.office.com, outlook.live.com): its class names are generated,
// so this reads ARIA labels and test ids, which survive its redesigns better.
const PANE = '[aria-label="Reading Pane"], [role="main"]';
const BODY = '[aria-label="Message body"]';
const SENDER = '[data-testid="SenderPersona"], [aria-label^="From:"], [aria-label^="From "]';
const DATE = '[data-testid="SentReceivedSavedTime"]';
const SUBJECT = '[role="heading"][aria-level="2"], [role="heading"]';
const NAMED = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/;

/** Reads the message open in Outlook's reading pane (the last body when a thread is expanded). */
export const outlook: WebmailAdapter = {
  name: 'outlook',
  hosts: WEBMAIL_SITES.outlook.hosts,
  readOpenMessage(doc) {
    const pane = doc.querySelector(PANE) ?? doc;
    const bodies = pane.querySelectorAll(BODY);
    const body = bodies[bodies.length - 1];
    const senderEl = pane.querySelector(SENDER);
    if (!body || !senderEl) return null;
    const raw = cleanText(senderEl.getAttribute('title') || senderEl.textContent).replace(/^From:?\s*/i, '');
    const m = raw.match(NAMED);
    const from = m ? { name: m[1], address: m[2] } : raw.includes('@') ? { address: raw } : { name: raw };
    return {
      from,
      subject: cleanText(pane.querySelector(SUBJECT)?.textContent),
      date: cleanText(pane.querySelector(DATE)?.textContent) || undefined,
      text: elementText(body.cloneNode(true) as Element),
    };
  },
};
