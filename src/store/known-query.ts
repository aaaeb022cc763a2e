import Dexie from 'dexie';
import { confirmMatch, displayName, pageMatchKeys, type Collection, type MatchKind, type PageFacts, type PageKey, type RecordSignals } from '../domain/index.ts';
import type { ReadDB } from './read-db.ts';
import type { RecordRow } from './rows.ts';
import { signalsOf } from './signal-queries.ts';
import { rowsByKey, stagedRows, withStaged } from './staged.ts';

/** A record the page names, and how (the page keys it shares). */
export type KnownHit = { row: RecordRow; via: { kind: MatchKind; value: string }[]; signals?: RecordSignals };
export type KnownHereRows = { keys: PageKey[]; domain?: string; records: KnownHit[]; deals: KnownHit[] };

/** People listed per matched company (a company with thousands of people shows the first ones). */
export const MAX_PEOPLE_PER_COMPANY = 200;

/**
 * What the read model knows about a page: its keys looked up in the records' match-key index
 * (one multi-entry `equals` per key, no scan), coarse hits confirmed (phones), the people of matched
 * companies and the open deals of matched companies and converted leads, each with its signals.
 */
export async function queryKnownHere(db: ReadDB, page: PageFacts): Promise<KnownHereRows> {
  const keys = pageMatchKeys(page);
  const domainKey = keys.find((k) => k.kind === 'domain');
  const out: KnownHereRows = { keys, ...(domainKey && { domain: domainKey.value }), records: [], deals: [] };
  if (!keys.length) return out;
  const byKey = new Map(keys.map((k) => [k.key as string, k]));
  // One indexed equals per key (a page has a few): anyOf walks the whole index in fake-indexeddb.
  // Dexie's Promise.all keeps a live query's zone (a native one may lose it, and the query is never re-run).
  const indexed = [...new Map((await Dexie.Promise.all([...byKey.keys()].map((k) => db.records.where('match').equals(k).toArray()))).flat().map((r) => [r.key, r])).values()];
  // Rows a join staged (staged.ts) are in no index yet: their own match keys, and they replace their keys' older rows.
  const staged = await stagedRows(db);
  const rows = withStaged(staged, indexed, (r) => (r.match ?? []).some((k) => byKey.has(k)));
  const found = new Map<string, KnownHit>();
  for (const row of rows) {
    if (row.deleted) continue; // (a trashed record has no match keys: recordMatchKeys)
    const via = (row.match ?? []).map((k) => byKey.get(k)).filter((k): k is PageKey => !!k && confirmMatch(k, row.data as Record<string, unknown>));
    if (via.length) found.set(row.key, { row, via: via.map((k) => ({ kind: k.kind, value: k.value })) });
  }
  // The people of a matched company are known here too, though their own emails may not say so.
  const companies = [...found.values()].filter((h) => h.row.type === 'companies');
  for (const c of companies) {
    const people = withStaged(staged, await db.records.where('[type+companyId]').equals(['people', c.row.id]).limit(MAX_PEOPLE_PER_COMPANY).toArray(), (r) => r.type === 'people' && r.companyId === c.row.id).slice(0, MAX_PEOPLE_PER_COMPANY);
    for (const p of people) if (!p.deleted && !found.has(p.key)) found.set(p.key, { row: p, via: [{ kind: 'domain', value: displayName(c.row.data as Record<string, unknown>) }] });
  }
  // Open deals: of the matched companies, and those leads here were converted into.
  const dealKeys = new Set<string>();
  const deals: RecordRow[] = [];
  for (const c of companies) for (const d of withStaged(staged, await db.records.where('[type+companyId]').equals(['opportunities', c.row.id]).toArray(), (r) => r.type === 'opportunities' && r.companyId === c.row.id)) if (!dealKeys.has(d.key)) { dealKeys.add(d.key); deals.push(d); }
  const converted = [...found.values()].map((h) => (h.row.data as { convertedTo?: { opportunityId?: string } }).convertedTo?.opportunityId).filter((id): id is string => !!id && !dealKeys.has(`opportunities:${id}`));
  for (const d of await rowsByKey(db, converted.map((id) => `opportunities:${id}`))) if (d) deals.push(d);
  const openDeals = deals.filter((d) => !d.deleted && ((d.data as { status?: string }).status ?? 'open') === 'open');
  const all = [...found.values()].filter((h) => !(h.row.type === 'leads' && (h.row.data as { convertedAt?: number }).convertedAt !== undefined && found.has(`people:${(h.row.data as { convertedTo?: { personId?: string } }).convertedTo?.personId}`)));
  // A record without a signals row reads as NO_SIGNALS (signalsOf).
  const signals = await signalsOf(db, [...all.map((h) => h.row.key), ...openDeals.map((d) => d.key)]);
  all.forEach((h) => { h.signals = signals.get(h.row.key); });
  out.records = all.sort(byRelevance);
  out.deals = openDeals.map((row) => ({ row, via: [], signals: signals.get(row.key) }));
  return out;
}

const TYPE_ORDER: Collection[] = ['companies', 'people', 'leads'];
/** Companies first, then people and leads; within a type, the one contacted last first, then by name. */
function byRelevance(a: KnownHit, b: KnownHit): number {
  return TYPE_ORDER.indexOf(a.row.type) - TYPE_ORDER.indexOf(b.row.type)
    || (b.signals?.lastContactAt ?? 0) - (a.signals?.lastContactAt ?? 0)
    || a.row.sortName.localeCompare(b.row.sortName);
}
