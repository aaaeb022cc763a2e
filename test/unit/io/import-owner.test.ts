import { describe, expect, it } from 'vitest';
import { planImport, runImport } from '../../../src/io/import.ts';
import { putConfigEntity } from '../../../src/store/config-store.ts';
import { Repository } from '../../../src/store/repository.ts';
import { newRepo } from './helpers.ts';

/**
 * New records belong to their maker (domain/ownership.ts), and an import is made by the member
 * importing: a row whose owner column names a member keeps that member, every other new row is
 * the importer's. An update keeps the record's owner unless its row names one.
 */
const enc = (text: string) => new TextEncoder().encode(text);
/** A workspace whose admin is "admin" (the importer), with a second member, Sam. */
function team() {
  const repo = newRepo('admin');
  putConfigEntity(repo.docs.config, 'admin', 'members', { id: 'sam', name: 'Sam Seller', email: 'sam@outpost.test', role: 'member' });
  return repo;
}

describe('who owns what an import creates', () => {
  it('the workspace\'s only member imports a file with no owner column: every lead, person and company is theirs', async () => {
    const repo = newRepo('solo');
    await runImport(repo, enc('Name,Email\nAda Lovelace,ada@x.test\nGrace Hopper,grace@x.test\n'), { as: 'leads' });
    expect(repo.list('leads').map((l) => l.ownerId)).toEqual(['solo', 'solo']);
    await runImport(repo, enc('Name,Email,Company\nKatherine Johnson,kj@x.test,NASA\n'), { as: 'people' });
    expect([repo.list('people')[0].ownerId, repo.list('companies')[0].ownerId]).toEqual(['solo', 'solo']);
    await runImport(repo, enc('Company,Website\nAcme Ltd,acme.example\n'), { as: 'companies' });
    expect(repo.list('companies').map((c) => c.ownerId)).toEqual(['solo', 'solo']);
  });

  it('an owner column: a member it names (by name, email or id) keeps the row; an empty cell or a stranger gives it to the importer, with a word', async () => {
    const repo = team();
    const csv = enc('Name,Email,Lead Owner\nA One,a@x.test,Sam Seller\nB Two,b@x.test,sam@outpost.test\nC Three,c@x.test,\nD Four,d@x.test,Pat Former\nE Five,e@x.test,sam\n');
    const plan = await planImport(repo, csv, { as: 'leads' });
    expect(plan.rows.map((r) => r.fields.ownerId)).toEqual(['sam', 'sam', 'admin', 'admin', 'sam']);
    expect(plan.rows[3].warnings).toEqual(['owner "Pat Former" is not a member of this workspace: a new record is the importer\'s, an existing one keeps its owner']);
    await runImport(repo, csv, { as: 'leads' });
    expect(repo.list('leads').map((l) => [l.email, l.ownerId]).sort()).toEqual([['a@x.test', 'sam'], ['b@x.test', 'sam'], ['c@x.test', 'admin'], ['d@x.test', 'admin'], ['e@x.test', 'sam']]);
  });

  it('the owner the import dialog chooses for the batch wins over both', async () => {
    const repo = team();
    await runImport(repo, enc('Name,Email,Owner\nA One,a@x.test,admin\nB Two,b@x.test,\n'), { as: 'leads', batch: { ownerId: 'sam' } });
    expect(repo.list('leads').map((l) => l.ownerId)).toEqual(['sam', 'sam']);
  });

  it('an update keeps the record\'s owner unless its row names one', async () => {
    const repo = team();
    const kept = repo.create('leads', { name: { first: 'Kept' }, email: 'kept@x.test', ownerId: 'sam' });
    const moved = repo.create('leads', { name: { first: 'Moved' }, email: 'moved@x.test', ownerId: 'sam' });
    await runImport(repo, enc('Name,Email,Owner\nKept Again,kept@x.test,\nMoved Again,moved@x.test,admin\nNew One,new@x.test,\n'), { as: 'leads', duplicates: 'update' });
    expect([repo.get('leads', kept.id)?.ownerId, repo.get('leads', moved.id)?.ownerId, repo.list('leads').find((l) => l.email === 'new@x.test')?.ownerId]).toEqual(['sam', 'admin', 'admin']);
  });

  it('an importer who is no member of the workspace (a command line on a workspace seeded elsewhere) makes no owner up', async () => {
    const seeded = newRepo('admin');
    const stranger = new Repository({ docs: seeded.docs, actor: { memberId: 'cli', role: 'admin' } });
    await runImport(stranger, enc('Name,Email\nAda Lovelace,ada@x.test\n'), { as: 'leads' });
    expect(stranger.list('leads')[0].ownerId).toBeUndefined();
  });
});
