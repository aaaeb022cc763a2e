import { describe, expect, it } from 'vitest';
import { toFollowUp } from '../../../src/ui/models/home-model.ts';
import { signalColumns } from '../../../src/ui/known/signal-columns.ts';
import { dueWhen } from '../../../src/ui/tasks/due.ts';

const cols = (type: 'leads' | 'opportunities') => signalColumns(type, () => NOW);
import { newPersonOnPage, pageFacts } from '../../../src/ui/known/known-model.ts';
import type { ListRow } from '../../../src/ui/ports.ts';
import type { Candidate } from '../../../src/capture/candidate.ts';

const NOW = Date.UTC(2026, 10, 30);
const DAY = 24 * 3600 * 1000;
const row = (name: string, lastContactAt: number, nextTask?: { id: string; name: string }): ListRow => ({
  id: name, type: 'leads', name, subtitle: '', statusId: '', data: { id: name },
  signals: { lastContactAt, lastContactBy: 'm1', interactions: lastContactAt ? 1 : 0, lastActivityAt: lastContactAt, stageSince: 0, ...(nextTask && { nextTask }) },
});

describe('to follow up (home)', () => {
  it('lists contacts gone quiet for two weeks with nothing planned, the latest lapse first; never contacted and planned ones stay out', () => {
    const rows = [row('never', 0), row('recent', NOW - 3 * DAY), row('old', NOW - 40 * DAY), row('lapsed', NOW - 15 * DAY), row('planned', NOW - 20 * DAY, { id: 't', name: 'Call' })];
    expect(toFollowUp([rows.slice(0, 3), rows.slice(3)], NOW).map((r) => r.name)).toEqual(['lapsed', 'old']);
  });
});

describe('signal columns', () => {
  it('say when, by whom, how many; deals get days in stage; tasks none', () => {
    const cols = signalColumns('opportunities', () => NOW);
    expect(cols.map((c) => c.key)).toEqual(['lastContactAt', 'interactions', 'lastActivityAt', 'nextTaskDue', 'stageSince']);
    const r = { ...row('d', NOW - 12 * DAY), signals: { ...row('d', NOW - 12 * DAY).signals!, stageSince: NOW - 31 * DAY } };
    // Before the workspace's config has come, no name (and no dangling "·"); with it, the member's.
    expect(cols.map((c) => c.fromRow!(r, null))).toEqual(['12 days ago', '1', '12 days ago', '', '31']);
    const config = { me: { memberId: 'm9' }, members: [] } as unknown as Parameters<NonNullable<(typeof cols)[0]['fromRow']>>[1];
    expect(cols[0].fromRow!(r, config)).toMatch(/^12 days ago · \S/);
    expect(cols[0].fromRow!(row('n', 0), null)).toBe('never');
    expect(signalColumns('tasks')).toEqual([]);
  });

  it('word the next task\'s due time as the task lists do (dueWhen), never a raw date', () => {
    const next = cols('leads').find((c) => c.key === 'nextTaskDue')!;
    const r = row('n', NOW - DAY, { id: 't', name: 'Call back', dueAt: NOW + DAY } as never);
    expect(next.fromRow!(r, null)).toBe(`Call back · ${dueWhen(NOW + DAY, NOW)}`);
    expect(next.fromRow!(r, null)).toMatch(/^Call back · tomorrow, /);
    expect(next.fromRow!(row('u', NOW, { id: 't', name: 'Undated' }), null)).toBe('Undated');
  });
});

describe('known here model helpers', () => {
  const cand = (name: string, email: string): Candidate => ({ kind: 'person', name: { full: name, source: 'h-card', confidence: 1 }, emails: [{ value: email, source: 'h-card', confidence: 1 }], phones: [], websites: [], socials: [], sources: ['h-card'], confidence: 1 } as unknown as Candidate);
  it('page facts gather every value capture found; the page\'s new person is one no known record matched by address', () => {
    const cs = [cand('Ada', 'ada@acme.io'), cand('Dana', 'dana@acme.io')];
    expect(pageFacts('https://acme.io', cs)).toMatchObject({ url: 'https://acme.io', emails: ['ada@acme.io', 'dana@acme.io'] });
    const known = { summary: '', records: [{ type: 'people' as const, id: 'p', name: 'Ada', subtitle: '', via: [{ kind: 'email' as const, value: 'ada@acme.io' }], lastContact: '' }], deals: [] };
    expect(newPersonOnPage(cs, known)?.name?.full).toBe('Dana');
    expect(newPersonOnPage([cs[0]], known)).toBeUndefined();
  });
});
