const text = (x: unknown): string => (typeof x === 'string' ? x.trim() : '');
const firstOf = (list: unknown, key: string): string => (Array.isArray(list) ? list.map((e) => text((e as Record<string, unknown>)?.[key])).find(Boolean) ?? '' : '');

/**
 * A list row's second line: title, company and email ("Head of Sales · Acme · ada@acme.io"; a
 * person's first email as a lead's); a record with none of those shows how to reach it instead
 * (its first phone, site or email domain), so no row is a name over an empty line. The company
 * is a lead's typed name, or `company`: the name of the company a person's `companyId` points at,
 * once a list has read it (the row itself holds only the id). Pure.
 */
export function subtitleOf(d: Record<string, unknown>, company = ''): string {
  const main = [text(d.title), text(d.companyName) || company.trim(), text(d.email) || firstOf(d.emails, 'email')].filter(Boolean);
  if (main.length) return main.join(' · ');
  return firstOf(d.phones, 'number') || firstOf(d.websites, 'url') || text(d.emailDomain);
}
