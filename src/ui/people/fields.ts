import { ADDRESS, NAME, configChoice, entryList, tags, text, type FieldSpec } from '../records/field-kinds.ts';

export const PERSON_FIELDS: FieldSpec[] = [
  ...NAME, text('title', 'Title'),
  entryList('emails', 'Emails', 'email'), entryList('phones', 'Phones', 'number'),
  entryList('websites', 'Websites', 'url'), entryList('socials', 'Social profiles', 'url'),
  ...ADDRESS,
  configChoice('contactTypeId', 'Contact type', 'contactTypes', { empty: '—' }),
  configChoice('ownerId', 'Owner', 'members', { empty: 'Nobody' }), tags(), text('details', 'Details', 'textarea'),
];
