import { describe, expect, it } from 'vitest';
import { NotFoundError, RuleError, ValidationError } from '../../../src/domain/index.ts';
import { addConfigItem, addMember, assignTask, completeTask, createTask, myOpenTasks, reopenTask, timeline } from '../../../src/store/lifecycle/index.ts';
import { refused, workspace } from './helpers.ts';

describe('opportunities', () => {
  it('stage changes record when and set the probability unless typed by hand; each adds a system activity', () => {
    const { repo } = workspace();
    const o = repo.create('opportunities', { name: 'Deal', pipelineId: 'sales', stageId: 'qualified' });
    expect(o).toMatchObject({ winProbability: 5, status: 'open' });
    const moved = repo.update('opportunities', o.id, { stageId: 'presentation' });
    expect(moved.winProbability).toBe(20);
    expect(moved.stageChangedAt).toBeGreaterThan(o.stageChangedAt!);
    repo.update('opportunities', o.id, { winProbability: 60 });
    const manual = repo.update('opportunities', o.id, { stageId: 'negotiation' });
    expect(manual).toMatchObject({ winProbability: 60, winProbabilityManual: true });
    repo.update('opportunities', o.id, { winProbabilityManual: false, stageId: 'contract-sent' });
    expect(repo.get('opportunities', o.id)?.winProbability).toBe(40);
    const changes = timeline(repo, { type: 'opportunities', id: o.id }).map((a) => [a.typeId, a.system?.field, a.system?.from, a.system?.to, a.authorId]);
    expect(changes).toEqual([
      ['system', 'stageId', 'negotiation', 'contract-sent', 'm1'],
      ['system', 'stageId', 'presentation', 'negotiation', 'm1'],
      ['system', 'stageId', 'qualified', 'presentation', 'm1'],
    ]);
  });

  it('won/lost/abandoned: lost needs a loss reason (nothing written otherwise); reopening drops the reason', () => {
    const { docs, repo } = workspace();
    const o = repo.create('opportunities', { name: 'Deal', pipelineId: 'sales', stageId: 'presentation' });
    refused(docs, () => repo.update('opportunities', o.id, { status: 'lost' }), RuleError, 'lossReasonId');
    refused(docs, () => repo.update('opportunities', o.id, { status: 'lost', lossReasonId: 'nope' }), RuleError, 'lossReasonId');
    refused(docs, () => repo.update('opportunities', o.id, { status: 'closed' }), ValidationError, 'status');
    refused(docs, () => repo.update('opportunities', o.id, { stageId: 'nope' }), RuleError, 'stageId');
    refused(docs, () => repo.create('opportunities', { name: 'X', pipelineId: 'sales', stageId: 'qualified', companyId: 'ghost' }), RuleError, 'companyId');
    expect(repo.update('opportunities', o.id, { status: 'lost', lossReasonId: 'price' })).toMatchObject({ status: 'lost', winProbability: 0 });
    const reopened = repo.update('opportunities', o.id, { status: 'open' });
    expect(reopened).toMatchObject({ status: 'open', winProbability: 20 });
    expect(reopened.lossReasonId).toBeUndefined();
    expect(repo.update('opportunities', o.id, { status: 'won' }).winProbability).toBe(100);
    expect(repo.update('opportunities', o.id, { status: 'abandoned' }).winProbability).toBe(0);
    expect(timeline(repo, { type: 'opportunities', id: o.id }).filter((a) => a.system?.field === 'status').map((a) => a.system?.to)).toEqual(['abandoned', 'won', 'open', 'lost']);
  });
});

describe('activities', () => {
  it('notes, calls, meetings, emails and custom types on any record; lead status changes are logged', () => {
    const { docs, repo } = workspace();
    const demo = addConfigItem(repo, 'activityTypes', { name: 'Demo' });
    const lead = repo.create('leads', { name: { first: 'Ada' } });
    const company = repo.create('companies', { name: 'Acme' });
    const task = repo.create('tasks', { name: 'T' });
    for (const [typeId, parent] of [['note', { type: 'leads', id: lead.id }], ['call', { type: 'companies', id: company.id }], ['meeting', { type: 'tasks', id: task.id }], [demo.id, { type: 'leads', id: lead.id }]] as const) {
      expect(repo.logActivity({ typeId, parent }).parent).toEqual(parent);
    }
    repo.update('leads', lead.id, { statusId: 'open' });
    const sys = timeline(repo, { type: 'leads', id: lead.id }).find((a) => a.typeId === 'system');
    expect(sys).toMatchObject({ authorId: 'm1', system: { field: 'statusId', from: 'new', to: 'open' } });
    refused(docs, () => repo.logActivity({ typeId: 'note', parent: { type: 'people', id: 'ghost' } }), NotFoundError);
  });
});

describe('tasks', () => {
  it('create on any record, assign, due, reminder, complete, reopen; my open tasks by due date', () => {
    const { docs, repo } = workspace();
    const bea = addMember(repo, { name: 'Bea', role: 'member' });
    const lead = repo.create('leads', { name: { first: 'Ada' } });
    const later = createTask(repo, { name: 'Later', dueAt: 5_000, related: { type: 'leads', id: lead.id } });
    const soon = createTask(repo, { name: 'Soon', dueAt: 2_000, reminderAt: 1_500 });
    const undated = createTask(repo, { name: 'Someday', priority: 'high' });
    const hers = createTask(repo, { name: 'Hers', assigneeId: bea.id });
    expect(myOpenTasks(repo).map((t) => t.name)).toEqual(['Soon', 'Later', 'Someday']);
    const done = completeTask(repo, soon.id);
    expect(done.status).toBe('done');
    expect(done.completedAt).toBeTypeOf('number');
    expect(myOpenTasks(repo).map((t) => t.id)).toEqual([later.id, undated.id]);
    expect(reopenTask(repo, soon.id).completedAt).toBeUndefined();
    assignTask(repo, later.id, bea.id);
    expect(myOpenTasks(repo, bea.id).map((t) => t.id)).toEqual([later.id, hers.id]);
    refused(docs, () => createTask(repo, { name: 'X', related: { type: 'people', id: 'ghost' } }), RuleError, 'related');
    refused(docs, () => createTask(repo, { name: 'X', assigneeId: 'stranger' }), RuleError, 'assigneeId');
    refused(docs, () => createTask(repo, { name: 'X', dueAt: 1_000, reminderAt: 2_000 }), RuleError, 'reminderAt');
    refused(docs, () => repo.update('tasks', soon.id, { reminderAt: 9_000 }), RuleError, 'reminderAt');
    refused(docs, () => createTask(repo, { name: '' }), ValidationError, 'name');
  });
});
