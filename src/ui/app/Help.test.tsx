import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { useDomRoot } from '../../../test/unit/ui/dom-root.ts';
import { keyParts, SHORTCUTS } from './Help.tsx';

describe('the keyboard shortcuts list', () => {
  const root = useDomRoot();
  it('shows each key in a box of its own, the words between them outside ("g then l / t / b / a" was one box that broke mid-way)', () => {
    expect(keyParts('g then l / t / b / a')).toEqual([{ key: 'g' }, { text: ' then ' }, { key: 'l' }, { text: ' / ' }, { key: 't' }, { text: ' / ' }, { key: 'b' }, { text: ' / ' }, { key: 'a' }]);
    expect(keyParts('Ctrl+Z')).toEqual([{ key: 'Ctrl+Z' }]);
    expect(keyParts('↑ ↓')).toEqual([{ key: '↑' }, { text: ' ' }, { key: '↓' }]);
    expect(keyParts('/')).toEqual([{ key: '/' }]);
    // Every shortcut reads as before, and no box holds two keys.
    for (const [k] of SHORTCUTS) {
      render(<>{keyParts(k).map((p, i) => (p.key ? <kbd key={i}>{p.key}</kbd> : p.text))}</>, root());
      expect(root().textContent).toBe(k);
      for (const kbd of root().querySelectorAll('kbd')) expect(kbd.textContent, k).not.toMatch(/\s/);
    }
  });
});
