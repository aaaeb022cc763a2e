import { describe, expect, it } from 'vitest';
import { putConfigEntity } from '../../../src/store/config-store.ts';
import type { Repository } from '../../../src/store/repository.ts';
import { runImport } from '../../../src/io/import.ts';
import { exportCsv } from '../../../src/io/export.ts';
import { exportVcard } from '../../../src/io/vcard-write.ts';
import { backupWorkspace, parseBackup, restoreWorkspace } from '../../../src/io/backup.ts';
import { createDocs } from '../../../src/store/docs.ts';
import { Repository as Repo } from '../../../src/store/repository.ts';
import { newRepo } from './helpers.ts';

type F = Record<string, unknown>;

/** A workspace with something in every field an export carries. Every record has its owner, as records
 *  made in Outpost do (their maker's): an unowned row is imported as the importer's (domain/ownership.ts). */
function sampleWorkspace(): Repository {
  let t = 1_700_000_000_000;
  const repo = newRepo('admin', () => (t += 1000));
  putConfigEntity(repo.docs.config, 'admin', 'members', { id: 'sam', name: 'Sam Seller', email: 'sam@outpost.test', role: 'member' });
  putConfigEntity(repo.docs.config, 'admin', 'customFields', { id: 'budget', name: 'Budget', order: 0, dataType: 'number', availableOn: ['leads', 'people'] });
  putConfigEntity(repo.docs.config, 'admin', 'customFields', { id: 'size', name: 'Size', order: 1, dataType: 'dropdown', options: [{ id: 's', name: 'Small' }, { id: 'l', name: 'Large' }], availableOn: ['leads', 'companies'] });
  const acme = repo.create('companies', { name: 'Acme, Inc.', emailDomain: 'acme.test', websites: [{ url: 'https://acme.test', category: 'work' }], phones: [{ number: '+1 555 0000', category: 'work' }], address: { street: '1 Main St', city: 'Springfield', country: 'USA' }, tags: ['customer'], details: 'Big one', custom: { size: 'l' }, ownerId: 'sam' });
  repo.create('companies', { name: 'Globex', ownerId: 'admin' });
  repo.create('people', { name: { prefix: 'Dr.', first: 'Ada', middle: 'King', last: 'Lovelace', suffix: 'PhD' }, title: 'Countess', companyId: acme.id,
    emails: [{ email: 'ada@acme.test', category: 'work' }, { email: 'ada@home.test', category: 'home' }],
    phones: [{ number: '+44 20 1234', category: 'work' }, { number: '+44 7700 900', category: 'mobile' }, { number: '+44 20 9999', category: 'fax' }],
    socials: [{ url: 'https://www.linkedin.com/in/ada', category: 'linkedin' }], websites: [{ url: 'https://ada.test', category: 'blog' }],
    address: { street: '12 St James\'s Sq', city: 'London', postalCode: 'SW1Y', country: 'UK' }, ownerId: 'sam', tags: ['vip', 'math'], details: 'Line one\nLine "two", with comma', custom: { budget: 1200.5 } });
  repo.create('people', { name: { first: 'Bob' }, phones: [{ number: '555', category: 'home' }], ownerId: 'admin' });
  repo.create('leads', { name: { first: 'Grace', last: 'Hopper' }, title: 'Rear Admiral', companyName: 'Navy; Labs', email: 'grace@navy.test', phones: [{ number: '+1 555 0100', category: 'mobile' }],
    websites: [{ url: 'https://navy.test', category: 'other' }], socials: [{ url: 'https://twitter.com/grace', category: 'twitter' }], address: { street: '1 Navy Way', state: 'VA' },
    sourceId: 'conference', statusId: 'open', ownerId: 'admin', tags: ['cobol'], monetaryValue: 5000, currency: 'EUR', details: 'Ünïcödé ✓', custom: { budget: 10, size: 's' } });
  repo.create('leads', { email: 'only@email.test', ownerId: 'sam' });
  repo.create('leads', { name: { first: '=HYPERLINK("x")' }, email: 'formula@x.test', statusId: 'junk', ownerId: 'admin' });
  return repo;
}

/** What an export → import cannot keep: ids, meta, and provenance (the import names its file and columns instead). */
const strip = (r: F, extra: string[] = []) => {
  const out: F = {};
  for (const [k, v] of Object.entries(r)) if (!['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'provenance', ...extra].includes(k)) out[k] = v;
  return out;
};
const byKey = (key: (r: F) => string) => (a: F, b: F) => key(a).localeCompare(key(b));

describe('export → import round trip', () => {
  it('CSV per record type gives an equal workspace (companies by name, people linked to them)', async () => {
    const a = sampleWorkspace();
    const b = newRepo();
    putConfigEntity(b.docs.config, 'admin', 'members', { id: 'sam', name: 'Sam Seller', email: 'sam@outpost.test', role: 'member' });
    for (const d of [{ id: 'budget', name: 'Budget', order: 0, dataType: 'number', availableOn: ['leads', 'people'] }, { id: 'size', name: 'Size', order: 1, dataType: 'dropdown', options: [{ id: 's', name: 'Small' }, { id: 'l', name: 'Large' }], availableOn: ['leads', 'companies'] }]) putConfigEntity(b.docs.config, 'admin', 'customFields', d);
    for (const type of ['companies', 'people', 'leads'] as const) {
      const csv = exportCsv(a, type);
      expect(csv.startsWith('\uFEFF')).toBe(true);
      const result = await runImport(b, csv, { as: type });
      expect(result.invalid).toEqual([]);
    }
    const companyName = (repo: Repository) => (r: F) => ({ ...strip(r), companyId: r.companyId ? repo.get('companies', r.companyId as string)?.name : undefined });
    for (const type of ['companies', 'people', 'leads'] as const) {
      const key = (r: F) => JSON.stringify(r.name) + (r.email ?? '');
      const left = (a.list(type) as F[]).map(type === 'people' ? companyName(a) : (r) => strip(r)).sort(byKey(key));
      const right = (b.list(type) as F[]).map(type === 'people' ? companyName(b) : (r) => strip(r)).sort(byKey(key));
      expect(right, type).toEqual(left);
    }
  });

  it('a formula-looking cell is neutralised for spreadsheets, phone numbers are not', () => {
    const csv = exportCsv(sampleWorkspace(), 'leads');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain(',+1 555 0100,');
  });

  it('exports the current filter only', () => {
    const a = sampleWorkspace();
    const csv = exportCsv(a, 'leads', { statusId: 'open' });
    expect(csv.trim().split('\r\n')).toHaveLength(2);
    expect(exportCsv(a, 'people', { tag: 'VIP' })).toContain('ada@acme.test');
    expect(exportCsv(a, 'people', (r) => r.tags !== undefined && (r.tags as string[]).length === 0)).not.toContain('ada@acme.test');
  });

  it('vCard of people and leads imports back with names, emails, phones, company, title, notes, tags', async () => {
    const a = sampleWorkspace();
    const vcf = exportVcard(a, 'people');
    expect(vcf.match(/BEGIN:VCARD/g)).toHaveLength(2);
    expect(vcf.split('\r\n').every((l) => new TextEncoder().encode(l).length <= 75)).toBe(true);
    const b = newRepo();
    await runImport(b, vcf, { as: 'people' });
    const ada = b.list('people').find((p) => p.name.first === 'Ada')!;
    const orig = a.list('people').find((p) => p.name.first === 'Ada')!;
    expect(ada).toMatchObject({ name: orig.name, title: orig.title, emails: orig.emails, tags: orig.tags, details: orig.details, address: orig.address, socials: orig.socials, websites: [{ url: 'https://ada.test' }] });
    expect(ada.phones.map((p) => [p.number, p.category])).toEqual(orig.phones.map((p) => [p.number, p.category]));
    expect(b.get('companies', ada.companyId!)?.name).toBe('Acme, Inc.');
    const leads = exportVcard(a, 'leads', { statusId: 'open' });
    expect(leads).toContain('ORG:Navy\\; Labs');
    await runImport(b, leads, { as: 'leads' });
    expect(b.list('leads')[0]).toMatchObject({ name: { first: 'Grace', last: 'Hopper' }, email: 'grace@navy.test', companyName: 'Navy; Labs' });
  });
});

describe('backup → restore', () => {
  it('into a fresh profile gives an equal workspace (trash, history, activities and config included)', async () => {
    const a = sampleWorkspace();
    const lead = a.list('leads')[0];
    a.update('leads', lead.id, { statusId: 'unqualified' });
    a.logActivity({ typeId: 'note', parent: { type: 'leads', id: lead.id }, details: 'Called' });
    a.delete('companies', a.list('companies').find((c) => c.name === 'Globex')!.id);
    const imported = await runImport(a, 'Email\nnew@x.test\n');
    const json = JSON.stringify(backupWorkspace(a.docs, { workspaceId: 'ws1' }));

    const fresh = new Repo({ docs: createDocs(), actor: { memberId: 'admin', role: 'admin' } });
    const result = restoreWorkspace(fresh, json);
    expect(result.records).toBe(8);
    const strip = (b: F) => ({ ...b, exportedAt: null, workspaceId: null });
    expect(strip(backupWorkspace(fresh.docs) as unknown as F)).toEqual(strip(JSON.parse(json)));
    expect(fresh.list('companies', { includeDeleted: true }).find((c) => c.name === 'Globex')?.deletedAt).toBeDefined();
    expect(fresh.get('leads', lead.id)).toEqual(a.get('leads', lead.id));
    // The restored history still knows the import's batch: undo works after a restore.
    const { undoBatch } = await import('../../../src/store/undo.ts');
    undoBatch(fresh, imported.batchId);
    expect(fresh.list('leads').map((l) => l.email)).not.toContain('new@x.test');
  });

  it('refuses a non-empty workspace unless a merge is confirmed; a merge keeps the copy updated last', () => {
    const a = sampleWorkspace();
    const backup = backupWorkspace(a.docs);
    const b = newRepo();
    const mine = b.create('leads', { email: 'mine@x.test' });
    expect(() => restoreWorkspace(b, backup)).toThrow(/isn't empty \(1 records, 0 activities\), so nothing was restored/);
    expect(b.list('leads')).toHaveLength(1);
    restoreWorkspace(b, backup, { merge: true });
    expect(b.list('leads').map((l) => l.id)).toContain(mine.id);
    expect(b.list('leads')).toHaveLength(4);
    // Merging the same backup again changes nothing: every record is as new as the backup's copy.
    expect(restoreWorkspace(b, backup, { merge: true })).toMatchObject({ records: 0, kept: 7 });
  });

  it('refuses files that are not backups, newer schemas, damaged records, and members', () => {
    const repo = new Repo({ docs: createDocs(), actor: { memberId: 'admin', role: 'admin' } });
    expect(() => restoreWorkspace(repo, '')).toThrow('The backup file is empty.');
    expect(() => restoreWorkspace(repo, 'Name,Email\n')).toThrow(/isn't JSON/);
    expect(() => restoreWorkspace(repo, '{"a":1}')).toThrow(/isn't an Outpost backup/);
    const good = backupWorkspace(sampleWorkspace().docs);
    expect(() => parseBackup(JSON.stringify({ ...good, schemaVersion: 99 }))).toThrow(/newer Outpost \(schema 99/);
    const bad = structuredClone(good);
    (bad.records.leads[0] as F).email = 'not-an-email';
    expect(() => parseBackup(JSON.stringify(bad))).toThrow(/leads #1 \(.+\): email: must be an email address/);
    const member = new Repo({ docs: createDocs(), actor: { memberId: 'm', role: 'member' } });
    expect(() => restoreWorkspace(member, good)).toThrow(/Admins only/);
  });
});
