// Public API of capture: pure extractors from a page, an email, a vCard or text to candidates.
export * from './candidate.ts';
export { extractFromDocument } from './document.ts';
export { extractFromHtml } from './html.ts';
export { extractFromEml, parseEml } from './eml.ts';
export { extractFromMessage, type EmailMessage, type Mailbox } from './email.ts';
export { extractFromText } from './selection.ts';
export { extractFromVcf } from './vcard.ts';
export { mergeCandidates } from './merge.ts';
export { extractFromFile, fileKind, decodeBytes, type FileKind } from './file.ts';
export { adapterFor, extractFromWebmail, readWebmail, WEBMAIL_ADAPTERS } from './webmail/index.ts';
export type { WebmailAdapter } from './webmail/types.ts';
export { extractFromPage, type PageInput } from './page.ts';
