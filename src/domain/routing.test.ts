import { describe, expect, it } from 'vitest';
import { activityDocKey, allDocKeys, hashId, parseDocKey, recordDocKey, shardOf, SHARD_COUNT } from './routing.ts';

describe('routing: which doc holds a record', () => {
  it('is stable across runtimes: FNV-1a of the id', () => {
    expect(hashId('')).toBe(0x811c9dc5);
    expect(hashId('a')).toBe(0xe40c292c);
    expect(hashId('foobar')).toBe(0xbf9cf968);
  });

  it('a record and its timeline share a shard number; derived ids land wherever their hash says', () => {
    for (const id of ['l1', 'L1.person', 'a-very-long-id-0123456789', 'émile', '🙂']) {
      const k = shardOf(id);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThan(SHARD_COUNT);
      expect(recordDocKey(id)).toBe(`records/${k}`);
      expect(activityDocKey(id)).toBe(`activities/${k}`);
    }
  });

  it('spreads ids evenly (no shard over twice its share for 20,000 ids)', () => {
    const counts = new Array(SHARD_COUNT).fill(0);
    for (let i = 0; i < 20_000; i++) counts[shardOf(`rec${i}`)]++;
    expect(Math.max(...counts)).toBeLessThan((2 * 20_000) / SHARD_COUNT);
    expect(Math.min(...counts)).toBeGreaterThan(20_000 / SHARD_COUNT / 2);
  });

  it('lists every doc once, config first; parses only doc keys of this fan-out', () => {
    const keys = allDocKeys();
    expect(keys).toHaveLength(2 * SHARD_COUNT + 1);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[0]).toBe('config');
    for (const k of keys) expect(parseDocKey(k)).toBe(k);
    for (const bad of ['', 'records', 'records/', `records/${SHARD_COUNT}`, 'records/01', 'records/-1', 'activities/1.5', 'history/1', 'config/0', ' records/1', 'records/1/x']) expect(parseDocKey(bad)).toBeUndefined();
  });
});
