/**
 * The value a table sorts a record by, for any column: a field ("title"), a part of one
 * ("name.last", "address.city", "custom.size"), or a list whose first entry stands for it
 * (emails, phones, websites). Pure, so the read model and tests sort alike.
 *
 * `rank` orders choice fields by the order users see (statuses, stages, members by name)
 * instead of their ids: a value's position in it is its key, values not in it go last.
 */
export type SortKey = string | number;

/** Sorts after every real value in either direction's "empty last" pass. */
const EMPTY = '\uffff';

function entryText(v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const e = v as Record<string, unknown>;
    return e.email ?? e.number ?? e.url ?? e.name ?? e.id ?? JSON.stringify(e);
  }
  return v;
}

export function fieldAt(data: Record<string, unknown>, path: string): unknown {
  let v: unknown = data;
  for (const part of path.split('.')) {
    if (v === null || v === undefined || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

export function sortKeyOf(data: Record<string, unknown>, path: string, rank?: readonly string[]): SortKey {
  let v = fieldAt(data, path);
  if (Array.isArray(v)) v = v.length ? (path === 'tags' || path.startsWith('custom.') ? v.map(entryText).join(', ') : entryText(v[0])) : undefined;
  else v = entryText(v);
  if (v === undefined || v === null || v === '') return EMPTY;
  if (rank) {
    const i = rank.indexOf(String(v));
    return i < 0 ? rank.length : i;
  }
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return String(v).toLocaleLowerCase();
}

/**
 * Compares two keys: empty values last whichever the direction (a sort by close date shows
 * the deals that have one first), numbers before text, ties left to the caller.
 */
export function compareSortKeys(a: SortKey, b: SortKey, dir: 'asc' | 'desc'): number {
  const ea = a === EMPTY;
  const eb = b === EMPTY;
  if (ea || eb) return ea === eb ? 0 : ea ? 1 : -1;
  const na = typeof a === 'number';
  const nb = typeof b === 'number';
  const c = na && nb ? (a as number) - (b as number) : na !== nb ? (na ? -1 : 1) : (a as string).localeCompare(b as string);
  return dir === 'asc' ? c : -c;
}
