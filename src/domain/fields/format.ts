import { displayName } from '../search.ts';
import { fullName, type Name } from '../common.ts';
import { valueOf, type CatalogueField } from './catalogue.ts';
import { formatMoney } from './money.ts';

export { formatMoney };

/** Names the formatter needs from the workspace (config lists, members, linked records). */
export type NameLookup = {
  /** A config entity's or member's name; falls back to something readable, never a raw id. */
  configName(list: string, id: string): string;
  memberName(id: string): string;
  recordName?(collection: string, id: string): string;
  locale?: string;
};

const cap = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** A field's value as display text (tables, read mode, export of labels). Empty string: no value. */
export function formatValue(field: CatalogueField, record: Record<string, unknown>, names: NameLookup): string {
  const v = valueOf(field, record);
  if (v === undefined || v === null || v === '') return '';
  const locale = names.locale;
  switch (field.kind) {
    case 'name': return typeof v === 'string' ? v : fullName(v as Name) || displayName(record);
    case 'emails': return (v as { email: string }[]).map((e) => e.email).join(', ');
    case 'phones': return (v as { number: string }[]).map((e) => e.number).join(', ');
    case 'urls': return (v as { url: string }[]).map((e) => e.url).join(', ');
    case 'tags': return (v as string[]).join(', ');
    case 'address': return formatAddress(v as Record<string, string>);
    case 'money': {
      const currency = typeof record.currency === 'string' && !field.custom ? record.currency : undefined;
      return formatMoney(v as number, currency, locale);
    }
    case 'percent': return `${v}%`;
    case 'number': return (v as number).toLocaleString(locale);
    case 'date': return formatIsoDate(v as string, locale);
    case 'datetime': return new Date(v as number).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
    case 'checkbox': return v ? 'Yes' : 'No';
    case 'choice':
      if (field.choices?.from === 'options') return field.choices.options.find((o) => o.id === v)?.name ?? String(v);
      return field.choices?.from === 'config' ? names.configName(field.choices.list, String(v)) : String(v);
    case 'multiChoice': {
      const opts = field.choices?.from === 'options' ? field.choices.options : [];
      return (v as string[]).map((id) => opts.find((o) => o.id === id)?.name ?? id).join(', ');
    }
    case 'enum': return cap(String(v));
    case 'member': return names.memberName(String(v));
    case 'recordRef': {
      if (typeof v === 'object') { const r = v as { type: string; id: string }; return names.recordName?.(r.type, r.id) ?? ''; }
      return field.ref ? names.recordName?.(field.ref, String(v)) ?? '' : '';
    }
    default: return String(v);
  }
}

/**
 * A money field as read mode shows it ("€12,000.00", "12.000,00 €" in de-DE): built-in values
 * in the record's currency (else the workspace's default), custom currency fields without one.
 * '' when there is no value.
 */
export function moneyText(field: Pick<CatalogueField, 'key' | 'custom'>, record: Record<string, unknown>, defaultCurrency?: string, locale?: string): string {
  const v = valueOf(field, record);
  if (typeof v !== 'number' || !Number.isFinite(v)) return '';
  const currency = field.custom ? undefined : typeof record.currency === 'string' ? record.currency : defaultCurrency;
  return formatMoney(v, currency, locale);
}


/** A YYYY-MM-DD date shown in the user's locale without shifting it across time zones. */
export function formatIsoDate(iso: string, locale?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toLocaleDateString(locale, { timeZone: 'UTC', dateStyle: 'medium' });
}

export function formatAddress(a: Record<string, string>): string {
  if (a.formatted) return a.formatted;
  return [a.street, a.street2, [a.postalCode, a.city].filter(Boolean).join(' '), a.state, a.country].filter(Boolean).join(', ');
}
