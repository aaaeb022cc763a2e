import { describe, expect, it } from 'vitest';
import { createNewLeadModel } from '../../../src/ui/models/new-lead-model.ts';
import type { WritePort } from '../../../src/ui/ports.ts';
import type { Collection } from '../../../src/domain/index.ts';
import { newRepo } from '../io/helpers.ts';
import { memoryRead } from './memory-io.ts';

/** The write port over a real repository (the engine's create, with its validation and rules). */
function repoWrite(repo: ReturnType<typeof newRepo>): WritePort {
  return { create: async (c: Collection, input: Record<string, unknown>) => repo.create(c, input as never), logActivity: async () => ({}) } as unknown as WritePort;
}

describe('capture with Leads off keeps the company', () => {
  it('links the person to the existing company ("Acme Inc." is "Acme")', async () => {
    const repo = newRepo();
    const acme = repo.create('companies', { name: 'Acme' });
    const m = createNewLeadModel(repoWrite(repo), { read: memoryRead(repo), collection: () => 'people' });
    m.fill({ first: 'Ada', last: 'Lovelace', email: 'ada@acme.io', companyName: 'Acme Inc.' });
    const id = await m.save();
    expect(repo.get('people', id!)?.companyId).toBe(acme.id);
    expect(repo.list('companies')).toHaveLength(1);
  });

  it('creates the company, with the work email’s domain, when the workspace has none', async () => {
    const repo = newRepo();
    const m = createNewLeadModel(repoWrite(repo), { read: memoryRead(repo), collection: () => 'people' });
    m.fill({ first: 'Grace', last: 'Hopper', email: 'grace@navy.example', companyName: 'US Navy' });
    const id = await m.save();
    const [company] = repo.list('companies');
    expect(company).toMatchObject({ name: 'US Navy', emailDomain: 'navy.example' });
    expect(repo.get('people', id!)?.companyId).toBe(company.id);
  });

  it('never takes a free-mail domain for the company’s', async () => {
    const repo = newRepo();
    const m = createNewLeadModel(repoWrite(repo), { read: memoryRead(repo), collection: () => 'people' });
    m.fill({ first: 'Bo', email: 'bo@gmail.com', companyName: 'Bo Ltd' });
    await m.save();
    expect(repo.list('companies')[0]).not.toHaveProperty('emailDomain');
  });

  it('the pre-save duplicate check finds a first.last@ address', async () => {
    const { searchWords, tokenize } = await import('../../../src/domain/search.ts');
    const words = searchWords('leads', { email: 'first.last@company.com' });
    for (const w of tokenize('First.Last@company.com')) expect(words.some((x) => x.startsWith(`leads:${w}`))).toBe(true);
  });
});
