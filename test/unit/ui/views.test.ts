import { describe, expect, it } from 'vitest';
import { createTableModel } from '../../../src/ui/models/table-model.ts';
import { defaultColumns, tableColumns } from '../../../src/ui/dashboard/columns.ts';
import type { WorkspaceConfig } from '../../../src/ui/ports.ts';
import { captureView, createViewsModel, MAX_VIEW_NAME, viewNameError } from '../../../src/ui/models/views-model.ts';
import { parseStoredViews, viewsPort } from '../../../src/ext/views.ts';
import type { KeyValueStorage } from '../../../src/ext/profile.ts';
import type { WritePort } from '../../../src/ui/ports.ts';
import { workspace } from '../lifecycle/helpers.ts';
import { memoryRead } from './memory-io.ts';

/** Extension storage in memory: values go through JSON, as browser.storage does. */
function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, get: async (k) => (data.has(k) ? JSON.parse(data.get(k)!) : undefined), set: async (k, v) => { data.set(k, JSON.stringify(v)); } };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const { repo } = workspace();
  for (const [first, statusId, tags] of [['Alan', 'new', ['vip']], ['Barbara', 'open', []], ['Claude', 'new', ['vip']], ['Dana', 'new', []]] as const) {
    repo.create('leads', { name: { first, last: 'Test' }, statusId, tags: [...tags] });
  }
  const storage = memoryStorage();
  // Saved views never write records: the table's write port is not reached from these tests.
  const open = (type: 'leads' | 'people' = 'leads') => {
    const table = createTableModel({ read: memoryRead(repo), write: {} as WritePort }, type);
    return { table, views: createViewsModel(viewsPort(storage, 'ws1'), table, () => 42) };
  };
  return { repo, storage, open };
}

describe('saved views', () => {
  it('round-trips the exact table state through storage, and applying it after a restart shows the same rows', async () => {
    const s = setup();
    const a = s.open();
    a.table.list.setFilter('statusId', 'new');
    a.table.list.setFilter('tag', 'vip');
    a.table.list.sortBy('name'); // from the default (name, ascending) to descending
    a.table.list.setSearch('test');
    a.table.toggleColumn('tags');
    a.table.toggleColumn('email');
    const state = captureView(a.table);
    expect(state).toEqual({ search: 'test', filters: { statusId: 'new', tag: 'vip' }, sort: { field: 'name', dir: 'desc' }, columns: [...defaultColumns('leads').filter((k) => k !== 'email'), 'tags'] });
    expect(await a.views.save('  VIP new leads ')).toBe(true);
    expect(a.views.message.value).toBe('View "VIP new leads" saved');
    await settle();
    const before = a.table.pages.rowsIn(0, 99).map((r) => r.name);
    expect([...before].sort()).toEqual(['Alan Test', 'Claude Test']); // the in-memory read port filters but doesn't sort

    // A restart: a new table with its defaults, the views read back from storage.
    const b = s.open();
    await b.views.load();
    expect(captureView(b.table)).not.toEqual(state);
    expect(b.views.views.value.map((v) => [v.name, v.type, v.savedAt])).toEqual([['VIP new leads', 'leads', 42]]);
    b.views.apply(b.views.views.value[0].id);
    expect(captureView(b.table)).toEqual(state);
    expect(b.views.views.value[0].state).toEqual(state);
    await settle();
    expect(b.table.pages.rowsIn(0, 99).map((r) => r.name)).toEqual(before);
    expect(b.views.active.value).toBe(b.views.views.value[0].id);
    expect(b.views.changed.value).toBe(false);
  });

  it('a view without a sort or filters stays without them (no default sneaks in)', async () => {
    const s = setup();
    const a = s.open();
    await a.views.save('Everything');
    const b = s.open();
    await b.views.load();
    b.table.list.sortBy('updatedAt');
    b.table.list.setFilter('statusId', 'open');
    b.views.apply(b.views.views.value[0].id);
    expect(captureView(b.table)).toEqual({ search: '', filters: {}, columns: defaultColumns('leads') });
    expect(b.table.list.sort.value).toBeUndefined();
  });

  it('validates names: empty, too long, taken on the same table (any case); the same name on another table is fine', async () => {
    const s = setup();
    const leads = s.open();
    expect(await leads.views.save('   ')).toBe(false);
    expect(leads.views.error.value).toBe('Name the view first.');
    expect(await leads.views.save('x'.repeat(MAX_VIEW_NAME + 1))).toBe(false);
    expect(leads.views.error.value).toBe(`A view name is at most ${MAX_VIEW_NAME} characters (this one has ${MAX_VIEW_NAME + 1}).`);
    expect(await leads.views.save('Hot')).toBe(true);
    expect(leads.views.error.value).toBe('');
    expect(await leads.views.save('hot ')).toBe(false);
    expect(leads.views.error.value).toBe('There is already a view named "Hot" for this table.');
    const people = s.open('people');
    expect(await people.views.save('Hot')).toBe(true);
    await people.views.load();
    expect(people.views.views.value.map((v) => v.name)).toEqual(['Hot']);
    expect(viewNameError('x'.repeat(MAX_VIEW_NAME), [], 'leads')).toBe('');
  });

  it('renames (refusing a taken name, allowing its own), deletes, and keeps views saved meanwhile in another tab', async () => {
    const s = setup();
    const tab1 = s.open();
    const tab2 = s.open();
    await tab1.views.save('Mine');
    await tab2.views.save('Theirs'); // tab2 never loaded "Mine": it re-reads storage before writing
    await tab1.views.load();
    expect(tab1.views.views.value.map((v) => v.name)).toEqual(['Mine', 'Theirs']);
    const mine = tab1.views.views.value[0].id;
    expect(await tab1.views.rename(mine, 'theirs')).toBe(false);
    expect(tab1.views.error.value).toBe('There is already a view named "Theirs" for this table.');
    expect(await tab1.views.rename(mine, 'MINE')).toBe(true);
    expect(await tab1.views.rename(mine, '')).toBe(false);
    expect(tab1.views.error.value).toBe('Name the view first.');
    expect(tab1.views.views.value.map((v) => v.name)).toEqual(['MINE', 'Theirs']);
    tab1.views.apply(mine);
    expect(await tab1.views.remove(mine)).toBe(true);
    expect(tab1.views.active.value).toBeNull();
    expect(tab1.views.message.value).toBe('View "MINE" deleted');
    await tab2.views.load();
    expect(tab2.views.views.value.map((v) => v.name)).toEqual(['Theirs']);
    tab2.views.apply(mine);
    expect(tab2.views.error.value).toBe('That view was deleted (in another tab?).');
  });

  it('notices when the table drifts from the applied view, and updates the view with it', async () => {
    const s = setup();
    const a = s.open();
    await a.views.save('New');
    a.table.list.setFilter('statusId', 'new');
    expect(a.views.changed.value).toBe(true);
    expect(await a.views.update(a.views.active.value!)).toBe(true);
    expect(a.views.changed.value).toBe(false);
    expect(a.views.views.value[0].state.filters).toEqual({ statusId: 'new' });
  });

  it('drops stored entries that are not views, and says so when storage fails', async () => {
    expect(parseStoredViews('nonsense')).toEqual([]);
    const good = { id: 'v1', type: 'leads', name: 'A', savedAt: 1, state: { search: '', filters: {}, columns: ['name'] } };
    expect(parseStoredViews([good, { id: 'v2', type: 'ghosts', name: 'B', savedAt: 1, state: good.state }, null])).toEqual([good]);
    const s = setup();
    const table = createTableModel({ read: memoryRead(s.repo), write: {} as WritePort }, 'leads');
    const broken = createViewsModel({ load: async () => [], save: async () => { throw new Error('QUOTA_BYTES quota exceeded'); } }, table);
    expect(await broken.save('Big')).toBe(false);
    expect(broken.error.value).toBe('Could not save the views: QUOTA_BYTES quota exceeded');
  });
});

describe('default columns', () => {
  it('a deal table shows each deal\'s value; other tables have no value column until asked', () => {
    expect(defaultColumns('opportunities')).toEqual(['name', 'companyId', 'stageId', 'status', 'monetaryValue', 'closeDate', 'ownerId']);
    for (const t of ['leads', 'people', 'companies', 'tasks'] as const) expect(defaultColumns(t)).not.toContain('monetaryValue');
  });

  it('a person\'s and a deal\'s company, a task\'s record are columns by default, named through the read port, never an id; they do not sort', () => {
    expect(defaultColumns('people')).toEqual(['name', 'title', 'companyId', 'emails', 'contactTypeId', 'ownerId']);
    expect(defaultColumns('tasks')).toEqual(['name', 'related', 'assigneeId', 'dueAt', 'status']);
    const company = tableColumns('people', null).find((c) => c.key === 'companyId')!;
    expect(company.text({ id: 'p1', companyId: 'c1' }, null)).toBe('');
    expect(company.refOf!({ id: 'p1', companyId: 'c1' })).toEqual({ type: 'companies', id: 'c1' });
    expect(company.refOf!({ id: 'p2' })).toBeNull();
    expect(company.edit).toBeUndefined();
    const about = tableColumns('tasks', null).find((c) => c.key === 'related')!;
    expect(about.refOf!({ id: 't1', related: { type: 'leads', id: 'l1' } })).toEqual({ type: 'leads', id: 'l1' });
    expect(about.refOf!({ id: 't2', related: { type: 'nonsense', id: 'x' } })).toBeNull();
    const person = tableColumns('opportunities', null).find((c) => c.key === 'primaryPersonId')!;
    expect(person.refOf!({ id: 'o1', primaryPersonId: 'p1' })).toEqual({ type: 'people', id: 'p1' });
  });

  it('a value reads in its deal\'s currency, else the workspace\'s, as on the record page', () => {
    const value = tableColumns('opportunities', null).find((c) => c.key === 'monetaryValue')!;
    const cfg = { settings: { defaultCurrency: 'EUR' } } as unknown as WorkspaceConfig;
    expect(value.numeric).toBe(true);
    expect(value.text({ id: 'o1', monetaryValue: 9000 }, cfg)).toBe('€9,000.00');
    expect(value.text({ id: 'o2', monetaryValue: 9000, currency: 'GBP' }, cfg)).toBe('£9,000.00');
    expect(value.text({ id: 'o3' }, cfg)).toBe('');
  });
});
