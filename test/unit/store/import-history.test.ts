import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { createRecord, readCurrent, updateRecord } from '../../../src/layout/record-write.ts';
import { createdFields, historyMap, type HistoryEntry } from '../../../src/layout/history-doc.ts';
import { fieldChanges, recordFieldChanges } from '../../../src/store/history.ts';
import { Engine } from '../../../src/store/engine.ts';
import { runImport } from '../../../src/io/import.ts';
import { activityDocKey } from '../../../src/domain/routing.ts';
import { undoBatch } from '../../../src/store/undo.ts';
import { replica } from './helpers.ts';

/**
 * An import's 'create' history entries refer to their records' fields (`fromRecord`) instead of
 * copying them; every reader of field history must show what a copy showed.
 */
const CUSTOM = ['cf1', 'cf2'];
type Fields = Record<string, unknown>;

/** The same record written with a copying 'create' entry and with one that refers to it, then the same edits. */
function twin(fields: Fields, edits: { set: Fields; clear: string[] }[]) {
  const histories: { entries: HistoryEntry[]; doc: Y.Doc }[] = [];
  for (const fieldsInHistory of [true, false]) {
    const doc = new Y.Doc();
    let at = 1_000;
    const w = () => ({ by: 'm1', at: (at += 10), batchId: 'b1' });
    const entries = [createRecord(doc, 'leads', 'r1', fields, w(), {}, { fieldsInHistory })];
    for (const e of edits) {
      const current = readCurrent(doc, 'leads', 'r1', CUSTOM)!;
      const updated = updateRecord(doc, 'leads', current, e.set, e.clear, w());
      if (updated) entries.push(updated.entry);
    }
    histories.push({ entries, doc });
  }
  const [copy, ref] = histories;
  const strip = (rows: ReturnType<typeof fieldChanges>) => rows.map(({ field, from, to, op }) => ({ field, from, to, op })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return {
    copy: strip(fieldChanges(copy.entries, readCurrent(copy.doc, 'leads', 'r1', CUSTOM))),
    ref: strip(fieldChanges(ref.entries, readCurrent(ref.doc, 'leads', 'r1', CUSTOM))),
    refEntries: ref.entries,
  };
}

const value = fc.oneof(fc.string({ minLength: 1, maxLength: 6 }), fc.constant(null));
const fieldValue: Record<string, fc.Arbitrary<unknown>> = {
  title: fc.string({ minLength: 1, maxLength: 6 }),
  companyName: fc.string({ minLength: 1, maxLength: 6 }),
  email: fc.constantFrom('a@x.test', 'b@y.test'),
  tags: fc.array(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
  name: fc.record({ first: fc.string({ minLength: 1, maxLength: 5 }) }, { noNullPrototype: true }),
};
const someFields = fc.record(fieldValue, { requiredKeys: [], noNullPrototype: true });
const custom = fc.dictionary(fc.constantFrom(...CUSTOM), fc.string({ minLength: 1, maxLength: 4 }), { maxKeys: 2, noNullPrototype: true });
const edit = fc.record({
  set: fc.tuple(someFields, fc.dictionary(fc.constantFrom(...CUSTOM), value, { maxKeys: 2, noNullPrototype: true })).map(([f, c]) => (Object.keys(c).length ? { ...f, custom: c } : f)),
  clear: fc.subarray(['title', 'companyName', 'email', 'tags']),
}, { noNullPrototype: true });

describe('an import\'s create entries refer to their records', () => {
  it('field history shows what a copied entry showed, after any edits of the record', () => {
    fc.assert(fc.property(someFields, custom, fc.array(edit, { maxLength: 5 }), (fields, cv, edits) => {
      const f = Object.keys(cv).length ? { ...fields, custom: cv } : fields;
      const { copy, ref, refEntries } = twin(f, edits);
      expect(refEntries[0]).toMatchObject({ op: 'create', set: {}, fromRecord: true });
      expect(ref).toEqual(copy);
    }), { numRuns: 300 });
  });

  it('a record that is gone, or an entry that copied its fields, reads as before', () => {
    const { refEntries } = twin({ title: 'CTO' }, []);
    expect(createdFields(refEntries[0], refEntries, undefined)).toEqual({});
    const copied = { ...refEntries[0], fromRecord: undefined, set: { title: 'CEO' } } as HistoryEntry;
    expect(createdFields(copied, [copied], { title: 'other' })).toEqual({ title: 'CEO' });
  });

  it('the repository writes them, field history from the docs shows the created fields, undo still trashes', () => {
    const { repo, docs } = replica();
    repo.createFresh('leads', [{ id: 'l1', fields: { name: { first: 'Ada' }, title: 'CTO', statusId: 'new', tags: ['vip'] } }], { batchId: 'imp' });
    const [entry] = [...historyMap(docs.doc(activityDocKey('l1'))).values()];
    expect(entry).toMatchObject({ op: 'create', set: {}, fromRecord: true, batchId: 'imp' });
    repo.update('leads', 'l1', { title: 'CEO' });
    const rows = repo.fieldHistory('leads', 'l1').map(({ field, from, to, op }) => ({ field, from, to, op }));
    expect(rows).toEqual(expect.arrayContaining([
      { field: 'title', from: 'CTO', to: 'CEO', op: 'update' }, { field: 'title', from: null, to: 'CTO', op: 'create' },
      { field: 'name', from: null, to: { first: 'Ada' }, op: 'create' }, { field: 'tags', from: null, to: ['vip'], op: 'create' },
    ]));
    undoBatch(repo, 'imp');
    expect(repo.get('leads', 'l1')).toBeUndefined();
  });

  it('an imported lead\'s history in the read model (the side panel\'s) equals the docs\', and is smaller than copies', async () => {
    const engine = new Engine({ workspaceId: `import-history-${Math.random()}`, actor: { memberId: 'm1', role: 'admin' } });
    await engine.ready;
    const csv = ['First Name,Last Name,Email,Phone,Title,Tags'];
    for (let i = 0; i < 40; i++) csv.push(`Ann${i},Lee${i},ann${i}@example.test,+1 415 555 ${String(1000 + i)},Buyer,vip`);
    const result = await engine.bulkWrite(() => runImport(engine.repo, new TextEncoder().encode(csv.join('\n')), { as: 'leads', existing: (t) => engine.liveRecords(t) }));
    const id = result.createdIds[7];
    await engine.run(() => engine.repo.update('leads', id, { title: 'Head buyer', email: null }));
    await engine.settle();
    const fromDocs = await engine.run(() => engine.repo.fieldHistory('leads', id));
    const fromReadModel = await recordFieldChanges(engine.db, `leads:${id}`);
    expect(fromReadModel).toEqual(fromDocs);
    expect(fromDocs.filter((c) => c.op === 'create').map((c) => [c.field, c.to])).toEqual(expect.arrayContaining([
      ['title', 'Buyer'], ['email', 'ann7@example.test'], ['name', { first: 'Ann7', last: 'Lee7' }],
    ]));
    // Bytes: the import's history, against the same entries with the fields copied in.
    const entries = await engine.run(() => result.createdIds.map((rid) => engine.repo.history('leads', rid).find((e) => e.op === 'create')!));
    const size = (es: HistoryEntry[]) => { const d = new Y.Doc(); d.transact(() => { for (const e of es) historyMap(d).set(e.id, e); }); return Y.encodeStateAsUpdate(d).byteLength; };
    const copied = await engine.run(() => entries.map(({ fromRecord: _, ...e }) => ({ ...e, set: createdFields({ ...e, fromRecord: true }, [], engine.repo.get('leads', e.recordId, { includeDeleted: true }) as Fields) })));
    expect(copied[0].set).toMatchObject({ email: 'ann0@example.test', tags: ['vip'] });
    expect(size(entries)).toBeLessThan(size(copied as HistoryEntry[]) * 0.6);
    await engine.destroy();
  });
});
