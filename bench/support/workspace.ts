import * as Y from 'yjs';
import { createDocs, type WorkspaceDocs } from '../../src/store/docs.ts';
import { seedDefaults } from '../../src/store/config-store.ts';
import { collectionMap, writeCreated } from '../../src/layout/records-doc.ts';
import { activityMap, byShard, recordKey, timelineKey } from '../../src/store/layout.ts';
import type { Activity, Collection } from '../../src/domain/index.ts';
import type { DocKey } from '../../src/domain/routing.ts';

export type WorkspaceSize = { leads: number; people: number; companies: number; opportunities: number; activities: number };
export const SIZE_50K: WorkspaceSize = { leads: 20_000, people: 15_000, companies: 5_000, opportunities: 10_000, activities: 100_000 };
export const SIZE_10K: WorkspaceSize = { leads: 4_000, people: 3_000, companies: 1_000, opportunities: 2_000, activities: 20_000 };
export const SIZE_250K: WorkspaceSize = { leads: 100_000, people: 75_000, companies: 25_000, opportunities: 50_000, activities: 1_000_000 };
const AT = 1_700_000_000_000;

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Radia', 'Linus', 'Frances', 'John', 'Sophie', 'Tim', 'Katherine'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Perlman', 'Torvalds', 'Allen', 'Backus', 'Wilson', 'Berners-Lee', 'Johnson'];
const WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Wonka'];

export type BenchRecord = { c: Collection; id: string; fields: Record<string, unknown>; at: number };

/**
 * The records of the deterministic bench workspace, in order (leads, people, companies, deals):
 * realistic field counts per record. P5 and S5-search search the same names at 50k and 250k.
 */
export function* workspaceRecords(size: WorkspaceSize, by = 'bench'): Generator<BenchRecord> {
  const at = AT;
  const name = (i: number) => ({ first: FIRST[i % FIRST.length], last: `${LAST[(i * 7) % LAST.length]}${i}` });
  const company = (i: number) => `${WORDS[i % WORDS.length]} ${i}`;
  for (let i = 0; i < size.leads; i++) yield { c: 'leads', id: `l${i}`, at: at + i, fields: { name: name(i), title: 'Head of Sales', companyName: company(i), email: `lead${i}@${WORDS[i % WORDS.length].toLowerCase()}${i % 500}.example`, phones: [{ number: `+1 415 555 ${String(i % 10000).padStart(4, '0')}`, category: 'work' }], statusId: ['new', 'open', 'unqualified'][i % 3], sourceId: 'conference', ownerId: by } };
  for (let i = 0; i < size.people; i++) yield { c: 'people', id: `p${i}`, at: at + i, fields: { name: name(i + 7), title: 'Buyer', companyId: `c${i % size.companies}`, emails: [{ email: `person${i}@corp${i % 900}.example`, category: 'work' }], contactTypeId: 'potential-customer', ownerId: by } };
  for (let i = 0; i < size.companies; i++) yield { c: 'companies', id: `c${i}`, at: at + i, fields: { name: company(i), emailDomain: `corp${i}.example`, contactTypeId: 'potential-customer', ownerId: by } };
  for (let i = 0; i < size.opportunities; i++) yield { c: 'opportunities', id: `o${i}`, at: at + i, fields: { name: `${company(i)} deal`, primaryPersonId: `p${i % size.people}`, companyId: `c${i % size.companies}`, pipelineId: 'sales', stageId: 'qualified', status: 'open', monetaryValue: 1000 + i, currency: 'USD', winProbability: 5, priority: 'none', ownerId: by } };
}
/** A deterministic workspace of the given size: realistic field counts per record, in its shards. */
export function buildWorkspace(size: WorkspaceSize, by = 'bench'): WorkspaceDocs {
  const docs = createDocs();
  seedDefaults(docs.config, { id: by });
  const at = AT;
  const recs = [...workspaceRecords(size, by)];
  for (const [key, group] of byShard(recs, (r) => recordKey(r.id))) {
    const doc = docs.doc(key);
    doc.transact(() => { for (const r of group) writeCreated(collectionMap(doc, r.c), r.id, r.fields, by, r.at); });
  }
  const acts: Activity[] = [];
  for (let i = 0; i < size.activities; i++) {
    const parent = i % 2 ? { type: 'leads' as const, id: `l${i % size.leads}` } : { type: 'people' as const, id: `p${i % size.people}` };
    acts.push({ id: `a${i}`, typeId: 'call', parent, date: at + i, details: 'Called, left a message', authorId: by, createdAt: at + i, createdBy: by, updatedAt: at + i, updatedBy: by } as Activity);
  }
  for (const [key, group] of byShard(acts, (a) => timelineKey(a.parent.id))) {
    const doc = docs.doc(key);
    doc.transact(() => { const m = activityMap(doc); for (const a of group) m.set(a.id, a); });
  }
  return docs;
}

/** Every doc of the workspace as one update, by doc key. */
export function encodeWorkspace(docs: WorkspaceDocs): Map<DocKey, Uint8Array> {
  const out = new Map<DocKey, Uint8Array>([['config', Y.encodeStateAsUpdate(docs.config)]]);
  for (const [k, d] of docs.loadedDocs()) out.set(k, Y.encodeStateAsUpdate(d));
  return out;
}

/** The workspace's records as ONE doc in the layout before sharding (the relay's legacy rooms). */
export function legacyRecordsDoc(docs: WorkspaceDocs): Y.Doc {
  const doc = new Y.Doc();
  for (const [, d] of docs.loadedDocs('records')) Y.applyUpdate(doc, Y.encodeStateAsUpdate(d));
  return doc;
}
