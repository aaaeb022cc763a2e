import { describe, expect, it } from 'vitest';
import { importMaker, ownedByMaker } from './ownership.ts';

describe('ownedByMaker: a new record is its maker’s unless it names another member', () => {
  it('gives a lead, person, company or deal without an owner to the member making it', () => {
    for (const c of ['leads', 'people', 'companies', 'opportunities'] as const) {
      expect(ownedByMaker(c, { name: 'x' }, 'm-sam')).toEqual({ name: 'x', ownerId: 'm-sam' });
      expect(ownedByMaker(c, { name: 'x', ownerId: '' }, 'm-sam')).toEqual({ name: 'x', ownerId: 'm-sam' });
    }
  });

  it('a task is assigned to its maker, not owned', () => {
    expect(ownedByMaker('tasks', { name: 'Call back' }, 'm-sam')).toEqual({ name: 'Call back', assigneeId: 'm-sam' });
  });

  it('keeps the owner or assignee the input names (a teammate chosen in a form, a converted lead’s owner)', () => {
    expect(ownedByMaker('leads', { ownerId: 'm-ann' }, 'm-sam')).toEqual({ ownerId: 'm-ann' });
    expect(ownedByMaker('tasks', { name: 't', assigneeId: 'm-ann' }, 'm-sam')).toEqual({ name: 't', assigneeId: 'm-ann' });
  });

  it('with no member behind the write, changes nothing, and never the input it was given', () => {
    const input = { name: 'Web form lead' };
    expect(ownedByMaker('leads', input, undefined)).toBe(input);
    expect(ownedByMaker('leads', input, '')).toBe(input);
    const out = ownedByMaker('leads', input, 'm-sam');
    expect(input).toEqual({ name: 'Web form lead' });
    expect(out).not.toBe(input);
  });
});

describe('importMaker: an import\'s rows fall to the member importing', () => {
  const members = [{ id: 'm-sam' }, { id: 'm-ann', active: true }, { id: 'm-old', active: false }];
  it('is the importer when they are an active member', () => {
    expect(importMaker(members, 'm-sam')).toBe('m-sam');
    expect(importMaker(members, 'm-ann')).toBe('m-ann');
  });
  it('makes no owner up: a retired member, an id no member has (a command line on a workspace seeded elsewhere), none', () => {
    expect([importMaker(members, 'm-old'), importMaker(members, 'cli'), importMaker(members, undefined), importMaker([], 'm-sam')]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
