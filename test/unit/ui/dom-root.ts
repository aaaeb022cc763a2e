import { afterEach, beforeEach } from 'vitest';
import { parseHTML } from 'linkedom';
import { render } from 'preact';

/**
 * A fresh linkedom document for each test of a component, with a `<main>` to render into;
 * whatever was rendered is unmounted after the test. Returns a getter for that root.
 */
export function useDomRoot(): () => HTMLElement {
  let root: HTMLElement;
  beforeEach(() => {
    const { window, document } = parseHTML('<!doctype html><html><body><main></main></body></html>');
    Object.assign(globalThis, { window, document, Event: window.Event });
    root = document.querySelector('main') as unknown as HTMLElement;
  });
  afterEach(() => { render(null, root); });
  return () => root;
}
