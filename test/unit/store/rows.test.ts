import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mailboxKey } from '../../../src/domain/identity/emails.ts';
import { forgetPhones, parsePhone } from '../../../src/domain/identity/phones.ts';
import { rowDomains, rowEmails, rowPairs, toRow, type RecordRow } from '../../../src/store/rows.ts';
import { VARIED_RECORDS } from '../../fixtures/rows/varied-records.ts';

/**
 * The read model's rows are what they were before their CPU was cut (docs/architecture.md,
 * "The read model's CPU per joined row"): the same words, match keys, filter columns and data,
 * compared with the rows main 15657fd derived from the same records. The one change since is
 * read model 8's: `emails` also holds the addresses' mailbox keys, `domains` their domains; and
 * read model 9's: Known here's `match` keys an email by its mailbox key (`e:adalovelace@gmail.com`
 * for ada.lovelace@gmail.com), so two spellings of one mailbox are one key; and read model 10's:
 * `pairs` (src/store/search-pairs.ts), which follows from the row's words and the record's name.
 */
const mailboxMatch = (match: string[] | undefined) => match && [...new Set(match.map((k) => (k.startsWith('e:') ? `e:${mailboxKey(k.slice(2))}` : k)))];
const before = (JSON.parse(readFileSync(new URL('../../fixtures/rows/rows-at-15657fd.json', import.meta.url), 'utf8')) as RecordRow[])
  .map((r) => ({ ...r, emails: rowEmails(r.emails), domains: rowDomains(rowEmails(r.emails), r.domains), ...(r.match ? { match: mailboxMatch(r.match) } : {}) }))
  .map(({ match, into, data, ...r }) => ({ ...r, pairs: rowPairs(r.type, r.words, data), ...(match && { match }), ...(into && { into }), data }));
const rowsNow = () => VARIED_RECORDS.map(([c, r]) => toRow(c, structuredClone(r)));
const numbers = () => VARIED_RECORDS.flatMap(([, r]) => ((r.phones as { number?: unknown }[] | undefined) ?? []).map((p) => p.number)).filter((n): n is string => typeof n === 'string');

function expectSameRows(rows: RecordRow[]) {
  expect(rows.length).toBe(before.length);
  rows.forEach((row, i) => {
    expect(Object.entries(row).filter(([, v]) => v === undefined), row.key).toEqual([]); // absent, never undefined
    expect(JSON.parse(JSON.stringify(row)), row.key).toStrictEqual(before[i]);
  });
}

describe('toRow derives the rows it derived before', () => {
  it('with nothing parsed yet', () => {
    forgetPhones();
    expectSameRows(rowsNow());
  });
  it('when the phones were parsed before (an import plans its rows first), and again once their terms are remembered', () => {
    forgetPhones();
    for (const n of numbers()) parsePhone(n);
    expectSameRows(rowsNow());
    expectSameRows(rowsNow());
  });
  it('when the phones were parsed with a default country first (other entries of the memo)', () => {
    forgetPhones();
    for (const n of numbers()) parsePhone(n, 'GB');
    expectSameRows(rowsNow());
  });
});
