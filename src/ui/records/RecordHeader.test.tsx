import { beforeEach, describe, expect, it } from 'vitest';
import { useDomRoot } from '../../../test/unit/ui/dom-root.ts';
import { render } from 'preact';
import { RecordHeader, siteText } from './RecordHeader.tsx';
import { createConfigModel } from '../models/config-model.ts';
import type { ReadPort, Rec, WorkspaceConfig } from '../ports.ts';

const config = createConfigModel({
  watchConfig: (on) => { on({ me: { memberId: 'm1', role: 'admin' }, members: [], leadStatuses: [{ id: 'new', name: 'New', order: 0 }] } as unknown as WorkspaceConfig); return () => {}; },
} as Partial<ReadPort> as ReadPort);
const lead = (extra: Record<string, unknown> = {}) => ({ id: 'l1', name: { first: 'Ada' }, statusId: 'new', ...extra }) as unknown as Rec;

/**
 * "Call" (a tel: link) beside "Log call" in a lead's header read as the same thing: dialling is
 * now a link showing the number, under the name, away from the actions that log.
 */
describe('a record header reaches the person with links that show where they go', () => {
  const dom = useDomRoot();
  let root: HTMLElement;
  beforeEach(() => { root = dom(); });
  const show = (r: Rec, readOnly = false) => render(<RecordHeader type="leads" record={r} config={config} linked={{}} readOnly={readOnly} onAction={() => {}} />, root);

  it('the phone is a tel: link named "Call <number>" showing the number; "Log call" stays a button among the actions', () => {
    show(lead({ phones: [{ number: '+1 415 555 0101' }], email: 'ada@x.test', websites: [{ url: 'https://ada.example/' }] }));
    const reach = root.querySelector('ul[aria-label="Reach"]')!;
    const links = [...reach.querySelectorAll('a')].map((a) => [a.getAttribute('aria-label'), a.getAttribute('href'), a.textContent]);
    expect(links).toEqual([
      ['Call +1 415 555 0101', 'tel:+14155550101', '+1 415 555 0101'],
      ['Email ada@x.test', 'mailto:ada@x.test', 'ada@x.test'],
      ['Open website https://ada.example/', 'https://ada.example/', 'ada.example'],
    ]);
    const actions = root.querySelector('[role=group][aria-label="Quick actions"]')!;
    expect(actions.querySelectorAll('a')).toHaveLength(0);
    expect([...actions.querySelectorAll('button')].map((b) => b.textContent)).toContain('Log call');
    expect([...root.querySelectorAll('a, button')].filter((e) => e.textContent === 'Call')).toHaveLength(0);
  });

  it('a viewer still reaches them; nothing to reach, no list; a value no link can be made from is left out', () => {
    show(lead({ phones: [{ number: '+44 20 7946 0018' }] }), true);
    expect(root.querySelector('a[href="tel:+442079460018"]')?.textContent).toBe('+44 20 7946 0018');
    show(lead());
    expect(root.querySelector('ul[aria-label="Reach"]')).toBeNull();
    show(lead({ websites: [{ url: 'javascript:alert(1)' }] }));
    expect(root.querySelector('ul[aria-label="Reach"]')).toBeNull();
  });

  it('a website reads without its scheme or last slash', () => {
    expect(['https://acme.example/', 'HTTP://acme.example/team', ' acme.example '].map(siteText)).toEqual(['acme.example', 'acme.example/team', 'acme.example']);
  });
});
