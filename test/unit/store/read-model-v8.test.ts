import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { READ_MODEL_VERSION } from '../../../src/store/read-db.ts';
import { findDuplicatesInReadModel } from '../../../src/store/lifecycle/index.ts';
import { replica } from './helpers.ts';
import { byKey, v7Db, projectedNow, reopened, writeOld } from './old-read-dbs.ts';

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
