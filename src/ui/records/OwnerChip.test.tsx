import { beforeEach, describe, expect, it } from 'vitest';
import { useDomRoot } from '../../../test/unit/ui/dom-root.ts';
import { render } from 'preact';
import { OwnerChip } from './OwnerChip.tsx';
import { FieldEditor } from './FieldEditor.tsx';
import { memberChoice } from './field-kinds.ts';
import type { Rec, WorkspaceConfig } from '../ports.ts';

const cfg = {
  me: { memberId: 'm-me', role: 'admin' },
  members: [{ id: 'm-me', name: '', role: 'admin', active: true }, { id: 'm-ada', name: 'Ada Lovelace', role: 'member', active: true }],
} as unknown as WorkspaceConfig;

/**
 * Before the workspace's config has loaded no member is known (memberName answers ''): a record
 * with an owner showed an empty chip in its header and "No owner" on its board card, and the
 * Owner picker showed the member's raw id. Now: a placeholder, then the name.
 */
describe('an owner before and after the workspace’s members are known', () => {
  const dom = useDomRoot();
  let root: HTMLElement;
  beforeEach(() => { root = dom(); });

  it('a record with an owner never reads "No owner" nor shows an empty chip while the config loads', () => {
    render(<OwnerChip config={null} id="m-ada" unset="No owner" />, root);
    expect(root.textContent).toBe('Owner loading');
    expect(root.querySelector('[aria-busy="true"] .ds-skeleton')).not.toBeNull();
    render(<OwnerChip config={cfg} id="m-ada" unset="No owner" />, root);
    const name = () => root.querySelector('.ds-person > span:last-child')?.textContent;
    expect(name()).toBe('Ada Lovelace');
    expect(root.querySelector('[aria-busy]')).toBeNull();
    render(<OwnerChip config={cfg} id="m-me" unset="No owner" />, root);
    expect(name()).toBe('You');
  });

  it('a record without one says so at once, config or not, in its own words', () => {
    for (const c of [null, cfg]) {
      render(<OwnerChip config={c} id={undefined} unset="No owner" />, root);
      expect(root.textContent).toBe('No owner');
      render(<OwnerChip config={c} id="" unset="Unassigned" />, root);
      expect(root.textContent).toBe('Unassigned');
    }
  });

  it('the Owner picker reads "Loading…" before the config, never the member id; then the name', () => {
    const spec = memberChoice('ownerId', 'Owner');
    const record = { id: 'l1', ownerId: 'm-ada' } as unknown as Rec;
    render(<FieldEditor spec={spec} record={record} config={null} onSave={() => undefined} />, root);
    const select = () => root.querySelector('select') as HTMLSelectElement;
    expect([...select().querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Loading…']);
    expect(root.textContent).not.toContain('m-ada');
    render(<FieldEditor spec={spec} record={record} config={cfg} onSave={() => undefined} />, root);
    expect([...select().querySelectorAll('option')].map((o) => o.textContent)).toEqual(['No owner', 'Ada Lovelace', 'You']);
    // An unset choice before the config reads as empty, not "Loading…".
    render(null, root);
    render(<FieldEditor spec={spec} record={{ id: 'l2' } as unknown as Rec} config={null} onSave={() => undefined} />, root);
    expect([...select().querySelectorAll('option')].map((o) => o.textContent)).toEqual(['—']);
  });

  it('nobody in a member field reads as the header says it: "No owner", a task "Unassigned" (was "Nobody" under a header saying "No owner")', () => {
    const owner = memberChoice('ownerId', 'Owner').options!(cfg, { id: 'l1' } as unknown as Rec)[0];
    const assignee = memberChoice('assigneeId', 'Assignee').options!(cfg, { id: 't1' } as unknown as Rec)[0];
    expect([owner, assignee]).toEqual([{ value: '', label: 'No owner' }, { value: '', label: 'Unassigned' }]);
  });
});
