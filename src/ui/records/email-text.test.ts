import { describe, expect, it } from 'vitest';
import { splitQuoted } from './email-text.ts';
import { dueState } from '../tasks/due.ts';

describe('splitQuoted', () => {
  it('cuts at a Gmail reply header', () => {
    const r = splitQuoted('Sounds good, Tuesday works.\n\nOn Mon, 3 Mar 2026 at 10:02, Sam <sam@x.example> wrote:\n> Can we meet?\n> Sam');
    expect(r).toEqual({ fresh: 'Sounds good, Tuesday works.', quoted: 'On Mon, 3 Mar 2026 at 10:02, Sam <sam@x.example> wrote:\n> Can we meet?\n> Sam' });
  });
  it('cuts at a wrapped header and at Outlook headers', () => {
    expect(splitQuoted('Yes.\nOn Mon, 3 Mar 2026, Sam Lee <sam@x.example>\nwrote:\n> hi').fresh).toBe('Yes.');
    expect(splitQuoted('Thanks!\r\n\r\nFrom: Sam Lee\r\nSent: Monday\r\nTo: Ada\r\n\r\nOld text').fresh).toBe('Thanks!');
    expect(splitQuoted('Danke\n\n-----Ursprüngliche Nachricht-----\nVon: x').fresh).toBe('Danke');
    expect(splitQuoted('Merci\nLe lun. 3 mars 2026, Sam a écrit :\n> Bonjour').fresh).toBe('Merci');
  });
  it('cuts at trailing ">" lines but keeps inline quotes followed by new text', () => {
    expect(splitQuoted('ok\n> old\n> older').fresh).toBe('ok');
    const inline = '> you asked about price\nIt is 10 EUR.';
    expect(splitQuoted(inline)).toEqual({ fresh: inline, quoted: '' });
  });
  it('keeps a message that is only a forward visible', () => {
    const fwd = '---------- Forwarded message ---------\nFrom: a@b.example\nHello';
    expect(splitQuoted(fwd)).toEqual({ fresh: fwd, quoted: '' });
  });
  it('leaves plain text alone ("From:" in prose is not a header)', () => {
    expect(splitQuoted('From: the team, thanks for the demo.\nSee you.')).toEqual({ fresh: 'From: the team, thanks for the demo.\nSee you.', quoted: '' });
  });
});

describe('dueState', () => {
  const now = Date.UTC(2026, 10, 30, 12);
  const fmt = (ms: number) => new Date(ms).toISOString();
  it('says overdue for an open task past due, never "due soon"', () => {
    expect(dueState({ dueAt: now - 60_000, status: 'open' }, now, fmt).state).toBe('overdue');
    expect(dueState({ dueAt: now - 60_000, status: 'open' }, now, fmt).label).toMatch(/^Overdue since/);
  });
  it('tells soon, later, done and none apart', () => {
    expect(dueState({ dueAt: now + 3_600_000, status: 'open' }, now).state).toBe('soon');
    expect(dueState({ dueAt: now + 3 * 86_400_000, status: 'open' }, now).state).toBe('later');
    expect(dueState({ dueAt: now - 1, status: 'done' }, now).state).toBe('done');
    expect(dueState({ status: 'open' }, now).state).toBe('none');
  });
});
