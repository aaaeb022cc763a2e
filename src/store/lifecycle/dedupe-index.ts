import type * as Y from 'yjs';
import { profileOf, type DedupeProfile } from '../../domain/lifecycle/index.ts';
import { companyKey, mailboxKey, phoneIndexKey, socialKey } from '../../domain/identity/index.ts';
import type { Collection } from '../../domain/index.ts';
import { collectionMap, idsOfKeys, keyOf, recordIds, CREATED, DELETED, type RecordEntries } from '../../layout/records-doc.ts';
import type { WorkspaceDocs } from '../docs.ts';
import type { ReadDB } from '../read-db.ts';
import { stagedRows, withStaged } from '../staged.ts';

/** The collections duplicates are looked for in (tasks have no identity worth deduplicating). */
export const DEDUPE_COLLECTIONS = ['leads', 'people', 'companies', 'opportunities'] as const satisfies readonly Collection[];
type DedupeCollection = (typeof DEDUPE_COLLECTIONS)[number];

export type IndexedProfile = DedupeProfile & { collection: DedupeCollection; id: string; converted: boolean };
type Entry = { collection: DedupeCollection; id: string; fields: Record<string, unknown>; keys: string[]; profile?: IndexedProfile };
type R = Record<string, unknown>;

/**
 * An in-memory index of dedupe keys over the workspace's records: email (its mailbox key, identity's
 * `mailboxKey`), phone (last 7 digits),
 * social handle, company domain, company (id and normalized name) → records. Built once from the
 * read model's rows (`warmDedupeIndex`: no shard is loaded; in-memory docs without a read model,
 * as in tests and the CLI, build it from the docs), then kept in step by observing each record
 * doc while it is attached: a changed record's few dedupe fields are copied at the event (a shard
 * unloaded before the next lookup loses nothing), and its keys made at the next lookup, so a bulk
 * write pays little. The full profile (phones through libphonenumber, ~20 µs each) is made only
 * for the records a lookup touches. Trashed records are not indexed.
 */
export class DedupeIndex {
  private byKey = new Map<string, Set<Entry>>();
  private entries = new Map<string, Entry>();
  /** Records changed since the last lookup: their dedupe fields (undefined: gone or trashed). */
  private dirty = new Map<string, R | undefined>();
  private unsubs = new Map<Y.Doc, (() => void)[]>();
  private stop: () => void;

  /**
   * Starts from `rows` (the read model's live records) or, without them, from every record
   * shard (all loaded: in-memory docs), then follows each record doc while it is attached
   * (loaded, or an append doc of new records): a shard changes only while attached, so entries
   * of unloaded shards stay right.
   */
  constructor(docs: WorkspaceDocs, rows?: Iterable<{ collection: DedupeCollection; id: string; fields: R }>) {
    if (rows) for (const r of rows) this.dirty.set(`${r.collection}:${r.id}`, pick(r.fields));
    else for (const d of docs.all('records')) for (const c of DEDUPE_COLLECTIONS) { const map = collectionMap(d, c); for (const id of recordIds(map)) this.dirty.set(`${c}:${id}`, readDedupeFields(map, id)); }
    this.stop = docs.onAttach({
      attach: (key, doc) => {
        if (!key.startsWith('records/')) return;
        const offs: (() => void)[] = [];
        for (const c of DEDUPE_COLLECTIONS) {
          const map = collectionMap(doc, c);
          const handler = (e: Y.YMapEvent<unknown>) => {
            const ids = idsOfKeys(e.keysChanged);
            for (const id of ids) this.dirty.set(`${c}:${id}`, readDedupeFields(map, id));
          };
          map.observe(handler);
          offs.push(() => map.unobserve(handler));
        }
        this.unsubs.set(doc, offs);
      },
      detach: (_key, doc) => this.detachDoc(doc),
    });
    // A joined shard read without its doc (src/store/shards.ts, `applyUnloaded`).
    const offMaps = docs.onRemoteMaps((key, maps) => {
      if (!key.startsWith('records/')) return;
      for (const c of DEDUPE_COLLECTIONS) {
        const map = maps.getMap(c);
        for (const id of idsOfKeys(maps.keysOf(c))) this.dirty.set(`${c}:${id}`, readDedupeFields(map, id));
      }
    });
    const offAttach = this.stop;
    this.stop = () => { offAttach(); offMaps(); };
  }

  private detachDoc(doc: Y.Doc) {
    for (const u of this.unsubs.get(doc) ?? []) u();
    this.unsubs.delete(doc);
  }

  /** Indexes the records changed since the last lookup (from the fields copied at their change: no doc is read). */
  private refresh() {
    if (!this.dirty.size) return;
    for (const [rk, fields] of this.dirty) {
      this.remove(rk);
      if (!fields) continue;
      const i = rk.indexOf(':');
      const collection = rk.slice(0, i) as DedupeCollection;
      const id = rk.slice(i + 1);
      const entry: Entry = { collection, id, fields, keys: indexKeys(collection, fields) };
      this.entries.set(rk, entry);
      for (const k of entry.keys) {
        let s = this.byKey.get(k);
        if (!s) this.byKey.set(k, (s = new Set()));
        s.add(entry);
      }
    }
    this.dirty.clear();
  }

  private remove(rk: string) {
    const e = this.entries.get(rk);
    if (!e) return;
    for (const k of e.keys) this.byKey.get(k)?.delete(e);
    this.entries.delete(rk);
  }

  private profileOf(e: Entry): IndexedProfile {
    return (e.profile ??= { ...profileOf(e.collection, e.fields), collection: e.collection, id: e.id, converted: e.fields.convertedAt !== undefined });
  }

  /** Profiles of the records sharing at least one key with `p`, colleagues at its company included. */
  candidates(p: DedupeProfile): IndexedProfile[] {
    this.refresh();
    const keys = profileKeys(p);
    if (p.companyName) for (const e of this.byKey.get(`cn:${p.companyName}`) ?? []) if (e.collection === 'companies') keys.push(`co:${e.id}`);
    if (p.companyId) { const n = this.companyName(p.companyId); if (n) keys.push(`cn:${companyKey(n)}`); }
    const out = new Set<Entry>();
    for (const k of keys) for (const e of this.byKey.get(k) ?? []) out.add(e);
    return [...out].map((e) => this.profileOf(e));
  }

  /** Live companies whose email domain or normalized name is this one (for conversion). */
  companiesWith(kind: 'domain' | 'name', value: string): IndexedProfile[] {
    this.refresh();
    return [...(this.byKey.get(`${kind === 'domain' ? 'd' : 'cn'}:${value}`) ?? [])].filter((e) => e.collection === 'companies').map((e) => this.profileOf(e));
  }

  companyName(id: string): string | undefined {
    this.refresh();
    return this.entries.get(`companies:${id}`)?.fields.name as string | undefined;
  }

  /** A live record's profile and the fields dedupe reads, from the index (undefined: missing or trashed). */
  record(collection: DedupeCollection, id: string): { profile: IndexedProfile; fields: R } | undefined {
    this.refresh();
    const e = this.entries.get(`${collection}:${id}`);
    return e && { profile: this.profileOf(e), fields: e.fields };
  }

  /** Seeds the index with read-model rows under what it has followed since it started (that is newer). */
  takeOver(rows: Iterable<{ collection: DedupeCollection; id: string; fields: R }>) {
    const followed = this.dirty;
    this.dirty = new Map();
    for (const r of rows) this.dirty.set(`${r.collection}:${r.id}`, pick(r.fields));
    for (const [rk, fields] of followed) this.dirty.set(rk, fields);
  }

  destroy() {
    this.stop();
    for (const doc of [...this.unsubs.keys()]) this.detachDoc(doc);
  }
}

/** Only the fields dedupe needs (a whole record has ~25): undefined for a missing or trashed record. */
const DEDUPE_FIELDS = ['name', 'email', 'emails', 'phones', 'socials', 'emailDomain', 'companyId', 'companyName', 'convertedAt', 'convertedFromLeadIds'];
function readDedupeFields(map: Pick<RecordEntries, 'get'>, id: string): R | undefined {
  if (map.get(keyOf(id, CREATED)) === undefined || map.get(keyOf(id, DELETED)) !== undefined) return undefined;
  const r: R = { id };
  for (const f of DEDUPE_FIELDS) {
    const v = map.get(keyOf(id, f));
    if (v !== undefined) r[f] = v;
  }
  return r;
}
/** The dedupe fields of a record read elsewhere (a read-model row's data). */
function pick(data: R): R {
  const r: R = { id: data.id };
  for (const f of DEDUPE_FIELDS) if (data[f] !== undefined) r[f] = data[f];
  return r;
}

/** A phone key's index key: the last 7 digits of its main number (the full key decides on the few hits). */
const phoneIndex = (key: string) => `p:${key.split('x')[0].slice(-7)}`;
const list = <T>(v: unknown) => (Array.isArray(v) ? (v as T[]) : []);

function indexKeys(collection: DedupeCollection, r: R): string[] {
  const keys: string[] = [];
  for (const e of [r.email, ...list<{ email: string }>(r.emails).map((x) => x?.email)]) { const n = mailboxKey(e as string); if (n) keys.push(`e:${n}`); }
  for (const p of list<{ number: string }>(r.phones)) { const k = typeof p?.number === 'string' ? phoneIndexKey(p.number) : undefined; if (k) keys.push(`p:${k}`); }
  for (const s of list<{ url: string }>(r.socials)) { const n = typeof s?.url === 'string' ? socialKey(s.url) : undefined; if (n) keys.push(`s:${n}`); }
  if (collection === 'companies') {
    if (typeof r.emailDomain === 'string') keys.push(`d:${r.emailDomain.toLowerCase()}`);
    keys.push(`co:${r.id as string}`);
  }
  const cn = companyKey((collection === 'companies' ? r.name : r.companyName) as string | undefined);
  if (cn) keys.push(`cn:${cn}`);
  if (typeof r.companyId === 'string') keys.push(`co:${r.companyId}`);
  return keys;
}

function profileKeys(p: DedupeProfile): string[] {
  const keys = [...p.emails.map((e) => `e:${e}`), ...p.phones.map(phoneIndex), ...p.socials.map((s) => `s:${s}`)];
  if (p.collection === 'companies') keys.push(...p.domains.map((d) => `d:${d}`));
  if (p.companyName) keys.push(`cn:${p.companyName}`);
  if (p.companyId) keys.push(`co:${p.companyId}`);
  return keys;
}

const indexes = new WeakMap<WorkspaceDocs, DedupeIndex>();
/**
 * The index of a workspace's records (lives as long as its docs). Made by `warmDedupeIndex`
 * where there is a read model; made here from the docs otherwise (every record shard loaded).
 */
export function dedupeIndex(docs: WorkspaceDocs): DedupeIndex {
  let i = indexes.get(docs);
  if (!i) indexes.set(docs, (i = new DedupeIndex(docs)));
  return i;
}

const warming = new WeakMap<WorkspaceDocs, Promise<DedupeIndex>>();
/**
 * Makes the index from the read model's live rows, loading no shard. `flush` writes pending
 * read-model rows first; the index follows the docs from before that, so a write is either in
 * the rows or seen by the index (or both: the newer copy wins). Runs once per docs.
 */
export function warmDedupeIndex(docs: WorkspaceDocs, db: ReadDB, flush: () => Promise<void>): Promise<DedupeIndex> {
  const made = indexes.get(docs);
  if (made) return Promise.resolve(made);
  let p = warming.get(docs);
  if (!p) {
    p = (async () => {
      // Follow the docs while the rows are read: what changes meanwhile wins over the rows.
      const follow = new DedupeIndex(docs, []);
      await flush();
      const rows: { collection: DedupeCollection; id: string; fields: R }[] = [];
      const staged = await stagedRows(db); // a join's rows not unpacked yet (staged.ts)
      for (const c of DEDUPE_COLLECTIONS) {
        // A primary-key range (`<type>:`…) reads faster than the compound index; trashed rows are skipped here.
        const found = await db.records.where(':id').between(`${c}:`, `${c}:\uffff`).toArray();
        for (const row of withStaged(staged, found, (r) => r.type === c)) if (!row.deleted) rows.push({ collection: c, id: row.id, fields: row.data as R });
      }
      follow.takeOver(rows);
      const existing = indexes.get(docs);
      if (existing) { follow.destroy(); return existing; }
      indexes.set(docs, follow);
      return follow;
    })().finally(() => warming.delete(docs));
    warming.set(docs, p);
  }
  return p;
}

