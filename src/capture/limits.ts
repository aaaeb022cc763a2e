/**
 * The caps and source names of a candidate, apart from its zod schema (candidate.ts): the page
 * script (extract-page.js, injected at every scan) needs these, not a schema library. The side
 * panel validates what the page answers (src/ext/capture.ts): the page is untrusted.
 */

/** A hostile page must not be able to blow up a message or the side panel: every string is
 *  capped at MAX_FIELD characters and every list at MAX_VALUES entries. */
export const MAX_FIELD = 500;
export const MAX_VALUES = 50;
/** A team page can list many people; beyond this the rest is dropped, not the tab. */
export const MAX_CANDIDATES = 200;

export const SOURCES = [
  'json-ld', 'microdata', 'rdfa', 'h-card', 'vcard', 'meta', 'link', 'selection',
  'email-header', 'signature', 'webmail',
  // "Name: … / Email: …" lines of a form or booking notification: the person it is about, not the signer.
  'email-form',
] as const;
