/**
 * Who is who: the one home of the rules that say what a name, an email, a phone, a web
 * address, a company or a postal address is, and when two of them are the same. Capture, CSV,
 * vCard, dedupe, search, import, conversion and merge all call these.
 */
export * from './names.ts';
export * from './emails.ts';
export * from './phones.ts';
export * from './web.ts';
export * from './companies.ts';
export * from './addresses.ts';
