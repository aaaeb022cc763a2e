import { describe, expect, it } from 'vitest';
import { readSetUpMark, withSetUpMark } from './set-up-mark.ts';

describe('the mark first run leaves on the reload’s address', () => {
  it('is read once and taken off, the route and other parameters kept; an address without it says nothing', () => {
    const marked = withSetUpMark('chrome-extension://abc/sidepanel.html?tab=7#/leads/l1');
    expect(marked).toBe('chrome-extension://abc/sidepanel.html?tab=7&set-up=done#/leads/l1');
    expect(readSetUpMark(marked)).toEqual({ marked: true, href: 'chrome-extension://abc/sidepanel.html?tab=7#/leads/l1' });
    expect(readSetUpMark('chrome-extension://abc/sidepanel.html#/')).toEqual({ marked: false, href: 'chrome-extension://abc/sidepanel.html#/' });
    // Marked twice (a second Start) is still one mark.
    expect(withSetUpMark(marked)).toBe(marked);
    expect(readSetUpMark('chrome-extension://abc/sidepanel.html?set-up=other').marked).toBe(false);
  });
});
