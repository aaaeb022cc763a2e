import { describe, expect, it } from 'vitest';
import { convertLead, createTask, mergeRecords, timeline } from '../../../src/store/lifecycle/index.ts';
import { undoBatch } from '../../../src/store/undo.ts';
import { withoutRepeatedEmails } from '../../../src/domain/lifecycle/index.ts';
import { workspace } from './helpers.ts';

const email = (messageId: string) => ({ subject: 'Pricing', from: 'ada@acme.io', to: ['me@x.io'], messageId });

describe('data that travels whole', () => {
  it('conversion moves the lead’s open tasks to the person; done ones stay on the lead; undo puts them back', () => {
    const { repo } = workspace();
    const lead = repo.create('leads', { name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@acme.io', companyName: 'Acme' });
    const open = createTask(repo, { name: 'Send deck', related: { type: 'leads', id: lead.id } });
    const done = createTask(repo, { name: 'First call', related: { type: 'leads', id: lead.id } });
    repo.update('tasks', done.id, { status: 'done' });
    const r = convertLead(repo, lead.id);
    expect(repo.get('tasks', open.id)?.related).toEqual({ type: 'people', id: r.person.id });
    expect(repo.get('tasks', done.id)?.related).toEqual({ type: 'leads', id: lead.id });
    undoBatch(repo, r.batchId);
    expect(repo.get('tasks', open.id)?.related).toEqual({ type: 'leads', id: lead.id });
  });

  it('merging two leads that logged the same email shows it once (Message-ID compared without <> and case)', () => {
    const { repo } = workspace();
    const a = repo.create('leads', { name: { first: 'Ada' }, email: 'ada@acme.io' });
    const b = repo.create('leads', { name: { first: 'Ada', last: 'Lovelace' }, email: 'first.last@acme.io' });
    repo.logActivity({ typeId: 'email', parent: { type: 'leads', id: a.id }, details: 'Hi', email: email('<42@acme.io>') });
    repo.logActivity({ typeId: 'email', parent: { type: 'leads', id: b.id }, details: 'Hi', email: email('42@ACME.io') });
    repo.logActivity({ typeId: 'email', parent: { type: 'leads', id: b.id }, details: 'Other', email: email('<43@acme.io>') });
    repo.logActivity({ typeId: 'note', parent: { type: 'leads', id: b.id }, details: 'A note' });
    mergeRecords(repo, 'leads', a.id, b.id);
    const lines = timeline(repo, { type: 'leads', id: a.id });
    expect(lines.filter((x) => x.typeId === 'email').map((x) => x.details).sort()).toEqual(['Hi', 'Other']);
    expect(lines.some((x) => x.details === 'A note')).toBe(true);
  });

  it('keeps activities without a Message-ID, in order', () => {
    const rows = [{ id: 1 }, { id: 2, email: { messageId: '<x>' } }, { id: 3, email: {} }, { id: 4, email: { messageId: 'X' } }];
    expect(withoutRepeatedEmails(rows).map((r) => r.id)).toEqual([1, 2, 3]);
  });
});
