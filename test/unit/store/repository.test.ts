import { describe, expect, it } from 'vitest';
import { NotFoundError, PermissionError, RuleError, ValidationError } from '../../../src/domain/index.ts';
import { replica, snapshot } from './helpers.ts';
import { Repository } from '../../../src/store/repository.ts';
import { putConfigEntity, setSettings } from '../../../src/store/config-store.ts';

function clock(start = 1_000) { let t = start; return () => (t += 10); }

describe('repository', () => {
  it('creates every record type with meta fields and defaults', () => {
    const { repo } = replica(undefined, clock());
    const lead = repo.create('leads', { name: { first: 'Ada' }, email: 'ada@acme.io' });
    expect(lead).toMatchObject({ statusId: 'new', createdBy: 'm1', updatedBy: 'm1', phones: [], tags: [] });
    expect(lead.createdAt).toBe(lead.updatedAt);
    const company = repo.create('companies', { name: 'Acme', emailDomain: 'acme.io' });
    const person = repo.create('people', { name: { first: 'Ada' }, companyId: company.id, emails: [{ email: 'ada@acme.io' }] });
    const opp = repo.create('opportunities', { name: 'Acme deal', pipelineId: 'sales', stageId: 'qualified', primaryPersonId: person.id });
    const task = repo.create('tasks', { name: 'Call Ada', related: { type: 'people', id: person.id } });
    expect(repo.get('people', person.id)?.emails).toEqual([{ email: 'ada@acme.io', category: 'work' }]);
    expect(repo.get('opportunities', opp.id)?.status).toBe('open');
    expect(repo.get('tasks', task.id)?.status).toBe('open');
    expect(repo.list('leads')).toHaveLength(1);
  });

  it('updates partially, records who changed what, and clears with null', () => {
    const { repo } = replica(undefined, clock());
    const lead = repo.create('leads', { name: { first: 'Ada' }, title: 'CTO' });
    repo.actor = { memberId: 'm2', role: 'member' };
    const updated = repo.update('leads', lead.id, { title: 'CEO', companyName: 'Acme' });
    expect(updated).toMatchObject({ title: 'CEO', companyName: 'Acme', name: { first: 'Ada' }, updatedBy: 'm2', createdBy: 'm1' });
    expect(updated.updatedAt).toBeGreaterThan(lead.updatedAt);
    repo.update('leads', lead.id, { title: null });
    expect(repo.get('leads', lead.id)?.title).toBeUndefined();
    const changes = repo.fieldHistory('leads', lead.id);
    expect(changes.filter((c) => c.field === 'title').map((c) => [c.from, c.to, c.by])).toEqual([
      ['CEO', null, 'm2'], ['CTO', 'CEO', 'm2'], [null, 'CTO', 'm1'],
    ]);
  });

  it('rejects invalid input naming each bad field, writing nothing', () => {
    const { repo, docs } = replica();
    const lead = repo.create('leads', { name: { first: 'Ada' } });
    const before = snapshot(docs);
    const bad = [
      () => repo.create('leads', { email: 'nope', currency: 'x' }),
      () => repo.update('leads', lead.id, { email: 'nope' }),
      () => repo.update('leads', lead.id, { createdBy: 'me' }),
      () => repo.create('leads', { statusId: 'no-such-status' }),
      () => repo.update('leads', 'missing', { title: 'x' }),
      () => repo.create('leads', { name: {} }, { id: lead.id }),
    ];
    const errors = bad.map((f) => { try { f(); return null; } catch (e) { return e; } });
    expect(errors[0]).toBeInstanceOf(ValidationError);
    expect((errors[0] as ValidationError).issues.map((i) => i.path).sort()).toEqual(['currency', 'email']);
    expect((errors[0] as Error).message).toMatch(/email: must be an email address/);
    expect(errors[1]).toBeInstanceOf(ValidationError);
    expect(errors[2]).toBeInstanceOf(ValidationError);
    expect(errors[3]).toBeInstanceOf(RuleError);
    expect(errors[4]).toBeInstanceOf(NotFoundError);
    expect(errors[5]).toBeInstanceOf(RuleError);
    expect(snapshot(docs)).toBe(before);
  });

  it('soft-deletes to the trash and restores', () => {
    const { repo } = replica();
    const lead = repo.create('leads', { name: { first: 'Ada' } });
    repo.delete('leads', lead.id);
    expect(repo.get('leads', lead.id)).toBeUndefined();
    expect(repo.get('leads', lead.id, { includeDeleted: true })?.deletedAt).toBeTypeOf('number');
    expect(() => repo.update('leads', lead.id, { title: 'x' })).toThrow(NotFoundError);
    expect(() => repo.delete('leads', lead.id)).toThrow(NotFoundError);
    repo.restore('leads', lead.id);
    expect(repo.get('leads', lead.id)?.deletedAt).toBeUndefined();
    expect(repo.history('leads', lead.id).map((h) => h.op)).toEqual(['create', 'delete', 'restore']);
    expect(() => repo.restore('leads', 'missing')).toThrow(NotFoundError);
  });

  it('viewers cannot write; members cannot change config', () => {
    const { docs, repo } = replica();
    const lead = repo.create('leads', { name: { first: 'Ada' } });
    const before = snapshot(docs);
    const viewer = new Repository({ docs, actor: { memberId: 'v', role: 'viewer' } });
    expect(() => viewer.create('leads', {})).toThrow(PermissionError);
    expect(() => viewer.update('leads', lead.id, { title: 'x' })).toThrow(PermissionError);
    expect(() => viewer.delete('leads', lead.id)).toThrow(/Viewers/);
    expect(() => putConfigEntity(docs.config, 'member', 'sources', { id: 'x', name: 'X', order: 1 })).toThrow(/Admins only/);
    expect(() => setSettings(docs.config, 'member', { leadsEnabled: false })).toThrow(PermissionError);
    expect(snapshot(docs)).toBe(before);
  });

  it('logs activities on existing records only, with known types', () => {
    const { repo } = replica();
    const lead = repo.create('leads', { name: { first: 'Ada' } });
    const a = repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: lead.id }, details: 'Left a message' });
    expect(a).toMatchObject({ typeId: 'call', authorId: 'm1' });
    expect(() => repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: 'nope' } })).toThrow(NotFoundError);
    expect(() => repo.logActivity({ typeId: 'telepathy', parent: { type: 'leads', id: lead.id } })).toThrow(RuleError);
    expect(() => repo.logActivity({ parent: { type: 'leads', id: lead.id } })).toThrow(ValidationError);
  });
});
