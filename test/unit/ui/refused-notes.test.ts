import { describe, expect, it } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { RefusedNotes } from '../../../src/ui/records/RefusedNotes.tsx';
import type { RefusedChange } from '../../../src/domain/refused.ts';
import type { WritePort } from '../../../src/ui/ports.ts';
import type { ConfigModel } from '../../../src/ui/models/config-model.ts';
import { useDomRoot } from './dom-root.ts';

/** The notes' read answered and rendered. */
const settle = () => act(async () => { await new Promise((r) => setTimeout(r, 0)); });
const config = { nameOf: () => '' } as unknown as ConfigModel;

describe('the record page\'s "Not saved" notes', () => {
  const root = useDomRoot();

  it('are read again when a save fails, not only when the record changes (an edit kept Not saved leaves the record as it was)', async () => {
    const kept: RefusedChange[] = [];
    let reads = 0;
    const write = { refusedChanges: async () => { reads++; return [...kept]; } } as unknown as WritePort;
    const record = { id: 'l1', name: { first: 'Ada' } };
    const show = (failed: unknown) => act(() => { render(h(RefusedNotes, { type: 'leads', id: 'l1', write, config, version: record, failed }), root()); });

    await show([]);
    await settle();
    expect(reads).toBe(1);
    expect(root().querySelector('.refused')).toBeNull();

    // The engine kept the typed title with the refused changes and answered "Not saved"; the record page shows that error.
    kept.push({ id: 'c1', docKey: 'records/1', at: 1, reason: 'Viewers cannot change this workspace.', record: { type: 'leads', id: 'l1' }, kind: 'field', field: 'title', value: 'Head of Sales' } as RefusedChange);
    await show([{ path: '', message: 'Not saved: Viewers cannot change this workspace.' }]);
    await settle();
    expect(reads).toBe(2);
    expect(root().querySelector('.refused h3')?.textContent).toBe('Not saved');
    expect(root().querySelector('.refused-value')?.textContent).toBe('Head of Sales');

    // The same errors again (a re-render for anything else): no new read.
    const same = [{ path: '', message: 'x' }];
    await show(same);
    await settle();
    await show(same);
    await settle();
    expect(reads).toBe(3);
  });
});
