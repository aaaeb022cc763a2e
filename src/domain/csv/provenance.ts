import type { ImportAs, ColumnMapping, Target } from './targets.ts';
import type { Origin, WriteProvenance } from '../provenance.ts';

/** The record field a column's target fills (row.ts assembles them); labels fill none. */
function fieldOf(target: Target, as: ImportAs, customId?: string): string | undefined {
  switch (target) {
    case 'name': case 'prefix': case 'firstName': case 'middleName': case 'lastName': case 'suffix':
      return 'name';
    case 'email': return as === 'leads' ? 'email' : 'emails';
    case 'phone': return 'phones';
    case 'website': return 'websites';
    case 'social': return 'socials';
    case 'street': case 'street2': case 'city': case 'state': case 'postalCode': case 'country': case 'addressFormatted':
      return 'address';
    case 'source': return 'sourceId';
    case 'status': return 'statusId';
    case 'owner': return 'ownerId';
    case 'companyName': return as === 'people' ? 'companyId' : 'companyName';
    case 'custom': return customId ? `custom.${customId}` : undefined;
    case 'label': return undefined;
    default: return target;
  }
}

/**
 * Where an imported row's values came from: per field, the file and the column(s) that filled it
 * ("First Name, Last Name" for a name made of two). A vCard file's values are "vCard", a CSV's
 * "CSV column …". Fields not filled from a column (a company's email domain taken from its
 * website) say the file.
 */
export function importProvenance(mapping: readonly ColumnMapping[], as: ImportAs, format: 'csv' | 'vcard', file?: string): WriteProvenance {
  const base: Origin = { method: format === 'vcard' ? 'vcard' : 'csv', ...(file ? { file: file.slice(0, 300) } : {}) };
  const columns = new Map<string, string[]>();
  for (const m of mapping) {
    if (!m.target) continue;
    const field = fieldOf(m.target, as, m.customId);
    if (!field) continue;
    const list = columns.get(field) ?? [];
    if (m.header && !list.includes(m.header)) list.push(m.header);
    columns.set(field, list);
  }
  const fields: Record<string, Origin> = {};
  for (const [field, headers] of columns) fields[field] = { ...base, ...(format === 'csv' && headers.length ? { column: headers.join(', ').slice(0, 300) } : {}) };
  return { origin: base, fields };
}
