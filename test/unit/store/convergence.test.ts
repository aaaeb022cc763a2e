import { describe, expect, it } from 'vitest';
import { replica, snapshot, sync } from './helpers.ts';
import { newRecordUpdate } from '../../../src/layout/records-doc.ts';
import * as Y from 'yjs';
import { recordDocKey } from '../../../src/domain/routing.ts';

describe('two replicas', () => {
  it('editing different fields of one record both win', () => {
    const a = replica({ memberId: 'a', role: 'member' });
    const b = replica({ memberId: 'b', role: 'member' });
    const lead = a.repo.create('leads', { name: { first: 'Ada' }, title: 'CTO' });
    sync(a.docs, b.docs);
    a.repo.update('leads', lead.id, { title: 'CEO' });
    b.repo.update('leads', lead.id, { companyName: 'Acme', phones: [{ number: '+1 415 555 0100' }] });
    sync(a.docs, b.docs);
    for (const r of [a, b]) expect(r.repo.get('leads', lead.id)).toMatchObject({ title: 'CEO', companyName: 'Acme', phones: [{ number: '+1 415 555 0100' }] });
    expect(snapshot(a.docs)).toBe(snapshot(b.docs));
  });

  it('a delete racing an edit keeps the edit (in the trash, restorable)', () => {
    const a = replica({ memberId: 'a', role: 'member' });
    const b = replica({ memberId: 'b', role: 'member' });
    const lead = a.repo.create('leads', { name: { first: 'Ada' } });
    sync(a.docs, b.docs);
    a.repo.delete('leads', lead.id);
    b.repo.update('leads', lead.id, { title: 'Founder' });
    sync(a.docs, b.docs);
    for (const r of [a, b]) {
      expect(r.repo.get('leads', lead.id)).toBeUndefined();
      expect(r.repo.get('leads', lead.id, { includeDeleted: true })?.title).toBe('Founder');
    }
    b.repo.restore('leads', lead.id);
    sync(a.docs, b.docs);
    expect(a.repo.get('leads', lead.id)?.title).toBe('Founder');
  });

  it('the same id created on two replicas offline merges field by field', () => {
    const a = replica({ memberId: 'a', role: 'member' });
    const b = replica({ memberId: 'b', role: 'member' });
    a.repo.create('people', { name: { first: 'Ada' }, title: 'CTO' }, { id: 'L1.p' });
    a.repo.update('people', 'L1.p', { details: 'met at conf' });
    b.repo.create('people', { name: { first: 'Ada' } }, { id: 'L1.p' });
    b.repo.update('people', 'L1.p', { tags: ['vip'] });
    sync(a.docs, b.docs);
    for (const r of [a, b]) {
      expect(r.repo.list('people')).toHaveLength(1);
      expect(r.repo.get('people', 'L1.p')).toMatchObject({ details: 'met at conf', tags: ['vip'] });
    }
  });

  it('a record written as an update made in a fresh doc merges into a loaded doc', () => {
    const a = replica();
    a.repo.create('leads', { name: { first: 'Existing' } });
    Y.applyUpdate(a.docs.doc(recordDocKey('fresh1')), newRecordUpdate('leads', 'fresh1', { name: { first: 'Fresh' }, statusId: 'new' }, 'm1', 5));
    expect(a.repo.get('leads', 'fresh1')).toMatchObject({ name: { first: 'Fresh' }, createdAt: 5 });
    expect(a.repo.list('leads')).toHaveLength(2);
  });
});
