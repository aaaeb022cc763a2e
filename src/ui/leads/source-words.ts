import type { Candidate } from '../../capture/candidate.ts';

type Source = Candidate['sources'][number];

/**
 * Where a captured contact was read, in a rep's words: "From json-ld + h-card" meant nothing to
 * one. Every extractor has an entry (the record's type makes a new one fail to compile until it
 * is worded); kinds a rep cannot tell apart (JSON-LD, microdata, RDFa) read alike.
 */
const WORDS: Record<Source, string> = {
  'json-ld': "the page's structured data",
  microdata: "the page's structured data",
  rdfa: "the page's structured data",
  'h-card': 'a contact card on the page',
  vcard: 'the vCard',
  meta: "the page's title and description",
  link: 'email and phone links on the page',
  selection: 'the text you selected',
  'email-header': "the email's sender",
  signature: "the email's signature",
  webmail: 'the open email',
  'email-form': "the form fields in the email",
};

/** "Read from the page's structured data and a contact card on the page"; '' with no source. */
export function sourceWords(sources: readonly Source[]): string {
  const words = [...new Set(sources.map((s) => WORDS[s]))];
  if (!words.length) return '';
  const list = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
  return `Read from ${list}`;
}
