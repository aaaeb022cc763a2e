import { describe, expect, it } from 'vitest';
import { splitQuoted } from './email-text.ts';
import { dueState, dueWhen } from '../tasks/due.ts';

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
  // Local times: the rules are calendar days where the reader is.
  const now = new Date(2026, 10, 30, 12, 0).getTime(); // Mon, Nov 30 2026, noon
  const at = (d: number, h: number, m = 0, y = 2026, mo = 10) => new Date(y, mo, d, h, m).getTime();
  it('says overdue for an open task past due, never "due soon"', () => {
    expect(dueState({ dueAt: now - 60_000, status: 'open' }, now, 'en-US')).toEqual({ state: 'overdue', label: 'Overdue since today, 11:59 AM' });
    expect(dueState({ dueAt: at(29, 17), status: 'open' }, now, 'en-US').label).toBe('Overdue since yesterday, 5:00 PM');
  });
  it('tells soon, later, done and none apart', () => {
    expect(dueState({ dueAt: now + 3_600_000, status: 'open' }, now, 'en-US')).toEqual({ state: 'soon', label: 'Due today, 1:00 PM' });
    expect(dueState({ dueAt: now + 3 * 86_400_000, status: 'open' }, now, 'en-US')).toEqual({ state: 'later', label: 'Due Thu, Dec 3, 12:00 PM' });
    expect(dueState({ dueAt: now - 1, status: 'done' }, now, 'en-US')).toEqual({ state: 'done', label: 'Was due today, 11:59 AM' });
    expect(dueState({ status: 'open' }, now).state).toBe('none');
  });
  it('reads a due date as a rep would: minutes never seconds, a weekday near now, the year only when it differs', () => {
    expect(dueWhen(at(30, 9, 5), now, 'en-US')).toBe('today, 9:05 AM');
    expect(dueWhen(at(1, 14, 30, 2026, 11), now, 'en-US')).toBe('tomorrow, 2:30 PM');
    expect(dueWhen(at(25, 8), now, 'en-US')).toBe('Wed, Nov 25, 8:00 AM');
    expect(dueWhen(at(20, 9, 0, 2026, 0), now, 'en-US')).toBe('Jan 20, 9:00 AM');
    expect(dueWhen(at(20, 9, 0, 2027, 0), now, 'en-US')).toBe('Jan 20, 2027, 9:00 AM');
    expect(dueWhen(at(1, 9, 0, 2026, 11), now, 'de-DE')).toBe('morgen, 9:00');
    expect(dueWhen(at(30, 9, 5), now, 'en-US')).not.toMatch(/:\d\d:\d\d/);
  });
});
