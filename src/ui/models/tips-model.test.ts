import { describe, expect, it } from 'vitest';
import { createTipsModel, TIPS_KEY, type TipStore } from './tips-model.ts';

const memory = (init?: string): TipStore & { data: Map<string, string> } => {
  const data = new Map<string, string>(init === undefined ? [] : [[TIPS_KEY, init]]);
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => { data.set(k, v); } };
};

describe('dismissed tips', () => {
  it('a tip shows until dismissed, and stays dismissed for the next page that reads the store', () => {
    const store = memory();
    const tips = createTipsModel(store);
    expect(tips.shown('customFields')).toBe(true);
    tips.dismiss('customFields');
    expect(tips.shown('customFields')).toBe(false);
    expect(JSON.parse(store.data.get(TIPS_KEY)!)).toEqual(['customFields']);
    expect(createTipsModel(store).shown('customFields')).toBe(false);
  });

  it('another page’s dismissal shows here after reload (the storage event)', () => {
    const store = memory();
    const here = createTipsModel(store);
    createTipsModel(store).dismiss('customFields');
    expect(here.shown('customFields')).toBe(true);
    here.reload();
    expect(here.shown('customFields')).toBe(false);
  });

  it('an unreadable or foreign value in the store shows the tips rather than failing', () => {
    for (const bad of ['not json', '{"customFields":true}', '[1,null]', '']) expect(createTipsModel(memory(bad)).shown('customFields')).toBe(true);
    expect(createTipsModel(undefined).shown('customFields')).toBe(true);
  });

  it('a store that refuses the write (quota, private window) still hides the tip on this page', () => {
    const refusing: TipStore = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    const tips = createTipsModel(refusing);
    tips.dismiss('customFields');
    expect(tips.shown('customFields')).toBe(false);
  });
});
