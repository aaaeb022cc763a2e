import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeSummary, encodeSummary, SUMMARY_VERSION, summaryOf } from './summary.ts';

describe('a room summary kept in storage', () => {
  it('is read back under its stamp and version; one of an earlier version (records counted another way) is recomputed', () => {
    const doc = new Y.Doc();
    doc.getMap('leads').set('ada/_c', [1, 'me']);
    const summary = summaryOf([Y.encodeStateAsUpdate(doc)]);
    const text = encodeSummary('s1', summary);
    expect(decodeSummary(text, 's1')?.records).toBe(1);
    expect(decodeSummary(text, 's2')).toBeUndefined();
    const earlier = JSON.stringify({ ...JSON.parse(text), v: SUMMARY_VERSION - 1 });
    expect(decodeSummary(earlier, 's1')).toBeUndefined();
  });
});
