import type { EmailMessage } from '../email.ts';

/** One site's reading of the open message. Its DOM changes: keep every selector in its file. */
export type WebmailAdapter = {
  name: string;
  hosts: RegExp;
  readOpenMessage: (doc: ParentNode) => EmailMessage | null;
};
