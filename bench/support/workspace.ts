import * as Y from 'yjs';
import { createDocs, type WorkspaceDocs } from '../../src/store/docs.ts';
import { seedDefaults } from '../../src/store/config-store.ts';
import { collectionMap, writeCreated } from '../../src/store/records-doc.ts';

export type WorkspaceSize = { leads: number; people: number; companies: number; opportunities: number; activities: number };
export const SIZE_50K: WorkspaceSize = { leads: 20_000, people: 15_000, companies: 5_000, opportunities: 10_000, activities: 100_000 };
export const SIZE_10K: WorkspaceSize = { leads: 4_000, people: 3_000, companies: 1_000, opportunities: 2_000, activities: 20_000 };

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Radia', 'Linus', 'Frances', 'John', 'Sophie', 'Tim', 'Katherine'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Perlman', 'Torvalds', 'Allen', 'Backus', 'Wilson', 'Berners-Lee', 'Johnson'];
const WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Wonka'];

/** A deterministic workspace of the given size: realistic field counts per record. */
export function buildWorkspace(size: WorkspaceSize, by = 'bench'): WorkspaceDocs {
  const docs = createDocs();
  seedDefaults(docs.config, { id: by });
  const at = 1_700_000_000_000;
  const name = (i: number) => ({ first: FIRST[i % FIRST.length], last: `${LAST[(i * 7) % LAST.length]}${i}` });
  const company = (i: number) => `${WORDS[i % WORDS.length]} ${i}`;
  docs.records.transact(() => {
    const leads = collectionMap(docs.records, 'leads');
    for (let i = 0; i < size.leads; i++) {
      writeCreated(leads, `l${i}`, { name: name(i), title: 'Head of Sales', companyName: company(i), email: `lead${i}@${WORDS[i % WORDS.length].toLowerCase()}${i % 500}.example`, phones: [{ number: `+1 415 555 ${String(i % 10000).padStart(4, '0')}`, category: 'work' }], statusId: ['new', 'open', 'unqualified'][i % 3], sourceId: 'conference', ownerId: by }, by, at + i);
    }
    const people = collectionMap(docs.records, 'people');
    for (let i = 0; i < size.people; i++) writeCreated(people, `p${i}`, { name: name(i + 7), title: 'Buyer', companyId: `c${i % size.companies}`, emails: [{ email: `person${i}@corp${i % 900}.example`, category: 'work' }], contactTypeId: 'potential-customer', ownerId: by }, by, at + i);
    const companies = collectionMap(docs.records, 'companies');
    for (let i = 0; i < size.companies; i++) writeCreated(companies, `c${i}`, { name: company(i), emailDomain: `corp${i}.example`, contactTypeId: 'potential-customer', ownerId: by }, by, at + i);
    const opps = collectionMap(docs.records, 'opportunities');
    for (let i = 0; i < size.opportunities; i++) writeCreated(opps, `o${i}`, { name: `${company(i)} deal`, primaryPersonId: `p${i % size.people}`, companyId: `c${i % size.companies}`, pipelineId: 'sales', stageId: 'qualified', status: 'open', monetaryValue: 1000 + i, currency: 'USD', winProbability: 5, priority: 'none', ownerId: by }, by, at + i);
  });
  docs.activities.transact(() => {
    const acts = docs.activities.getMap('activities');
    for (let i = 0; i < size.activities; i++) {
      const parent = i % 2 ? { type: 'leads', id: `l${i % size.leads}` } : { type: 'people', id: `p${i % size.people}` };
      acts.set(`a${i}`, { id: `a${i}`, typeId: 'call', parent, date: at + i, details: 'Called, left a message', authorId: by, createdAt: at + i, createdBy: by, updatedAt: at + i, updatedBy: by });
    }
  });
  return docs;
}

export function encodeWorkspace(docs: WorkspaceDocs): Record<string, Uint8Array> {
  return { config: Y.encodeStateAsUpdate(docs.config), records: Y.encodeStateAsUpdate(docs.records), activities: Y.encodeStateAsUpdate(docs.activities) };
}
