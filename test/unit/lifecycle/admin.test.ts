import { describe, expect, it } from 'vitest';
import { NotFoundError, PermissionError, RuleError, ValidationError } from '../../../src/domain/index.ts';
import { readConfig } from '../../../src/store/config-store.ts';
import {
  addConfigItem, addCustomField, addMember, addPipeline, addStage, captureCollection, removeMember, renameConfigItem,
  reorderConfigItems, reorderStages, retireConfigItem, setDefaultContactType, setDefaultCurrency, setDefaultLeadStatus, setLeadsEnabled,
  setMemberRole, setStageProbability, updateCustomField,
} from '../../../src/store/lifecycle/index.ts';
import { refused, workspace } from './helpers.ts';

describe('admin settings', () => {
  it('only admins change settings: members and viewers get "Admins only" and nothing is written', () => {
    const { docs, as } = workspace();
    for (const role of ['member', 'viewer'] as const) {
      const r = as({ memberId: 'x', role });
      const ops = [
        () => addConfigItem(r, 'sources', { name: 'Partner' }), () => renameConfigItem(r, 'sources', 'email', 'E-mail'),
        () => reorderConfigItems(r, 'lossReasons', ['price', 'competitor', 'features']), () => retireConfigItem(r, 'sources', 'email'),
        () => setDefaultLeadStatus(r, 'open'), () => setLeadsEnabled(r, false), () => setDefaultCurrency(r, 'EUR'), () => addStage(r, 'sales', { name: 'X', winProbability: 1 }),
        () => addPipeline(r, { name: 'P', stages: [{ name: 'S', winProbability: 1 }] }), () => addCustomField(r, { name: 'F', dataType: 'text', availableOn: ['leads'] }),
        () => addMember(r, { name: 'Z', role: 'admin' }), () => setMemberRole(r, 'm1', 'viewer'),
      ];
      for (const op of ops) expect(refused(docs, op, PermissionError).message).toMatch(/Admins only/);
    }
  });

  it('lead statuses: add, rename, reorder, set default, retire (kept on leads, not chosen anew); Converted is reserved', () => {
    const { docs, repo } = workspace();
    const hot = addConfigItem(repo, 'leadStatuses', { name: 'Hot' });
    expect(hot.order).toBe(4);
    renameConfigItem(repo, 'leadStatuses', hot.id, 'Very hot');
    reorderConfigItems(repo, 'leadStatuses', [hot.id, 'new', 'open', 'unqualified', 'junk']);
    expect(readConfig(docs.config).leadStatuses.map((s) => s.name)).toEqual(['Very hot', 'New', 'Open', 'Unqualified', 'Junk']);
    setDefaultLeadStatus(repo, hot.id);
    expect(repo.create('leads', { name: { first: 'A' } }).statusId).toBe(hot.id);
    const lead = repo.create('leads', { name: { first: 'B' }, statusId: 'junk' });
    refused(docs, () => retireConfigItem(repo, 'leadStatuses', hot.id), RuleError, 'id');
    retireConfigItem(repo, 'leadStatuses', 'junk');
    expect(repo.get('leads', lead.id)?.statusId).toBe('junk');
    refused(docs, () => repo.create('leads', { statusId: 'junk' }), RuleError, 'statusId');
    const other = repo.create('leads', { name: { first: 'C' }, statusId: 'open' });
    refused(docs, () => repo.update('leads', other.id, { statusId: 'junk', title: 'x' }), RuleError, 'statusId');
    repo.update('leads', lead.id, { title: 'kept' });
    refused(docs, () => setDefaultLeadStatus(repo, 'junk'), RuleError, 'id');
    refused(docs, () => addConfigItem(repo, 'leadStatuses', { name: 'Converted' }), RuleError, 'name');
    refused(docs, () => addConfigItem(repo, 'leadStatuses', { name: 'open ' }), RuleError, 'name');
    refused(docs, () => addConfigItem(repo, 'leadStatuses', { name: '' }), ValidationError, 'name');
    refused(docs, () => renameConfigItem(repo, 'leadStatuses', 'nope', 'X'), NotFoundError);
    refused(docs, () => reorderConfigItems(repo, 'leadStatuses', ['new']), RuleError, 'ids');
    retireConfigItem(repo, 'leadStatuses', 'junk', false);
    repo.update('leads', lead.id, { statusId: 'open' });
  });

  it('contact types, sources, loss reasons, activity types: add, rename, reorder, retire; system types are fixed', () => {
    const { docs, repo } = workspace();
    for (const list of ['contactTypes', 'sources', 'lossReasons', 'activityTypes'] as const) {
      const e = addConfigItem(repo, list, { name: `New ${list}` });
      renameConfigItem(repo, list, e.id, `Renamed ${list}`);
      const ids = readConfig(docs.config)[list].map((x) => x.id);
      reorderConfigItems(repo, list, [e.id, ...ids.filter((i) => i !== e.id)]);
      retireConfigItem(repo, list, e.id);
      const after = readConfig(docs.config)[list];
      expect(after[0]).toMatchObject({ id: e.id, name: `Renamed ${list}`, retired: true });
    }
    const meeting = readConfig(docs.config).activityTypes.find((t) => t.name.startsWith('Renamed'))!;
    expect(meeting.category).toBe('user');
    refused(docs, () => retireConfigItem(repo, 'activityTypes', 'system'), RuleError, 'id');
    refused(docs, () => renameConfigItem(repo, 'activityTypes', 'system', 'Robot'), RuleError, 'id');
    refused(docs, () => retireConfigItem(repo, 'contactTypes', 'potential-customer'), RuleError, 'id');
    setDefaultContactType(repo, 'other');
    retireConfigItem(repo, 'contactTypes', 'potential-customer');
    const lead = repo.create('leads', { name: { first: 'Ada' }, email: 'ada@acme.io', sourceId: 'email' });
    retireConfigItem(repo, 'sources', 'email');
    refused(docs, () => repo.create('leads', { sourceId: 'email' }), RuleError, 'sourceId');
    expect(repo.get('leads', lead.id)?.sourceId).toBe('email');
  });

  it('pipelines and stages: several pipelines, add/rename/reorder stages, probabilities; last stage stays', () => {
    const { docs, repo } = workspace();
    const p = addPipeline(repo, { name: 'Renewals', stages: [{ name: 'Due', winProbability: 50 }, { name: 'Quoted', winProbability: 70 }] });
    const stages = () => readConfig(docs.config).stages.filter((s) => s.pipelineId === p.id);
    const signed = addStage(repo, p.id, { name: 'Signed', winProbability: 90 });
    renameConfigItem(repo, 'stages', signed.id, 'Signed off');
    reorderStages(repo, p.id, [signed.id, ...stages().filter((s) => s.id !== signed.id).map((s) => s.id)]);
    expect(stages().map((s) => s.name)).toEqual(['Signed off', 'Due', 'Quoted']);
    setStageProbability(repo, signed.id, 95);
    const opp = repo.create('opportunities', { name: 'Renewal', pipelineId: p.id, stageId: signed.id });
    expect(opp.winProbability).toBe(95);
    refused(docs, () => addPipeline(repo, { name: 'Empty', stages: [] }), RuleError, 'stages');
    refused(docs, () => addPipeline(repo, { name: 'sales', stages: [{ name: 'S', winProbability: 1 }] }), RuleError, 'name');
    refused(docs, () => addStage(repo, p.id, { name: 'Bad', winProbability: 101 }), ValidationError, 'winProbability');
    refused(docs, () => addStage(repo, 'nope', { name: 'X', winProbability: 1 }), NotFoundError);
    refused(docs, () => reorderStages(repo, p.id, [signed.id]), RuleError, 'ids');
    for (const s of stages().slice(1)) retireConfigItem(repo, 'stages', s.id);
    refused(docs, () => retireConfigItem(repo, 'stages', signed.id), RuleError, 'id');
    retireConfigItem(repo, 'pipelines', p.id);
    refused(docs, () => retireConfigItem(repo, 'pipelines', 'sales'), RuleError, 'id');
  });

  it('custom field definitions of every type, on every record type, values checked; type fixed', () => {
    const { docs, repo } = workspace();
    const types = ['text', 'longText', 'number', 'currency', 'percentage', 'date', 'checkbox', 'url', 'dropdown', 'multiSelect'] as const;
    const good: unknown[] = ['x', 'long', 3, 9.5, 50, '2026-01-31', true, 'https://a.io', 'o1', ['o1']];
    const bad: unknown[] = [5, 7, 'x', 'x', 101, '31/01/2026', 'yes', 'ftp://a', 'o9', ['o9']];
    const defs = types.map((dataType) => addCustomField(repo, { id: `f-${dataType}`, name: dataType, dataType, availableOn: ['leads', 'people', 'companies', 'opportunities', 'tasks'], options: dataType === 'dropdown' || dataType === 'multiSelect' ? [{ id: 'o1', name: 'One' }] : [] }));
    const custom = Object.fromEntries(defs.map((d, i) => [d.id, good[i]]));
    expect(repo.create('leads', { name: { first: 'A' }, custom }).custom).toEqual(custom);
    expect(repo.create('tasks', { name: 'T', custom }).custom).toEqual(custom);
    defs.forEach((d, i) => refused(docs, () => repo.create('people', { custom: { [d.id]: bad[i] } }), ValidationError, `custom.${d.id}`));
    refused(docs, () => addCustomField(repo, { name: 'Size', dataType: 'dropdown', availableOn: ['leads'] }), RuleError, 'options');
    refused(docs, () => addCustomField(repo, { name: 'X', dataType: 'text', availableOn: [] }), ValidationError, 'availableOn');
    refused(docs, () => updateCustomField(repo, 'f-text', { dataType: 'number' }), RuleError, 'dataType');
    updateCustomField(repo, 'f-text', { name: 'Nickname', availableOn: ['leads'] });
    refused(docs, () => repo.create('people', { custom: { 'f-text': 'x' } }), ValidationError, 'custom.f-text');
  });

  it('members and roles: add, change role, remove; the last admin cannot be removed or demoted', () => {
    const { docs, repo } = workspace();
    refused(docs, () => setMemberRole(repo, 'm1', 'member'), RuleError, 'role');
    refused(docs, () => removeMember(repo, 'm1'), RuleError, 'role');
    refused(docs, () => addMember(repo, { name: 'X', role: 'boss' as 'admin' }), ValidationError, 'role');
    const b = addMember(repo, { name: 'Bea', email: 'bea@acme.io', role: 'member' });
    refused(docs, () => addMember(repo, { name: 'Bea 2', email: 'BEA@acme.io', role: 'viewer' }), RuleError, 'email');
    setMemberRole(repo, b.id, 'admin');
    setMemberRole(repo, 'm1', 'viewer');
    refused(docs, () => removeMember(repo, b.id), RuleError, 'role');
    removeMember(repo, 'm1');
    expect(readConfig(docs.config).members.find((m) => m.id === 'm1')).toMatchObject({ active: false, role: 'viewer' });
  });

  it('Leads off: no new leads (captures go to people), existing leads kept and shown again when on', () => {
    const { docs, repo } = workspace();
    const lead = repo.create('leads', { name: { first: 'Ada' } });
    expect(captureCollection(repo)).toBe('leads');
    setLeadsEnabled(repo, false);
    expect(captureCollection(repo)).toBe('people');
    refused(docs, () => repo.create('leads', { name: { first: 'Bob' } }), RuleError, 'leadsEnabled');
    expect(repo.get('leads', lead.id)).toBeDefined();
    setLeadsEnabled(repo, true);
    expect(repo.list('leads').map((l) => l.id)).toEqual([lead.id]);
  });

  it('the default currency: three letters, read in capitals; anything else refused with what is wanted, nothing written', () => {
    const { docs, repo } = workspace();
    expect(readConfig(docs.config).settings.defaultCurrency).toBe('USD');
    expect(setDefaultCurrency(repo, ' eur ').defaultCurrency).toBe('EUR');
    expect(readConfig(docs.config).settings.defaultCurrency).toBe('EUR');
    for (const bad of ['EURO', '€', '', '12A']) {
      const e = refused(docs, () => setDefaultCurrency(repo, bad), ValidationError);
      expect(e.message).toMatch(/3-letter currency code/);
    }
    expect(readConfig(docs.config).settings.defaultCurrency).toBe('EUR');
  });
});
