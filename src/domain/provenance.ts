import { z } from './zod.ts';
import { Id, MAX_LIST, Timestamp } from './common.ts';

/**
 * Where each fact came from (issue 14 §4, GDPR Art. 14): per field of a record, how its value
 * was found (the method), where (page, file, message, CSV column, form), when and by whom. A
 * record's `provenance` maps a field key ('title', 'phones', 'custom.<id>') to one of these;
 * list fields also keep per-entry origins (`items`, keyed by `entryKey`), so "where did we get
 * this phone number?" has an answer per number. Stored one key per field beside the value
 * (src/layout/records-doc.ts), so it merges field by field like the value it describes.
 */
export const PROVENANCE_METHODS = [
  // capture extractors (src/capture/candidate.ts SOURCES)
  'json-ld', 'microdata', 'rdfa', 'h-card', 'vcard', 'meta', 'link', 'selection', 'email-header', 'signature', 'webmail', 'email-form',
  // the other ways a value arrives
  'csv', 'web-form', 'typed', 'api',
] as const;
export const ProvenanceMethod = z.enum(PROVENANCE_METHODS);
export type ProvenanceMethod = z.infer<typeof ProvenanceMethod>;

const Where = z.string().max(2048);
const Short = z.string().max(300);

/** How and where, without when and by whom (what a writer hands the store). */
export const Origin = z
  .object({
    method: ProvenanceMethod,
    /** The page the value was found on. */
    url: Where.optional(),
    /** The dropped or imported file's name. */
    file: Short.optional(),
    /** The email's Message-ID. */
    messageId: Short.optional(),
    /** The CSV column's header. */
    column: Short.optional(),
    /** The web-to-lead form's id. */
    formId: Short.optional(),
  })
  .strict();
export type Origin = z.infer<typeof Origin>;

/** An origin stamped by the store with when and by whom (a member id, or `form:<id>`). */
export const Stamped = Origin.extend({ at: Timestamp, by: z.string().max(200) }).strict();
export type Stamped = z.infer<typeof Stamped>;

export const FieldProvenance = Stamped.extend({ items: z.record(z.string().max(2048), Stamped).optional() })
  .strict()
  .refine((p) => !p.items || Object.keys(p.items).length <= MAX_LIST * 2, 'too many entries');
export type FieldProvenance = z.infer<typeof FieldProvenance>;

/** A record's provenance: field key → where its value came from. */
export const ProvenanceMap = z.record(z.string().max(200), FieldProvenance);
export type ProvenanceMap = z.infer<typeof ProvenanceMap>;

/**
 * What a write says about the origin of its values: one origin for every field, optionally a
 * different one per field, and per list entry (a capture's second phone from h-card, the first
 * from JSON-LD). Keys of `items` are `entryKey`s.
 */
export const WriteProvenance = z
  .object({
    origin: Origin,
    fields: z.record(z.string().max(200), Origin).optional(),
    items: z.record(z.string().max(200), z.record(z.string().max(2048), Origin)).optional(),
  })
  .strict();
export type WriteProvenance = z.infer<typeof WriteProvenance>;

export const typed = (): WriteProvenance => ({ origin: { method: 'typed' } });

/** The list fields whose entries carry their own origin, and the value that names an entry. */
const ENTRY_VALUE: Record<string, (e: Record<string, unknown>) => unknown> = {
  emails: (e) => e.email,
  phones: (e) => e.number,
  websites: (e) => e.url,
  socials: (e) => e.url,
};
export const isEntryList = (field: string) => field in ENTRY_VALUE;

/**
 * The key of a list entry: its value as stored (trimmed; emails in lower case). Entries are
 * looked up by the very value they were written with (capture, import, merge and conversion
 * copy entries as they are), so no identity parsing is needed on every write: a phone parse
 * per entry made each update of a record with phones several times slower.
 */
export function entryKey(field: string, entry: unknown): string {
  const raw = typeof entry === 'string' ? entry : String(ENTRY_VALUE[field]?.(entry as Record<string, unknown>) ?? '');
  const v = raw.trim();
  return field === 'emails' ? v.toLowerCase() : v;
}

/** The field keys a write's values stand for: top-level fields, and one per custom value. */
export function fieldKeys(set: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(set)) {
    if (k === 'custom' && v && typeof v === 'object') for (const cid of Object.keys(v)) out.push(`custom.${cid}`);
    else out.push(k);
  }
  return out;
}

/** The value a field key names in a record's fields ('custom.<id>' in `custom`). */
export const valueAt = (fields: Record<string, unknown>, key: string) =>
  key.startsWith('custom.') ? (fields.custom as Record<string, unknown> | undefined)?.[key.slice(7)] : fields[key];
/** A value provenance is never kept for (a write that empties a field drops its provenance). */
export const emptyValue = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * The provenance entries a write leaves (field key → new provenance, or null to drop it): every
 * written field takes the write's origin, stamped with `at` and `by`. A list keeps the origin of
 * the entries it had and gives the new ones the write's (or the entry's own, from `items`).
 * `keys` limits which written fields are described (rules' bookkeeping fields are not).
 */
export function stampWrite(
  prev: ProvenanceMap | undefined,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  keys: string[],
  write: WriteProvenance,
  stamp: { at: number; by: string },
): Record<string, FieldProvenance | null> {
  const out: Record<string, FieldProvenance | null> = {};
  for (const key of keys) {
    const value = valueAt(after, key);
    if (emptyValue(value)) { if (prev?.[key]) out[key] = null; continue; }
    const origin = write.fields?.[key] ?? write.origin;
    const p: FieldProvenance = { ...origin, ...stamp };
    if (isEntryList(key) && Array.isArray(value)) {
      const old = new Set(((valueAt(before, key) as unknown[]) ?? []).map((e) => entryKey(key, e)));
      const items: Record<string, Stamped> = {};
      for (const e of value) {
        const k = entryKey(key, e);
        if (!k) continue;
        if (old.has(k)) {
          // An entry the record had keeps its origin; one from before provenance stays unknown.
          const kept = prev?.[key]?.items ? prev[key].items![k] : prev?.[key] && withoutItems(prev[key]);
          if (kept) items[k] = kept;
          continue;
        }
        items[k] = { ...(write.items?.[key]?.[k] ?? origin), ...stamp };
      }
      if (Object.keys(items).length) p.items = items;
    }
    out[key] = p;
  }
  return out;
}

const withoutItems = (p: FieldProvenance): Stamped => { const { items: _items, ...rest } = p; return rest; };

/**
 * Provenance carried from one record to another (conversion): `mapping` is target key → source
 * key. A lead's one `email` becomes a person's `emails` list: its origin becomes that entry's.
 */
export function carryProvenance(from: ProvenanceMap | undefined, mapping: Record<string, string>, target: Record<string, unknown>): ProvenanceMap {
  const out: ProvenanceMap = {};
  if (!from) return out;
  for (const [to, src] of Object.entries(mapping)) {
    const p = from[src];
    const value = valueAt(target, to);
    if (!p || emptyValue(value)) continue;
    if (isEntryList(to) && Array.isArray(value) && !isEntryList(src)) {
      const base = withoutItems(p);
      out[to] = { ...base, items: Object.fromEntries(value.map((e) => [entryKey(to, e), base]).filter(([k]) => k)) };
    } else out[to] = p;
  }
  return out;
}

/**
 * The winner's provenance after a merge: a field whose kept value is the loser's takes the
 * loser's origin; a list's entries keep whichever record they came from. `set` is the merge's
 * new values of the winner (the fields that change).
 */
export function mergeProvenance(winner: Record<string, unknown>, loser: Record<string, unknown>, set: Record<string, unknown>): Record<string, FieldProvenance | null> {
  const wp = (winner.provenance ?? {}) as ProvenanceMap;
  const lp = (loser.provenance ?? {}) as ProvenanceMap;
  const out: Record<string, FieldProvenance | null> = {};
  for (const key of fieldKeys(set)) {
    const value = valueAt(set, key);
    if (emptyValue(value)) { if (wp[key]) out[key] = null; continue; }
    if (isEntryList(key) && Array.isArray(value)) {
      const items: Record<string, Stamped> = {};
      const of = (p: FieldProvenance | undefined, k: string) => p?.items?.[k] ?? (p ? withoutItems(p) : undefined);
      const inWinner = new Set(((valueAt(winner, key) as unknown[]) ?? []).map((e) => entryKey(key, e)));
      for (const e of value) {
        const k = entryKey(key, e);
        const p = inWinner.has(k) ? of(wp[key], k) : of(lp[key], k);
        if (k && p) items[k] = p;
      }
      const base = wp[key] ?? lp[key];
      if (base) out[key] = { ...withoutItems(base), ...(Object.keys(items).length ? { items } : {}) };
      continue;
    }
    const fromLoser = JSON.stringify(value) === JSON.stringify(valueAt(loser, key));
    const p = fromLoser ? lp[key] : wp[key];
    out[key] = p ?? null;
  }
  return out;
}

/** The origin of one entry of a list field, or of the field itself. */
export function provenanceOf(map: ProvenanceMap | undefined, key: string, entry?: unknown): Stamped | undefined {
  const p = map?.[key];
  if (!p) return undefined;
  // A list entry without its own origin predates provenance: unknown, not the last write's.
  if (entry !== undefined && p.items) return p.items[entryKey(key, entry)];
  return withoutItems(p);
}

const METHOD_LABEL: Record<ProvenanceMethod, string> = {
  'json-ld': 'JSON-LD', microdata: 'microdata', rdfa: 'RDFa', 'h-card': 'h-card', vcard: 'vCard', meta: 'page meta tags',
  link: 'a link on the page', selection: 'the selected text', 'email-header': 'the email header', signature: 'the email signature',
  webmail: 'the open email', 'email-form': 'the form fields in the email', csv: 'CSV', 'web-form': 'web form', typed: 'typed', api: 'API',
};
export const methodLabel = (m: ProvenanceMethod) => METHOD_LABEL[m];

/** "via JSON-LD", "from column “Phone” of leads.csv", "from web form contact-us": how and where. */
export function describeOrigin(p: Origin): string {
  if (p.method === 'typed') return 'Typed';
  if (p.method === 'api') return 'Written through the API';
  if (p.method === 'csv') return `Imported from ${p.column ? `column “${p.column}” of ` : ''}${p.file ?? 'a CSV file'}`;
  if (p.method === 'web-form') return `Sent through web form ${p.formId ?? ''}${p.url ? ` on ${p.url}` : ''}`.replace(/\s+$/, '');
  const where = p.url ? `Found on ${p.url}` : p.file ? `Found in ${p.file}` : p.messageId ? `Found in email ${p.messageId}` : 'Captured';
  return `${where} via ${METHOD_LABEL[p.method]}`;
}

/**
 * The one-line answer to "where did we get this?": "Found on https://acme.com/team via JSON-LD ·
 * 3 Nov 2026 · by Sam". `member` turns an id into a name.
 */
export function describeProvenance(p: Stamped, member: (id: string) => string, locale?: string): string {
  const when = new Date(p.at).toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
  const who = p.by.startsWith('form:') ? 'web form' : member(p.by);
  const how = p.method === 'typed' ? `Typed by ${who}` : describeOrigin(p);
  return p.method === 'typed' ? `${how} · ${when}` : `${how} · ${when} · by ${who}`;
}

/**
 * The lines a record page shows for one field's source: one line for a plain field; for a list
 * whose entries came from different places, one line per entry ("+1 415 555 0199: Found on …").
 * Empty when nothing is known (a record from before provenance).
 */
export function sourceLines(record: Record<string, unknown>, key: string, member: (id: string) => string, locale?: string): string[] {
  const map = record.provenance as ProvenanceMap | undefined;
  const p = map?.[key];
  if (!p) return [];
  const value = valueAt(record, key);
  if (isEntryList(key) && Array.isArray(value) && p.items) {
    const lines = value.map((e) => {
      const item = provenanceOf(map, key, e);
      const shown = String(ENTRY_VALUE[key](e as Record<string, unknown>) ?? '');
      return `${shown}: ${item ? describeProvenance(item, member, locale) : 'source unknown (saved before Outpost kept sources)'}`;
    });
    return lines;
  }
  return [describeProvenance(withoutItems(p), member, locale)];
}
