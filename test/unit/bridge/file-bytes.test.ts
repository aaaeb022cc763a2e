import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fileBytes } from '../../../src/bridge/io.ts';

describe('an imported file\'s bytes from its base64 (bridge/io.ts fileBytes)', () => {
  it('gives back every byte (Chromium decodes natively: test/e2e/import.test.ts)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
      expect(fileBytes({ base64: Buffer.from(bytes).toString('base64') })).toEqual(new Uint8Array(bytes));
    }), { numRuns: 300 });
  });

  it('refuses text that is not base64 with one clear error', () => {
    for (const base64 of ['not base64!', 'QUJD=A', '€€€€']) {
      expect(() => fileBytes({ base64 })).toThrow(expect.objectContaining({ code: 'bad-request', message: expect.stringMatching(/not base64.*choose it again/) }));
    }
  });
});
