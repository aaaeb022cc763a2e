import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sourceLines, type WriteProvenance } from '../../../src/domain/index.ts';
import { importProvenance, type ColumnMapping } from '../../../src/domain/csv/index.ts';
import { recordDocKey } from '../../../src/domain/routing.ts';
import { collectionMap, readRecord } from '../../../src/layout/records-doc.ts';
import { createRecord, readCurrent, sharedFor, updateRecord } from '../../../src/layout/record-write.ts';
import { SOURCES } from '../../../src/layout/shared-sources.ts';
import { readUpdateMaps } from '../../../src/layout/update-maps.ts';
import { undoBatch } from '../../../src/store/undo.ts';
import { replica, sync } from './helpers.ts';

const w = (at: number, batchId?: string) => ({ by: 'm1', at, ...(batchId ? { batchId } : {}) });
const keysOf = (doc: Y.Doc) => [...collectionMap(doc, 'leads').keys()].sort();
const CUSTOM = 'cf1';

/** An import's origin: the file, a column per mapped field, the file alone for the rest. */
const origin: WriteProvenance = importProvenance(
  [
    { header: 'First', target: 'firstName' }, { header: 'Last', target: 'lastName' }, { header: 'Email', target: 'email' },
    { header: 'Phone', target: 'phone' }, { header: 'Mobile', target: 'phone' }, { header: 'Job', target: 'title' },
    { header: 'Tier', target: 'custom', customId: CUSTOM },
  ].map((m, index) => ({ index, ...m }) as ColumnMapping),
  'leads', 'csv', 'leads.csv',
);
const rows: Record<string, unknown>[] = [
  { name: { first: 'Ada', last: 'L' }, email: 'ada@x.test', phones: [{ number: '+1 555 0100' }, { number: '+1 555 0101' }], title: 'CEO', statusId: 'new', tags: ['vip'], custom: { [CUSTOM]: 'gold' } },
  { name: { first: 'Bo' }, email: '', phones: [], title: 'CTO', statusId: 'new', tags: [], custom: {} },
  { name: { first: 'Cy' }, phones: [{ number: ' ' }], statusId: 'new' },
];

/** The same rows written with today's per-field keys (`_p.<field>`) and with one shared source. */
function both() {
  const perField = new Y.Doc();
  const shared = new Y.Doc();
  const source = sharedFor('leads', w(5), origin)!;
  rows.forEach((fields, i) => {
    createRecord(perField, 'leads', `r${i}`, fields, w(5), { write: origin });
    createRecord(shared, 'leads', `r${i}`, fields, w(5), { shared: source });
  });
  return { perField, shared };
}
const read = (doc: Y.Doc, id: string) => readRecord(collectionMap(doc, 'leads'), 'leads', id, [CUSTOM]);

describe('provenance shared by the records of one write (src/layout/shared-sources.ts)', () => {
  it('reads exactly as the per-field keys it replaces, with one key per record and the source stored once', () => {
    const { perField, shared } = both();
    for (let i = 0; i < rows.length; i++) expect(read(shared, `r${i}`)).toEqual(read(perField, `r${i}`));
    const p = read(shared, 'r0')!.provenance as Record<string, { column?: string; items?: Record<string, unknown> }>;
    expect(p.phones.column).toBe('Phone, Mobile');
    expect(Object.keys(p.phones.items!)).toEqual(['+1 555 0100', '+1 555 0101']);
    expect(p['custom.cf1']).toMatchObject({ method: 'csv', column: 'Tier', file: 'leads.csv', at: 5, by: 'm1' });
    expect(p.statusId).toMatchObject({ method: 'csv', file: 'leads.csv' }); // not from a column: the file
    expect(read(shared, 'r2')!.provenance).toEqual({ name: expect.anything(), statusId: expect.anything(), phones: expect.not.objectContaining({ items: expect.anything() }) });
    expect(keysOf(shared).filter((k) => k.includes('/_p'))).toEqual(['r0/_p', 'r1/_p', 'r2/_p']);
    expect(shared.getMap(SOURCES).size).toBe(1);
    const member = () => 'Sam';
    for (const key of ['phones', 'name', 'title', 'custom.cf1']) expect(sourceLines(read(shared, 'r0')!, key, member)).toEqual(sourceLines(read(perField, 'r0')!, key, member));
  });

  it("reads the same from a joined shard's update as from its doc (src/layout/update-maps.ts: no doc is built)", () => {
    const { shared } = both();
    const maps = readUpdateMaps(Y.encodeStateAsUpdate(shared))!.maps;
    for (let i = 0; i < rows.length; i++) expect(readRecord(maps.getMap('leads'), 'leads', `r${i}`, [CUSTOM])).toEqual(read(shared, `r${i}`));
    expect((readRecord(maps.getMap('leads'), 'leads', 'r0', [CUSTOM])!.provenance as Record<string, { column?: string }>).phones.column).toBe('Phone, Mobile');
  });

  it('stores far fewer bytes than a key per field once a write has more than a few records', () => {
    const perField = new Y.Doc();
    const shared = new Y.Doc();
    const source = sharedFor('leads', w(5), origin)!;
    for (let i = 0; i < 200; i++) {
      const fields = { ...rows[0], email: `a${i}@x.test`, phones: [{ number: `+1 555 ${1000 + i}` }] };
      createRecord(perField, 'leads', `r${i}`, fields, w(5), { write: origin });
      createRecord(shared, 'leads', `r${i}`, fields, w(5), { shared: source });
    }
    expect(read(shared, 'r7')).toEqual(read(perField, 'r7'));
    expect(Y.encodeStateAsUpdate(shared).byteLength).toBeLessThan(Y.encodeStateAsUpdate(perField).byteLength / 2);
  });

  it('a later edit stamps its field, which wins; the list keeps its imported entries’ origin; a cleared field has none', () => {
    const { perField, shared } = both();
    for (const doc of [perField, shared]) {
      const current = readCurrent(doc, 'leads', 'r0', [CUSTOM])!;
      updateRecord(doc, 'leads', current, { title: 'CFO', phones: [...(current.phones as object[]), { number: '+1 555 0199' }] }, ['email'], w(9));
    }
    const after = read(shared, 'r0')!;
    expect(after).toEqual(read(perField, 'r0'));
    const p = after.provenance as Record<string, { method: string; at: number; items?: Record<string, { method: string; at: number }> }>;
    expect(p.title).toMatchObject({ method: 'typed', at: 9 });
    expect(p.phones.items!['+1 555 0100']).toMatchObject({ method: 'csv', at: 5 });
    expect(p.phones.items!['+1 555 0199']).toMatchObject({ method: 'typed', at: 9 });
    expect(p.email).toBeUndefined();
    expect(p.name).toMatchObject({ method: 'csv', column: 'First, Last' });
  });

  it('merges field by field: two replicas editing different fields of an imported record both keep their provenance', () => {
    const a = replica();
    const b = replica({ memberId: 'm2', role: 'admin' });
    a.repo.createFresh('leads', [{ id: 'x1', fields: rows[0] }], { batchId: 'imp', origin });
    sync(a.docs, b.docs);
    a.repo.update('leads', 'x1', { title: 'Mine' });
    b.repo.update('leads', 'x1', { email: 'b@x.test' });
    sync(a.docs, b.docs);
    const [ra, rb] = [a.repo.get('leads', 'x1')!, b.repo.get('leads', 'x1')!];
    expect(ra).toEqual(rb);
    expect(ra.provenance).toMatchObject({ title: { method: 'typed', by: 'm1' }, email: { method: 'typed', by: 'm2' }, name: { method: 'csv', column: 'First, Last' }, phones: { method: 'csv' } });
  });

  it('undo of the import batch trashes its records and undoing that brings them back with the same provenance', () => {
    const { repo } = replica();
    repo.createFresh('leads', rows.map((fields, i) => ({ id: `u${i}`, fields })), { batchId: 'imp', origin });
    const before = repo.get('leads', 'u0')!.provenance;
    const undo = undoBatch(repo, 'imp');
    expect(undo.reverted).toBe(3);
    expect(repo.get('leads', 'u0')).toBeUndefined();
    undoBatch(repo, undo.undoBatchId);
    expect(repo.get('leads', 'u0')!.provenance).toEqual(before);
    expect([...collectionMap(repo.docs.doc(recordDocKey('u0')), 'leads').keys()].filter((k) => k.startsWith('u0/_p'))).toEqual(['u0/_p']);
  });

  it('a malformed `<id>/_p` or source from a peer reads as unknown, never throws, and the field’s own keys still win', () => {
    const { shared } = both();
    const map = collectionMap(shared, 'leads');
    const sources = shared.getMap<unknown>(SOURCES);
    const [sourceId] = [...sources.keys()];
    const good = map.get('r0/_p') as string;
    for (const bad of [42, null, { a: 1 }, '', 'nosuch:0.1', `${sourceId}:`, `${sourceId}:x.99.-1`, `:${good.split(':')[1]}`]) {
      map.set('r0/_p', bad);
      expect(read(shared, 'r0')!.provenance).toBeUndefined();
    }
    map.set('r0/_p', good);
    map.set('r0/_p.title', { method: 'typed', at: 7, by: 'm3' });
    const typedTitle = { title: { method: 'typed', at: 7, by: 'm3' } };
    sources.set(sourceId, { at: 1, by: 'x', keys: 'title', origin: { method: 'csv' } });
    expect(read(shared, 'r0')!.provenance).toEqual(typedTitle);
    sources.set(sourceId, { at: 'soon', by: 'x', keys: ['name', 'title'], origin: { method: 'csv' } });
    expect(read(shared, 'r0')!.provenance).toEqual(typedTitle);
    sources.set(sourceId, { at: 1, by: 'x', keys: ['name', 'title', 'email'], origin: { method: 'carrier-pigeon' }, fields: { name: { method: 'csv', column: 'N' } } });
    expect(read(shared, 'r0')!.provenance).toEqual({ ...typedTitle, name: { method: 'csv', column: 'N', at: 1, by: 'x' } });
  });
});
