import { describe, expect, it } from 'vitest';
import { WHOLE_STEPS, countTick, ellipsize, labelBudget, moneyTick } from './axis.ts';

describe('insights axis ticks', () => {
  it('say money compactly in whole units, never cents', () => {
    expect([0, 800, 1_234, 1_200_000, 3_000_000].map((v) => moneyTick(v, 'USD', 'en-US'))).toEqual(['$0', '$800', '$1.2K', '$1.2M', '$3M']);
    // uPlot never asks for 0.8 with whole steps, but a stray fraction still reads as a whole amount.
    expect(moneyTick(0.8, 'USD', 'en-US')).toBe('$1');
  });

  it('follow the workspace currency and the reader locale', () => {
    expect(moneyTick(1_234, 'EUR', 'en-US')).toBe('€1.2K');
    expect(moneyTick(1_500_000, 'JPY', 'en-US')).toBe('¥1.5M');
    expect(moneyTick(800, 'GBP', 'en-GB')).toBe('£800');
    expect(moneyTick(1_200_000, 'EUR', 'de-DE').replace(/\s/g, ' ')).toBe('1,2 Mio. €');
  });

  it('fall back to the number and the code for a code Intl does not know', () => {
    expect(moneyTick(1_234, 'usd', 'en-US')).toBe('1.2K usd');
    expect(moneyTick(800, '', 'en-US')).toBe('800');
  });

  it('count compactly past a thousand', () => {
    expect([0, 7, 800, 1_234, 1_200_000].map((v) => countTick(v, 'en-US'))).toEqual(['0', '7', '800', '1.2K', '1.2M']);
  });

  it('step only by whole 1-2-5 amounts', () => {
    expect(WHOLE_STEPS.slice(0, 7)).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(WHOLE_STEPS.every((s) => Number.isInteger(s))).toBe(true);
    expect(WHOLE_STEPS.at(-1)).toBe(5e12);
  });
});

describe('bar labels', () => {
  it('are cut with an ellipsis only when longer than their budget', () => {
    expect(ellipsize('Web', 10)).toBe('Web');
    expect(ellipsize('Trade show referral', 10)).toBe('Trade sho…');
    expect(ellipsize('Proposal sent ', 10)).toBe('Proposal…');
    expect([...ellipsize('Négociation 🤝 finale', 14)]).toHaveLength(14);
  });

  it('get a budget from the slot each bar has', () => {
    expect(labelBudget(700, 4, false)).toBe(25);
    expect(labelBudget(290, 5, false)).toBe(8);
    expect(labelBudget(100, 40, false)).toBe(4);
    expect(labelBudget(290, 8, true)).toBe(14);
  });
});
