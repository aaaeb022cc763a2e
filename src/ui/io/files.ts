import type { ImportAs, Target } from '../../domain/csv/index.ts';
import type { PickedFile } from '../ports.ts';
import type { SaveFile } from '../models/export-model.ts';

/**
 * A file from an <input type=file>, read only when asked. FileReader encodes base64 natively
 * (not in this page's JavaScript), so a 25 MB file does not freeze the screen.
 */
export function pickedFile(file: File): PickedFile {
  return {
    name: file.name,
    size: file.size,
    text: () => file.text(),
    base64: () => new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
      reader.onerror = () => reject(reader.error ?? new Error('the browser could not read the file'));
      reader.readAsDataURL(file);
    }),
  };
}

/** Downloads text as a file: a Blob behind a temporary link (works in Chrome and Firefox, no permission). */
export const saveFile: SaveFile = ({ name, mime, text }) => {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
};

/** What each mapping target is called in the column selects. */
export const TARGET_LABELS: Record<Target, string> = {
  name: 'Full name', prefix: 'Name prefix', firstName: 'First name', middleName: 'Middle name', lastName: 'Last name', suffix: 'Name suffix',
  title: 'Job title', companyName: 'Company', email: 'Email', phone: 'Phone', website: 'Website', social: 'Social profile',
  street: 'Street', street2: 'Street (line 2)', city: 'City', state: 'State / region', postalCode: 'Postal code', country: 'Country',
  addressFormatted: 'Address (one line)', tags: 'Tags', details: 'Notes', source: 'Source', status: 'Status', owner: 'Owner',
  monetaryValue: 'Value', currency: 'Currency', emailDomain: 'Email domain', label: 'Label of the next value', custom: 'Custom field',
};

/** Targets that mean something for a record type (the custom fields are added from the config). */
const NOT_FOR: Record<ImportAs, Target[]> = {
  leads: ['emailDomain', 'custom'],
  people: ['source', 'status', 'monetaryValue', 'currency', 'emailDomain', 'custom'],
  companies: ['prefix', 'firstName', 'middleName', 'lastName', 'suffix', 'title', 'companyName', 'email', 'social', 'source', 'status', 'monetaryValue', 'currency', 'custom'],
};

export function targetsFor(as: ImportAs): Target[] {
  return (Object.keys(TARGET_LABELS) as Target[]).filter((t) => !NOT_FOR[as].includes(t));
}
