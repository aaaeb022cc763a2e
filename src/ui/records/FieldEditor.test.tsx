import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { render } from 'preact';
import { dateTime, emptyDateText, isoDate, specsOf, text } from './field-kinds.ts';
import { builtInFields } from '../../domain/fields/index.ts';
import { FieldEditor, wideText } from './FieldEditor.tsx';
import type { Rec } from '../ports.ts';
import * as Y from 'yjs';
import { readConfig } from '../../layout/config-doc.ts';
import { LeadFilters } from '../leads/LeadFilters.tsx';
import { useDomRoot } from '../../../test/unit/ui/dom-root.ts';

/** A config doc as seeded before session 19b: "No source" was a source entry. */
function oldConfig() {
  const doc = new Y.Doc();
  doc.getMap('sources').set('no-source', { id: 'no-source', name: 'No source', order: 0, retired: false });
  doc.getMap('sources').set('email', { id: 'email', name: 'Email', order: 1, retired: false });
  return doc;
}

/**
 * Leaving a field saves what the user typed, and only that. The conflicts e2e lost its "2 values"
 * marker when a teammate's value arrived at a focused editor: the editor's element still showed
 * the old value when it lost focus (before its effect re-rendered it, or on a re-mount beside the
 * new marker), and the blur saved that old value over the teammate's, settling the conflict.
 * Rendered with linkedom; Preact runs effects after a frame, so a blur right after a re-render
 * meets the element as it was, every time.
 */
describe('FieldEditor: a blur saves an edit, never a value the user did not type', () => {
  const spec = text('title', 'Title');
  let root: HTMLElement;
  let saved: string[];
  const show = (title: string, error?: string) =>
    render(<FieldEditor spec={spec} record={{ id: 'l1', title } as unknown as Rec} config={null} error={error} onSave={(_s, v) => saved.push(v)} />, root);
  /** A few frames pass: Preact runs the effects of the last render. */
  const frames = () => new Promise((r) => setTimeout(r, 150));
  const input = () => root.querySelector('input, textarea') as HTMLInputElement;
  // As a browser does: focus then focusin, blur then focusout (Preact may listen to either).
  const fire = (type: 'focus' | 'blur' | 'input') => {
    const Event = (globalThis as unknown as { Event: typeof globalThis.Event }).Event;
    input().dispatchEvent(new Event(type, { bubbles: type === 'input' }));
    if (type !== 'input') input().dispatchEvent(new Event(type === 'focus' ? 'focusin' : 'focusout', { bubbles: true }));
  };

  beforeEach(() => {
    const { window, document } = parseHTML('<!doctype html><html><body><main></main></body></html>');
    // Browsers define `on<event>` on every element; Preact listens by the lower-case name only then.
    for (const on of ['onfocus', 'onblur', 'oninput', 'onkeydown']) if (!(on in window.HTMLElement.prototype)) Object.defineProperty(window.HTMLElement.prototype, on, { value: null, writable: true });
    Object.assign(globalThis, { window, document, Event: window.Event });
    root = document.querySelector('main') as unknown as HTMLElement;
    saved = [];
  });
  afterEach(() => {
    render(null, root);
  });

  it("a teammate's value arriving while the field has focus is not saved back as the old one", async () => {
    show('Founder');
    await frames();
    fire('focus');
    show('CEO'); // the record changed remotely; the editor's effect has not run yet
    expect(input().value).toBe('Founder');
    fire('blur');
    expect(saved).toEqual([]);
    await frames();
    expect(input().value).toBe('CEO');
  });

  it('what the user typed is saved on leaving, also when a remote value arrived meanwhile', async () => {
    show('Founder');
    await frames();
    fire('focus');
    input().value = 'Chief';
    fire('input');
    fire('blur');
    expect(saved).toEqual(['Chief']);
    input().value = 'Chair';
    fire('input');
    show('CEO');
    fire('blur');
    expect(saved).toEqual(['Chief', 'Chair']);
  });

  it('leaving without typing saves nothing; a refused value put back clears its error', async () => {
    show('Founder');
    await frames();
    fire('focus');
    fire('blur');
    expect(saved).toEqual([]);
    show('Founder', 'Too long');
    fire('blur');
    expect(saved).toEqual(['Founder']);
  });

  it('an empty date reads like a person wrote it ("No due date", not "No due"), and focus gives the date editor', async () => {
    const show = (spec: ReturnType<typeof dateTime>) => render(<FieldEditor spec={spec} record={{ id: 't1' } as unknown as Rec} config={null} onSave={(_s, v) => saved.push(v)} />, root);
    show(dateTime('dueAt', 'Due'));
    expect(input().placeholder).toBe('No due date');
    expect(input().type).toBe('text');
    fire('focus');
    await frames();
    expect(input().type).toBe('datetime-local');
    render(null, root);
    show(isoDate('closeDate', 'Close date'));
    expect(input().placeholder).toBe('No close date');
  });
});

describe('emptyDateText: one wording rule for built-in and custom dates', () => {
  it('adds "date" only where the label does not already say it is one', () => {
    const said = ['Due', 'Renewal', 'Close date', 'Birthday', 'Follow-up day ', 'Start time'].map(emptyDateText);
    expect(said).toEqual(['No due date', 'No renewal date', 'No close date', 'No birthday', 'No follow-up day', 'No start time']);
  });
});

describe('an unset choice on the record page says what is missing, not a bare dash', () => {
  const root = useDomRoot();
  it('"No source", "No loss reason" head their pickers', () => {
    const spec = (key: string) => specsOf(builtInFields('opportunities').find((f) => f.key === key)!)[0];
    const config = { lossReasons: [{ id: 'price', name: 'Price', order: 0, retired: false }], sources: [] } as never;
    expect(spec('lossReasonId').options!(config, { id: 'o1' })).toEqual([{ value: '', label: 'No loss reason' }, { value: 'price', label: 'Price' }]);
    expect(spec('sourceId').options!(config, { id: 'o1' })[0]).toEqual({ value: '', label: 'No source' });
  });

  it('an older workspace\'s seeded "No source" entry (read as retired) is not offered a second time', () => {
    const spec = specsOf(builtInFields('leads').find((f) => f.key === 'sourceId')!)[0];
    const config = readConfig(oldConfig());
    const labels = spec.options!(config as never, { id: 'l1' }).map((o) => o.label);
    expect(labels.filter((l) => l === 'No source')).toHaveLength(1);
    expect(labels).toEqual(['No source', 'Email']);
  });

  it('nor as a side panel filter (a retired source stays filterable, the seed is no source)', () => {
    const config = { config: { value: { ...readConfig(oldConfig()), members: [] } }, memberName: () => '' } as never;
    const model = { filters: { value: {} }, sort: { value: undefined }, setFilter: () => {} } as never;
    render(<LeadFilters model={model} config={config} />, root());
    expect([...root().querySelectorAll('#lf-sourceId option')].map((o) => o.textContent)).toEqual(['Any', 'Email']);
  });
});

describe('a long one-line value takes two columns of the record’s fields', () => {
  it('a word too long for a column (a domain, a web address) or a value of more than two lines; not a usual name, title or city', () => {
    expect(['analytical-engines.example', 'https://navy.example/team', 'Donaudampfschifffahrtsgesellschaft', 'Director of Software Engineering and Research Platforms'].map(wideText)).toEqual([true, true, true, true]);
    expect(['', 'Ada', 'Analytical Engines Ltd', 'Director of Software Engineering', 'acme.example', 'Rear Admiral'].map(wideText)).toEqual([false, false, false, false, false, false]);
  });

  it('the field is marked by its stored value, so it does not move while the rep types', () => {
    const { window, document } = parseHTML('<!doctype html><html><body><main></main></body></html>');
    Object.assign(globalThis, { window, document });
    const root = document.querySelector('main') as unknown as HTMLElement;
    const show = (emailDomain: string) => render(<FieldEditor spec={text('emailDomain', 'Email domain')} record={{ id: 'c1', emailDomain } as unknown as Rec} config={null} onSave={() => undefined} />, root);
    show('analytical-engines.example');
    expect(root.querySelector('.field')!.classList.contains('field-wide')).toBe(true);
    show('acme.example');
    expect(root.querySelector('.field')!.classList.contains('field-wide')).toBe(false);
    render(null, root);
  });
});
