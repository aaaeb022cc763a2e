import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { exportCsv } from '../../../src/io/export.ts';
import { newRepo } from './helpers.ts';

const parse = (csv: string) => Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;

describe('export covers every record type, with names instead of ids', () => {
  function workspace() {
    const repo = newRepo();
    const acme = repo.create('companies', { name: 'Acme Inc.' });
    const ada = repo.create('people', { name: { first: 'Ada', last: 'Lovelace' }, companyId: acme.id, ownerId: 'admin' });
    const deal = repo.create('opportunities', {
      name: 'Acme rollout', companyId: acme.id, primaryPersonId: ada.id, pipelineId: 'sales', stageId: 'negotiation', monetaryValue: 12000, currency: 'EUR',
      closeDate: '2026-12-31', priority: 'high', sourceId: 'conference', ownerId: 'admin', tags: ['q4'],
    });
    const lost = repo.create('opportunities', { name: 'Old deal', pipelineId: 'sales', stageId: 'qualified' });
    repo.update('opportunities', lost.id, { status: 'lost', lossReasonId: 'price' });
    const task = repo.create('tasks', { name: 'Send contract', related: { type: 'opportunities', id: deal.id }, assigneeId: 'admin', dueAt: Date.UTC(2026, 11, 1), priority: 'medium' });
    repo.create('tasks', { name: 'Call Ada', related: { type: 'people', id: ada.id } });
    repo.update('tasks', task.id, { status: 'done' });
    return repo;
  }

  it('deals: company, person, pipeline, stage, status, loss reason, source and owner by name', () => {
    const rows = parse(exportCsv(workspace(), 'opportunities'));
    expect(rows.find((r) => r.Name === 'Acme rollout')).toMatchObject({
      Company: 'Acme Inc.', 'Primary Person': 'Ada Lovelace', Pipeline: 'Sales', Stage: 'Negotiation', Status: 'open', Value: '12000', Currency: 'EUR',
      'Close Date': '2026-12-31', Priority: 'high', Source: 'Conference', Owner: 'admin@outpost.test', Tags: 'q4',
    });
    expect(rows.find((r) => r.Name === 'Old deal')).toMatchObject({ Status: 'lost', 'Loss Reason': 'Price', Stage: 'Qualified' });
  });

  it('tasks: the record they are about by type and name, assignee by name, dates, status', () => {
    const rows = parse(exportCsv(workspace(), 'tasks'));
    expect(rows.find((r) => r.Name === 'Send contract')).toMatchObject({
      'Related Type': 'Opportunity', 'Related To': 'Acme rollout', Assignee: 'admin@outpost.test', Status: 'done', Priority: 'medium', Due: '2026-12-01T00:00:00.000Z',
    });
    expect(rows.find((r) => r.Name === 'Send contract')?.Completed).toMatch(/^\d{4}-/);
    expect(rows.find((r) => r.Name === 'Call Ada')).toMatchObject({ 'Related Type': 'Person', 'Related To': 'Ada Lovelace', Status: 'open' });
  });
});

describe('the engine’s export call takes every record type', () => {
  it('deals and tasks as CSV through the bridge; vCard stays for people and leads', async () => {
    const { exportRecords } = await import('../../../src/bridge/io.ts');
    const { ExportRequest } = await import('../../../src/bridge/protocol.ts');
    const repo = newRepo();
    repo.create('opportunities', { name: 'Deal', pipelineId: 'sales', stageId: 'qualified' });
    const req = ExportRequest.parse({ format: 'csv', type: 'opportunities' });
    expect(exportRecords(repo, req)).toMatchObject({ count: 1, text: expect.stringContaining('Deal') });
    expect(() => exportRecords(repo, ExportRequest.parse({ format: 'vcard', type: 'tasks' }))).toThrow(/export tasks as CSV/);
  });
});
