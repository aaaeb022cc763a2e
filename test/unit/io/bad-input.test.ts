import { describe, expect, it } from 'vitest';
import { planImport, runImport } from '../../../src/io/import.ts';
import { MAX_IMPORT_BYTES } from '../../../src/io/decode.ts';
import { newRepo } from './helpers.ts';

const enc = (text: string) => new TextEncoder().encode(text);

/** Each bad file gets a clear message and writes nothing. */
async function refused(bytes: Uint8Array, opts = {}) {
  const repo = newRepo();
  const error = await runImport(repo, bytes, opts).then(() => null, (e: Error & { code?: string }) => e);
  expect(error, 'should have been refused').not.toBeNull();
  expect(repo.list('leads')).toHaveLength(0);
  return error!;
}

describe('bad input', () => {
  it('an empty file, or only a BOM and blank lines', async () => {
    expect(await refused(new Uint8Array())).toMatchObject({ code: 'empty', message: 'The file is empty.' });
    expect(await refused(enc('\uFEFF\n\r\n  \n'))).toMatchObject({ code: 'empty' });
  });

  it('a header without rows', async () => {
    expect(await refused(enc('First Name,Email\n\n'))).toMatchObject({ code: 'no-rows', message: expect.stringMatching(/no rows/) });
  });

  it('a 50 MB file is refused before it is read', async () => {
    const big = new Uint8Array(50 * 1024 * 1024);
    const e = await refused(big);
    expect(e).toMatchObject({ code: 'too-large', message: expect.stringMatching(/50\.0 MB.*up to 25\.0 MB.*Split it/) });
    expect(MAX_IMPORT_BYTES).toBe(25 * 1024 * 1024);
  });

  it.each([
    ['PDF', [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31], /PDF/],
    ['xlsx', [0x50, 0x4b, 0x03, 0x04, 0, 0], /Excel.*save it as CSV/],
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], /PNG/],
    ['random binary', [0x41, 0x00, 0x01, 0x02, 0x03, 0x00, 0x42, 0x05, 0x06, 0x07, 0x08, 0x0e, 0x0f, 0x10, 0x11, 0x00, 0x00, 0x12], /binary/],
  ])('a file that is not CSV: %s', async (_, bytes, message) => {
    expect(await refused(new Uint8Array(bytes as number[]))).toMatchObject({ code: 'not-csv', message: expect.stringMatching(message) });
  });

  it('JSON and HTML are named as such', async () => {
    expect(await refused(enc('{"format":"outpost-backup"}'))).toMatchObject({ code: 'not-csv', message: expect.stringMatching(/JSON.*Restore/) });
    expect(await refused(enc('<!doctype html><html></html>'))).toMatchObject({ code: 'not-csv', message: expect.stringMatching(/web page/) });
  });

  it('prose is not a contact list: no column maps', async () => {
    expect(await refused(enc('Dear team, here is the list\nthanks a lot\n'))).toMatchObject({ code: 'unmapped', message: expect.stringMatching(/None of the columns/) });
  });

  it('a file that is not UTF-8 is read as windows-1252; forced to UTF-8 it is refused with the line; an unknown encoding name is refused', async () => {
    const latin1 = new Uint8Array([...enc('First Name,Email\nAda,a@x.test\nJos'), 0xe9, ...enc(',j@x.test\n')]);
    const plan = await planImport(newRepo(), latin1);
    expect(plan.encoding).toBe('windows-1252');
    expect(plan.rows.map((r) => (r.fields?.name as { first?: string })?.first)).toEqual(['Ada', 'José']);
    expect(await refused(latin1, { encoding: 'utf-8' })).toMatchObject({ code: 'encoding', message: expect.stringMatching(/line 3 has the byte 0xE9.*CSV UTF-8.*windows-1252/) });
    expect(await refused(enc('Email\na@x.test\n'), { encoding: 'klingon-8' })).toMatchObject({ code: 'encoding', message: expect.stringMatching(/Unknown encoding "klingon-8"/) });
  });

  it('malformed CSV: an unclosed quote and a row with too many values are reported with their lines', async () => {
    const text = 'Name,Email\nAda,ada@x.test\nBob,bob@x.test,extra,values\nCy,cy@x.test\n"Dee,dee@x.test\nEve,eve@x.test\n';
    const plan = await planImport(newRepo(), enc(text));
    expect(plan.invalid).toEqual([
      { line: 3, reason: expect.stringMatching(/has 4 values but the header has 2 columns/) },
      { line: 5, reason: expect.stringMatching(/closing quote is missing/) },
    ]);
    expect(plan.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(await refused(enc(text))).toMatchObject({ code: 'invalid-rows', message: expect.stringMatching(/2 of 4 rows can't be imported, so nothing was imported:\n  line 3: .*\n  line 5: .*\nFix the file, or confirm to import the 2 valid rows/) });
  });

  it('counts in the file\'s own word, one or many: "1 of 2 rows", "the 1 valid row", a vCard file\'s cards', async () => {
    expect(await refused(enc('First Name,Email\nAda,ada@x.test\nBob,bob@\n'))).toMatchObject({
      code: 'invalid-rows', message: expect.stringMatching(/^1 of 2 rows can't be imported, so nothing was imported:\n  line 3: .*\nFix the file, or confirm to import the 1 valid row\.$/),
    });
    const cards = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@x.test\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob\r\nEMAIL:bob@\r\nEND:VCARD\r\n';
    expect(await refused(enc(cards), { as: 'people' })).toMatchObject({ code: 'invalid-rows', message: expect.stringMatching(/^1 of 2 cards can't be imported.*confirm to import the 1 valid card\.$/s) });
  });

  it('invalid values: every bad row listed with line and reason; confirming imports the valid part only', async () => {
    const text = 'First Name,Email,Value\nAda,ada@x.test,10\nBob,bob@,\nCy,cy@x.test,lots\n,,\nDee,dee@x.test,\n';
    const repo = newRepo();
    const plan = await planImport(repo, enc(text));
    expect(plan.invalid).toEqual([
      { line: 3, reason: 'email: must be an email address (got "bob@")' },
      { line: 4, reason: 'value: must be a number (got "lots")' },
    ]);
    expect(plan.counts).toMatchObject({ rows: 4, create: 2, invalid: 2 });
    const result = await runImport(repo, enc(text), { confirmInvalid: true });
    expect(result.created).toBe(2);
    expect(repo.list('leads').map((l) => l.email).sort()).toEqual(['ada@x.test', 'dee@x.test']);
  });

  it('more rows than the limit', async () => {
    expect(await refused(enc('Email\n' + 'a@x.test\n'.repeat(11)), { maxRows: 10 })).toMatchObject({ code: 'too-many-rows', message: expect.stringMatching(/11 rows.*up to 10/) });
  });

  it('a viewer can preview but not import', async () => {
    const repo = newRepo();
    repo.actor = { memberId: 'v', role: 'viewer' };
    await expect(runImport(repo, enc('Email\na@x.test\n'))).rejects.toThrow(/Viewers/);
  });
});
