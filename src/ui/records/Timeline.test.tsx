import { beforeEach, describe, expect, it } from 'vitest';
import { useDomRoot } from '../../../test/unit/ui/dom-root.ts';
import { render } from 'preact';
import { Timeline, changeTitle } from './Timeline.tsx';
import { createConfigModel } from '../models/config-model.ts';
import type { Activity } from '../../domain/index.ts';
import type { ReadPort, WorkspaceConfig } from '../ports.ts';

const cfg = {
  me: { memberId: 'm-me', role: 'admin' },
  members: [{ id: 'm-me', name: '', role: 'admin', active: true }, { id: 'm-ada', name: 'Ada Lovelace', role: 'member', active: true }],
  activityTypes: [{ id: 'call', name: 'Call', category: 'call' }, { id: 'system', name: 'System', category: 'system' }],
  leadStatuses: [{ id: 'new', name: 'New' }],
} as unknown as WorkspaceConfig;
const config = createConfigModel({ watchConfig: (cb: (c: WorkspaceConfig) => void) => { cb(cfg); return () => undefined; } } as unknown as ReadPort);

const at = Date.UTC(2026, 11, 2, 10);
const change = (id: string, by: string, system: Activity['system']): Activity =>
  ({ id, typeId: 'system', parent: { type: 'leads', id: 'l1' }, date: at, details: '', system, authorId: by, createdAt: at, createdBy: by, updatedAt: at, updatedBy: by }) as Activity;

describe('the timeline credits a change to the member who made it', () => {
  const dom = useDomRoot();
  let root: HTMLElement;
  beforeEach(() => { root = dom(); });

  it('a conversion reads "Converted … · Ada Lovelace", a status move by the user "… · You"; never "System"', () => {
    const activities = [
      change('l1.converted', 'm-ada', { field: 'statusId', from: 'new', to: 'converted' }),
      change('a2', 'm-me', { field: 'statusId', from: null, to: 'new' }),
    ];
    render(<Timeline activities={activities} config={config} onLog={async () => true} readOnly />, root);
    const heads = [...root.querySelectorAll('.activity-head')].map((h) => h.textContent!.replace(/\s+/g, ' '));
    expect(heads[0]).toMatch(/^Converted.*· Ada Lovelace$/);
    expect(heads[1]).toMatch(/^Status changed.*· You$/);
    expect(root.textContent).not.toContain('System');
    expect([...root.querySelectorAll('.activity p')].map((p) => p.textContent)).toEqual(['Status: New → Converted', 'Status: — → New']);
  });

  it('names no author before the config has come (not "Former member")', () => {
    const early = createConfigModel({ watchConfig: () => () => undefined } as unknown as ReadPort);
    render(<Timeline activities={[change('a1', 'm-ada', { field: 'statusId', from: 'new', to: 'converted' })]} config={early} onLog={async () => true} readOnly />, root);
    expect(root.querySelector('.activity-by')).toBeNull();
    expect(root.textContent).not.toContain('Former member');
  });

  it('a line logged on another record says whose it is ("· on Ada Lovelace"); the record’s own lines and unnamed ones say nothing', () => {
    const call = (id: string, parent: Activity['parent']): Activity => ({ id, typeId: 'call', parent, date: at, details: 'Talked', authorId: 'm-me', createdAt: at, createdBy: 'm-me', updatedAt: at, updatedBy: 'm-me' }) as Activity;
    const activities = [call('a1', { type: 'people', id: 'p1' }), call('a2', { type: 'companies', id: 'c1' }), call('a3', { type: 'people', id: 'p9' })];
    render(<Timeline activities={activities} parents={{ 'people:p1': 'Ada Lovelace' }} config={config} onLog={async () => true} readOnly />, root);
    const heads = [...root.querySelectorAll('.activity-head')].map((h) => h.textContent!.replace(/\s+/g, ' '));
    expect(heads.every((h) => /· You$/.test(h))).toBe(true);
    // Its own line under the head (in the head it wrapped as "· on …" at 360 px).
    const on = [...root.querySelectorAll('.activity')].map((li) => li.querySelector('.activity-on')?.textContent ?? null);
    expect(on).toEqual(['on Ada Lovelace', null, null]);
  });

  it('names each kind of change', () => {
    expect([
      changeTitle({ field: 'stageId', from: 'a', to: 'b' }),
      changeTitle({ field: 'status', from: 'open', to: 'won' }),
      changeTitle({ field: 'statusId', from: 'new', to: 'working' }),
    ]).toEqual(['Stage changed', 'Status changed', 'Status changed']);
  });
});
