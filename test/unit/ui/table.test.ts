import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { undoBatch } from '../../../src/store/undo.ts';
import { createTableModel } from '../../../src/ui/models/table-model.ts';
import { createUndoModel } from '../../../src/ui/models/undo-model.ts';
import { captureView, applyViewState } from '../../../src/ui/models/views-model.ts';
import { defaultColumns, tableColumns } from '../../../src/ui/dashboard/columns.ts';
import { signal } from '@preact/signals';
import { timeOf } from '../../../src/ui/tasks/due.ts';
import { stamp } from '../../../src/ui/ds/time.ts';
import { compareSortKeys, sortKeyOf } from '../../../src/domain/sort-key.ts';
import { COLLECTIONS, type Collection } from '../../../src/domain/index.ts';
import type { Repository } from '../../../src/store/repository.ts';
import type { WorkspaceConfig, WritePort } from '../../../src/ui/ports.ts';
import { readModelWorkspace } from './read-model-setup.ts';

/**
 * Tables against the real read port (src/ext/read-port.ts) over a Dexie read model that the real
 * projector keeps in step with a real repository: what the dashboard runs, minus the browser.
 */
const cleanup: (() => unknown)[] = [];
afterEach(async () => { for (const c of cleanup.splice(0).reverse()) await c(); });

function setup() {
  const s = readModelWorkspace(cleanup);
  return { ...s, write: writePort(s.repo, s.settle) };
}

/** The write port over the repository, as the engine answers it: after the read model has the write. */
function writePort(repo: Repository, settle: () => Promise<void>): WritePort {
  const after = async <T>(fn: () => T) => { const v = fn(); await settle(); return v; };
  return {
    create: (c, input, o) => after(() => ({ id: repo.create(c, input, o).id })),
    update: (c, id, patch, o) => after(() => repo.update(c, id, patch, o)),
    delete: (c, id, o) => after(() => repo.delete(c, id, o)),
    restore: (c, id, o) => after(() => repo.restore(c, id, o)),
    undoBatch: (b) => after(() => undoBatch(repo, b)),
  } as WritePort;
}

async function table(s: ReturnType<typeof setup>, type: Collection = 'leads') {
  const undo = createUndoModel();
  const t = createTableModel({ read: s.read, write: s.write }, type, undo, { config: s.config });
  cleanup.push(() => t.dispose());
  await s.settle();
  // The table's first answer, however slow the machine: every live record listed with its row.
  const live = s.repo.list(type).length;
  await vi.waitFor(() => expect(t.pages.rowsIn(0, Math.max(0, live - 1)).filter(Boolean)).toHaveLength(live), { timeout: 10_000 });
  return { t, undo };
}

const names = (t: ReturnType<typeof createTableModel>) => t.pages.rowsIn(0, t.pages.total.value - 1).map((r) => r.name);

describe('sort keys', () => {
  it('reads paths, lists and custom values; empties sort last both ways', () => {
    const r = { name: { first: 'Ada', last: 'Lovelace' }, emails: [{ email: 'B@x.io' }], tags: ['b', 'a'], custom: { size: 12 }, address: { city: 'Paris' } };
    expect(sortKeyOf(r, 'name.last')).toBe('lovelace');
    expect(sortKeyOf(r, 'emails')).toBe('b@x.io');
    expect(sortKeyOf(r, 'custom.size')).toBe(12);
    expect(sortKeyOf(r, 'address.city')).toBe('paris');
    expect(sortKeyOf({ statusId: 'open' }, 'statusId', ['new', 'open'])).toBe(1);
    const keys = [sortKeyOf({}, 'x'), 3, 1];
    expect([...keys].sort((a, b) => compareSortKeys(a, b, 'asc'))).toEqual([1, 3, sortKeyOf({}, 'x')]);
    expect([...keys].sort((a, b) => compareSortKeys(a, b, 'desc'))).toEqual([3, 1, sortKeyOf({}, 'x')]);
  });
});

describe('dashboard tables over the read model', () => {
  it('every column of every table sorts through the read port, choices in the order users see', async () => {
    const s = setup();
    const { putConfigEntity } = await import('../../../src/store/config-store.ts');
    putConfigEntity(s.docs.config, 'admin', 'customFields', { id: 'size', name: 'Size', order: 0, dataType: 'number', availableOn: ['leads'] });
    s.repo.create('leads', { name: { first: 'Alan', last: 'Zed' }, statusId: 'unqualified', email: 'z@x.io', custom: { size: 5 } });
    s.repo.create('leads', { name: { first: 'Barbara', last: 'Young' }, statusId: 'new', email: 'a@x.io', custom: { size: 50 } });
    s.repo.create('leads', { name: { first: 'Claude', last: 'Xu' }, statusId: 'open' });
    const { t } = await table(s);
    // Custom fields appear as columns.
    expect(t.offered.value.map((c) => c.key)).toContain('custom.size');
    expect(t.offered.value.find((c) => c.key === 'custom.size')!.label).toBe('Size');
    // A sort is answered by a live query: waited for, not assumed done after a fixed pause.
    const sortBy = async (field: string, expected: string[]) => { t.list.sortBy(field); await vi.waitFor(() => expect(names(t)).toEqual(expected), { timeout: 10_000 }); };
    await sortBy('statusId', ['Barbara Young', 'Claude Xu', 'Alan Zed']); // New, Open, Unqualified
    await sortBy('statusId', ['Alan Zed', 'Claude Xu', 'Barbara Young']);
    await sortBy('custom.size', ['Alan Zed', 'Barbara Young', 'Claude Xu']); // no value: last
    await sortBy('custom.size', ['Barbara Young', 'Alan Zed', 'Claude Xu']); // still last
    // Each expected order differs from the one before it, so waiting for it proves the sort ran.
    await sortBy('name.last', ['Claude Xu', 'Barbara Young', 'Alan Zed']);
    await sortBy('email', ['Barbara Young', 'Alan Zed', 'Claude Xu']);
    // Every column of every table asks the read port for its own order, and gets an answer.
    for (const type of COLLECTIONS) {
      for (const c of tableColumns(type, s.config())) {
        const page = await s.read.queryList({ type, search: '', offset: 0, limit: 10, sort: { field: c.key, dir: 'desc', rank: c.rank?.(s.config()) } });
        expect(page.total, `${type}.${c.key}`).toBe(type === 'leads' ? 3 : 0);
      }
    }
  });

  it('keeps the selection after a bulk action, so a second one works; clearing ends it', async () => {
    const s = setup();
    for (const first of ['Alan', 'Barbara', 'Claude']) s.repo.create('leads', { name: { first, last: 'Test' }, tags: first === 'Alan' ? ['vip'] : [] });
    const { t, undo } = await table(s);
    const [a, b] = t.pages.rowsIn(0, 1);
    await t.bulkTag('x'); // nothing selected: said, nothing written
    expect(t.errors.value[0].message).toBe('Select rows first: nothing was changed.');
    t.toggle(a.id, a.data);
    t.toggle(b.id, b.data);
    await t.bulkEdit('statusId', 'unqualified');
    expect(t.message.value).toBe('Status changed: 2 of 2');
    expect(t.selected.value.size).toBe(2);
    await t.bulkTag('hot');
    expect(t.message.value).toBe('Tagged "hot": 2 of 2');
    expect(s.repo.get('leads', a.id)!.tags).toEqual(['vip', 'hot']); // the other tags kept
    expect(s.repo.get('leads', b.id)!.statusId).toBe('unqualified');
    // Each action is one undoable batch.
    await undo.undoLast();
    expect(s.repo.get('leads', a.id)!.tags).toEqual(['vip']);
    expect(s.repo.get('leads', b.id)!.statusId).toBe('unqualified');
    // Undone, "Tagged "hot": 2 of 2" no longer holds and is gone; an older line is not undone by it.
    expect(t.message.value).toBe('');
    await t.bulkTag('warm');
    t.message.value = 'Status changed: 2 of 2';
    await undo.undoLast();
    expect(t.message.value).toBe('Status changed: 2 of 2');
    t.clearSelection();
    expect(t.selected.value.size).toBe(0);
  });

  it('bulk-edits any field through its spec (name part, custom value), and a refused value names the records', async () => {
    const s = setup();
    const { putConfigEntity } = await import('../../../src/store/config-store.ts');
    putConfigEntity(s.docs.config, 'admin', 'customFields', { id: 'tier', name: 'Tier', order: 0, dataType: 'dropdown', options: [{ id: 'gold', name: 'Gold' }], availableOn: ['leads'] });
    const ids = ['Ada', 'Bo'].map((first) => s.repo.create('leads', { name: { first, last: 'Old' } }).id);
    const { t } = await table(s);
    await t.selectAll();
    expect(t.selected.value.size).toBe(2);
    await t.bulkEdit('name.last', 'New');
    expect(ids.map((id) => s.repo.get('leads', id)!.name)).toEqual([{ first: 'Ada', last: 'New' }, { first: 'Bo', last: 'New' }]);
    await t.bulkEdit('custom.tier', 'gold');
    expect(ids.map((id) => s.repo.get('leads', id)!.custom)).toEqual([{ tier: 'gold' }, { tier: 'gold' }]);
    await t.bulkEdit('email', 'not an email');
    expect(t.message.value).toBe('Email changed: 0 of 2');
    expect(t.errors.value[0].message).toMatch(/^2 not changed — Ada New: .*email/i);
    expect(ids.map((id) => s.repo.get('leads', id)!.email)).toEqual([undefined, undefined]);
  });

  it('edits a cell in place; a refused value keeps its message on that cell and writes nothing', async () => {
    const s = setup();
    const id = s.repo.create('leads', { name: { first: 'Grace' }, email: 'g@navy.example' }).id;
    const { t } = await table(s);
    const row = t.pages.rowAt(0)!.data;
    expect(await t.saveCell(row, 'email', 'nope')).toBe(false);
    expect(t.cellErrors.value[`${id}:email`]).toMatch(/email/i);
    expect(s.repo.get('leads', id)!.email).toBe('g@navy.example');
    expect(await t.saveCell(row, 'email', 'grace@navy.example')).toBe(true);
    expect(t.cellErrors.value[`${id}:email`]).toBeUndefined();
    expect(s.repo.get('leads', id)!.email).toBe('grace@navy.example');
  });

  it('column choice and order are part of a saved view; the name stays first', async () => {
    const s = setup();
    const { t } = await table(s);
    t.columns.value = ['name', 'companyName', 'statusId', 'sourceId'];
    t.toggleColumn('tags');
    t.moveColumn('tags', -1);
    t.moveColumn('companyName', -1); // next to the name already: stays
    t.moveColumn('custom.gone', 1); // not shown: nothing moves
    expect(t.columns.value).toEqual(['name', 'companyName', 'statusId', 'tags', 'sourceId']);
    t.toggleColumn('statusId');
    const state = captureView(t);
    expect(state.columns).toEqual(['name', 'companyName', 'tags', 'sourceId']);
    const { t: other } = await table(s);
    applyViewState(other, state);
    expect(other.shown.value.map((c) => c.label)).toEqual(['Name', 'Company', 'Tags', 'Source']);
  });

  it("a workspace's custom fields are columns before anyone chooses (they hid behind Columns); chosen columns stay", async () => {
    const s = setup();
    const { putConfigEntity } = await import('../../../src/store/config-store.ts');
    const cfg = signal<WorkspaceConfig | null>(null);
    const t = createTableModel({ read: s.read, write: s.write }, 'leads', createUndoModel(), { config: () => cfg.value });
    cleanup.push(() => t.dispose());
    const base = defaultColumns('leads');
    expect(t.columns.value).toEqual(base);
    // The config arrives with a custom field of leads (and one of people, not shown here).
    putConfigEntity(s.docs.config, 'admin', 'customFields', { id: 'band', name: 'Budget band', order: 0, dataType: 'text', availableOn: ['leads'] });
    putConfigEntity(s.docs.config, 'admin', 'customFields', { id: 'shoe', name: 'Shoe size', order: 1, dataType: 'number', availableOn: ['people'] });
    cfg.value = s.config();
    expect(t.columns.value).toEqual([...base, 'custom.band']);
    expect(t.shown.value.map((c) => c.label)).toContain('Budget band');
    // Retired: it leaves the default.
    putConfigEntity(s.docs.config, 'admin', 'customFields', { id: 'band', name: 'Budget band', order: 0, dataType: 'text', availableOn: ['leads'], retired: true });
    cfg.value = s.config();
    expect(t.columns.value).toEqual(base);
    // Chosen columns are the user's: a new field does not change them.
    t.columns.value = ['name', 'email'];
    putConfigEntity(s.docs.config, 'admin', 'customFields', { id: 'tier', name: 'Tier', order: 2, dataType: 'text', availableOn: ['leads'] });
    cfg.value = s.config();
    expect(t.columns.value).toEqual(['name', 'email']);
    // At most three custom fields by default; the rest under Columns.
    for (const id of ['a', 'b', 'c']) putConfigEntity(s.docs.config, 'admin', 'customFields', { id, name: id, order: 3, dataType: 'text', availableOn: ['leads'] });
    expect(defaultColumns('leads', s.config()).filter((k) => k.startsWith('custom.'))).toHaveLength(3);
  });

  it('owners show by name, the user as "You" before they gave one, never as an id', async () => {
    const s = setup();
    s.repo.create('leads', { name: { first: 'Ada' }, ownerId: 'm1' });
    const cols = tableColumns('leads', s.config());
    const owner = cols.find((c) => c.key === 'ownerId')!;
    const cfg = s.config();
    expect(owner.text({ id: 'x', ownerId: 'm1' }, cfg)).toBe(cfg.members.find((m) => m.id === 'm1')?.name || 'You');
    expect(owner.text({ id: 'x', ownerId: 'gone' }, cfg)).toBe('Former member');
  });

  it('the tasks table says when a task is due as the task lists do, and sorts by the time itself', async () => {
    const s = setup();
    const at = (days: number, h: number, m = 0) => { const d = new Date(); d.setDate(d.getDate() + days); d.setHours(h, m, 0, 0); return d.getTime(); };
    const later = new Date(new Date().getFullYear() + 2, 0, 20, 9, 0).getTime();
    s.repo.create('tasks', { name: 'Send contract', dueAt: later });
    s.repo.create('tasks', { name: 'Call back', dueAt: at(1, 14, 30) });
    s.repo.create('tasks', { name: 'Chase invoice', dueAt: at(-1, 17) });
    s.repo.create('tasks', { name: 'Someday' });
    const { t } = await table(s, 'tasks');
    const due = tableColumns('tasks', s.config()).find((c) => c.key === 'dueAt')!;
    const text = (name: string) => due.text(t.pages.rowsIn(0, 3).find((r) => r.name === name)!.data, s.config());
    t.list.sortBy('dueAt');
    // By the date, not by the words: yesterday, tomorrow, in two years, then no date.
    await vi.waitFor(() => expect(names(t)).toEqual(['Chase invoice', 'Call back', 'Send contract', 'Someday']), { timeout: 10_000 });
    expect(text('Call back')).toBe(`tomorrow, ${timeOf(at(1, 14, 30))}`);
    expect(text('Chase invoice')).toBe(`yesterday, ${timeOf(at(-1, 17))}`);
    expect(text('Send contract')).toBe(`Jan 20, ${new Date(later).getFullYear()}, ${timeOf(later)}`);
    expect(text('Someday')).toBe('');
    for (const name of ['Call back', 'Chase invoice', 'Send contract']) expect(text(name)).not.toMatch(/\d{4}-\d{2}-\d{2}|T\d{2}:/);
    // Other moments read as a stamp, minutes and never seconds.
    const reminder = tableColumns('tasks', s.config()).find((c) => c.key === 'reminderAt');
    expect(reminder!.text({ id: 'x', reminderAt: later }, s.config())).toBe(stamp(later));
  });
});

describe('list windows', () => {
  it('a window still being counted keeps the total known for the same query; a new query does not', async () => {
    const { createListModel } = await import('../../../src/ui/models/list-model.ts');
    const row = (i: number) => ({ id: `r${i}`, type: 'leads' as const, name: `r${i}`, subtitle: '', statusId: '', data: { id: `r${i}` } });
    const read = {
      watchList: (req: { offset: number; limit: number; search: string }, on: (p: { rows: ReturnType<typeof row>[]; total: number; totalPending?: boolean }) => void) => {
        const rows = Array.from({ length: req.limit }, (_, i) => row(req.offset + i));
        if (req.offset === 0 && !req.search) on({ rows, total: 50_000 });
        else on({ rows, total: req.offset + rows.length, totalPending: true });
        return () => {};
      },
    } as unknown as import('../../../src/ui/ports.ts').ReadPort;
    const list = createListModel(read, 'leads', { pageSize: 100 });
    expect(list.page.value.total).toBe(50_000);
    list.goTo(2000);
    expect(list.page.value.total).toBe(50_000);
    expect(list.pageOffset.value).toBe(1990);
    list.setSearch('ada'); // another query: its own (pending) count
    expect(list.page.value.total).toBe(120);
    list.dispose();
  });
});

describe('reference columns', () => {
  it('the people table names each person’s company (a rename follows, one in the trash says so), and asks for names only while the column is shown', async () => {
    const s = setup();
    const acme = s.repo.create('companies', { name: 'Acme Looms' });
    const navy = s.repo.create('companies', { name: 'Navy Lab' });
    s.repo.create('people', { name: { first: 'Ada', last: 'Lovelace' }, companyId: acme.id });
    s.repo.create('people', { name: { first: 'Grace', last: 'Hopper' }, companyId: navy.id });
    s.repo.create('people', { name: { first: 'Kay', last: 'McNulty' } });
    const { t } = await table(s, 'people');
    expect(t.shown.value.map((c) => c.key)).toContain('companyId');
    await vi.waitFor(() => expect(t.refNames.value).toEqual({ [`companies:${acme.id}`]: { name: 'Acme Looms', deleted: false }, [`companies:${navy.id}`]: { name: 'Navy Lab', deleted: false } }));
    s.repo.update('companies', acme.id, { name: 'Acme Looms Ltd' });
    s.repo.delete('companies', navy.id);
    await s.settle();
    await vi.waitFor(() => expect(t.refNames.value).toEqual({ [`companies:${acme.id}`]: { name: 'Acme Looms Ltd', deleted: false }, [`companies:${navy.id}`]: { name: 'Navy Lab', deleted: true } }));
    // The column hidden: its names are no longer watched (a rename no longer reaches the table).
    t.toggleColumn('companyId');
    s.repo.update('companies', acme.id, { name: 'Renamed unseen' });
    await s.settle();
    expect(t.refNames.value[`companies:${acme.id}`].name).toBe('Acme Looms Ltd');
  });
});
