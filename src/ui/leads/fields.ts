import { ADDRESS, NAME, configChoice, entryList, money, tags, text, type FieldSpec } from '../records/field-kinds.ts';

export const LEAD_FIELDS: FieldSpec[] = [
  ...NAME,
  text('title', 'Title'), text('companyName', 'Company'), text('email', 'Email', 'email'),
  entryList('phones', 'Phones', 'number'), entryList('websites', 'Websites', 'url'), entryList('socials', 'Social profiles', 'url'),
  ...ADDRESS,
  configChoice('statusId', 'Status', 'leadStatuses'), configChoice('sourceId', 'Source', 'sources', { empty: '—' }),
  configChoice('ownerId', 'Owner', 'members', { empty: 'Nobody' }), tags(),
  money('monetaryValue', 'Value'), text('currency', 'Currency'), text('details', 'Details', 'textarea'),
];
