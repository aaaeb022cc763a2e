import type * as Y from 'yjs';
import { profileOf, type DedupeProfile } from '../../domain/lifecycle/index.ts';
import type { Collection } from '../../domain/index.ts';
import { collectionMap, readRecord, recordIds, splitKey } from '../records-doc.ts';

/** The collections duplicates are looked for in (tasks have no identity worth deduplicating). */
export const DEDUPE_COLLECTIONS = ['leads', 'people', 'companies', 'opportunities'] as const satisfies readonly Collection[];
type DedupeCollection = (typeof DEDUPE_COLLECTIONS)[number];

export type IndexedProfile = DedupeProfile & { collection: DedupeCollection; id: string; converted: boolean };

/**
 * An in-memory index of dedupe keys over a `records` doc: email, phone, social URL, company
 * domain, company (id and normalized name) → records. Built on first use, then kept in step by
 * observing the collection maps: changed records are only marked, and re-read at the next
 * lookup, so a bulk write pays nothing. Lookups touch only the records sharing a key, which is
 * what keeps a duplicate check and a conversion's company match fast in a 50k workspace.
 * Trashed records are not indexed.
 */
export class DedupeIndex {
  private byKey = new Map<string, Set<string>>();
  private profiles = new Map<string, IndexedProfile>();
  private dirty = new Set<string>();
  private unsubs: (() => void)[] = [];

  constructor(private doc: Y.Doc) {
    for (const c of DEDUPE_COLLECTIONS) {
      const map = collectionMap(doc, c);
      for (const id of recordIds(map)) this.dirty.add(`${c}:${id}`);
      const handler = (e: Y.YMapEvent<unknown>) => { for (const k of e.keysChanged) this.dirty.add(`${c}:${splitKey(k)[0]}`); };
      map.observe(handler);
      this.unsubs.push(() => map.unobserve(handler));
    }
  }

  /** Re-reads the records changed since the last lookup. */
  private refresh() {
    if (!this.dirty.size) return;
    for (const rk of this.dirty) {
      this.remove(rk);
      const i = rk.indexOf(':');
      const collection = rk.slice(0, i) as DedupeCollection;
      const id = rk.slice(i + 1);
      const r = readRecord(collectionMap(this.doc, collection), collection, id);
      if (!r || r.deletedAt !== undefined) continue;
      const p: IndexedProfile = { ...profileOf(collection, r), collection, id, converted: r.convertedAt !== undefined };
      this.profiles.set(rk, p);
      for (const k of keysOf(p)) {
        let s = this.byKey.get(k);
        if (!s) this.byKey.set(k, (s = new Set()));
        s.add(rk);
      }
    }
    this.dirty.clear();
  }

  private remove(rk: string) {
    const p = this.profiles.get(rk);
    if (!p) return;
    for (const k of keysOf(p)) this.byKey.get(k)?.delete(rk);
    this.profiles.delete(rk);
  }

  profile(collection: Collection, id: string): IndexedProfile | undefined {
    this.refresh();
    return this.profiles.get(`${collection}:${id}`);
  }

  /** Profiles of the records sharing at least one key with `p`, colleagues at its company included. */
  candidates(p: DedupeProfile): IndexedProfile[] {
    this.refresh();
    const keys = keysOf(p);
    if (p.companyName) for (const rk of this.byKey.get(`cn:${p.companyName}`) ?? []) if (rk.startsWith('companies:')) keys.push(`co:${rk.slice(10)}`);
    if (p.companyId) { const c = this.profiles.get(`companies:${p.companyId}`); if (c?.companyName) keys.push(`cn:${c.companyName}`); }
    const out = new Map<string, IndexedProfile>();
    for (const k of keys) for (const rk of this.byKey.get(k) ?? []) if (!out.has(rk)) out.set(rk, this.profiles.get(rk)!);
    return [...out.values()];
  }

  /** Live companies whose email domain or normalized name is this one (for conversion). */
  companiesWith(kind: 'domain' | 'name', value: string): IndexedProfile[] {
    this.refresh();
    const out: IndexedProfile[] = [];
    for (const rk of this.byKey.get(`${kind === 'domain' ? 'd' : 'cn'}:${value}`) ?? []) if (rk.startsWith('companies:')) out.push(this.profiles.get(rk)!);
    return out;
  }

  companyName(id: string): string | undefined {
    return this.profile('companies', id)?.name;
  }

  destroy() {
    for (const u of this.unsubs) u();
  }
}

function keysOf(p: DedupeProfile): string[] {
  const keys: string[] = [];
  for (const e of p.emails) keys.push(`e:${e}`);
  for (const x of p.phones) keys.push(`p:${x}`);
  for (const s of p.socials) keys.push(`s:${s}`);
  if (p.collection === 'companies') for (const d of p.domains) keys.push(`d:${d}`);
  if (p.companyName) keys.push(`cn:${p.companyName}`);
  if (p.companyId) keys.push(`co:${p.companyId}`);
  return keys;
}

const indexes = new WeakMap<Y.Doc, DedupeIndex>();
/** The index of a `records` doc (one per doc, made on first use, lives as long as the doc). */
export function dedupeIndex(doc: Y.Doc): DedupeIndex {
  let i = indexes.get(doc);
  if (!i) indexes.set(doc, (i = new DedupeIndex(doc)));
  return i;
}
