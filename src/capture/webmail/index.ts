import type { Candidate, ExtractOptions } from '../candidate.ts';
import { extractFromMessage, type EmailMessage } from '../email.ts';
import { gmail } from './gmail.ts';
import { outlook } from './outlook.ts';
import type { WebmailAdapter } from './types.ts';

export const WEBMAIL_ADAPTERS: WebmailAdapter[] = [gmail, outlook];

export const adapterFor = (host: string) => WEBMAIL_ADAPTERS.find((a) => a.hosts.test(host.toLowerCase())) ?? null;

/** The open message of a webmail page, or null when the host is not one or no message is open. */
export function readWebmail(doc: ParentNode, host: string): EmailMessage | null {
  try {
    return adapterFor(host)?.readOpenMessage(doc) ?? null;
  } catch {
    return null; // a redesigned page must not break the rest of the scan
  }
}

/** Sender and signature of the open webmail message as candidates (header source 'webmail'). */
export function extractFromWebmail(doc: ParentNode, host: string, opts: ExtractOptions = {}): Candidate[] {
  const msg = readWebmail(doc, host);
  return msg ? extractFromMessage(msg, { ...opts, headerSource: 'webmail' }) : [];
}
