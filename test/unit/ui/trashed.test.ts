import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { signal } from '@preact/signals';
import { createTrashedModel } from '../../../src/ui/models/trashed-model.ts';
import { createConfigModel } from '../../../src/ui/models/config-model.ts';
import { createNavModel } from '../../../src/ui/models/nav-model.ts';
import { createUndoModel } from '../../../src/ui/models/undo-model.ts';
import { TableView } from '../../../src/ui/dashboard/TableView.tsx';
import { HomePane } from '../../../src/ui/app/HomePane.tsx';
import { Surface } from '../../../src/ui/app/RouteLink.tsx';
import { createAppModels } from '../../../src/ui/app/app-models.ts';
import type { WritePort } from '../../../src/ui/ports.ts';
import { readModelWorkspace } from './read-model-setup.ts';
import { useDomRoot } from './dom-root.ts';
import { setSettings } from '../../../src/store/config-store.ts';

/**
 * Deleting every row left "No people yet." while they sat in the trash. Against the real read
 * port over a Dexie read model the real projector fills: the count comes through the port.
 */
const cleanup: (() => unknown)[] = [];
afterEach(async () => { for (const c of cleanup.splice(0).reverse()) await c(); });

function setup() {
  const s = readModelWorkspace(cleanup);
  const people = ['Ada', 'Bo'].map((first) => s.repo.create('people', { name: { first } }).id);
  return { ...s, people };
}

describe('an empty list whose records are in the trash', () => {
  it('the model counts them only while asked, and follows deletes and restores', async () => {
    const s = setup();
    const when = signal(false);
    const m = createTrashedModel(s.read, 'people', when);
    cleanup.push(() => m.dispose());
    await s.settle();
    expect(m.count.value).toBeNull();
    when.value = true;
    await vi.waitFor(() => expect(m.count.value).toBe(0));
    for (const id of s.people) s.repo.delete('people', id);
    await s.settle();
    await vi.waitFor(() => expect(m.count.value).toBe(2));
    s.repo.restore('people', s.people[0]);
    await s.settle();
    await vi.waitFor(() => expect(m.count.value).toBe(1));
    when.value = false;
    expect(m.count.value).toBeNull();
  });

  describe('the table', () => {
    const root = useDomRoot();
    it('says they are in the Trash and opens it at that type; a search with no match still says "nothing matches"', async () => {
      const s = setup();
      for (const id of s.people) s.repo.delete('people', id);
      await s.settle();
      const nav = createNavModel({ view: 'table', type: 'people' });
      const config = createConfigModel(s.read);
      cleanup.push(() => config.dispose());
      const ports = { read: s.read, write: {} as WritePort };
      render(h(TableView, { type: 'people', ports, config, nav, undo: createUndoModel() }), root());
      await vi.waitFor(() => expect(root().querySelector('.ds-empty h3')?.textContent).toBe('No people here: 2 people in the Trash.'), { timeout: 10_000 });
      const open = [...root().querySelectorAll('a')].find((a) => a.textContent === 'Open the Trash')!;
      expect(open.getAttribute('href')).toBe('#/trash/people');
      open.dispatchEvent(new (globalThis as unknown as { Event: typeof Event }).Event('click', { bubbles: true, cancelable: true }));
      expect(nav.route.value).toEqual({ view: 'trash', type: 'people' });

      const search = root().querySelector('input[type=search]') as HTMLInputElement;
      search.value = 'zz';
      search.dispatchEvent(new (globalThis as unknown as { Event: typeof Event }).Event('input', { bubbles: true }));
      await vi.waitFor(() => expect(root().querySelector('.ds-empty h3')?.textContent).toBe('Nothing matches these filters.'), { timeout: 10_000 });
    });

    it('with nothing ever deleted, it is the first-run empty state', async () => {
      const s = setup();
      const nav = createNavModel({ view: 'table', type: 'companies' });
      const config = createConfigModel(s.read);
      cleanup.push(() => config.dispose());
      render(h(TableView, { type: 'companies', ports: { read: s.read, write: {} as WritePort }, config, nav, undo: createUndoModel() }), root());
      await vi.waitFor(() => expect(root().querySelector('.ds-empty h3')?.textContent).toBe('No companies yet.'), { timeout: 10_000 });
      expect(root().textContent).not.toContain('Trash');
    });
  });

  describe('the side panel\'s list', () => {
    const root = useDomRoot();
    it('with Leads turned off, an empty list of people says "people" and "person", not "leads"', async () => {
      const s = readModelWorkspace(cleanup);
      setSettings(s.repo.docs.config, 'admin', { leadsEnabled: false });
      await s.settle();
      const models = createAppModels({ read: s.read, write: {} as WritePort }, { view: 'home' });
      cleanup.push(() => models.dispose());
      render(h(Surface.Provider, { value: 'panel' }, h(HomePane, { models, searchRef: { current: null } })), root());
      const said = () => root().querySelector('.list-empty p.empty')?.textContent;
      await vi.waitFor(() => expect(said()).toBe('No people yet: capture one from a page or add one above.'), { timeout: 10_000 });
      models.peopleList().setSearch('zz');
      await vi.waitFor(() => expect(said()).toBe('No person matches your search.'), { timeout: 10_000 });
    });

    it('says the leads are in the Trash, and its link opens the dashboard\'s Trash at Leads in a new tab; a search says "no match"', async () => {
      const s = setup();
      const leads = ['Ada', 'Bo', 'Cy'].map((first) => s.repo.create('leads', { name: { first } }).id);
      for (const id of leads) s.repo.delete('leads', id);
      await s.settle();
      const models = createAppModels({ read: s.read, write: {} as WritePort }, { view: 'home' });
      cleanup.push(() => models.dispose());
      render(h(Surface.Provider, { value: 'panel' }, h(HomePane, { models, searchRef: { current: null } })), root());
      const hint = () => root().querySelector('.list-empty .ds-empty h3')?.textContent;
      await vi.waitFor(() => expect(hint()).toBe('No leads here: 3 leads in the Trash.'), { timeout: 10_000 });
      const open = [...root().querySelectorAll('a')].find((a) => a.textContent === 'Open the Trash')!;
      expect([open.getAttribute('href'), open.getAttribute('target')]).toEqual(['dashboard.html#/trash/leads', '_blank']);
      models.leads.setSearch('zz');
      await vi.waitFor(() => expect(root().querySelector('.list-empty p.empty')?.textContent).toBe('No lead matches your search.'), { timeout: 10_000 });
      expect(hint()).toBeUndefined();
    });
  });
});
