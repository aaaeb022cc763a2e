import { describe, expect, it } from 'vitest';
import { agoText, countsAsInteraction, DAY_MS, digestActivities, interactionTypeIds, needsFollowUp, nextOpenTask, signalsOf } from './signals.ts';

const NOW = Date.UTC(2026, 10, 30);

describe('interaction types', () => {
  it('calls, meetings and emails count by default; notes, system and custom types do not, unless an admin says so', () => {
    expect(['call', 'meeting', 'email', 'note', 'system', 'demo'].map((id) => countsAsInteraction({ id }))).toEqual([true, true, true, false, false, false]);
    expect(countsAsInteraction({ id: 'demo', countsAsInteraction: true })).toBe(true);
    expect(countsAsInteraction({ id: 'call', countsAsInteraction: false })).toBe(false);
    expect(countsAsInteraction({ id: 'x', category: 'system', countsAsInteraction: true })).toBe(false);
    expect(interactionTypeIds([{ id: 'call', countsAsInteraction: false }, { id: 'demo', countsAsInteraction: true }]).sort()).toEqual(['demo', 'email', 'meeting']);
  });
});

describe('signals', () => {
  const acts = [
    { typeId: 'call', date: NOW - 10 * DAY_MS, authorId: 'sam' },
    { typeId: 'email', date: NOW - 3 * DAY_MS, authorId: 'kim' },
    { typeId: 'note', date: NOW - DAY_MS, authorId: 'sam' },
    { typeId: 'system', date: NOW, authorId: 'sam', system: { field: 'stageId', from: 'a', to: 'b' } },
    { typeId: 'call', date: NaN, authorId: 'bad' },
  ];
  it('last contacted by whom, interaction count, last activity; system entries and bad dates ignored', () => {
    const s = signalsOf(digestActivities(acts), ['call', 'meeting', 'email'], { id: 'x' });
    expect(s).toEqual({ lastContactAt: NOW - 3 * DAY_MS, lastContactBy: 'kim', interactions: 2, lastActivityAt: NOW - DAY_MS, stageSince: 0 });
    expect(signalsOf(digestActivities([]), ['call'], {})).toMatchObject({ lastContactAt: 0, interactions: 0, lastActivityAt: 0 });
  });
  it('days in stage: the stage change, else creation', () => {
    expect(signalsOf({}, [], { stageId: 's', stageChangedAt: 5, createdAt: 1 }).stageSince).toBe(5);
    expect(signalsOf({}, [], { stageId: 's', createdAt: 1 }).stageSince).toBe(1);
  });
  it('next task: earliest due open one, undated last', () => {
    expect(nextOpenTask([{ id: 'a', name: 'A' }, { id: 'b', name: 'B', dueAt: 9 }, { id: 'c', name: 'C', dueAt: 3, status: 'done' }])).toEqual({ id: 'b', name: 'B', dueAt: 9 });
    expect(nextOpenTask([{ id: 'a', name: 'A', status: 'done' }])).toBeUndefined();
    // Same due date and name: the smaller id, whatever the order they are read in.
    const twins = [{ id: 'y', name: 'T' }, { id: 'x', name: 'T' }];
    expect(nextOpenTask(twins)).toEqual({ id: 'x', name: 'T' });
    expect(nextOpenTask([...twins].reverse())).toEqual({ id: 'x', name: 'T' });
  });
  it('follow-up: contacted before, not for two weeks, nothing planned', () => {
    expect(needsFollowUp({ lastContactAt: NOW - 15 * DAY_MS }, NOW)).toBe(true);
    expect(needsFollowUp({ lastContactAt: NOW - 13 * DAY_MS }, NOW)).toBe(false);
    expect(needsFollowUp({ lastContactAt: NOW - 15 * DAY_MS, nextTask: { id: 't', name: 'T' } }, NOW)).toBe(false);
    expect(needsFollowUp({ lastContactAt: 0 }, NOW)).toBe(false);
    expect([agoText(0, NOW), agoText(NOW - 1, NOW), agoText(NOW - DAY_MS, NOW), agoText(NOW - 12 * DAY_MS, NOW)]).toEqual(['never', 'today', 'yesterday', '12 days ago']);
  });
});
