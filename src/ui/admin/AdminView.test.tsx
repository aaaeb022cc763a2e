import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { render } from 'preact';
import { signal } from '@preact/signals';
import { AdminView } from './AdminView.tsx';
import type { ConfigModel } from '../models/config-model.ts';
import type { TeamPort, WorkspaceConfig, WritePort } from '../ports.ts';

/**
 * Settings as a new user meets them: people by name and email, field types as words, a form's
 * link ready to copy, and no "Remove" on one's own membership. Rendered with linkedom.
 */
describe('AdminView speaks names, not ids', () => {
  let root: HTMLElement;
  const cfg = {
    me: { memberId: 'm-me', role: 'admin' },
    settings: { leadsEnabled: true },
    members: [
      { id: 'm-me', name: 'Ann Admin', email: 'ann@acme.test', role: 'admin', active: true },
      { id: 'm-2', name: 'Sam Rep', email: 'sam@acme.test', role: 'member', active: true },
      { id: 'm-3', name: '', email: 'noname@acme.test', role: 'viewer', active: true },
    ],
    customFields: [
      { id: 'cf1', name: 'Budget', dataType: 'currency', availableOn: ['opportunities'], options: [], order: 0, retired: false },
      { id: 'cf2', name: 'Tier', dataType: 'multiSelect', availableOn: ['leads', 'people'], options: [], order: 1, retired: false },
    ],
    forms: [{ id: 'contact', name: 'Contact us', enabled: true, fields: ['name', 'email'], required: ['email'], sourceId: 'web-form' }],
    sources: [], leadStatuses: [],
  } as unknown as WorkspaceConfig;
  const config = { config: signal(cfg) } as unknown as ConfigModel;
  const sent: unknown[] = [];
  const write = { admin: async (a: unknown) => { sent.push(a); } } as unknown as WritePort;
  const team = { relay: { url: 'wss://relay.acme.test/', workspaceId: 'ws1', memberId: 'm-me', role: 'admin' } } as unknown as TeamPort;
  const show = (section: string) => render(<AdminView write={write} config={config} section={section} team={section === 'forms' ? team : undefined} />, root);

  beforeEach(() => {
    const { window, document } = parseHTML('<!doctype html><html><body><main></main></body></html>');
    Object.assign(globalThis, { window, document, Event: window.Event });
    root = document.querySelector('main') as unknown as HTMLElement;
  });
  afterEach(() => render(null, root));

  it('a new custom field without a name is refused at once: said in the section, its box marked, nothing sent', async () => {
    show('fields');
    const form = root.querySelector('form.add') as HTMLFormElement;
    form.dispatchEvent(new (window as unknown as typeof globalThis).Event('submit', { cancelable: true }));
    await new Promise((r) => setTimeout(r, 0));
    expect(root.querySelector('[role=alert]')?.textContent).toBe('Name the field first.');
    const name = root.querySelector('#cf-name')!;
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toBe('customFields-err');
    expect(root.querySelector('#customFields-err')?.textContent).toBe('Name the field first.');
    expect(sent).toEqual([]);
  });

  it('lists members by name and email; the user\'s row reads "(you)" and says why it has no "Remove"', () => {
    show('members');
    const rows = [...root.querySelectorAll('.config-list li')].map((li) => li.textContent ?? '');
    expect(rows[0]).toContain('Ann Admin (you)');
    expect(rows[0]).toContain('ann@acme.test');
    expect(rows[0]).not.toContain('Remove');
    expect(rows[2]).toContain('noname@acme.test');
    expect(root.textContent).not.toContain('m-2');
    expect(root.textContent).not.toContain('m-3');
    const you = root.querySelector('.config-list .you');
    expect(you?.textContent).toBe("You can't remove yourself");
    // Name, email, role and note each in their own place, not one run of words.
    const mine = root.querySelector('.config-list li') as HTMLElement;
    expect([...mine.children].map((c) => c.className)).toEqual(['member-who', 'member-role', 'member-action']);
    expect([...mine.querySelectorAll('.member-who > *')].map((c) => c.textContent)).toEqual(['Ann Admin (you)', 'ann@acme.test']);
    expect(mine.querySelector('.member-action')?.textContent).toBe("You can't remove yourself");
    expect(you?.getAttribute('title')).toMatch(/cannot remove yourself/);
    expect([...root.querySelectorAll('.config-list button')].map((b) => b.getAttribute('aria-label'))).toEqual(['Remove Sam Rep', 'Remove noname@acme.test']);
  });

  it('the only admin has no role picker on their row, and the list says why', () => {
    show('members');
    const mine = root.querySelector('.config-list li') as HTMLElement;
    expect(mine.querySelector('select')).toBeNull();
    expect([...mine.querySelectorAll('.member-role .role-fixed > *')].map((c) => c.textContent)).toEqual(['Admin', 'Only admin']);
    expect(root.textContent).toContain('You are the only admin: make another member admin before you change your own role.');
    // Everyone else keeps a picker.
    expect([...root.querySelectorAll('.config-list select')].map((el) => el.id)).toEqual(['role-m-2', 'role-m-3']);
  });

  it('General offers the default currency by code and name, shows the stored one, and saves a choice', async () => {
    const sent: unknown[] = [];
    const w = { admin: async (a: unknown) => { sent.push(a); return undefined; } } as unknown as WritePort;
    render(<AdminView write={w} config={{ config: signal({ ...cfg, settings: { ...cfg.settings, defaultCurrency: 'EUR' } }) } as unknown as ConfigModel} section="general" />, root);
    const select = root.querySelector('#set-currency') as HTMLSelectElement;
    const options = [...select.querySelectorAll('option')].map((o) => [o.getAttribute('value'), o.textContent]);
    expect(options).toContainEqual(['EUR', 'EUR — Euro']);
    expect(options).toContainEqual(['JPY', 'JPY — Japanese Yen']);
    expect(options.length).toBeGreaterThan(100);
    expect(root.querySelector('label[for="set-currency"]')?.textContent).toBe('Default currency');
    for (const o of select.querySelectorAll('option')) o.toggleAttribute('selected', o.getAttribute('value') === 'GBP');
    select.dispatchEvent(new window.Event('change'));
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toContainEqual({ action: 'setDefaultCurrency', currency: 'GBP' });
  });

  it('reads custom field types and record types as words', () => {
    show('fields');
    const items = [...root.querySelectorAll('.config-list li')].map((li) => li.textContent);
    expect(items).toEqual(['Budget — Currency on Opportunities', 'Tier — Multiple choice on Leads, People']);
    const options = [...root.querySelectorAll('#cf-type option')].map((o) => o.textContent);
    expect(options).toContain('Dropdown');
    expect(options).toContain('Checkbox');
    expect(options.some((o) => /^[a-z]/.test(o ?? ''))).toBe(false);
  });

  it("shows each web form's link with a copy button", () => {
    show('forms');
    const link = root.querySelector('#form-link-contact') as HTMLTextAreaElement | null;
    expect(link?.value ?? link?.textContent).toBe('https://relay.acme.test/forms/ws1/contact');
    expect(root.querySelector('button[aria-label^="Copy: Link of Contact us"]')).not.toBeNull();
  });
});
