import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { useDomRoot } from '../../../test/unit/ui/dom-root.ts';
import { Cell } from './Cell.tsx';
import { tableColumns } from './columns.ts';
import type { ListRow, WorkspaceConfig } from '../ports.ts';

const config = {
  me: { memberId: 'm-sam', role: 'admin' }, members: [{ id: 'm-sam', name: 'Sam', role: 'admin', active: true }],
  settings: {}, leadStatuses: [], sources: [], pipelines: [], stages: [], lossReasons: [], activityTypes: [], customFields: [], contactTypes: [],
} as unknown as WorkspaceConfig;
const row = (type: string, data: Record<string, unknown>): ListRow => ({ id: 'r1', type, name: 'Ada', subtitle: '', statusId: '', data: { id: 'r1', ...data } } as unknown as ListRow);

describe('an empty member cell says who is missing, in words ("No owner", "Unassigned"), not a bare dash', () => {
  const root = useDomRoot();
  const cellText = (type: 'leads' | 'tasks', key: string, data: Record<string, unknown>, readOnly: boolean) => {
    const column = tableColumns(type, config).find((c) => c.key === key)!;
    render(<table><tbody><tr><Cell column={column} row={row(type, data)} model={{} as never} config={config} readOnly={readOnly} editing={false} active={false} onClose={() => {}} /></tr></tbody></table>, root());
    return root().querySelector('td')!;
  };

  it('a lead without an owner (a web form\'s) reads "No owner", editable or not, and a screen reader hears it', () => {
    for (const readOnly of [false, true]) {
      const td = cellText('leads', 'ownerId', {}, readOnly);
      expect(td.textContent).toBe('No owner');
      expect(td.querySelector('.cell-empty')!.getAttribute('aria-hidden')).toBeNull();
    }
    expect(cellText('leads', 'ownerId', { ownerId: 'm-sam' }, false).textContent).toBe('Sam');
  });

  it('a task without an assignee reads "Unassigned"; another empty field keeps its quiet dash', () => {
    expect(cellText('tasks', 'assigneeId', {}, false).textContent).toBe('Unassigned');
    const title = cellText('leads', 'title', {}, false);
    expect(title.textContent).toBe('—');
    expect(title.querySelector('.cell-empty')!.getAttribute('aria-hidden')).toBe('true');
  });
});
