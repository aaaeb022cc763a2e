import { ADDRESS, configChoice, entryList, tags, text, type FieldSpec } from '../records/field-kinds.ts';

export const COMPANY_FIELDS: FieldSpec[] = [
  text('name', 'Name'), text('emailDomain', 'Email domain'),
  entryList('websites', 'Websites', 'url'), entryList('phones', 'Phones', 'number'), ...ADDRESS,
  configChoice('contactTypeId', 'Contact type', 'contactTypes', { empty: '—' }),
  configChoice('ownerId', 'Owner', 'members', { empty: 'Nobody' }), tags(), text('details', 'Details', 'textarea'),
];
