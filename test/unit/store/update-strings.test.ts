import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { useFastUpdateStrings, writeAnyFast, writeVarStringFast } from '../../../src/store/update-strings.ts';

/** lib0's own encoder for the three methods the fast path replaces (what Yjs ships). */
type V1 = { restEncoder: encoding.Encoder };
const proto = Y.UpdateEncoderV1.prototype as unknown as Record<string, unknown>;
const LIB0 = {
  writeString(this: V1, s: string) { encoding.writeVarString(this.restEncoder, s); },
  writeKey(this: V1, s: string) { encoding.writeVarString(this.restEncoder, s); },
  writeAny(this: V1, a: unknown) { encoding.writeAny(this.restEncoder, a as never); },
};
/** Runs `f` with Yjs's encoder as lib0 ships it, then puts back what was installed. */
function withLib0<T>(f: () => T): T {
  const installed = { writeString: proto.writeString, writeKey: proto.writeKey, writeAny: proto.writeAny };
  Object.assign(proto, LIB0);
  try { return f(); } finally { Object.assign(proto, installed); }
}

const bytes = (write: (e: encoding.Encoder) => void) => { const e = encoding.createEncoder(); write(e); return encoding.toUint8Array(e); };

/** Any string: ASCII, Unicode beyond the BMP, lone surrogates (which UTF-8 writes as U+FFFD). */
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary-ascii', maxLength: 5000 }));
const valueOf = (leaves: fc.Arbitrary<unknown>[], noNullPrototype = false) => fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, ...leaves, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(anyString, tie('value'), { maxKeys: 4, noNullPrototype })),
})).value;
/** What a Y.Map holds (Yjs refuses a bigint or an object without a prototype at the top). */
const docValue = valueOf([anyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.uint8Array()], true);
const anyValue = valueOf([anyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.uint8Array(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })]);

describe('ASCII strings in Yjs updates (update-strings.ts)', () => {
  it('writes the bytes lib0 writes, for any string and any value', () => {
    fc.assert(fc.property(anyString, (s) => {
      expect(bytes((e) => writeVarStringFast(e, s))).toEqual(bytes((e) => encoding.writeVarString(e, s)));
    }), { numRuns: 2000 });
    fc.assert(fc.property(anyValue, (v) => {
      expect(bytes((e) => writeAnyFast(e, v))).toEqual(bytes((e) => encoding.writeAny(e, v as never)));
    }), { numRuns: 1000 });
  });

  it('writes across the encoder\'s buffer boundary as lib0 does', () => {
    // The encoder's first buffer is 100 bytes: strings that start inside it and end past it.
    for (const lead of [0, 50, 97, 99, 100]) {
      for (const s of ['x'.repeat(3), 'ab'.repeat(40), 'y'.repeat(4000)]) {
        const ours = bytes((e) => { for (let i = 0; i < lead; i++) encoding.write(e, i); writeVarStringFast(e, s); writeVarStringFast(e, s); });
        const lib0 = bytes((e) => { for (let i = 0; i < lead; i++) encoding.write(e, i); encoding.writeVarString(e, s); encoding.writeVarString(e, s); });
        expect(ours).toEqual(lib0);
      }
    }
  });

  it('leaves every update of a doc byte for byte as Yjs writes it, and readable', () => {
    useFastUpdateStrings();
    useFastUpdateStrings(); // twice: installed once
    fc.assert(fc.property(fc.array(fc.tuple(anyString, docValue, anyString), { minLength: 1, maxLength: 12 }), (writes) => {
      const doc = new Y.Doc();
      doc.clientID = 7;
      const updates: Uint8Array[] = [];
      const reference: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (const [key, value, text] of writes) {
        doc.transact(() => {
          doc.getMap('leads').set(key, value);
          doc.getText('t').insert(0, text);
          const nested = new Y.Map<unknown>();
          doc.getArray('a').push([nested]);
          nested.set(text, value);
        });
        reference.push(withLib0(() => Y.encodeStateAsUpdate(doc)));
        expect(Y.encodeStateAsUpdate(doc)).toEqual(reference.at(-1));
      }
      const copy = new Y.Doc();
      for (const u of updates) Y.applyUpdate(copy, u);
      expect(copy.getMap('leads').toJSON()).toEqual(doc.getMap('leads').toJSON());
      expect(copy.getText('t').toString()).toBe(doc.getText('t').toString());
      expect(Y.mergeUpdates(updates)).toEqual(withLib0(() => Y.mergeUpdates(updates)));
    }), { numRuns: 200 });
  });
});
