import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { mailboxMatchKeys, READ_MODEL_VERSION } from '../../../src/store/read-db.ts';
import { findDuplicatesInReadModel } from '../../../src/store/lifecycle/index.ts';
import { replica } from './helpers.ts';
import { queryKnownHere } from '../../../src/store/known-query.ts';
import { companyDomainOfEmail, mailboxKey, normalizeEmail } from '../../../src/domain/identity/emails.ts';
import { domainKey, recordMatchKeys } from '../../../src/domain/known/match-keys.ts';
import type { Collection } from '../../../src/domain/index.ts';
import { VARIED_RECORDS } from '../../fixtures/rows/varied-records.ts';
import { byKey, v7Db, v8Db, projectedNow, reopened, writeOld } from './old-read-dbs.ts';

const open: { close(): void }[] = [];
afterEach(() => { for (const o of open.splice(0)) o.close(); });

describe('read model 8 (mailbox keys in `emails`)', () => {
  it('a read model 7 is upgraded in place: rows with another spelling of a mailbox gain its key, the duplicate check finds them, nothing else changes', async () => {
    let t = Date.UTC(2026, 11, 1);
    const { docs, repo } = replica({ memberId: 'm1', role: 'admin' }, () => (t += 1000));
    const jane = repo.create('leads', { name: { first: 'Jane', last: 'Doe' }, email: 'Jane.Doe+work@googlemail.com' });
    const sam = repo.create('people', { name: { first: 'Sam', last: 'Roe' }, emails: [{ email: 'kim@acme.io' }, { email: 'sam+x@icloud.com' }] });
    const kim = repo.create('people', { name: { first: 'Kim', last: 'Poe' }, emails: [{ email: 'kim.poe@acme.io' }] });
    repo.create('companies', { name: 'Acme', emailDomain: 'acme.io' });

    const fresh = await projectedNow(docs, open);
    const [rows, signals, activities, meta] = await Promise.all([fresh.records.toArray(), fresh.signals.toArray(), fresh.activities.toArray(), fresh.meta.get('state')]);
    expect(rows.find((r) => r.id === jane.id)?.emails).toEqual(['jane.doe+work@googlemail.com', 'janedoe@gmail.com']);
    expect(rows.find((r) => r.id === jane.id)?.domains).toEqual(['googlemail.com', 'gmail.com']);
    expect(rows.find((r) => r.id === kim.id)?.emails).toEqual(['kim.poe@acme.io']);

    // Written as read model 7 did: the addresses only, their domains only.
    const name = `v8-old-${Math.random()}`;
    const old = rows.map((r) => ({ ...r, emails: r.emails.filter((e) => !['janedoe@gmail.com', 'sam@icloud.com'].includes(e)), domains: r.domains.filter((d) => !(r.id === jane.id && d === 'gmail.com')) }));
    expect(old).not.toEqual(rows);
    await writeOld(v7Db(name), { records: old, signals, activities }, meta!, 7);

    const { db, caughtUp } = await reopened(docs, name, open);
    expect(caughtUp).toBe('current'); // upgraded, not rebuilt
    expect((await db.meta.get('state'))?.version).toBe(READ_MODEL_VERSION);
    expect(byKey(await db.records.toArray())).toEqual(byKey(rows));
    const dupes = async (email: string) => (await findDuplicatesInReadModel(db, { collection: 'leads', candidate: { email } })).map((m) => m.id);
    expect(await dupes('janedoe@gmail.com')).toEqual([jane.id]);
    expect(await dupes('sam@icloud.com')).toEqual([sam.id]);
    expect(await dupes('kim.poe@acme.io')).toEqual([kim.id]);
  });
});

describe('read model 9 (mailbox keys in "known here" `match`)', () => {
  it('a read model 8 is upgraded in place: email match keys become mailbox keys, Known here finds another spelling, nothing else changes', async () => {
    let t = Date.UTC(2026, 11, 1);
    const { docs, repo } = replica({ memberId: 'm1', role: 'admin' }, () => (t += 1000));
    const jane = repo.create('leads', { name: { first: 'Jane', last: 'Doe' }, email: 'Jane.Doe+work@googlemail.com' });
    const sam = repo.create('people', { name: { first: 'Sam', last: 'Roe' }, emails: [{ email: 'sam.roe@acme.io' }, { email: 'sam+x@icloud.com' }], phones: [{ number: '+44 20 7946 0018' }] });
    const kim = repo.create('people', { name: { first: 'Kim', last: 'Poe' }, emails: [{ email: 'kim.poe@acme.io' }] });
    repo.create('companies', { name: 'Acme', emailDomain: 'acme.io' });

    const fresh = await projectedNow(docs, open);
    const [rows, signals, activities, meta] = await Promise.all([fresh.records.toArray(), fresh.signals.toArray(), fresh.activities.toArray(), fresh.meta.get('state')]);
    expect(rows.find((r) => r.id === jane.id)?.match).toEqual(['e:janedoe@gmail.com']);
    expect(rows.find((r) => r.id === sam.id)?.match).toEqual(expect.arrayContaining(['e:sam.roe@acme.io', 'e:sam@icloud.com', 'd:acme.io']));

    // Written as read model 8 did: each address's email key as written (lower-cased), not its
    // mailbox, in the place the address's key has (each address's key, then its domain's).
    const oldKey = (r: (typeof rows)[number]) => {
      const data = r.data as { email?: string; emails?: { email: string }[] };
      const spelled = [data.email, ...(data.emails ?? []).map((e) => e.email)].filter((e): e is string => !!e);
      return (r.match ?? []).map((k) => (k.startsWith('e:') ? `e:${normalizeEmail(spelled.find((e) => mailboxKey(e) === k.slice(2)))}` : k));
    };
    const old = rows.map((r) => (r.match ? { ...r, match: oldKey(r) } : r));
    expect(old.find((r) => r.id === jane.id)?.match).toEqual(['e:jane.doe+work@googlemail.com']);
    expect(old.find((r) => r.id === kim.id)?.match).toEqual(rows.find((r) => r.id === kim.id)?.match);
    const name = `v9-old-${Math.random()}`;
    await writeOld(v8Db(name), { records: old, signals, activities }, meta!, 8);

    const { db, caughtUp } = await reopened(docs, name, open);
    expect(caughtUp).toBe('current'); // upgraded, not rebuilt
    expect((await db.meta.get('state'))?.version).toBe(READ_MODEL_VERSION);
    expect(byKey(await db.records.toArray())).toEqual(byKey(rows));
    const known = async (emails: string[]) => (await queryKnownHere(db, { url: 'https://mail.google.com/mail/u/0', emails })).records.map((h) => [h.row.id, h.via]);
    expect(await known(['JaneDoe@gmail.com'])).toEqual([[jane.id, [{ kind: 'email', value: 'janedoe@gmail.com' }]]]);
    expect(await known(['jane.doe+crm@gmail.com'])).toEqual([[jane.id, [{ kind: 'email', value: 'jane.doe+crm@gmail.com' }]]]);
    expect(await known(['sam@icloud.com'])).toEqual([[sam.id, [{ kind: 'email', value: 'sam@icloud.com' }]]]);
    // A dot is another mailbox at a domain that does not say otherwise.
    expect(await known(['kimpoe@acme.io'])).toEqual([]);
  });
});

describe('read model 9 upgrade: mailboxMatchKeys', () => {
  // Read model 8's keys, as its recordMatchKeys made them: each address as normalized, then its
  // company domain, then the other keys in their order.
  const v8Keys = (type: Collection, r: Record<string, unknown>): string[] => {
    const emails = [r.email, ...(Array.isArray(r.emails) ? r.emails : []).map((e) => (e as { email?: unknown } | null)?.email)];
    const out = new Set<string>();
    if (r.deletedAt !== undefined || !['leads', 'people', 'companies'].includes(type)) return [];
    for (const e of emails) {
      const n = normalizeEmail(typeof e === 'string' ? e : undefined);
      if (n) out.add(`e:${n}`);
      const d = domainKey(companyDomainOfEmail(n) ?? undefined);
      if (d) out.add(d);
    }
    for (const k of recordMatchKeys(type, r)) if (!k.startsWith('e:')) out.add(k);
    return [...out];
  };
  it('gives the keys a fresh row has, in its order, from read model 8 keys and the record alone', () => {
    const cases: [Collection, Record<string, unknown>][] = [
      ...VARIED_RECORDS.map(([c, r]) => [c, r] as [Collection, Record<string, unknown>]),
      ['leads', { id: 'a', email: 'Jane.Doe+crm@GoogleMail.com', emails: [{ email: 'janedoe@gmail.com' }, { email: 'jane@acme.io' }] }],
      ['people', { id: 'b', emails: [{ email: 'sam+x@icloud.com' }, { email: 'mailto:Sam%2Bwork@icloud.com' }, { email: 'not an address' }, null], websites: [{ url: 'https://acme.io' }] }],
      ['companies', { id: 'c', emailDomain: 'acme.io', emails: [{ email: 'info@acme.io' }] }],
    ];
    let changed = 0;
    for (const [type, r] of cases) {
      const old = v8Keys(type, r);
      const now = recordMatchKeys(type, r);
      if (old.join() !== now.join()) changed++;
      expect(mailboxMatchKeys(old, r), `${type}:${String(r.id)}`).toEqual(now);
    }
    expect(changed).toBeGreaterThanOrEqual(2);
  });
});
