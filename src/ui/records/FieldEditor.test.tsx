import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { render } from 'preact';
import { text } from './field-kinds.ts';
import { FieldEditor } from './FieldEditor.tsx';
import type { Rec } from '../ports.ts';

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
  const input = () => root.querySelector('input') as HTMLInputElement;
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
});
