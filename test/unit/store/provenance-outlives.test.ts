import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collectionMap, readRecord } from '../../../src/layout/records-doc.ts';
import { createRecord, updateRecord } from '../../../src/layout/record-write.ts';

const w = (by: string, at: number) => ({ by, at });
const typed = { origin: { method: 'typed' as const } };
const lead = (doc: Y.Doc) => readRecord(collectionMap(doc, 'leads'), 'leads', 'r1')!;
const sync = (a: Y.Doc, b: Y.Doc) => {
  const ua = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const ub = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, ua);
  Y.applyUpdate(a, ub);
};

/**
 * A field's value and its provenance are two keys, each resolved on its own: one teammate's
 * clearing of a field deletes the provenance entry it saw, and another's concurrent edit writes
 * a new one, which that delete does not reach, while the clearing may win the value. Provenance
 * is read only for fields that have a value (replicas.property.test.ts found it: a person's
 * emails empty, their provenance still naming an origin).
 */
describe('provenance and a concurrent clearing', () => {
  for (const [field, value, empty] of [['phones', [{ number: '+1 555 0102' }], []], ['title', 'Head buyer', '']] as const) {
    it(`${field}: whichever write wins the value, provenance is there only when the value is`, () => {
      for (const clearerWins of [true, false]) {
        const a = new Y.Doc();
        const b = new Y.Doc();
        a.clientID = clearerWins ? 1 : 2; // the higher client id wins concurrent writes of a key
        b.clientID = clearerWins ? 2 : 1;
        createRecord(a, 'leads', 'r1', { name: { first: 'Ada' }, statusId: 'new', [field]: field === 'phones' ? [{ number: '+1 555 0100' }] : 'Buyer' }, w('m1', 1), { write: typed });
        sync(a, b);
        updateRecord(a, 'leads', lead(a), { [field]: value }, [], w('m1', 2), { write: typed });
        updateRecord(b, 'leads', lead(b), field === 'phones' ? { [field]: empty } : {}, field === 'phones' ? [] : [field], w('m2', 2), { write: typed });
        sync(a, b);
        for (const doc of [a, b]) {
          const r = lead(doc) as Record<string, unknown> & { provenance?: Record<string, unknown> };
          const has = !(r[field] === undefined || r[field] === '' || (Array.isArray(r[field]) && !(r[field] as unknown[]).length));
          expect(r.provenance?.[field] !== undefined, `clearer ${clearerWins ? 'wins' : 'loses'}: ${JSON.stringify(r[field])}`).toBe(has);
        }
        expect(JSON.stringify(lead(a))).toBe(JSON.stringify(lead(b)));
      }
    });
  }
});
