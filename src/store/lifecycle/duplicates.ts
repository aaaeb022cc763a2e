import {
  duplicateReasons, profileOf, sameCompany, score, type DedupeProfile, type DuplicateReason,
} from '../../domain/lifecycle/index.ts';
import { NotFoundError, searchWords, type Collection } from '../../domain/index.ts';
import { companyKey } from '../../domain/identity/index.ts';
import type { ReadDB } from '../read-db.ts';
import type { RecordRow } from '../rows.ts';
import { stagedRows } from '../staged.ts';
import type { Repository } from '../repository.ts';
import { dedupeIndex, type DEDUPE_COLLECTIONS } from './dedupe-index.ts';

type DedupeCollection = (typeof DEDUPE_COLLECTIONS)[number];
export type DuplicateMatch = { collection: Collection; id: string; name: string; score: number; reasons: DuplicateReason[] };
/** A stored record, or a candidate not yet saved (a capture, an import row, a web form). */
export type DuplicateTarget = { collection: DedupeCollection; id: string } | { collection: DedupeCollection; candidate: Record<string, unknown> };

/** Where duplicates of each type are looked for: a lead may duplicate a person and the other way round. */
const SCOPE: Record<DedupeCollection, readonly Collection[]> = {
  leads: ['leads', 'people'], people: ['leads', 'people'], companies: ['companies'], opportunities: ['opportunities'],
};

type Other = DedupeProfile & { id: string; converted?: boolean; convertedFromLeadIds?: string[] };

/**
 * Ranks `others` as duplicates of `p`, best first. Skips `p` itself, converted leads (they live
 * on as their person) and the person a lead was converted into.
 */
function rank(p: DedupeProfile, others: Iterable<Other>, companyNameOf: (id: string) => string | undefined, limit: number): DuplicateMatch[] {
  const scope = SCOPE[p.collection as DedupeCollection];
  const out: DuplicateMatch[] = [];
  for (const o of others) {
    if (!scope.includes(o.collection) || (o.collection === p.collection && o.id === p.id) || o.converted) continue;
    if (p.collection === 'leads' && p.id && o.convertedFromLeadIds?.includes(p.id)) continue;
    const reasons = duplicateReasons(p, o, sameCompany(p, o, companyNameOf));
    if (reasons.length) out.push({ collection: o.collection, id: o.id, name: o.name, score: score(reasons), reasons });
  }
  return out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
}

/**
 * Likely duplicates of a record or a candidate, ranked with their reasons, from the dedupe index
 * alone (no shard is read: warm it with `warmDedupeIndex` where there is a read model).
 */
export function findDuplicates(repo: Repository, target: DuplicateTarget, opts: { limit?: number } = {}): DuplicateMatch[] {
  const index = dedupeIndex(repo.docs);
  let p: DedupeProfile;
  if ('id' in target) {
    const r = index.record(target.collection, target.id);
    if (!r) throw new NotFoundError(target.collection, target.id);
    p = r.profile;
  } else p = profileOf(target.collection, target.candidate);
  const others = index.candidates(p).map((o) => o.collection === 'people' ? { ...o, convertedFromLeadIds: (index.record('people', o.id)?.fields.convertedFromLeadIds as string[] | undefined) ?? [] } : o);
  return rank(p, others, (id) => index.companyName(id), opts.limit ?? 20);
}

/**
 * The same lookup over the Dexie read model, for the UI before the docs have loaded: rows come
 * from the `*emails`, `*domains` and `*words` indexes (phone digits, last name, company name
 * words), then the same pure rules rank them. Social URLs aren't indexed in the read model:
 * they count only on rows found by another key.
 */
export async function findDuplicatesInReadModel(db: ReadDB, target: { collection: DedupeCollection; candidate: Record<string, unknown> }, opts: { limit?: number } = {}): Promise<DuplicateMatch[]> {
  const p = profileOf(target.collection, target.candidate);
  const scope = SCOPE[target.collection];
  const rows = new Map<string, RecordRow>();
  const addAll = (rs: RecordRow[]) => { for (const r of rs) if (!r.deleted) rows.set(r.key, r); };
  if (p.emails.length) addAll(await db.records.where('emails').anyOf(p.emails).toArray());
  if (p.domains.length && scope.includes('companies')) addAll(await db.records.where('domains').anyOf(p.domains).toArray());
  const words: string[] = [];
  for (const c of scope) {
    for (const ph of p.phones) words.push(`${c}:${ph.split('x')[0].slice(-7)}`);
    const last = searchWords(c, { name: target.candidate.name }).at(-1);
    if (last && c !== 'companies') words.push(last);
    if (c === 'companies' || c === 'opportunities') for (const w of searchWords(c, { name: target.candidate.name })) words.push(w);
  }
  // Companies named like the candidate's company: their people are its colleagues.
  const companyIds = new Map<string, string>();
  if (p.companyName) {
    const first = searchWords('companies', { name: target.candidate.companyName })[0];
    for (const r of first ? await db.records.where('words').startsWith(first).toArray() : []) {
      if (companyKey(r.data.name as string) === p.companyName) companyIds.set(r.id, r.data.name as string);
    }
  }
  // Prefix lookups: a row indexes no word that starts another of its words (indexWords), so
  // "lee" of "Ada Lee" is found as the start of "lee@acme.io"; the rules below decide.
  if (words.length) addAll(await db.records.where('words').startsWithAnyOf(words).toArray());
  // Rows a join staged (src/store/staged.ts) are in no index yet: the same keys, tested on each.
  // A staged row is newer than its key's indexed row, which it replaces (or drops, if trashed since).
  const staged = await stagedRows(db);
  if (staged.size) {
    const emails = new Set(p.emails);
    const domains = new Set(scope.includes('companies') ? p.domains : []);
    for (const [k, r] of staged) {
      rows.delete(k);
      if (r.deleted) continue;
      if (p.companyName && r.type === 'companies' && companyKey(r.data.name as string) === p.companyName) companyIds.set(r.id, r.data.name as string);
      if (r.emails.some((e) => emails.has(e)) || r.domains.some((d) => domains.has(d)) || r.words.some((w) => words.some((x) => w.startsWith(x)))) rows.set(k, r);
    }
  }
  const others: Other[] = [...rows.values()].map((r) => ({
    ...profileOf(r.type, r.data),
    id: r.id,
    converted: r.data.convertedAt !== undefined,
    convertedFromLeadIds: r.data.convertedFromLeadIds as string[] | undefined,
  }));
  return rank(p, others, (id) => companyIds.get(id), opts.limit ?? 20);
}
