import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { NotFoundError } from '../../../src/domain/index.ts';
import { recordDocKey } from '../../../src/domain/routing.ts';
import { collectionMap, readRecord } from '../../../src/layout/records-doc.ts';
import { applyChanges, createRecord, readCurrent, trashRecord, untrashRecord, updateRecord } from '../../../src/layout/record-write.ts';
import { undoBatch } from '../../../src/store/undo.ts';
import { replica } from './helpers.ts';

const w = (at: number, batchId?: string) => ({ by: 'm1', at, ...(batchId ? { batchId } : {}) });
const keysOf = (doc: Y.Doc) => [...collectionMap(doc, 'leads').keys()].sort();

describe('the one write path (src/layout/record-write.ts), on a plain Y.Doc', () => {
  it('creates with stamps and provenance, and writes nothing for a change that changes nothing', () => {
    const doc = new Y.Doc();
    const entry = createRecord(doc, 'leads', 'l1', { name: { first: 'Ada' }, title: 'CEO', tags: [] }, w(10), { asked: ['title'] });
    expect(keysOf(doc)).toEqual(['l1/_c', 'l1/_p.title', 'l1/_u', 'l1/name', 'l1/title']); // empty lists are not written
    expect(entry).toMatchObject({ op: 'create', recordId: 'l1', at: 10, by: 'm1', set: { title: 'CEO' }, prev: {} });
    const current = readCurrent(doc, 'leads', 'l1', [])!;
    const before = Y.encodeStateVector(doc);
    expect(updateRecord(doc, 'leads', current, { title: 'CEO' }, [], w(11))).toBeUndefined();
    expect(Y.encodeStateVector(doc)).toEqual(before);
    const changed = updateRecord(doc, 'leads', current, { title: 'CTO' }, ['name'], w(12))!;
    expect(changed.entry).toMatchObject({ op: 'update', set: { title: 'CTO', name: null }, prev: { title: 'CEO', name: { first: 'Ada' } }, prevProvenance: { title: { method: 'typed', at: 10 } } });
    expect(readRecord(collectionMap(doc, 'leads'), 'leads', 'l1')).toMatchObject({ title: 'CTO', updatedAt: 12, provenance: { title: { method: 'typed', at: 12 } } });
    expect(keysOf(doc)).not.toContain('l1/name');
  });

  it('trash and restore stamp who and when; an update of a missing record throws before anything is written', () => {
    const doc = new Y.Doc();
    createRecord(doc, 'leads', 'l1', { name: { first: 'Ada' } }, w(1));
    const live = readCurrent(doc, 'leads', 'l1', [])!;
    expect(trashRecord(doc, 'leads', live, w(2))).toMatchObject({ op: 'delete', set: { deletedAt: 2 } });
    const trashed = readCurrent(doc, 'leads', 'l1', [])!;
    expect(trashRecord(doc, 'leads', trashed, w(3))).toBeUndefined();
    expect(untrashRecord(doc, 'leads', trashed, w(4))).toMatchObject({ op: 'restore', prev: { deletedAt: 2 } });
    expect(readCurrent(doc, 'leads', 'l1', [])).toMatchObject({ updatedAt: 4, updatedBy: 'm1' });
    expect(readCurrent(doc, 'leads', 'l1', [])!.deletedAt).toBeUndefined();
    const before = Y.encodeStateVector(doc);
    expect(() => applyChanges(doc, [{ collection: 'leads', id: 'l1', op: 'update', set: { title: 'x' } }, { collection: 'leads', id: 'ghost', op: 'update', set: { title: 'y' } }], w(5), [])).toThrow(NotFoundError);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('undo of an undo puts a created batch back; an undo that reverts nothing writes nothing', () => {
    const { repo } = replica();
    repo.createFresh('leads', [{ id: 'a1', fields: { name: { first: 'A' }, statusId: 'new' } }], { batchId: 'b1' });
    const first = undoBatch(repo, 'b1');
    expect(first.reverted).toBe(1);
    expect(repo.get('leads', 'a1')).toBeUndefined();
    const second = undoBatch(repo, first.undoBatchId);
    expect(second.reverted).toBe(1);
    expect(repo.get('leads', 'a1')).toMatchObject({ name: { first: 'A' } });
    repo.update('leads', 'a1', { title: 'Mine' }, { batchId: 'b2' });
    repo.update('leads', 'a1', { title: 'Later' });
    const doc = repo.docs.doc(recordDocKey('a1'));
    const before = Y.encodeStateVector(doc);
    const none = undoBatch(repo, 'b2');
    expect(none).toMatchObject({ reverted: 0, skipped: [{ field: 'title', reason: 'changed since; the newer value was kept' }] });
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});
